// What the mail sources parse of outside input: headers and thread ids, document names, the
// parts of a message, mailbox names in modified UTF-7 and the mbox framing; the malformed mails
// of tests/fixtures/mail/ included.
#include <catch2/catch.hpp>
#include <map>

#include "connectors/mail/imap_answers.h"
#include "connectors/mail/mail_message.h"
#include "connectors/mail/mailbox_name.h"
#include "connectors/mail/mbox_splitter.h"
#include "connectors/mail/pst_answers.h"
#include "dms-server/store/names.h"
#include "tests/support/files.h"

using namespace synaps;
using namespace synaps::connectors::mail;

namespace {

std::string Fixture(const std::string& name) {
  return testing::ReadFile(std::filesystem::path(SYNAPS_FIXTURES_DIR) / "mail" / name);
}

std::vector<MboxMessage> Split(std::string_view bytes, size_t chunk) {
  std::vector<MboxMessage> messages;
  MboxSplitter splitter([&](const MboxMessage& m) { messages.push_back(m); });
  for (size_t at = 0; at < bytes.size(); at += chunk) splitter.Feed(bytes.substr(at, chunk));
  splitter.Finish();
  return messages;
}

}  // namespace

TEST_CASE("a mail's header gives its thread, its subject and its date", "[mail]") {
  auto header = ParseMailHeader(Fixture("reply.eml"));
  REQUIRE(header.ok());
  CHECK(header->message_id == "reponse-1@prefecture.gouv.fr");
  CHECK(header->in_reply_to == "crise-2026-03@prefecture.gouv.fr");
  CHECK(header->references == std::vector<std::string>{"annonce-2026-03@prefecture.gouv.fr",
                                                       "crise-2026-03@prefecture.gouv.fr"});
  CHECK(header->Thread() == "annonce-2026-03@prefecture.gouv.fr");
  CHECK(header->subject == "Re: Réunion de crise");
  CHECK(header->date == 1772705700);
  CHECK(header->date_offset_minutes == 60);

  auto metadata = MailMetadata(*header);
  std::map<std::string, std::string> by_key(metadata.begin(), metadata.end());
  CHECK(by_key["mail.thread"] == "annonce-2026-03@prefecture.gouv.fr");
  CHECK(by_key["mail.references"] ==
        "annonce-2026-03@prefecture.gouv.fr crise-2026-03@prefecture.gouv.fr");
  CHECK(by_key["synaps.parts"] == "documents");

  auto first = ParseMailHeader(Fixture("attachments.eml"));
  REQUIRE(first.ok());
  CHECK(first->Thread() == "crise-2026-03@prefecture.gouv.fr");  // its own id: it starts one
}

TEST_CASE("malformed mails give what can be read, bytes that are no mail are refused", "[mail]") {
  auto eight_bit = ParseMailHeader(Fixture("8bit-headers.eml"));
  REQUIRE(eight_bit.ok());
  CHECK(eight_bit->subject == "Arrêté préfectoral n° 12");  // Windows-1252 bytes, read as such
  CHECK(store::IsValidUtf8(eight_bit->subject));

  for (const char* name : {"broken-boundary.eml", "wrong-charset.eml", "no-header-end.eml"}) {
    INFO(name);
    auto header = ParseMailHeader(Fixture(name));
    REQUIRE(header.ok());
    CHECK(store::ValidateName(MailDocumentName(*header, name)).ok());
  }
  auto junk = ParseMailHeader(Fixture("not-a-mail.eml"));
  REQUIRE_FALSE(junk.ok());
  CHECK(junk.status().message().rfind("not a mail", 0) == 0);
  CHECK_FALSE(ParseMailHeader("").ok());
  CHECK_FALSE(ParseMailHeader("\n\nSubject: after a blank line\n").ok());
}

TEST_CASE("a message's document name: date, subject and a tag of its key", "[mail]") {
  auto header = ParseMailHeader(Fixture("attachments.eml"));
  REQUIRE(header.ok());
  std::string name = MailDocumentName(*header, "INBOX/1733.M1");
  CHECK(name == "2026-03-05 10h42 Réunion de crise — crue de la Vallière [" +
                    KeyTag("INBOX/1733.M1") + "].eml");
  CHECK(MailDocumentName(*header, "INBOX/1733.M2") != name);
  CHECK(KeyTag("x") == KeyTag("x"));

  MailHeader odd;
  odd.subject = std::string(400, 'a') + "/../\\" + "\x01";
  std::string long_name = MailDocumentName(odd, "k");
  CHECK(store::ValidateName(long_name).ok());
  CHECK(long_name.size() < 160);
  MailHeader empty;
  CHECK(MailDocumentName(empty, "k") == "(sans objet) [" + KeyTag("k") + "].eml");
  CHECK(CleanName("  ..  ", 50, "vide") == "vide");
  CHECK(CleanName("é" + std::string(10, 'x'), 1, "vide") == "vide");  // never half a character
}

TEST_CASE("a message's parts: attachments and attached messages, uniquely named", "[mail]") {
  bool truncated = true;
  auto parts = ParseMailParts(Fixture("attachments.eml"), &truncated);
  CHECK_FALSE(truncated);
  REQUIRE(parts.size() == 4);
  CHECK(parts[0].file_name == "releve.pdf");
  CHECK(parts[0].bytes.rfind("%PDF-1.4", 0) == 0);
  CHECK(parts[1].file_name == "note.txt");
  CHECK(parts[1].bytes == "Note sur la crue de la Vallière : niveau d'alerte orange.\n");
  CHECK(parts[2].file_name == "note.txt");
  CHECK(parts[3].file_name == "Prévision des crues.eml");
  CHECK(parts[3].bytes.find("Le niveau monte.") != std::string::npos);

  auto names = PartDocumentNames("2026-03-05 Réunion [abc].eml", parts);
  CHECK(names == std::vector<std::string>{"2026-03-05 Réunion [abc] - releve.pdf",
                                          "2026-03-05 Réunion [abc] - note.txt",
                                          "2026-03-05 Réunion [abc] - note (2).txt",
                                          "2026-03-05 Réunion [abc] - Prévision des crues.eml"});
  std::vector<MailPart> many(3, MailPart{std::string(300, 'n') + ".pdf", ""});
  for (const std::string& name : PartDocumentNames(std::string(300, 'm') + ".eml", many)) {
    CHECK(store::ValidateName(name).ok());
  }

  // A boundary that never comes: the parts GMime finds, nothing more, no crash.
  auto broken = ParseMailParts(Fixture("broken-boundary.eml"));
  CHECK(broken.size() <= 1);
  CHECK(ParseMailParts(Fixture("not-a-mail.eml")).empty());
  CHECK(ParseMailParts("").empty());
}

TEST_CASE("parts beyond the limit are left out and said to be", "[mail]") {
  std::string message = "Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n";
  for (size_t i = 0; i < kMaxParts + 10; ++i) {
    message +=
        "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; "
        "filename=\"p" +
        std::to_string(i) + ".bin\"\n\nx\n";
  }
  message += "--b--\n";
  bool truncated = false;
  CHECK(ParseMailParts(message, &truncated).size() == kMaxParts);
  CHECK(truncated);
}

TEST_CASE("mailbox names in modified UTF-7", "[mail]") {
  CHECK(DecodeMailboxName("&AMk-l&AOk-ments envoy&AOk-s") == "Éléments envoyés");
  CHECK(DecodeMailboxName("INBOX") == "INBOX");
  CHECK(DecodeMailboxName("Tom &- Jerry") == "Tom & Jerry");
  CHECK(DecodeMailboxName("&2D3eAA-") == "\xf0\x9f\x98\x80");  // a surrogate pair
  CHECK(DecodeMailboxName("&AMk") == "&AMk");                  // unterminated: as it is
  CHECK(DecodeMailboxName("&2D0-") == "&2D0-");                // a lone surrogate
  CHECK(DecodeMailboxName("&AAE-") == "&AAE-");                // a control character
  CHECK(store::IsValidUtf8(DecodeMailboxName("\xff&-")));
  for (const char* name : {"Éléments envoyés", "Tom & Jerry", "Archives/2024", "日本語"}) {
    CHECK(DecodeMailboxName(EncodeMailboxName(name)) == name);
  }
  CHECK(EncodeMailboxName("Éléments envoyés") == "&AMk-l&AOk-ments envoy&AOk-s");
}

TEST_CASE("an mbox is cut into its messages, whatever the chunks", "[mail][mbox]") {
  std::string mbox = Fixture("archive.mbox");
  auto whole = Split(mbox, mbox.size());
  REQUIRE(whole.size() == 3);
  CHECK(whole[0].message_id == "m1@x");
  CHECK(whole[1].message_id.empty());
  CHECK(whole[2].message_id == "m1@x");
  for (const MboxMessage& m : whole) CHECK(m.hash == MboxHash(mbox.substr(m.offset, m.length)));
  CHECK(whole[0].hash != whole[2].hash);
  std::string first = mbox.substr(whole[0].offset, whole[0].length);
  CHECK(first.rfind("From: celine@", 0) == 0);
  CHECK(first.substr(first.size() - 20) == ">>From twice quoted\n");
  CHECK(UnquoteMboxMessage(first).find("\nFrom the archive, quoted\n>From twice quoted\n") !=
        std::string::npos);
  std::string last = mbox.substr(whole[2].offset, whole[2].length);
  CHECK(last.find("From here a line that is not a separator\n") != std::string::npos);
  CHECK(last.back() == '\n');
  CHECK(last.substr(last.size() - 2) != "\n\n");  // the separating empty line is not its own

  for (size_t chunk : {1, 2, 3, 5, 7, 64}) {
    auto pieces = Split(mbox, chunk);
    REQUIRE(pieces.size() == whole.size());
    for (size_t i = 0; i < pieces.size(); ++i) {
      CHECK(pieces[i].hash == whole[i].hash);
      CHECK(pieces[i].offset == whole[i].offset);
      CHECK(pieces[i].length == whole[i].length);
      CHECK(pieces[i].message_id == whole[i].message_id);
    }
  }
  // Not an mbox at all; an mbox with garbage first; CRLF lines; no final newline.
  MboxSplitter none([](const MboxMessage&) { FAIL("no message expected"); });  // nor empty
  none.Feed("Subject: pas une mbox\n\nFrom nowhere");
  none.Finish();
  CHECK(none.skipped() > 0);
  CHECK(Split("junk\n\nFrom a\nSubject: x\n", 4).size() == 1);
  auto crlf = Split("From a\r\nSubject: x\r\n\r\nbody\r\n\r\nFrom b\r\nSubject: y\r\n", 3);
  REQUIRE(crlf.size() == 2);
  CHECK(crlf[0].length == std::string("Subject: x\r\n\r\nbody\r\n").size());
  CHECK(FindMessageId("X: 1\nmessage-id:\n <folded@x>\n") == "folded@x");
  CHECK(FindMessageId("Message-ID: <a\x01"
                      "b@x>\n") == "ab@x");
}

TEST_CASE("IMAP answers: UIDVALIDITY, EXISTS, FETCH items, LIST, literals skipped",
          "[mail][imap]") {
  auto answers = ParseImapAnswers(
      "* FLAGS (\\Answered \\Seen)\r\n* 3 EXISTS\r\n* OK [UIDVALIDITY 1796472686] UIDs valid\r\n"
      "* OK [UIDNEXT 301] Predicted next UID\r\n"
      "* 1 FETCH (UID 4 RFC822.SIZE 1200 FLAGS (\\Seen \\Recent))\r\n"
      "* 2 FETCH (UID 7 FLAGS (\\Recent) RFC822.SIZE 30)\r\n"
      "* 3 FETCH (UID 9 BODY[] {20}\r\n* 9 FETCH (UID 99)\r\n)\r\n"
      "* 4 FETCH (FLAGS (\\Seen))\r\n"
      "* LIST (\\HasNoChildren) \".\" INBOX\r\n"
      "* LIST (\\Noselect \\HasChildren) \".\" \"Archives\"\r\n"
      "* LIST () \".\" \"&AMk-l&AOk-ments \\\"envoy&AOk-s\\\"\"\r\n"
      "* LIST () NIL {5}\r\nweird\r\n"
      "* SEARCH 2 84 0 x 7\r\n"
      "A004 OK done\r\n");
  CHECK(answers.search == std::vector<uint32_t>{2, 84, 7});
  CHECK(answers.uidvalidity == 1796472686u);
  CHECK(answers.exists == 3u);
  CHECK(answers.uidnext == 301u);
  REQUIRE(answers.messages.size() == 2);  // the literal's bytes are never read as answers
  CHECK(answers.messages[0].uid == 4);
  CHECK(answers.messages[0].size == 1200);
  CHECK(answers.messages[0].seen);
  CHECK(answers.messages[1].uid == 7);
  CHECK(answers.messages[1].size == 30);
  CHECK_FALSE(answers.messages[1].seen);
  CHECK(answers.messages[1].has_flags);
  REQUIRE(answers.mailboxes.size() == 3);
  CHECK(answers.mailboxes[0].name == "INBOX");
  CHECK(answers.mailboxes[0].delimiter == '.');
  CHECK_FALSE(answers.mailboxes[1].selectable);
  CHECK(answers.mailboxes[2].name == "&AMk-l&AOk-ments \"envoy&AOk-s\"");
  CHECK(ParseImapAnswers("* STATUS \"INBOX\" (MESSAGES 2 UIDVALIDITY 77)\r\n").uidvalidity == 77u);
  CHECK(ParseImapAnswers("* 1 FETCH (UID 0)\r\n* 2 FETCH (UID 99999999999)\r\n").messages.empty());
  CHECK(QuoteImapString("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(QuoteImapString("a\r\nb").empty());
}

TEST_CASE("the archive reader's answers are read, and refused when they lie", "[mail][pst]") {
  char kind = 0;
  uint64_t length = 0;
  CHECK(ParsePstAnswerHead("B 1234", &kind, &length));
  CHECK(kind == 'B');
  CHECK(length == 1234);
  CHECK(FormatPstAnswer('M', "abc") == "M 3\nabc");
  for (const char* bad :
       {"", "B", "B ", "B12", "B -1", "B 12x", "1 12", "B  12", "B 99999999999", "B 536870913"}) {
    INFO(bad);
    CHECK_FALSE(ParsePstAnswerHead(bad, &kind, &length));
  }
  CHECK(ParsePstAnswerHead("B 536870912", &kind, &length));  // kMaxPstAnswer exactly

  PstListedMessage listed;
  REQUIRE(
      ParsePstListing("200044\t1a2b-0\tBoîte de réception\tProjets 2019/2020\t..\t  ", &listed));
  CHECK(listed.node == 0x200044);
  CHECK(listed.change_token == "1a2b-0");
  CHECK(listed.folders ==
        std::vector<std::string>{"Boîte de réception", "Projets 2019 2020", "_", "_"});
  CHECK(ParsePstListing(FormatPstListing(listed), &listed));
  PstListedMessage top;
  REQUIRE(ParsePstListing("4004\tff-0\tcaf\xc3\xa9\xc2\x83\r1", &top));
  CHECK(top.folders == std::vector<std::string>{"café  1"});  // a C1 control, a CR
  REQUIRE(ParsePstListing("4004\tff-0", &top));
  CHECK(top.folders.empty());
  for (const char* bad : {"", "4004", "zz\tff-0", "4004\t", "4004\tff 0", "4004\tff-0\t\xff",
                          "11112222333344445\tff-0"}) {
    INFO(bad);
    CHECK_FALSE(ParsePstListing(bad, &listed));
  }
}
