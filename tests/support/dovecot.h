// A real Dovecot IMAP server on loopback for the tests (the recipe of ../shared/REAL-PARTS.md):
// its own configuration, port, user and Maildir under a folder of the test; stopped when the
// object dies. Needs root (Dovecot runs the mail processes as nobody) and `dovecot`.
#pragma once

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

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

  explicit Dovecot(const std::filesystem::path& dir, int port_offset = 0) : root(dir / "dovecot") {
    for (const char* sub : {"run", "state", "mail"})
      std::filesystem::create_directories(root / sub);
    std::filesystem::permissions(
        dir, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                 std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                 std::filesystem::perms::others_exec);
    for (const char* sub : {"cur", "new", "tmp"})
      std::filesystem::create_directories(inbox() / sub);
    port = 40000 + static_cast<int>((::getpid() + port_offset) % 20000);
    const std::string t = root.string();
    WriteFile(root / "users", std::string(kUser) + ":{PLAIN}" + kPassword + "\n");
    WriteFile(
        root / "dovecot.conf",
        "protocols = imap\nlisten = 127.0.0.1\nbase_dir = " + t + "/run\nstate_dir = " + t +
            "/state\nlog_path = " + t +
            "/dovecot.log\nssl = no\n"
            "disable_plaintext_auth = no\nauth_mechanisms = plain login\n"
            "mail_location = maildir:" +
            t +
            "/mail/%u/Maildir\n"
            "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " +
            t +
            "/users\n}\nuserdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=" + t +
            "/mail/%u\n}\nservice imap-login {\n  inet_listener imap {\n"
            "    address = 127.0.0.1\n    port = " +
            std::to_string(port) +
            "\n  }\n}\n"
            "service imap {\n  process_limit = 16\n}\n");
    Own();
    // Dovecot goes to the background: its output must not hold our pipes open.
    auto started = Run({"sh", "-c", "dovecot -c \"$1\" </dev/null >/dev/null 2>&1", "sh",
                        (root / "dovecot.conf").string()});
    if (started.exit_code != 0) {
      throw std::runtime_error("dovecot did not start: " + ReadFile(root / "dovecot.log"));
    }
    for (int i = 0; i < 100 && !LoopbackPortOpen(port); ++i) {
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
    auto result = Run(
        {"curl", "-s", url() + mailbox, "-u", std::string(kUser) + ":" + kPassword, "-X", command});
    return result.out;
  }
};

}  // namespace synaps::testing
