// Text the CLI prints, made safe for a terminal. Whatever the store holds (names, comments,
// tags, metadata: stored before they were validated, or read from files), a terminal never
// receives a control character it would act on (ESC sequences, CR, BEL, C1 controls) nor bytes
// that are not UTF-8: they are shown as \xNN (store::EscapeForDisplay). Tab and newline stay:
// they are the CLI's own columns and lines.
//
// Thread-safety: TerminalSafeStream changes a standard stream for the whole process; make it in
// main(), before any other thread exists.
#pragma once

#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace synaps::cli {

// `text` with every control character but tab and newline, and every byte that is not part of
// valid UTF-8, shown as \xNN.
std::string TerminalSafeText(std::string_view text);

// While it lives, what is written to `stream` reaches its former buffer through
// TerminalSafeText(), a line at a time (and whatever is pending on flush). Raw content
// (`synaps get` to standard output) is written to the file descriptor and never passes here.
// `stream` must outlive it.
class TerminalSafeStream {
 public:
  explicit TerminalSafeStream(std::ostream& stream);
  ~TerminalSafeStream();
  TerminalSafeStream(const TerminalSafeStream&) = delete;
  TerminalSafeStream& operator=(const TerminalSafeStream&) = delete;

 private:
  class Buffer : public std::streambuf {
   public:
    explicit Buffer(std::streambuf* target) : target_(target) {}
    // Writes out what is pending up to its last newline (everything when `all`).
    void Drain(bool all);

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* text, std::streamsize count) override;
    int sync() override;

   private:
    std::streambuf* target_;
    std::string pending_;  // a line is escaped whole: a UTF-8 character is never cut in two
  };

  std::ostream& stream_;
  Buffer buffer_;
  std::streambuf* former_;
};

}  // namespace synaps::cli
