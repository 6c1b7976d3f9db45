#include "indexer/query/word_folding.h"

#include "indexer/text/text_folding.h"

namespace synaps::indexer::query {
namespace {

// U+00C0..U+00FF (second byte 0x80..0xBF after 0xC3) → the ASCII letter they fold to, or 0 when
// FoldText must decide (Æ Ð × Ø Þ ß æ ð ÷ ø þ: expansions, no decomposition, not letters).
constexpr char kLatin1[64] = {
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // C0-CF
    0,   'n', 'o', 'o', 'o', 'o', 'o', 0,   0,   'u', 'u', 'u', 'u', 'y', 0,   0,    // D0-DF
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // E0-EF
    0,   'n', 'o', 'o', 'o', 'o', 'o', 0,   0,   'u', 'u', 'u', 'u', 'y', 0,   'y',  // F0-FF
};

}  // namespace

std::string FoldWord(std::string_view word) {
  std::string folded;
  folded.reserve(word.size());
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto b = static_cast<unsigned char>(word[i]);
    if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
      folded.push_back(static_cast<char>(b));
    } else if (b >= 'A' && b <= 'Z') {
      folded.push_back(static_cast<char>(b - 'A' + 'a'));
    } else if (b == 0xC3 && i + 1 < word.size() &&
               (static_cast<unsigned char>(word[i + 1]) & 0xC0) == 0x80 &&
               kLatin1[static_cast<unsigned char>(word[i + 1]) - 0x80] != 0) {
      // A following combining mark would compose differently under NFKC: let FoldText see it.
      if (i + 2 < word.size() && static_cast<unsigned char>(word[i + 2]) >= 0xCC &&
          static_cast<unsigned char>(word[i + 2]) <= 0xCD) {
        return text::FoldText(word);
      }
      folded.push_back(kLatin1[static_cast<unsigned char>(word[++i]) - 0x80]);
    } else {
      return text::FoldText(word);
    }
  }
  return folded;
}

}  // namespace synaps::indexer::query
