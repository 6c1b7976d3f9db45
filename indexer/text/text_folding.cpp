#include "indexer/text/text_folding.h"

#include <array>

#include "indexer/text/unicode_fold.h"

namespace synaps::indexer::text {
namespace {

// Letters NFKC does not decompose, and apostrophe look-alikes. Input is already case-folded.
void ExpandSpecialLetters(const std::string& in, std::string* out) {
  out->reserve(in.size() + 8);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      // Most of the text: copy the run up to the next byte that may change.
      std::size_t end = i;
      while (end < in.size() && static_cast<unsigned char>(in[end]) < 0x80 && in[end] != '`') ++end;
      out->append(in, i, end - i);
      if (end < in.size() && in[end] == '`') {
        out->push_back('\'');
        i = end;
      } else {
        i = end - 1;
      }
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

constexpr std::array<std::string_view, 13> kElisions = {
    "jusqu", "lorsqu", "puisqu", "quoiqu", "qu", "l", "d", "j", "m", "n", "s", "t", "c"};

bool IsElision(std::string_view word) {
  for (std::string_view e : kElisions) {
    if (word == e) return true;
  }
  return false;
}

// Word by word: an elision is a whole word (a run of word bytes) followed by an apostrophe and
// another word.
void DropElisions(const std::string& in, std::string* out) {
  out->reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    if (!IsFoldedWordByte(static_cast<unsigned char>(in[i]))) {
      out->push_back(in[i]);
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < in.size() && IsFoldedWordByte(static_cast<unsigned char>(in[end]))) ++end;
    if (end + 1 < in.size() && in[end] == '\'' &&
        IsFoldedWordByte(static_cast<unsigned char>(in[end + 1])) &&
        IsElision(std::string_view(in).substr(i, end - i))) {
      i = end + 1;  // the elided word and its apostrophe go
      continue;
    }
    out->append(in, i, end - i);
    i = end;
  }
}

}  // namespace

std::string FoldText(std::string_view utf8) {
  if (utf8.empty()) return {};
  const std::string mapped = FoldUnicode(utf8);
  std::string expanded;
  ExpandSpecialLetters(mapped, &expanded);
  std::string out;
  DropElisions(expanded, &out);
  return out;
}

}  // namespace synaps::indexer::text
