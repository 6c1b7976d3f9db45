#include "connectors/mail/pst_answers.h"

#include <charconv>

#include "dms-server/store/names.h"

namespace synaps::connectors::mail {

namespace {

constexpr size_t kMaxName = 255;

bool IsControl(unsigned char c) {
  return c < 0x20 || c == 0x7F;
}

std::string FolderForStore(const std::string& given) {
  std::string name;
  for (size_t i = 0; i < given.size(); ++i) {
    const auto c = static_cast<unsigned char>(given[i]);
    if (c == 0xC2 && i + 1 < given.size() && static_cast<unsigned char>(given[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(given[i + 1]) <= 0x9F) {
      name.push_back(' ');  // a C1 control (U+0080 to U+009F)
      ++i;
    } else if (c == '/' || c == '\\' || IsControl(c)) {
      name.push_back(' ');
    } else {
      name.push_back(static_cast<char>(c));
    }
  }
  if (name.size() > kMaxName) {
    size_t cut = kMaxName;
    // Never in the middle of a character: continuation bytes are 10xxxxxx.
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    name.resize(cut);
  }
  const size_t first = name.find_first_not_of(' ');
  if (first == std::string::npos) return "_";
  name = name.substr(first, name.find_last_not_of(' ') - first + 1);
  if (name == "." || name == "..") return "_";
  return name;
}

}  // namespace

std::string FormatPstAnswer(char kind, std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 24);
  out.push_back(kind);
  out += ' ';
  out += std::to_string(payload.size());
  out += '\n';
  out += payload;
  return out;
}

bool ParsePstAnswerHead(std::string_view line, char* kind, uint64_t* length) {
  if (line.size() < 3 || line.size() > kMaxPstAnswerHead || line[1] != ' ') return false;
  const char letter = line[0];
  if (!((letter >= 'A' && letter <= 'Z') || (letter >= 'a' && letter <= 'z'))) return false;
  const std::string_view digits = line.substr(2);
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  uint64_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || value > kMaxPstAnswer) {
    return false;
  }
  *kind = letter;
  *length = value;
  return true;
}

std::string FormatPstListing(const PstListedMessage& message) {
  char node[17];
  auto end = std::to_chars(node, node + sizeof node, message.node, 16).ptr;
  std::string out(node, end);
  out += '\t';
  out += message.change_token;
  for (std::string folder : message.folders) {
    for (char& c : folder) {
      if (IsControl(static_cast<unsigned char>(c))) c = ' ';
    }
    out += '\t';
    out += folder;
  }
  return out;
}

bool ParsePstListing(std::string_view payload, PstListedMessage* message) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  for (;;) {
    const size_t tab = payload.find('\t', start);
    fields.push_back(payload.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if (fields.size() < 2 || fields[0].empty() || fields[0].size() > 16 || fields[1].empty() ||
      fields[1].size() > 64) {
    return false;
  }
  uint64_t node = 0;
  auto [end, error] =
      std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), node, 16);
  if (error != std::errc() || end != fields[0].data() + fields[0].size()) return false;
  for (char c : fields[1]) {
    const bool allowed =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    if (!allowed) return false;
  }
  PstListedMessage parsed;
  parsed.node = node;
  parsed.change_token = std::string(fields[1]);
  for (size_t i = 2; i < fields.size(); ++i) {
    if (!store::IsValidUtf8(fields[i])) return false;
    parsed.folders.push_back(FolderForStore(std::string(fields[i])));
  }
  *message = std::move(parsed);
  return true;
}

}  // namespace synaps::connectors::mail
