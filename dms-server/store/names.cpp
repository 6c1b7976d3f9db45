#include "dms-server/store/names.h"

namespace synaps::store {

namespace {

// Whether a control character starts at byte `i` of `text`: C0 (U+0000..U+001F), DEL, or C1
// (U+0080..U+009F, "\xC2\x80".."\xC2\x9F"). A terminal or a log reader would act on them.
bool ControlAt(std::string_view text, size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x20 || c == 0x7F) return true;
  return c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
}

}  // namespace

std::string EscapeForDisplay(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    const size_t length = base::Utf8SequenceLength(text, i);
    if (length != 0 && !ControlAt(text, i)) {
      out.append(text.substr(i, length));
      i += length;
      continue;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
    ++i;
  }
  return out;
}

Status ValidateName(std::string_view name) {
  if (name.empty()) return Status::Invalid("a name cannot be empty");
  if (name.size() > 255) return Status::Invalid("name is longer than 255 bytes");
  if (!IsValidUtf8(name)) {
    return Status::Invalid("name '" + EscapeForDisplay(name) + "' is not valid UTF-8");
  }
  if (name == "." || name == "..") {
    return Status::Invalid("'" + std::string(name) + "' is not a valid name");
  }
  // Control characters first: messages below quote the name, escaped all the same since it
  // comes from outside and is shown to people and written to logs.
  for (size_t i = 0; i < name.size(); ++i) {
    if (ControlAt(name, i)) {
      return Status::Invalid("name '" + EscapeForDisplay(name) + "' contains a control character");
    }
  }
  if (name.find('/') != std::string_view::npos) {
    return Status::Invalid("name '" + EscapeForDisplay(name) + "' contains '/'");
  }
  if (name.find('\\') != std::string_view::npos) {
    return Status::Invalid("name '" + EscapeForDisplay(name) + "' contains '\\'");
  }
  if (name.front() == ' ' || name.back() == ' ') {
    return Status::Invalid("name '" + EscapeForDisplay(name) + "' starts or ends with a space");
  }
  return Status::Ok();
}

Status ValidateServiceCode(std::string_view code) {
  if (code.empty() || code.size() > 32) {
    return Status::Invalid("a service code has 1 to 32 characters");
  }
  for (char c : code) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) {
      return Status::Invalid("service code '" + EscapeForDisplay(code) +
                             "' may only use letters A-Z, digits, '-' and '_'");
    }
  }
  return Status::Ok();
}

Result<std::string> CanonicalServiceCode(std::string_view code) {
  SYNAPS_RETURN_IF_ERROR(ValidateServiceCode(code));
  std::string upper(code);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

std::string ServiceCodeForLookup(std::string_view code) {
  auto canonical = CanonicalServiceCode(code);
  return canonical.ok() ? *canonical : std::string(code);
}

bool SameServiceCode(std::string_view a, std::string_view b) {
  auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (upper(a[i]) != upper(b[i])) return false;
  }
  return true;
}

Status ValidateLabel(std::string_view what, std::string_view text, size_t max_bytes) {
  if (text.empty()) return Status::Invalid(std::string(what) + " cannot be empty");
  if (text.size() > max_bytes) {
    return Status::Invalid(std::string(what) + " is longer than " + std::to_string(max_bytes) +
                           " bytes");
  }
  if (!IsValidUtf8(text)) return Status::Invalid(std::string(what) + " is not valid UTF-8");
  for (size_t i = 0; i < text.size(); ++i) {
    if (ControlAt(text, i)) {
      return Status::Invalid(std::string(what) + " contains a control character");
    }
  }
  return Status::Ok();
}

Status ValidateComment(std::string_view comment) {
  if (comment.size() > kMaxCommentBytes) {
    return Status::Invalid("comment is longer than " + std::to_string(kMaxCommentBytes) + " bytes");
  }
  if (!IsValidUtf8(comment)) return Status::Invalid("comment is not valid UTF-8");
  for (size_t i = 0; i < comment.size(); ++i) {
    if (ControlAt(comment, i) && comment[i] != '\t' && comment[i] != '\n') {
      return Status::Invalid("comment contains a control character (only tab and newline may)");
    }
  }
  return Status::Ok();
}

namespace {

std::vector<std::string_view> SplitSlashes(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

std::string NormalizeMemberPath(std::string_view path) {
  std::string slashes(path);
  for (char& c : slashes) {
    if (c == '\\') c = '/';
  }
  std::string normal;
  for (std::string_view part : SplitSlashes(slashes)) {
    if (part == "." || part == "..") continue;
    if (!normal.empty()) normal += '/';
    normal += part;
  }
  return normal.empty() ? "unnamed" : normal;
}

bool IsAtOrBeneath(std::string_view path, std::string_view root) {
  return path.size() >= root.size() && path.compare(0, root.size(), root) == 0 &&
         (path.size() == root.size() || path[root.size()] == '/');
}

Result<std::vector<std::string>> ParseFolderPath(std::string_view path) {
  std::vector<std::string> names;
  for (std::string_view part : SplitSlashes(path)) {
    SYNAPS_RETURN_IF_ERROR(ValidateName(part));
    names.emplace_back(part);
  }
  return names;
}

Result<StorePath> ParseStorePath(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return Status::Invalid("a path starts with '/SERVICE', e.g. /CAB/notes/file.pdf");
  }
  auto parts = SplitSlashes(path);
  if (parts.empty()) return Status::Invalid("a path names at least a service: /CAB");
  StorePath parsed;
  SYNAPS_ASSIGN_OR_RETURN(parsed.service_code, CanonicalServiceCode(parts.front()));
  for (size_t i = 1; i < parts.size(); ++i) {
    SYNAPS_RETURN_IF_ERROR(ValidateName(parts[i]));
    parsed.names.emplace_back(parts[i]);
  }
  return parsed;
}

}  // namespace synaps::store
