#include "dms-server/webdav/if_header.h"

namespace synaps::webdav {

using store::Result;
using store::Status;

namespace {

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ >= text_.size();
  }
  char Peek() {
    SkipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  bool Consume(std::string_view word) {
    SkipSpace();
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  // The text up to `close`, consumed with it; nullopt when it never comes.
  std::optional<std::string> Until(char close) {
    size_t end = text_.find(close, pos_);
    if (end == std::string_view::npos) return std::nullopt;
    std::string value(text_.substr(pos_, end - pos_));
    pos_ = end + 1;
    return value;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

Status Malformed() {
  return Status::Invalid("the If header does not follow RFC 4918's grammar");
}

}  // namespace

std::vector<std::string> IfHeader::Tokens() const {
  std::vector<std::string> tokens;
  for (const IfList& list : lists) {
    for (const IfCondition& condition : list.conditions) {
      if (!condition.state_token.empty() && !condition.negated) {
        tokens.push_back(condition.state_token);
      }
    }
  }
  return tokens;
}

Result<IfHeader> ParseIfHeader(std::string_view text) {
  IfHeader header;
  Reader in(text);
  std::optional<std::string> resource;
  bool tagged = false;
  while (!in.AtEnd()) {
    if (in.Consume("<")) {  // a Resource-Tag
      auto tag = in.Until('>');
      if (!tag || tag->empty()) return Malformed();
      if (header.lists.empty()) tagged = true;
      if (!tagged) return Malformed();  // tagged and untagged lists do not mix
      resource = *tag;
      continue;
    }
    if (!in.Consume("(")) return Malformed();
    if (tagged && !resource) return Malformed();
    IfList list;
    list.resource = resource;
    while (!in.Consume(")")) {
      if (in.AtEnd()) return Malformed();
      IfCondition condition;
      condition.negated = in.Consume("Not");
      if (in.Consume("<")) {
        auto token = in.Until('>');
        if (!token) return Malformed();
        condition.state_token = *token;
        if (condition.state_token.empty()) return Malformed();
      } else if (in.Consume("[")) {
        auto tag = in.Until(']');
        if (!tag || tag->empty()) return Malformed();
        condition.entity_tag = *tag;
      } else {
        return Malformed();
      }
      list.conditions.push_back(std::move(condition));
    }
    if (list.conditions.empty()) return Malformed();
    header.lists.push_back(std::move(list));
  }
  if (header.lists.empty()) return Malformed();
  return header;
}

namespace {

bool SameTag(std::string a, std::string b) {
  if (a.rfind("W/", 0) == 0) a = a.substr(2);
  if (b.rfind("W/", 0) == 0) b = b.substr(2);
  return a == b;
}

}  // namespace

bool Evaluate(const IfHeader& header,
              const std::function<ResourceState(const std::optional<std::string>&)>& state_of) {
  for (const IfList& list : header.lists) {
    ResourceState state = state_of(list.resource);
    bool holds = true;
    for (const IfCondition& condition : list.conditions) {
      bool value =
          condition.state_token.empty()
              ? !state.entity_tag.empty() && SameTag(condition.entity_tag, state.entity_tag)
              : state.has_token && state.has_token(condition.state_token);
      if (value == condition.negated) {
        holds = false;
        break;
      }
    }
    if (holds) return true;
  }
  return false;
}

}  // namespace synaps::webdav
