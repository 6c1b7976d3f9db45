// What the mail sources (maildir, mbox, pst, imap) learn from a message before and after it is
// stored: its header (for the document's name and the thread metadata) and its parts (the
// attachments and attached messages that become documents of their own).
//
// These parse outside input in the ingest process, with GMime 3, within bounds: a header block
// of at most kMaxHeaderBytes is read, MIME parts nest at most kMaxPartDepth deep and at most
// kMaxParts are kept. A message that is broken (missing boundaries, wrong or unknown charsets,
// raw 8-bit headers) gives what can be read of it; only bytes that do not start with a header
// line are refused ("not a mail"). Full text extraction stays in the isolated workers of the
// indexer.
//
// Thread-safe: no shared state (GMime is initialised once, on first use).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/source/source.h"
#include "dms-server/store/status.h"

namespace synaps::connectors::mail {

inline constexpr size_t kMaxHeaderBytes = 256 * 1024;
inline constexpr int kMaxPartDepth = 32;
inline constexpr size_t kMaxParts = 256;

struct MailHeader {
  std::string message_id;               // without the angle brackets; may be empty
  std::string in_reply_to;              // the first id of In-Reply-To; may be empty
  std::vector<std::string> references;  // the ids of References, oldest first
  std::string subject;                  // decoded, one line of UTF-8; may be empty
  int64_t date = 0;                     // Date, Unix seconds; 0 when missing or unreadable
  int date_offset_minutes = 0;          // the zone the Date was written in (+0100: 60)

  // The id of the thread the message belongs to: the first of References, else In-Reply-To,
  // else its own Message-ID; empty when it has none of these.
  std::string Thread() const;
};

// Parses the header block at the start of `bytes` (up to the first empty line, or its first
// kMaxHeaderBytes). InvalidArgument "not a mail: ..." when `bytes` does not start with a header
// line ("Name: value"). A header that cannot be read is left empty.
store::Result<MailHeader> ParseMailHeader(std::string_view bytes);

// What is recorded on the message's document: mail.message_id, mail.in_reply_to,
// mail.references (as many of the latest ids as fit), mail.thread (see MailHeader::Thread) and
// synaps.parts = "documents" (its parts are documents of their own, not indexed again inside
// it). Each value is one line of valid UTF-8 of at most 4,000 bytes; empty ones are left out.
EntryMetadata MailMetadata(const MailHeader& header);

// The document name of a message: "2026-03-05 10h42 Subject [k3x9q2mf].eml", the date in the
// zone it was written in, the subject cleaned up to a valid name of at most 120 bytes
// ("(sans objet)" when empty), and a tag derived from `key` that keeps two messages of the same
// minute and subject apart. Always a valid store name.
std::string MailDocumentName(const MailHeader& header, std::string_view key);

// One part of a message that becomes a document of its own.
struct MailPart {
  std::string file_name;  // as the message names it (sanitised), or "piece-jointe-N"
  std::string bytes;      // decoded content (an attached message: its raw text)
};

// The attachments and attached messages of the message held in `file` (depth first, in
// order), each decoded, at most kMaxParts of them (`truncated` says when more were left out).
// The same rule as the indexer's mail extractor: a leaf part is an attachment when it says so or
// when it has a file name and is neither text/plain nor text/html; of a multipart/alternative
// only the part shown is read. IoError when the file cannot be read.
store::Result<std::vector<MailPart>> ReadMailParts(const std::filesystem::path& file,
                                                   bool* truncated = nullptr);
// The same over bytes in memory (tests and the fuzzer).
std::vector<MailPart> ParseMailParts(std::string_view bytes, bool* truncated = nullptr);

// The names of the parts as documents beside their message: "<message name without .eml> -
// <file name>", unique among them (" (2)" before the extension for a repeated name), each a
// valid store name of at most 255 bytes.
std::vector<std::string> PartDocumentNames(std::string_view message_name,
                                           const std::vector<MailPart>& parts);

// A short tag of `key` (8 characters of [0-9a-z]), the same for the same key on every run.
std::string KeyTag(std::string_view key);

// `text` made a valid store name: control characters, '/' and '\\' become spaces, spaces are
// collapsed and trimmed, invalid UTF-8 replaced, cut at a character boundary to `max_bytes`;
// `fallback` when nothing is left.
std::string CleanName(std::string_view text, size_t max_bytes, std::string_view fallback);

}  // namespace synaps::connectors::mail
