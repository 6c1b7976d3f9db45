#include "indexer/text/unicode_fold.h"

#include <utf8proc.h>

#include <cstdlib>

namespace synaps::indexer::text {
namespace {

constexpr auto kFoldOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
    UTF8PROC_IGNORE | UTF8PROC_STRIPCC);

// utf8proc refuses a whole string for one bad byte; extracted text often has some.
std::string ReplaceInvalidUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  const auto* data = reinterpret_cast<const utf8proc_uint8_t*>(in.data());
  std::size_t pos = 0;
  while (pos < in.size()) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n =
        utf8proc_iterate(data + pos, static_cast<utf8proc_ssize_t>(in.size() - pos), &cp);
    if (n <= 0 || cp < 0) {
      out += "\xEF\xBF\xBD";
      ++pos;
      continue;
    }
    out.append(in.substr(pos, static_cast<std::size_t>(n)));
    pos += static_cast<std::size_t>(n);
  }
  return out;
}

// Appends utf8proc's mapping of `in` to *out; false if `in` is not valid UTF-8.
bool AppendMapped(std::string_view in, std::string* out) {
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t len =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(in.data()),
                   static_cast<utf8proc_ssize_t>(in.size()), &mapped, kFoldOptions);
  if (len >= 0) out->append(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(len));
  std::free(mapped);
  return len >= 0;
}

void AppendMappedOrReplaced(std::string_view in, std::string* out) {
  if (!AppendMapped(in, out)) AppendMapped(ReplaceInvalidUtf8(in), out);
}

bool IsAsciiLetterOrDigit(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Control characters that utf8proc drops rather than turns into a space.
bool IsDroppedControl(unsigned char c) {
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r') || c == 0x7F;
}

// Bytes that stay inside one piece of text handed to utf8proc. Dropped controls belong here:
// once utf8proc has dropped them, what was on either side can compose (Hangul jamo).
bool IsWordByte(unsigned char c) {
  return c >= 0x80 || IsAsciiLetterOrDigit(c) || IsDroppedControl(c);
}

}  // namespace

std::string FoldUnicode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    // utf8proc turns CR LF into one space even when marks or ignorable characters, which it
    // drops, stand between them: a CR before non-ASCII text goes to utf8proc with it.
    const bool cr_before_unicode =
        c == '\r' && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) >= 0x80;
    if (IsWordByte(c) || cr_before_unicode) {
      // A word: up to the next ASCII space, punctuation or line break.
      std::size_t end = cr_before_unicode ? i + 1 : i;
      bool ascii = !cr_before_unicode;
      while (end < in.size() && IsWordByte(static_cast<unsigned char>(in[end]))) {
        if (static_cast<unsigned char>(in[end]) >= 0x80) ascii = false;
        ++end;
      }
      if (cr_before_unicode && end < in.size() && in[end] == '\n') ++end;
      if (ascii) {
        for (std::size_t k = i; k < end; ++k) {
          const auto b = static_cast<unsigned char>(in[k]);
          if (IsDroppedControl(b)) continue;
          out.push_back(static_cast<char>(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b));
        }
      } else {
        AppendMappedOrReplaced(in.substr(i, end - i), &out);
      }
      i = end;
    } else if (c == '\r' && i + 1 < in.size() && in[i + 1] == '\n') {
      out.push_back(' ');  // CR LF is one line break
      i += 2;
    } else if (c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
      out.push_back(' ');
      ++i;
    } else {
      out.push_back(static_cast<char>(c));  // ASCII space and punctuation
      ++i;
    }
  }
  return out;
}

std::string FoldUnicodeReference(std::string_view in) {
  std::string out;
  AppendMappedOrReplaced(in, &out);
  return out;
}

}  // namespace synaps::indexer::text
