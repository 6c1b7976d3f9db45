#include "indexer/text/text_folding.h"

#include <utf8proc.h>

#include <array>
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

std::string MapWithUtf8proc(std::string_view in) {
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t len =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(in.data()),
                   static_cast<utf8proc_ssize_t>(in.size()), &mapped, kFoldOptions);
  if (len < 0) {
    std::free(mapped);
    return {};
  }
  std::string out(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(len));
  std::free(mapped);
  return out;
}

// Letters NFKC does not decompose, and apostrophe look-alikes. Input is already case-folded.
void ExpandSpecialLetters(const std::string& in, std::string* out) {
  out->reserve(in.size() + 8);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      out->push_back(c == '`' ? '\'' : static_cast<char>(c));
      continue;
    }
    const auto c1 = i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) : 0;
    const auto c2 = i + 2 < in.size() ? static_cast<unsigned char>(in[i + 2]) : 0;
    if (c == 0xC5 && c1 == 0x93) {  // œ
      *out += "oe";
      ++i;
    } else if (c == 0xC3 && c1 == 0xA6) {  // æ
      *out += "ae";
      ++i;
    } else if (c == 0xC3 && c1 == 0xB8) {  // ø
      *out += 'o';
      ++i;
    } else if (c == 0xC5 && c1 == 0x82) {  // ł
      *out += 'l';
      ++i;
    } else if (c == 0xC4 && c1 == 0x91) {  // đ
      *out += 'd';
      ++i;
    } else if (c == 0xCA && c1 == 0xBC) {  // ʼ modifier letter apostrophe
      *out += '\'';
      ++i;
    } else if (c == 0xE2 && c1 == 0x80 && (c2 == 0x98 || c2 == 0x99)) {  // ‘ ’
      *out += '\'';
      i += 2;
    } else {
      out->push_back(static_cast<char>(c));
    }
  }
}

// Longest first, so "qu'" does not shadow "jusqu'".
constexpr std::array<std::string_view, 13> kElisions = {
    "jusqu", "lorsqu", "puisqu", "quoiqu", "qu", "l", "d", "j", "m", "n", "s", "t", "c"};

void DropElisions(const std::string& in, std::string* out) {
  out->reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const bool at_word_start = i == 0 || !IsFoldedWordByte(static_cast<unsigned char>(in[i - 1]));
    if (at_word_start) {
      bool dropped = false;
      for (std::string_view e : kElisions) {
        const std::size_t apos = i + e.size();
        if (apos + 1 < in.size() && in.compare(i, e.size(), e) == 0 && in[apos] == '\'' &&
            IsFoldedWordByte(static_cast<unsigned char>(in[apos + 1]))) {
          i = apos + 1;
          dropped = true;
          break;
        }
      }
      if (dropped) continue;
    }
    out->push_back(in[i]);
    ++i;
  }
}

}  // namespace

std::string FoldText(std::string_view utf8) {
  if (utf8.empty()) return {};
  std::string mapped = MapWithUtf8proc(utf8);
  if (mapped.empty()) mapped = MapWithUtf8proc(ReplaceInvalidUtf8(utf8));
  std::string expanded;
  ExpandSpecialLetters(mapped, &expanded);
  std::string out;
  DropElisions(expanded, &out);
  return out;
}

}  // namespace synaps::indexer::text
