// A real Dovecot IMAP server on loopback for the tests (the recipe of ../shared/REAL-PARTS.md):
// its own configuration, port, user and Maildir under a folder of the test; stopped when the
// object dies. Needs root (Dovecot runs the mail processes as nobody) and `dovecot`. With TLS,
// it requires TLS before any login, offers STARTTLS on url() and implicit TLS on imaps_url(),
// with a certificate for 127.0.0.1 made by openssl and signed by a test authority (ca_file()).
#pragma once

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/loopback.h"
#include "tests/support/process.h"

namespace synaps::testing {

// Empty when Dovecot can run here, else why not (the tests then skip, saying it).
inline std::string WhyNoDovecot() {
  if (::geteuid() != 0) return "needs root (Dovecot's mail processes run as nobody)";
  if (Run({"sh", "-c", "command -v dovecot && command -v doveadm"}).exit_code != 0) {
    return "needs Dovecot (dovecot-imapd; appliance/install-deps.sh installs it)";
  }
  return {};
}

struct Dovecot {
  static constexpr const char* kUser = "agent";
  static constexpr const char* kPassword = "mot2passe-imap";

  std::filesystem::path root;
  int port = 0;

  enum class Security { kPlain, kTls };
  int imaps_port = 0;
  Security security = Security::kPlain;

  explicit Dovecot(const std::filesystem::path& dir, int port_offset = 0,
                   Security with = Security::kPlain)
      : root(dir / "dovecot"), security(with) {
    for (const char* sub : {"run", "state", "mail"})
      std::filesystem::create_directories(root / sub);
    std::filesystem::permissions(
        dir, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                 std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                 std::filesystem::perms::others_exec);
    for (const char* sub : {"cur", "new", "tmp"})
      std::filesystem::create_directories(inbox() / sub);
    if (security == Security::kTls) MakeCertificates();
    WriteFile(root / "users", std::string(kUser) + ":{PLAIN}" + kPassword + "\n");
    Own();
    // Ports below Linux's ephemeral range (32768 and up), where the client side of any
    // connection could hold them. Another test may still hold one: then other ports are tried.
    for (int attempt = 0;; ++attempt) {
      const int spread = static_cast<int>((::getpid() + port_offset + attempt * 4099) % 10000);
      port = 10000 + spread;
      imaps_port = 20000 + spread;
      WriteConfig();
      // Dovecot goes to the background: its output must not hold our pipes open.
      auto started = Run({"sh", "-c", "dovecot -c \"$1\" </dev/null >/dev/null 2>&1", "sh",
                          (root / "dovecot.conf").string()});
      if (started.exit_code == 0) break;
      const std::string log = ReadFile(root / "dovecot.log");
      if (attempt == 7 || log.find("Address already in use") == std::string::npos) {
        throw std::runtime_error("dovecot did not start: " + log);
      }
      std::filesystem::remove(root / "dovecot.log");
    }
    for (int i = 0; i < 100 && !LoopbackPortOpen(port); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (int i = 0; i < 100 && security == Security::kTls && !LoopbackPortOpen(imaps_port); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~Dovecot() {
    Run({"sh", "-c", "doveadm -c \"$1\" stop </dev/null >/dev/null 2>&1", "sh",
         (root / "dovecot.conf").string()});
  }

  std::filesystem::path maildir() const { return root / "mail" / kUser / "Maildir"; }
  std::filesystem::path inbox() const { return maildir(); }
  std::string url() const { return "imap://127.0.0.1:" + std::to_string(port) + "/"; }
  std::string imaps_url() const { return "imaps://127.0.0.1:" + std::to_string(imaps_port) + "/"; }
  // The test authority's certificate (PEM), which signed the server's: TLS only.
  std::filesystem::path ca_file() const { return root / "ca.pem"; }

  // Delivers `bytes` as a new (unseen) message of `folder` ("" for INBOX, else "Archives").
  void Deliver(const std::string& file, const std::string& bytes, const std::string& folder = "",
               bool seen = false) {
    std::filesystem::path dir = folder.empty() ? maildir() : maildir() / ("." + folder);
    for (const char* sub : {"cur", "new", "tmp"}) std::filesystem::create_directories(dir / sub);
    WriteFile(seen ? dir / "cur" / (file + ":2,S") : dir / "new" / file, bytes);
  }
  // Gives the mail to nobody, as Dovecot's mail processes need.
  void Own() { Run({"chown", "-R", "nobody:nogroup", (root / "mail").string()}); }

  // Sends one IMAP command with curl as the user; returns the untagged answers.
  std::string Command(const std::string& mailbox, const std::string& command) const {
    std::vector<std::string> curl = {
        "curl", "-s", url() + mailbox, "-u", std::string(kUser) + ":" + kPassword, "-X", command};
    if (security == Security::kTls) {
      curl.insert(curl.end(), {"--ssl-reqd", "--cacert", ca_file().string()});
    }
    return Run(curl).out;
  }

 private:
  // Writes dovecot.conf for `port` and `imaps_port` (the certificates and users are made once,
  // before).
  void WriteConfig() {
    const std::string t = root.string();
    std::string ssl = "ssl = no\ndisable_plaintext_auth = no\n";
    std::string imaps_listener;
    if (security == Security::kTls) {
      ssl = "ssl = required\nssl_cert = <" + t + "/server.pem\nssl_key = <" + t +
            "/server.key\nssl_min_protocol = TLSv1.2\ndisable_plaintext_auth = yes\n";
      imaps_listener = "  inet_listener imaps {\n    address = 127.0.0.1\n    port = " +
                       std::to_string(imaps_port) + "\n    ssl = yes\n  }\n";
    }
    WriteFile(
        root / "dovecot.conf",
        "protocols = imap\nlisten = 127.0.0.1\nbase_dir = " + t + "/run\nstate_dir = " + t +
            "/state\nlog_path = " + t + "/dovecot.log\n" + ssl +
            "auth_mechanisms = plain login\n"
            "mail_location = maildir:" +
            t +
            "/mail/%u/Maildir\n"
            "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " +
            t +
            "/users\n}\nuserdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=" + t +
            "/mail/%u\n}\nservice imap-login {\n  inet_listener imap {\n"
            "    address = 127.0.0.1\n    port = " +
            std::to_string(port) + "\n  }\n" + imaps_listener +
            "}\n"
            "service imap {\n  process_limit = 16\n}\n");
  }

  // A test authority, and a certificate for 127.0.0.1 that it signs (valid one day).
  void MakeCertificates() const {
    auto made = Run({"sh", "-c",
                     "set -e; cd \"$1\"; "
                     "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                     "-keyout ca.key -out ca.pem -subj '/CN=Synaps test authority' -days 1 "
                     "2>/dev/null; "
                     "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                     "-keyout server.key -subj '/CN=127.0.0.1' "
                     "-addext subjectAltName=IP:127.0.0.1 2>/dev/null | "
                     "openssl x509 -req -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 "
                     "-copy_extensions copy -out server.pem 2>/dev/null",
                     "sh", root.string()});
    if (made.exit_code != 0) throw std::runtime_error("openssl could not make the certificates");
  }
};

}  // namespace synaps::testing
