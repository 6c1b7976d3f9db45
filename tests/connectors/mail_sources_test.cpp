// The maildir and mbox sources through the ingest engine: messages stored as .eml documents
// named by date and subject, with their thread metadata, attachments as documents beside them
// (stored once, whichever source brings them), flags and moves, deletions, malformed mails,
// messages that are no mail, a 50 MB attachment.
#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <set>

#include "tests/connectors/source_ingest.h"

using namespace synaps;
using synaps::testing::Documents;
using synaps::testing::Ingest;
using synaps::testing::Message;
using synaps::testing::Named;
using synaps::testing::StoreFixture;
using synaps::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

std::string Fixture(const std::string& name) {
  return testing::ReadFile(fs::path(SYNAPS_FIXTURES_DIR) / "mail" / name);
}

struct Maildir {
  fs::path root;
  explicit Maildir(fs::path r) : root(std::move(r)) {
    for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(root / sub);
  }
  void Deliver(const std::string& folder, const std::string& file, const std::string& bytes) {
    fs::path dir = folder.empty() ? root : root / folder;
    for (const char* sub : {"cur", "new", "tmp"}) fs::create_directories(dir / sub);
    WriteFile(dir / "new" / file, bytes);
  }
};

}  // namespace

TEST_CASE("a Maildir: messages, thread metadata, attachments, flags, moves and deletions",
          "[ingest][mail][maildir]") {
  StoreFixture f;
  Maildir maildir(f.dir.path() / "Maildir");
  maildir.Deliver("", "1001.M1.host", Fixture("attachments.eml"));
  maildir.Deliver("", "1002.M1.host", Fixture("reply.eml"));
  maildir.Deliver(".&AMk-l&AOk-ments envoy&AOk-s", "1003.M1.host", Fixture("8bit-headers.eml"));
  maildir.Deliver("", "1004.M1.host", Fixture("broken-boundary.eml"));
  maildir.Deliver("", "1005.M1.host", Fixture("wrong-charset.eml"));
  maildir.Deliver("", "1006.M1.host", Fixture("not-a-mail.eml"));
  WriteFile(maildir.root / "tmp" / "1007.M1.host", "Subject: still being delivered\n\n");

  auto first = Ingest(f, "maildir", maildir.root);
  REQUIRE(first.summary.ok());
  // Five messages, the four parts of the first, the one part of the broken one.
  CHECK(first.summary->created == 5 + 4 + 1);
  CHECK(first.summary->failed == 1);  // the message that is no mail, with its reason
  REQUIRE(first.problems.size() == 1);
  CHECK(first.problems[0].find("1006.M1.host") != std::string::npos);
  CHECK(first.problems[0].find("not a mail") != std::string::npos);

  auto documents = Documents(f);
  const auto* crisis = Message(documents, "/INBOX/2026-03-05 10h42 Réunion de crise");
  REQUIRE(crisis);
  CHECK(crisis->name.size() > 4);
  CHECK(f.store->GetVersion(crisis->id, 0)->mime_type == "message/rfc822");
  CHECK(f.Content(crisis->id, 0) == Fixture("attachments.eml"));
  auto metadata = f.store->GetMetadata(crisis->id);
  REQUIRE(metadata.ok());
  CHECK(metadata->at("mail.message_id") == "crise-2026-03@prefecture.gouv.fr");
  CHECK(metadata->at("mail.thread") == "crise-2026-03@prefecture.gouv.fr");
  CHECK(metadata->at("synaps.parts") == "documents");

  const auto* releve = Named(documents, "] - releve.pdf");
  REQUIRE(releve);
  CHECK(releve->path().substr(0, releve->path().rfind('/')) ==
        crisis->path().substr(0, crisis->path().rfind('/')));
  CHECK(f.store->GetVersion(releve->id, 0)->mime_type == "application/pdf");
  CHECK(f.store->GetMetadata(releve->id)->at("synaps.parent") == std::to_string(crisis->id));
  CHECK(Named(documents, "] - note.txt"));
  CHECK(Named(documents, "] - note (2).txt"));
  CHECK(Named(documents, "] - Prévision des crues.eml"));

  const auto* reply = Message(documents, "/INBOX/2026-03-05 11h15 Re: Réunion de crise [");
  REQUIRE(reply);
  CHECK(f.store->GetMetadata(reply->id)->at("mail.thread") == "annonce-2026-03@prefecture.gouv.fr");
  CHECK(Named(documents, "/Éléments envoyés/2026-03-06 08h00 Arrêté préfectoral n° 12 ["));
  CHECK(Named(documents, "/INBOX/Boundary never closed ["));
  CHECK(Named(documents, "/INBOX/Charset inconnu ["));

  // Read, flagged, moved from new/ to cur/: the same messages, nothing opened.
  for (const auto& entry : fs::directory_iterator(maildir.root / "new")) {
    fs::rename(entry.path(), maildir.root / "cur" / (entry.path().filename().string() + ":2,S"));
  }
  auto again = Ingest(f, "maildir", maildir.root);
  REQUIRE(again.summary.ok());
  CHECK(again.summary->created == 0);
  CHECK(again.summary->unchanged == 5);
  CHECK(again.summary->failed == 1);  // still no mail, said again
  CHECK(again.summary->bytes == 0);

  // Filed into another folder: a move, its attachments along; a deletion trashes.
  fs::create_directories(maildir.root / ".Archives" / "new");
  fs::create_directories(maildir.root / ".Archives" / "tmp");
  fs::create_directories(maildir.root / ".Archives" / "cur");
  fs::rename(maildir.root / "cur" / "1001.M1.host:2,S",
             maildir.root / ".Archives" / "cur" / "1001.M1.host:2,S");
  fs::remove(maildir.root / "cur" / "1002.M1.host:2,S");
  auto third = Ingest(f, "maildir", maildir.root);
  REQUIRE(third.summary.ok());
  CHECK(third.summary->moved == 5);  // the message and its four parts
  CHECK(third.summary->deleted == 1);
  CHECK(third.summary->created == 0);
  auto moved = f.store->GetDocument(crisis->id);
  REQUIRE(moved.ok());
  CHECK(moved->path().find("/CAB/Courrier/Archives/2026-03-05 10h42") == 0);
  CHECK(f.store->GetDocument(releve->id)->path().find("/CAB/Courrier/Archives/") == 0);
  CHECK_FALSE(f.store->GetDocument(releve->id)->trashed_at);
  CHECK(f.store->GetDocument(reply->id)->trashed_at);
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("an attachment already on a share is stored once and shows both origins",
          "[ingest][mail][maildir]") {
  StoreFixture f;
  Maildir maildir(f.dir.path() / "Maildir");
  maildir.Deliver("", "1001.M1.host", Fixture("attachments.eml"));
  fs::path share = f.dir.path() / "partage";
  WriteFile(share / "crues" / "note.txt",
            "Note sur la crue de la Vallière : niveau d'alerte orange.\n");
  REQUIRE(Ingest(f, "share", share, "partage").summary.ok());
  REQUIRE(Ingest(f, "maildir", maildir.root).summary.ok());
  auto on_share = f.store->FindDocument("/CAB/Courrier/crues/note.txt");
  REQUIRE(on_share.ok());
  auto origins = f.store->Origins(on_share->id);
  REQUIRE(origins.ok());
  std::set<std::string> sources;
  for (const auto& origin : *origins) sources.insert(origin.source + ":" + origin.key);
  CHECK(sources.count("partage:crues/note.txt") == 1);
  CHECK(sources.count("courrier:INBOX/1001.M1.host#2") == 1);
  auto stats = f.store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->blobs == stats->versions - 1);  // one blob for both notes
}

TEST_CASE("a 50 MB attachment is stored as a document of its own", "[ingest][mail][slow]") {
  StoreFixture f;
  Maildir maildir(f.dir.path() / "Maildir");
  std::string big(50u << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('A' + (i * 7919) % 26);
  std::string encoded;
  {
    static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    encoded.reserve(big.size() * 4 / 3 + big.size() / 38 + 8);
    size_t line = 0;
    for (size_t i = 0; i < big.size(); i += 3) {
      uint32_t n = static_cast<uint8_t>(big[i]) << 16;
      if (i + 1 < big.size()) n |= static_cast<uint8_t>(big[i + 1]) << 8;
      if (i + 2 < big.size()) n |= static_cast<uint8_t>(big[i + 2]);
      encoded.push_back(kB64[(n >> 18) & 63]);
      encoded.push_back(kB64[(n >> 12) & 63]);
      encoded.push_back(i + 1 < big.size() ? kB64[(n >> 6) & 63] : '=');
      encoded.push_back(i + 2 < big.size() ? kB64[n & 63] : '=');
      if ((line += 4) == 76) {
        encoded.push_back('\n');
        line = 0;
      }
    }
  }
  maildir.Deliver("", "2001.M1.host",
                  "Subject: Gros fichier\nMessage-ID: <big@x>\n"
                  "Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\n"
                  "Voir la pièce jointe.\n--B\nContent-Type: application/octet-stream\n"
                  "Content-Disposition: attachment; filename=\"plan.bin\"\n"
                  "Content-Transfer-Encoding: base64\n\n" +
                      encoded + "\n--B--\n");
  auto ran = Ingest(f, "maildir", maildir.root);
  REQUIRE(ran.summary.ok());
  CHECK(ran.summary->created == 2);
  auto documents = Documents(f);
  const auto* part = Named(documents, "] - plan.bin");
  REQUIRE(part);
  auto version = f.store->GetVersion(part->id, 0);
  REQUIRE(version.ok());
  CHECK(version->size == static_cast<int64_t>(big.size()));
  CHECK(f.Content(part->id, 0) == big);
}

TEST_CASE("an mbox: messages cut, unquoted and named, appended ones only read once",
          "[ingest][mail][mbox]") {
  StoreFixture f;
  fs::path folder = f.dir.path() / "Local Folders";
  WriteFile(folder / "Inbox", Fixture("archive.mbox"));
  WriteFile(folder / "Inbox.msf", "// an index, not a mailbox");
  WriteFile(folder / "Archives.sbd" / "2024", Fixture("archive.mbox"));
  WriteFile(folder / "notes.txt", "pas une boîte aux lettres\n");

  auto first = Ingest(f, "mbox", folder);
  REQUIRE(first.summary.ok());
  CHECK(first.summary->created == 6);
  CHECK(first.summary->skipped == 1);  // notes.txt, said to be no mbox
  REQUIRE(first.problems.size() == 1);
  CHECK(first.problems[0].find("notes.txt: not an mbox") != std::string::npos);
  auto documents = Documents(f);
  const auto* premier = Message(documents, "/Courrier/Inbox/Premier [");
  REQUIRE(premier);
  std::string content = f.Content(premier->id, 0);
  CHECK(content.find("\nFrom the archive, quoted\n>From twice quoted\n") != std::string::npos);
  CHECK(content.rfind("From: celine@", 0) == 0);
  CHECK(Named(documents, "/Courrier/Archives/2024/Doublon ["));
  CHECK(Named(documents, "/Courrier/Inbox/Sans identifiant ["));

  std::string more =
      "From x Fri Mar  6 09:00:00 2026\nSubject: Ajouté\nMessage-ID: <m4@x>\n\nNeuf.\n";
  WriteFile(folder / "Inbox", Fixture("archive.mbox") + more);
  auto second = Ingest(f, "mbox", folder);
  REQUIRE(second.summary.ok());
  CHECK(second.summary->created == 1);
  CHECK(second.summary->unchanged == 6);
  CHECK(second.summary->bytes < 100);

  // Compacted: the first message deleted, the others shift. Nothing new, one deletion.
  std::string mbox = Fixture("archive.mbox") + more;
  WriteFile(folder / "Inbox", mbox.substr(mbox.find("From ddt")));
  auto third = Ingest(f, "mbox", folder);
  REQUIRE(third.summary.ok());
  CHECK(third.summary->created == 0);
  CHECK(third.summary->changed == 0);
  CHECK(third.summary->deleted == 1);
  CHECK(f.store->GetDocument(premier->id)->trashed_at);
  CHECK(f.store->Check()->healthy());
}
