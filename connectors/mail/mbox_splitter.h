// MboxSplitter: cuts an mbox file into its messages as its bytes pass, in chunks of any size,
// without holding more than a message's header in memory.
//
// A message starts after a "From " line that begins the file or follows an empty line; it ends
// before the empty line that precedes the next "From " line (or before the file's last empty
// line). Lines of the body that mbox writers quoted (">From ", ">>From " in mboxrd) are kept
// quoted here; UnquoteMboxMessage() gives the message as it was. Content-Length headers
// (mboxcl2) are not trusted. Bytes before the first "From " line are no message (`skipped()`).
//
// Parses outside input: it never fails, never reads beyond what it is given, and keeps at most
// kMaxMboxHeaderBytes per message. Not thread-safe; one per file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace synaps::connectors::mail {

inline constexpr size_t kMaxMboxHeaderBytes = 64 * 1024;

struct MboxMessage {
  uint64_t offset = 0;     // of its first byte in the file (after its "From " line)
  uint64_t length = 0;     // its bytes in the file, quoted lines as they are
  uint64_t hash = 0;       // MboxHash() of those bytes
  std::string message_id;  // its Message-ID without the angle brackets; may be empty
};

// FNV-1a (64 bits) of `bytes`, continuing from `hash`: what MboxMessage::hash holds.
inline constexpr uint64_t kMboxHashStart = 14695981039346656037ull;
uint64_t MboxHash(std::string_view bytes, uint64_t hash = kMboxHashStart);

class MboxSplitter {
 public:
  using Callback = std::function<void(const MboxMessage&)>;
  explicit MboxSplitter(Callback callback) : callback_(std::move(callback)) {}

  // The next bytes of the file.
  void Feed(std::string_view bytes);
  // The end of the file: reports the last message.
  void Finish();

  // Bytes before the first "From " line (0 for a well-formed mbox).
  uint64_t skipped() const { return first_message_ ? first_offset_ : offset_; }

 private:
  void LineStarts();
  // Once the first bytes of a line tell whether it starts a message: hashes what belongs to
  // the current message.
  void Decide();
  void LineEnds();
  void EndMessage(uint64_t end);

  Callback callback_;
  uint64_t offset_ = 0;  // bytes fed so far
  // The current line.
  uint64_t line_start_ = 0;
  std::string line_head_;   // its first bytes, up to 5 ("From "), not hashed yet
  bool decided_ = false;    // whether Decide() ran for it
  bool line_empty_ = true;  // nothing but an optional '\r' so far
  bool in_from_line_ = false;
  // An empty line not hashed yet: it separates messages when a "From " line follows.
  std::string pending_;
  uint64_t hash_ = kMboxHashStart;
  // The line before it.
  bool previous_empty_ = true;  // the file's start counts as an empty line
  uint64_t previous_start_ = 0;
  // The current message.
  bool in_message_ = false;
  bool first_message_ = false;
  uint64_t first_offset_ = 0;
  uint64_t message_start_ = 0;
  bool in_header_ = false;
  std::string header_;
};

// The Message-ID in a header block ("Message-ID: <a@b>", any case, folded or not), without the
// angle brackets: printable ASCII only, at most 998 bytes; "" when there is none.
std::string FindMessageId(std::string_view header);

// `stored` with one '>' removed from the start of each line that matches ">+From " (mboxrd).
std::string UnquoteMboxMessage(std::string_view stored);

}  // namespace synaps::connectors::mail
