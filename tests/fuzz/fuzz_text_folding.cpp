// Fuzzes text::FoldText (indexer/text/text_folding.h), the one normalisation applied to indexed
// text and to queries. Properties: the output is valid UTF-8 without control characters or
// ASCII capitals, and folding is idempotent (FoldText(FoldText(x)) == FoldText(x)) — otherwise
// a folded query word could miss the folded indexed word.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/text/text_folding.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using synaps::fuzz::Preview;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string folded = synaps::indexer::text::FoldText(input);
  const std::string where = "input '" + Preview(input) + "' folded '" + Preview(folded) + "'";
  FUZZ_CHECK(synaps::fuzz::IsStrictUtf8(folded), where);
  FUZZ_CHECK(!synaps::fuzz::HasAsciiControl(folded), where);
  FUZZ_CHECK(!synaps::fuzz::HasC1Control(folded), where);
  for (char c : folded) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), where + " has a capital");
  if (!synaps::fuzz::Ignored("idempotent")) {
    const std::string twice = synaps::indexer::text::FoldText(folded);
    FUZZ_CHECK(twice == folded, where + " folds again to '" + Preview(twice) + "'");
  }
  return 0;
}
