#include "connectors/mail/mbox_splitter.h"

#include <algorithm>
#include <cctype>

namespace synaps::connectors::mail {

uint64_t MboxHash(std::string_view bytes, uint64_t hash) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

void MboxSplitter::Feed(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (offset_ == line_start_) LineStarts();
    if (!decided_) {
      line_head_.push_back(c);
      if (line_head_.size() == 5 || c == '\n') Decide();
    } else if (in_message_ && !in_from_line_) {
      hash_ = MboxHash(std::string_view(&c, 1), hash_);
    }
    if (c != '\n' && !(c == '\r' && line_empty_ && offset_ == line_start_)) line_empty_ = false;
    if (in_header_ && !in_from_line_ && header_.size() < kMaxMboxHeaderBytes) header_.push_back(c);
    ++offset_;
    if (c == '\n') LineEnds();
  }
}

void MboxSplitter::LineStarts() {
  line_head_.clear();
  decided_ = false;
  line_empty_ = true;
  in_from_line_ = false;
}

void MboxSplitter::Decide() {
  decided_ = true;
  in_from_line_ = line_head_ == "From " && previous_empty_;
  if (in_from_line_ || !in_message_) return;  // a pending empty line separates: not hashed
  hash_ = MboxHash(pending_, hash_);
  pending_.clear();
  if (line_head_ == "\n" || line_head_ == "\r\n") {
    pending_ = line_head_;
  } else {
    hash_ = MboxHash(line_head_, hash_);
  }
}

void MboxSplitter::LineEnds() {
  if (in_from_line_) {
    // The previous message ends before the empty line that precedes this one.
    if (in_message_) EndMessage(previous_start_);
    if (!first_message_) {
      first_message_ = true;
      first_offset_ = line_start_;
    }
    in_message_ = true;
    message_start_ = offset_;
    in_header_ = true;
    header_.clear();
    previous_empty_ = false;
  } else {
    if (in_header_ && line_empty_) in_header_ = false;
    previous_empty_ = line_empty_;
  }
  previous_start_ = line_start_;
  line_start_ = offset_;
}

void MboxSplitter::EndMessage(uint64_t end) {
  MboxMessage message;
  message.offset = message_start_;
  message.length = std::max(end, message_start_) - message_start_;
  message.hash = hash_;
  message.message_id = FindMessageId(header_);
  header_.clear();
  pending_.clear();
  hash_ = kMboxHashStart;
  in_message_ = false;
  callback_(message);
}

void MboxSplitter::Finish() {
  if (offset_ != line_start_) {
    // A last line without its newline.
    if (!decided_) Decide();
    if (in_from_line_) {
      // A "From " line with nothing after it: it only ends the message before it.
      if (in_message_) EndMessage(previous_start_);
    } else if (in_message_) {
      hash_ = MboxHash(pending_, hash_);
      pending_.clear();
      EndMessage(offset_);
    }
  } else if (in_message_) {
    // The file's last empty line separates, like the one before a "From " line.
    if (!previous_empty_ || previous_start_ < message_start_) {
      hash_ = MboxHash(pending_, hash_);
      pending_.clear();
    }
    EndMessage(previous_empty_ && previous_start_ >= message_start_ ? previous_start_ : offset_);
  }
  line_start_ = offset_;
  in_header_ = false;
}

std::string FindMessageId(std::string_view header) {
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find('\n', at);
    if (end == std::string_view::npos) end = header.size();
    std::string_view line = header.substr(at, end - at);
    at = end + 1;
    if (line.size() < 11) continue;
    std::string name(line.substr(0, 11));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name != "message-id:") continue;
    // The value, with its continuation lines.
    std::string value(line.substr(11));
    while (at < header.size() && (header[at] == ' ' || header[at] == '\t')) {
      end = header.find('\n', at);
      if (end == std::string_view::npos) end = header.size();
      value += header.substr(at, end - at);
      at = end + 1;
    }
    size_t open = value.find('<');
    size_t close = open == std::string::npos ? open : value.find('>', open + 1);
    std::string id = open == std::string::npos || close == std::string::npos
                         ? value
                         : value.substr(open + 1, close - open - 1);
    std::string clean;
    for (char c : id) {
      if (c > 32 && c < 127) clean.push_back(c);
    }
    if (clean.size() > 998) clean.resize(998);
    return clean;
  }
  return {};
}

std::string UnquoteMboxMessage(std::string_view stored) {
  std::string out;
  out.reserve(stored.size());
  size_t at = 0;
  while (at < stored.size()) {
    size_t end = stored.find('\n', at);
    end = end == std::string_view::npos ? stored.size() : end + 1;
    std::string_view line = stored.substr(at, end - at);
    size_t quotes = line.find_first_not_of('>');
    if (quotes != std::string_view::npos && quotes > 0 && line.substr(quotes, 5) == "From ") {
      line.remove_prefix(1);
    }
    out += line;
    at = end;
  }
  return out;
}

}  // namespace synaps::connectors::mail
