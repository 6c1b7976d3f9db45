// What the imap source reads of an IMAP server's answers (RFC 3501) to the commands it sends
// itself (LIST, EXAMINE, UID SEARCH): the untagged lines, "* ...". Messages themselves are
// fetched by libcurl, which reads their literals. (libcurl passes on the answers of custom FETCH
// commands cut short: the source never sends one, but FETCH answers are read all the same.)
//
// Parses outside input: never fails, ignores what it does not know, skips the bytes of literals
// ("{12}" at the end of a line) it does not need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace synaps::connectors::mail {

struct ImapMessageInfo {
  uint32_t uid = 0;
  int64_t size = -1;       // RFC822.SIZE; -1 when not given
  bool seen = false;       // \Seen among its FLAGS
  bool has_flags = false;  // FLAGS were given
};

struct ImapMailbox {
  std::string name;        // as the server spells it (modified UTF-7)
  char delimiter = 0;      // the hierarchy delimiter; 0 for none (NIL)
  bool selectable = true;  // not \Noselect nor \NonExistent
};

struct ImapAnswers {
  std::optional<uint32_t> uidvalidity;  // "* OK [UIDVALIDITY n]" or "* STATUS ... (UIDVALIDITY n)"
  std::optional<uint32_t> exists;       // "* n EXISTS": messages in the mailbox
  std::optional<uint32_t> uidnext;      // "* OK [UIDNEXT n]": the next UID it will give
  std::vector<ImapMessageInfo> messages;  // "* n FETCH (UID u ...)", those with a UID
  std::vector<ImapMailbox> mailboxes;     // "* LIST (...) "/" name"
  std::vector<uint32_t> search;           // "* SEARCH 4 7 9": UIDs after UID SEARCH
};

ImapAnswers ParseImapAnswers(std::string_view text);

// `text` as an IMAP quoted string: "..." with '\\' and '"' escaped. Empty when `text` holds CR,
// LF or NUL, which no quoted string can.
std::string QuoteImapString(std::string_view text);

}  // namespace synaps::connectors::mail
