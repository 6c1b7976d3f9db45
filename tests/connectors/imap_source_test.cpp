// The imap source against a real Dovecot that the test starts on loopback with a few hundred
// messages (../shared/REAL-PARTS.md), through the ingest engine: nothing fetched twice, unseen
// messages left unseen, deletions at the server, a moved-after-ingest mailbox, a new
// UIDVALIDITY, a wrong password failing the source itself; over TLS (STARTTLS and imaps://) with
// the authority named by imap.ca_file, and refused with a clear reason without it.
#include <catch2/catch.hpp>

#include "connectors/ingest/ingest_engine.h"
#include "connectors/mail/imap_answers.h"
#include "connectors/source/source_factory.h"
#include "connectors/source/sources_config.h"
#include "tests/store/store_fixture.h"
#include "tests/support/dovecot.h"

using namespace synaps;
using synaps::testing::Dovecot;
using synaps::testing::StoreFixture;

namespace {

constexpr int kMessages = 300;

std::string Message(int i) {
  std::string id = "<msg-" + std::to_string(i) + "@prefecture.gouv.fr>";
  std::string head = "From: agent" + std::to_string(i % 7) +
                     "@prefecture.gouv.fr\r\n"
                     "To: cabinet@prefecture.gouv.fr\r\n"
                     "Subject: Dossier n° " +
                     std::to_string(i) +
                     "\r\n"
                     "Date: Thu, 05 Mar 2026 10:" +
                     (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) +
                     ":00 +0100\r\nMessage-ID: " + id + "\r\n";
  if (i % 10 == 9)
    head += "In-Reply-To: <msg-" + std::to_string(i - 1) + "@prefecture.gouv.fr>\r\n";
  if (i % 50 != 0) return head + "\r\nCorps du message " + std::to_string(i) + ".\r\n";
  return head +
         "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
         "--b\r\nContent-Type: text/plain\r\n\r\nVoir la pièce jointe.\r\n--b\r\n"
         "Content-Type: text/plain; name=\"annexe.txt\"\r\n"
         "Content-Disposition: attachment; filename=\"annexe.txt\"\r\n\r\n"
         "Annexe du dossier " +
         std::to_string(i) + "\r\n--b--\r\n";
}

connectors::SourceConfig Config(StoreFixture& f, const Dovecot& dovecot) {
  connectors::SourceConfig config;
  config.name = "boite-cabinet";
  config.type = "imap";
  config.location = dovecot.url();
  config.service_code = "CAB";
  config.folder = {"Courriel"};
  config.user = Dovecot::kUser;
  config.password_file = f.dir.path() / "imap.secret";
  REQUIRE(connectors::WritePasswordFile(config.password_file, Dovecot::kPassword).ok());
  return config;
}

struct Ran {
  store::Result<connectors::IngestSummary> summary = store::Status::Internal("not run");
  std::vector<std::string> problems;
};

Ran Ingest(StoreFixture& f, const connectors::SourceConfig& config) {
  auto source = connectors::MakeSource(config);
  REQUIRE(source.ok());
  connectors::IngestEngine engine(*f.store, f.actor, connectors::OptionsFor(config),
                                  [](std::string_view, std::string_view) { return "text/plain"; });
  Ran ran;
  engine.set_problem_callback([&](const std::string& p) { ran.problems.push_back(p); });
  ran.summary = engine.Run(**source);
  return ran;
}

// How many messages of `mailbox` the server says are unseen.
size_t Unseen(const Dovecot& dovecot, const std::string& mailbox) {
  return connectors::mail::ParseImapAnswers(dovecot.Command(mailbox, "UID SEARCH UNSEEN"))
      .search.size();
}

// The mailbox's highest modification sequence (RFC 7162): it grows with every change of a
// message's flags, even one undone at once.
std::string HighestModseq(const Dovecot& dovecot, const std::string& mailbox) {
  std::string answer = dovecot.Command("", "STATUS " + mailbox + " (HIGHESTMODSEQ)");
  size_t at = answer.find("HIGHESTMODSEQ ");
  return at == std::string::npos ? answer : answer.substr(at, answer.find(')', at) - at);
}

}  // namespace

TEST_CASE("an IMAP mailbox from a real Dovecot: fetched once, unseen kept, deletions follow",
          "[ingest][mail][imap]") {
  if (std::string why = testing::WhyNoDovecot(); !why.empty()) {
    WARN("skipped: " << why);
    return;
  }
  StoreFixture f;
  Dovecot dovecot(f.dir.path());
  for (int i = 0; i < kMessages; ++i) {
    dovecot.Deliver("1772700000." + std::to_string(i) + ".host", Message(i), "", i % 3 == 0);
  }
  dovecot.Deliver("1772700000.900.host", Message(900), "Archives");
  dovecot.Own();
  REQUIRE(Unseen(dovecot, "INBOX") == kMessages - kMessages / 3);
  const std::string modseq = HighestModseq(dovecot, "INBOX");
  REQUIRE(modseq.rfind("HIGHESTMODSEQ ", 0) == 0);

  auto config = Config(f, dovecot);
  config.options["imap.folders"] = "INBOX, Archives";
  auto first = Ingest(f, config);
  INFO((first.problems.empty() ? "" : first.problems.front()));
  REQUIRE(first.summary.ok());
  // The messages and their attachments (those of every 50th, and of the one in Archives).
  CHECK(first.summary->created == kMessages + 1 + kMessages / 50 + 1);
  CHECK(first.summary->failed == 0);
  CHECK(Unseen(dovecot, "INBOX") == kMessages - kMessages / 3);  // read, but still unseen
  // Read from the mailbox opened read-only: no flag was set, not even for a moment.
  CHECK(HighestModseq(dovecot, "INBOX") == modseq);

  auto folder = f.store->FindFolder("/CAB/Courriel/INBOX");
  REQUIRE(folder.ok());
  auto listing = f.store->ListFolder(*folder);
  REQUIRE(listing.ok());
  CHECK(listing->documents.size() == kMessages + kMessages / 50);
  const store::Document* reply = nullptr;
  for (const auto& document : listing->documents) {
    if (document.name.rfind("2026-03-05 10h09 Dossier n° 9 [", 0) == 0) reply = &document;
  }
  REQUIRE(reply);
  auto metadata = f.store->GetMetadata(reply->id);
  REQUIRE(metadata.ok());
  CHECK(metadata->at("mail.message_id") == "msg-9@prefecture.gouv.fr");
  CHECK(metadata->at("mail.thread") == "msg-8@prefecture.gouv.fr");
  CHECK(f.store->FindFolder("/CAB/Courriel/Archives").ok());

  // Nothing new: nothing fetched.
  auto again = Ingest(f, config);
  REQUIRE(again.summary.ok());
  CHECK(again.summary->created == 0);
  CHECK(again.summary->bytes == 0);
  CHECK(again.summary->unchanged == kMessages + 1);

  // Two new messages, one expunged at the server.
  dovecot.Deliver("1772700001.1.host", Message(1001));
  dovecot.Deliver("1772700001.2.host", Message(1002));
  dovecot.Own();
  dovecot.Command("INBOX", "UID STORE 2 +FLAGS.SILENT (\\Deleted)");
  dovecot.Command("INBOX", "EXPUNGE");
  auto third = Ingest(f, config);
  REQUIRE(third.summary.ok());
  CHECK(third.summary->created == 2);
  CHECK(third.summary->deleted == 1);
  CHECK(f.store->ListTrash()->size() == 1);

  // A wrong password fails the source itself, says so without the password, deletes nothing.
  REQUIRE(connectors::WritePasswordFile(config.password_file, "pas le bon").ok());
  auto refused = Ingest(f, config);
  REQUIRE_FALSE(refused.summary.ok());
  CHECK(refused.summary.status().message().find("wrong user or password") != std::string::npos);
  CHECK(refused.summary.status().message().find("pas le bon") == std::string::npos);
  CHECK(f.store->ListTrash()->size() == 1);
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("IMAP: moved after ingest once stored, messages found in another mailbox are moves",
          "[ingest][mail][imap]") {
  if (std::string why = testing::WhyNoDovecot(); !why.empty()) {
    WARN("skipped: " << why);
    return;
  }
  StoreFixture f;
  Dovecot dovecot(f.dir.path(), 1);
  for (int i = 0; i < 20; ++i)
    dovecot.Deliver("1772700000." + std::to_string(i) + ".host", Message(i));
  dovecot.Deliver("1772700000.50.host", Message(50), "Traite");
  dovecot.Own();
  auto config = Config(f, dovecot);
  config.options["imap.after"] = "move:Traite";
  auto first = Ingest(f, config);
  INFO((first.problems.empty() ? "" : first.problems.front()));
  REQUIRE(first.summary.ok());
  CHECK(first.summary->created == 21);  // and the attachment of message 0
  auto inbox = connectors::mail::ParseImapAnswers(dovecot.Command("INBOX", "UID SEARCH ALL"));
  CHECK(inbox.search.empty());  // all moved, once stored
  auto moved = connectors::mail::ParseImapAnswers(dovecot.Command("Traite", "UID SEARCH ALL"));
  CHECK(moved.search.size() == 21);
  auto again = Ingest(f, config);
  REQUIRE(again.summary.ok());
  CHECK(again.summary->created == 0);
  CHECK(again.summary->deleted == 0);  // gone from INBOX by our own move: nothing trashed

  // The same messages read from the mailbox they were moved to: recognised by content, the
  // documents move along, nothing is stored twice.
  config.options.erase("imap.after");
  config.options["imap.folders"] = "Traite";
  auto third = Ingest(f, config);
  REQUIRE(third.summary.ok());
  CHECK(third.summary->created == 2);  // message 50 and its attachment
  CHECK(third.summary->moved == 21);   // the 20 messages and the attachment of message 0
  auto stats = f.store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->documents == 23);
  CHECK(f.store->FindFolder("/CAB/Courriel/Traite").ok());
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("IMAP over TLS: STARTTLS and imaps:// verified against imap.ca_file, untrusted refused",
          "[ingest][mail][imap]") {
  if (std::string why = testing::WhyNoDovecot(); !why.empty()) {
    WARN("skipped: " << why);
    return;
  }
  StoreFixture f;
  Dovecot dovecot(f.dir.path(), 2, Dovecot::Security::kTls);
  for (int i = 0; i < 10; ++i)
    dovecot.Deliver("1772700000." + std::to_string(i) + ".host", Message(i + 1));
  dovecot.Own();
  auto config = Config(f, dovecot);

  // STARTTLS, without the authority: the certificate is not trusted, and the error says how.
  config.options["imap.tls"] = "starttls";
  auto untrusted = Ingest(f, config);
  REQUIRE_FALSE(untrusted.summary.ok());
  CHECK(untrusted.summary.status().message().find("imap.ca_file") != std::string::npos);

  // With it: every message, once.
  config.options["imap.ca_file"] = dovecot.ca_file().string();
  auto starttls = Ingest(f, config);
  INFO((starttls.problems.empty() ? "" : starttls.problems.front()));
  REQUIRE(starttls.summary.ok());
  CHECK(starttls.summary->created == 10);

  // Implicit TLS on the imaps port: the same mailbox, nothing new (the same keys).
  config.location = dovecot.imaps_url();
  config.options["imap.tls"] = "implicit";
  auto imaps = Ingest(f, config);
  INFO((imaps.problems.empty() ? "" : imaps.problems.front()));
  REQUIRE(imaps.summary.ok());
  CHECK(imaps.summary->created == 0);
  CHECK(imaps.summary->unchanged == 10);

  // Settings that would not do what they say are refused before anything is sent.
  config.options["imap.tls"] = "none";
  CHECK(connectors::MakeSource(config).status().code() == store::ErrorCode::kInvalidArgument);
  config.location = dovecot.url();
  config.options["imap.tls"] = "implicit";
  CHECK(connectors::MakeSource(config).status().code() == store::ErrorCode::kInvalidArgument);
  config.options["imap.tls"] = "none";  // with imap.ca_file still set
  CHECK(connectors::MakeSource(config).status().code() == store::ErrorCode::kInvalidArgument);
  config.options["imap.tls"] = "starttls";
  config.options["imap.ca_file"] = (f.dir.path() / "absent.pem").string();
  CHECK(connectors::MakeSource(config).status().code() == store::ErrorCode::kInvalidArgument);
}
