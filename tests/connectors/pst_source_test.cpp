// Outlook archives (.pst) through the ingest engine, read by the real synaps-pst-reader over
// libpst: the `pst` source and an archive found on a `share`. Messages stored as mail in the
// archive's folders, attachments beside them (one over 8 KiB, so in several blocks), a re-run
// that opens nothing, a changed, a moved and a deleted message, and archives that are not
// archives or are damaged.
#include <catch2/catch.hpp>

#include "tests/connectors/source_ingest.h"
#include "tests/support/pst_writer.h"

using namespace synaps;
using synaps::testing::Documents;
using synaps::testing::Ingest;
using synaps::testing::Message;
using synaps::testing::Named;
using synaps::testing::PstAttachment;
using synaps::testing::PstFolder;
using synaps::testing::PstMessage;
using synaps::testing::StoreFixture;
using synaps::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

std::string Pattern(size_t size) {
  std::string data(size, '\0');
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 7919) % 251);
  return data;
}

PstMessage Mail(uint32_t id, std::string subject, std::string body, int64_t when) {
  PstMessage message;
  message.id = id;
  message.subject = std::move(subject);
  message.body = std::move(body);
  message.sender_name = "Alice Martin";
  message.sender_email = "alice.martin@haute-vienne.gouv.fr";
  message.display_to = "Bureau du cabinet; Bob Durand";
  message.message_id = "<m" + std::to_string(id) + "@haute-vienne.gouv.fr>";
  message.submit_time = when;
  return message;
}

// An archive as the services keep them: a received folder, a sent one, a contacts folder.
PstFolder Archive() {
  PstFolder top;
  top.name = "Archives 2019";
  PstFolder inbox;
  inbox.id = 0x100;
  inbox.name = "Boîte de réception";
  PstMessage crisis = Mail(0x200, "Réunion de crise", "Ordre du jour : crue de la Vienne.\n",
                           1575021600);  // 2019-11-29 10:00 UTC
  crisis.attachments.push_back(
      {"compte rendu.txt", "text/plain", "Compte rendu : niveau orange.\n"});
  crisis.attachments.push_back({"plan.bin", "", Pattern(30000)});
  inbox.messages.push_back(crisis);
  inbox.messages.push_back(Mail(0x201, "Arrêté n° 12", "Voir l'arrêté.\n", 1575108000));
  PstMessage reply = Mail(0x202, "Re: Réunion de crise", "Bien reçu.\n", 1575111600);
  reply.in_reply_to = "<m512@haute-vienne.gouv.fr>";
  inbox.messages.push_back(reply);
  PstFolder sent;
  sent.id = 0x101;
  sent.name = "Éléments envoyés";
  PstMessage note = Mail(0x203, "", "", 0);
  note.subject = "Note au préfet";
  note.body = "Texte brut.\n";
  note.html_body = "<p>Texte <b>riche</b>.</p>";
  note.transport_headers =
      "From: Cabinet <cabinet@haute-vienne.gouv.fr>\r\nTo: prefet@haute-vienne.gouv.fr\r\n"
      "Subject: Note au =?utf-8?q?pr=C3=A9fet?=\r\nDate: Mon, 2 Dec 2019 09:30:00 +0100\r\n"
      "Message-ID: <note@haute-vienne.gouv.fr>\r\nContent-Type: text/plain\r\n";
  sent.messages.push_back(note);
  PstMessage rtf = Mail(0x204, "Courrier mis en forme", "", 1575280800);
  rtf.rtf_body = "{\\rtf1\\ansi Objet : {\\b visite minist\\'e9rielle}.\\par}";
  sent.messages.push_back(rtf);
  top.folders.push_back(inbox);
  top.folders.push_back(sent);
  return top;
}

}  // namespace

TEST_CASE("an Outlook archive: its messages in its folders, attachments beside them",
          "[ingest][mail][pst]") {
  testing::FindPstReader();
  StoreFixture f;
  fs::path folder = f.dir.path() / "archives";
  PstFolder archive = Archive();
  fs::create_directories(folder);
  testing::WritePst(folder / "Archives 2019.pst", archive);
  WriteFile(folder / "lisez-moi.txt", "pas une archive\n");

  auto first = Ingest(f, "pst", folder);
  REQUIRE(first.summary.ok());
  CHECK(first.summary->created == 5 + 3);  // five messages, two attachments, an RTF body
  CHECK(first.summary->failed == 0);
  auto documents = Documents(f);
  const auto* crisis = Message(
      documents, "/Courrier/Archives 2019/Boîte de réception/2019-11-29 10h00 Réunion de crise [");
  REQUIRE(crisis);
  CHECK(f.store->GetVersion(crisis->id, 0)->mime_type == "message/rfc822");
  const std::string mail = f.Content(crisis->id, 0);
  CHECK(mail.find("From: Alice Martin <alice.martin@haute-vienne.gouv.fr>") != std::string::npos);
  CHECK(mail.find("To: Bureau du cabinet: ;, Bob Durand: ;") != std::string::npos);
  auto metadata = f.store->GetMetadata(crisis->id);
  REQUIRE(metadata.ok());
  CHECK(metadata->at("mail.message_id") == "m512@haute-vienne.gouv.fr");
  CHECK(metadata->at("synaps.parts") == "documents");

  const auto* report = Named(documents, "] - compte rendu.txt");
  REQUIRE(report);
  CHECK(f.Content(report->id, 0) == "Compte rendu : niveau orange.\n");
  CHECK(f.store->GetMetadata(report->id)->at("synaps.parent") == std::to_string(crisis->id));
  const auto* plan = Named(documents, "] - plan.bin");
  REQUIRE(plan);
  CHECK(f.Content(plan->id, 0) == Pattern(30000));

  const auto* reply =
      Message(documents, "/Boîte de réception/2019-11-30 11h00 Re: Réunion de crise [");
  REQUIRE(reply);
  CHECK(f.store->GetMetadata(reply->id)->at("mail.thread") == "m512@haute-vienne.gouv.fr");
  // The header it arrived with, the body rebuilt: plain text and HTML.
  const auto* note = Message(documents, "/Éléments envoyés/2019-12-02 09h30 Note au préfet [");
  REQUIRE(note);
  const std::string sent = f.Content(note->id, 0);
  CHECK(sent.find("From: Cabinet <cabinet@haute-vienne.gouv.fr>") != std::string::npos);
  CHECK(sent.find("multipart/alternative") != std::string::npos);
  CHECK(sent.find("<p>Texte <b>riche</b>.</p>") != std::string::npos);
  CHECK(f.store->GetMetadata(note->id)->at("mail.message_id") == "note@haute-vienne.gouv.fr");
  // Written in Outlook's RTF editor: the RTF, uncompressed, is the body, stored beside it.
  const auto* styled =
      Message(documents, "/Éléments envoyés/2019-12-02 10h00 Courrier mis en forme [");
  REQUIRE(styled);
  const std::string styled_mail = f.Content(styled->id, 0);
  CHECK(styled_mail.find("Content-Type: text/rtf") != std::string::npos);
  const auto* styled_body = Named(documents, "] - message.rtf");
  REQUIRE(styled_body);
  CHECK(f.Content(styled_body->id, 0) ==
        "{\\rtf1\\ansi Objet : {\\b visite minist\\'e9rielle}.\\par}");

  // Nothing changed: nothing opened.
  auto again = Ingest(f, "pst", folder);
  REQUIRE(again.summary.ok());
  CHECK(again.summary->created == 0);
  CHECK(again.summary->unchanged == 5);
  CHECK(again.summary->bytes == 0);

  // Written again by Outlook: one message changed, one filed into the sent folder, one deleted.
  archive.folders[0].messages[1].body = "Voir l'arrêté modifié.\n";
  archive.folders[1].messages.push_back(archive.folders[0].messages[2]);
  archive.folders[0].messages.erase(archive.folders[0].messages.begin() + 2);
  archive.folders[0].messages.erase(archive.folders[0].messages.begin());
  testing::WritePst(folder / "Archives 2019.pst", archive);
  auto third = Ingest(f, "pst", folder);
  REQUIRE(third.summary.ok());
  CHECK(third.summary->changed == 1);
  CHECK(third.summary->moved == 1);
  CHECK(third.summary->deleted == 3);  // the message and its two attachments
  CHECK(third.summary->created == 0);
  CHECK(f.store->GetDocument(crisis->id)->trashed_at);
  CHECK(f.store->GetDocument(reply->id)->path().find("/Éléments envoyés/") != std::string::npos);
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("an archive on a share is read as a mailbox, a file that is none is stored as a file",
          "[ingest][mail][pst]") {
  testing::FindPstReader();
  StoreFixture f;
  fs::path share = f.dir.path() / "partage";
  fs::create_directories(share / "cabinet");
  testing::WritePst(share / "cabinet" / "Archives 2019.PST", Archive());
  WriteFile(share / "cabinet" / "faux.pst", "Ceci n'est pas une archive Outlook.\n");
  WriteFile(share / "cabinet" / "note.txt", "Note.\n");

  auto ran = Ingest(f, "share", share);
  REQUIRE(ran.summary.ok());
  CHECK(ran.summary->created == 5 + 3 + 2);  // the archive's eight, the false one and the note
  CHECK(ran.summary->failed == 0);
  REQUIRE(ran.problems.size() == 1);
  CHECK(ran.problems[0].find("faux.pst") != std::string::npos);
  CHECK(ran.problems[0].find("not an Outlook archive") != std::string::npos);
  auto documents = Documents(f);
  CHECK(Message(documents,
                "/Courrier/cabinet/Archives 2019/Boîte de réception/2019-11-29 10h00 "
                "Réunion de crise ["));
  CHECK_FALSE(f.store->FindDocument("/CAB/Courrier/cabinet/Archives 2019.PST").ok());
  CHECK(f.store->FindDocument("/CAB/Courrier/cabinet/faux.pst").ok());
  CHECK(f.store->FindDocument("/CAB/Courrier/cabinet/note.txt").ok());

  auto again = Ingest(f, "share", share);
  REQUIRE(again.summary.ok());
  CHECK(again.summary->unchanged == 5 + 2);
  CHECK(again.summary->created == 0);
  CHECK(again.summary->deleted == 0);
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("a damaged archive fails what cannot be read, and the run goes on",
          "[ingest][mail][pst]") {
  testing::FindPstReader();
  StoreFixture f;
  fs::path folder = f.dir.path() / "archives";
  fs::create_directories(folder);
  PstFolder archive = Archive();
  archive.folders[0].messages[1].damaged = true;  // libpst crashes reading it
  testing::WritePst(folder / "abîmée.pst", archive);
  WriteFile(folder / "vide.pst", "");
  // Cut short: its index is at its end, so nothing of it can be found.
  std::string cut = testing::ReadFile(folder / "abîmée.pst");
  WriteFile(folder / "coupée.pst", cut.substr(0, cut.size() / 2));

  auto ran = Ingest(f, "pst", folder);
  REQUIRE(ran.summary.ok());
  CHECK(ran.summary->created == 7);  // all but the damaged message, read after it too
  CHECK(ran.summary->failed == 1);
  CHECK(ran.summary->skipped == 2);
  std::string problems;
  for (const std::string& problem : ran.problems) problems += problem + "\n";
  CHECK(problems.find("vide.pst") != std::string::npos);
  CHECK(problems.find("coupée.pst") != std::string::npos);
  INFO(problems);
  // SIGSEGV; SIGABRT when AddressSanitizer catches it first.
  CHECK(problems.find("abîmée.pst/Boîte de réception/4024: the archive reader crashed (SIG") !=
        std::string::npos);
  CHECK(f.store->Check()->healthy());

  // Tried again next run, failing again; nothing else is opened.
  auto again = Ingest(f, "pst", folder);
  REQUIRE(again.summary.ok());
  CHECK(again.summary->failed == 1);
  CHECK(again.summary->unchanged == 4);
  CHECK(again.summary->created == 0);
}
