#include "dms-server/cli/terminal_text.h"

#include "dms-server/store/names.h"

namespace synaps::cli {

std::string TerminalSafeText(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("\t\n", start);
    if (end == std::string_view::npos) end = text.size();
    out += store::EscapeForDisplay(text.substr(start, end - start));
    if (end < text.size()) out.push_back(text[end]);
    start = end + 1;
  }
  return out;
}

TerminalSafeStream::TerminalSafeStream(std::ostream& stream)
    : stream_(stream), buffer_(stream.rdbuf()), former_(stream.rdbuf(&buffer_)) {}

TerminalSafeStream::~TerminalSafeStream() {
  buffer_.Drain(true);
  stream_.rdbuf(former_);
  stream_.flush();
}

void TerminalSafeStream::Buffer::Drain(bool all) {
  size_t end = pending_.size();
  if (!all) {
    size_t newline = pending_.rfind('\n');
    if (newline == std::string::npos) return;
    end = newline + 1;
  }
  std::string safe = TerminalSafeText(std::string_view(pending_).substr(0, end));
  target_->sputn(safe.data(), static_cast<std::streamsize>(safe.size()));
  pending_.erase(0, end);
}

TerminalSafeStream::Buffer::int_type TerminalSafeStream::Buffer::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  pending_.push_back(traits_type::to_char_type(c));
  if (c == '\n') Drain(false);
  return c;
}

std::streamsize TerminalSafeStream::Buffer::xsputn(const char* text, std::streamsize count) {
  pending_.append(text, static_cast<size_t>(count));
  if (std::string_view(text, static_cast<size_t>(count)).find('\n') != std::string_view::npos) {
    Drain(false);
  }
  return count;
}

int TerminalSafeStream::Buffer::sync() {
  Drain(true);
  return target_->pubsync();
}

}  // namespace synaps::cli
