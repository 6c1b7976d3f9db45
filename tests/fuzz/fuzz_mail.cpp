// Fuzzes what the mail sources parse of outside input (connectors/mail/): the mbox framing, a
// message's header and parts, and mailbox names. Every input goes through all of them.
//
// Properties, beyond "no crash":
//   * the mbox splitter gives the same messages whatever the chunks it is fed in (whole, and
//     cut at sizes taken from the input); the messages lie within the input, in order, without
//     overlapping, each right after a line that starts with "From ", each with the hash of its
//     bytes; their ids are printable ASCII; unquoting never makes a message longer;
//   * a parsed header gives a valid document name, and metadata that the store accepts (valid
//     UTF-8 without control characters, at most 4,000 bytes);
//   * at most kMaxParts parts, each with a valid document name beside its message;
//   * IMAP answers give UIDs and a UIDVALIDITY that are never 0, mailboxes with a name;
//   * a decoded mailbox name is valid UTF-8, and a name encoded then decoded comes back;
//   * an answer head of the archive reader (pst_answers.h) is read back as written, with a
//     length within kMaxPstAnswer; a listing gives folder names the store accepts and a token
//     of letters, digits and '-', and is read back the same once written.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/mail/imap_answers.h"
#include "connectors/mail/mail_message.h"
#include "connectors/mail/mailbox_name.h"
#include "connectors/mail/mbox_splitter.h"
#include "connectors/mail/pst_answers.h"
#include "dms-server/store/names.h"
#include "tests/fuzz/fuzz_support.h"

using namespace synaps::connectors::mail;

namespace {

void Check(bool holds, const char* property, std::string_view input) {
  FUZZ_CHECK(holds, std::string(property) + ": " + synaps::fuzz::Preview(input));
}

std::vector<MboxMessage> Split(std::string_view bytes, size_t chunk) {
  std::vector<MboxMessage> messages;
  MboxSplitter splitter([&](const MboxMessage& m) { messages.push_back(m); });
  for (size_t at = 0; at < bytes.size(); at += chunk) splitter.Feed(bytes.substr(at, chunk));
  splitter.Finish();
  return messages;
}

void FuzzMbox(std::string_view input) {
  auto whole = Split(input, input.size() + 1);
  uint64_t end = 0;
  for (const MboxMessage& m : whole) {
    if (m.length == 0) continue;  // a "From " line that ends the input
    Check(m.offset >= end && m.offset + m.length <= input.size(), "mbox bounds", input);
    size_t line = input.rfind('\n', m.offset >= 2 ? m.offset - 2 : 0);
    line = (line == std::string_view::npos || m.offset < 2) ? 0 : line + 1;
    Check(input.substr(line, 5) == "From ", "mbox from line", input);
    for (char c : m.message_id) Check(c > 32 && c < 127, "mbox id", input);
    std::string_view stored = input.substr(m.offset, m.length);
    Check(m.hash == MboxHash(stored), "mbox hash", input);
    Check(UnquoteMboxMessage(stored).size() <= stored.size(), "mbox unquote", input);
    end = m.offset + m.length;
  }
  size_t chunk = input.empty() ? 1 : 1 + static_cast<unsigned char>(input[0]) % 13;
  auto pieces = Split(input, chunk);
  Check(pieces.size() == whole.size(), "mbox chunks", input);
  for (size_t i = 0; i < pieces.size() && i < whole.size(); ++i) {
    Check(pieces[i].offset == whole[i].offset && pieces[i].length == whole[i].length &&
              pieces[i].hash == whole[i].hash && pieces[i].message_id == whole[i].message_id,
          "mbox chunks", input);
  }
}

bool CleanValue(const std::string& value) {
  return synaps::fuzz::IsStrictUtf8(value) && !synaps::fuzz::HasAsciiControl(value) &&
         !synaps::fuzz::HasC1Control(value) && value.size() <= 4000;
}

void FuzzMessage(std::string_view input) {
  auto header = ParseMailHeader(input);
  std::string name = "message [x].eml";
  if (header.ok()) {
    name = MailDocumentName(*header, input.substr(0, 16));
    Check(synaps::store::ValidateName(name).ok(), "mail name", input);
    for (const auto& [key, value] : MailMetadata(*header)) {
      Check(!value.empty() && CleanValue(value), "mail metadata", input);
    }
  }
  auto parts = ParseMailParts(input);
  Check(parts.size() <= kMaxParts, "mail parts", input);
  for (const std::string& part : PartDocumentNames(name, parts)) {
    Check(synaps::store::ValidateName(part).ok(), "part name", input);
  }
}

void FuzzImapAnswers(std::string_view input) {
  auto answers = ParseImapAnswers(input);
  for (const auto& message : answers.messages) Check(message.uid != 0, "imap uid", input);
  for (uint32_t uid : answers.search) Check(uid != 0, "imap search", input);
  for (const auto& mailbox : answers.mailboxes) Check(!mailbox.name.empty(), "imap list", input);
  Check(!answers.uidvalidity || *answers.uidvalidity != 0, "imap uidvalidity", input);
}

void FuzzMailboxName(std::string_view input) {
  std::string decoded = DecodeMailboxName(input);
  Check(synaps::fuzz::IsStrictUtf8(decoded), "mailbox utf8", input);
  if (synaps::fuzz::IsStrictUtf8(input) && !synaps::fuzz::HasAsciiControl(input) &&
      !synaps::fuzz::HasC1Control(input)) {
    Check(DecodeMailboxName(EncodeMailboxName(input)) == input, "mailbox round trip", input);
  }
}

void FuzzPstAnswers(std::string_view input) {
  const std::string_view line = input.substr(0, input.find('\n'));
  char kind = 0;
  uint64_t length = 0;
  if (ParsePstAnswerHead(line, &kind, &length)) {
    Check(length <= kMaxPstAnswer, "pst answer length", input);
    const std::string again = FormatPstAnswer(kind, std::string(length % 4096, 'x'));
    char kind2 = 0;
    uint64_t length2 = 0;
    Check(ParsePstAnswerHead(again.substr(0, again.find('\n')), &kind2, &length2) &&
              kind2 == kind && length2 == length % 4096,
          "pst answer round trip", input);
  }
  PstListedMessage listed;
  if (ParsePstListing(input, &listed)) {
    for (const std::string& folder : listed.folders) {
      Check(synaps::store::ValidateName(folder).ok(), "pst folder name", input);
    }
    for (char c : listed.change_token)
      Check(std::isalnum(static_cast<unsigned char>(c)) || c == '-', "pst token", input);
    PstListedMessage again;
    Check(ParsePstListing(FormatPstListing(listed), &again) && again.node == listed.node &&
              again.change_token == listed.change_token && again.folders == listed.folders,
          "pst listing round trip", input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  FuzzMbox(input);
  FuzzMessage(input);
  FuzzImapAnswers(input);
  FuzzMailboxName(input.substr(0, 512));
  FuzzPstAnswers(input);
  return 0;
}
