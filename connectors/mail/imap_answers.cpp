#include "connectors/mail/imap_answers.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace synaps::connectors::mail {

namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// A number of at most 10 digits at the start of `text`, or nullopt.
std::optional<uint64_t> Number(std::string_view text, size_t* used = nullptr) {
  size_t n = 0;
  uint64_t value = 0;
  while (n < text.size() && n < 10 && std::isdigit(static_cast<unsigned char>(text[n]))) {
    value = value * 10 + static_cast<uint64_t>(text[n] - '0');
    ++n;
  }
  if (n == 0) return std::nullopt;
  if (used != nullptr) *used = n;
  return value;
}

std::optional<uint32_t> Uid32(std::optional<uint64_t> value) {
  if (!value || *value == 0 || *value > 0xffffffffu) return std::nullopt;
  return static_cast<uint32_t>(*value);
}

// A tokenizer over one line: atoms, quoted strings, parenthesised lists as one token each.
class Tokens {
 public:
  explicit Tokens(std::string_view line) : line_(line) {}

  bool Done() {
    SkipSpaces();
    return at_ >= line_.size();
  }

  // The next token as it is written ("(a b)" for a list, "\"x\"" for a quoted string).
  std::string_view Next() {
    SkipSpaces();
    size_t start = at_;
    if (at_ >= line_.size()) return {};
    char c = line_[at_];
    if (c == '"') {
      ++at_;
      while (at_ < line_.size() && line_[at_] != '"') at_ += line_[at_] == '\\' ? 2 : 1;
      at_ = std::min(at_ + 1, line_.size());
    } else if (c == '(' || c == '[') {
      char open = c, close = c == '(' ? ')' : ']';
      int depth = 0;
      while (at_ < line_.size()) {
        if (line_[at_] == open) ++depth;
        if (line_[at_] == close && --depth == 0) {
          ++at_;
          break;
        }
        ++at_;
      }
    } else {
      while (at_ < line_.size() && line_[at_] != ' ' && line_[at_] != '(' && line_[at_] != ')') {
        ++at_;
      }
      if (at_ == start) ++at_;  // a stray ')'
    }
    return line_.substr(start, at_ - start);
  }

 private:
  void SkipSpaces() {
    while (at_ < line_.size() && line_[at_] == ' ') ++at_;
  }
  std::string_view line_;
  size_t at_ = 0;
};

std::string_view Inner(std::string_view list) {
  if (list.size() >= 2 && (list.front() == '(' || list.front() == '[')) {
    return list.substr(1, list.size() - 2 + (list.back() == ')' || list.back() == ']' ? 0 : 1));
  }
  return list;
}

std::string Unquote(std::string_view token) {
  if (token.empty() || token.front() != '"') return std::string(token);
  std::string out;
  for (size_t i = 1; i < token.size(); ++i) {
    if (token[i] == '"') break;
    if (token[i] == '\\' && i + 1 < token.size()) ++i;
    out.push_back(token[i]);
  }
  return out;
}

void ParseFetch(std::string_view items, ImapAnswers& answers) {
  Tokens tokens(Inner(items));
  ImapMessageInfo info;
  std::optional<uint32_t> uid;
  while (!tokens.Done()) {
    std::string_view name = tokens.Next();
    if (tokens.Done()) break;
    std::string_view value = tokens.Next();
    if (EqualsNoCase(name, "UID")) {
      uid = Uid32(Number(value));
    } else if (EqualsNoCase(name, "RFC822.SIZE")) {
      if (auto size = Number(value)) info.size = static_cast<int64_t>(*size);
    } else if (EqualsNoCase(name, "FLAGS")) {
      info.has_flags = true;
      Tokens flags(Inner(value));
      while (!flags.Done()) {
        if (EqualsNoCase(flags.Next(), "\\Seen")) info.seen = true;
      }
    }
  }
  if (!uid) return;
  info.uid = *uid;
  answers.messages.push_back(info);
}

void ParseLine(std::string_view line, ImapAnswers& answers) {
  if (line.substr(0, 2) != "* ") return;
  Tokens tokens(line.substr(2));
  std::string_view first = tokens.Next();
  if (EqualsNoCase(first, "OK")) {
    std::string_view code = Inner(tokens.Next());
    Tokens inside(code);
    std::string_view code_name = inside.Next();
    if (EqualsNoCase(code_name, "UIDVALIDITY")) {
      if (auto value = Uid32(Number(inside.Next()))) answers.uidvalidity = value;
    } else if (EqualsNoCase(code_name, "UIDNEXT")) {
      if (auto value = Uid32(Number(inside.Next()))) answers.uidnext = value;
    }
  } else if (EqualsNoCase(first, "STATUS")) {
    tokens.Next();  // the mailbox
    Tokens items(Inner(tokens.Next()));
    while (!items.Done()) {
      std::string_view name = items.Next();
      std::string_view value = items.Next();
      if (EqualsNoCase(name, "UIDVALIDITY")) {
        if (auto parsed = Uid32(Number(value))) answers.uidvalidity = parsed;
      }
    }
  } else if (EqualsNoCase(first, "SEARCH")) {
    while (!tokens.Done()) {
      if (auto uid = Uid32(Number(tokens.Next()))) answers.search.push_back(*uid);
    }
  } else if (EqualsNoCase(first, "LIST")) {
    ImapMailbox mailbox;
    Tokens flags(Inner(tokens.Next()));
    while (!flags.Done()) {
      std::string_view flag = flags.Next();
      if (EqualsNoCase(flag, "\\Noselect") || EqualsNoCase(flag, "\\NonExistent")) {
        mailbox.selectable = false;
      }
    }
    std::string delimiter = Unquote(tokens.Next());
    mailbox.delimiter = delimiter.size() == 1 && !EqualsNoCase(delimiter, "NIL") ? delimiter[0] : 0;
    std::string_view name = tokens.Next();
    if (name.empty() || name.front() == '{') return;  // a literal name: not read here
    mailbox.name = Unquote(name);
    if (!mailbox.name.empty()) answers.mailboxes.push_back(std::move(mailbox));
  } else if (auto number = Number(first)) {
    std::string_view what = tokens.Next();
    if (EqualsNoCase(what, "FETCH")) {
      ParseFetch(tokens.Next(), answers);
    } else if (EqualsNoCase(what, "EXISTS") && *number <= 0xffffffffu) {
      answers.exists = static_cast<uint32_t>(*number);
    }
  }
}

}  // namespace

ImapAnswers ParseImapAnswers(std::string_view text) {
  ImapAnswers answers;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    at = end + 1;
    // A literal's bytes follow the line that announces it: skipped, whatever they hold.
    if (!line.empty() && line.back() == '}') {
      size_t open = line.rfind('{');
      size_t used = 0;
      auto length =
          open == std::string_view::npos ? std::nullopt : Number(line.substr(open + 1), &used);
      if (length && open + 1 + used + 1 == line.size()) {
        at = static_cast<size_t>(std::min<uint64_t>(text.size(), at + *length));
        continue;
      }
    }
    ParseLine(line, answers);
  }
  return answers;
}

std::string QuoteImapString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\r' || c == '\n' || c == '\0') return {};
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace synaps::connectors::mail
