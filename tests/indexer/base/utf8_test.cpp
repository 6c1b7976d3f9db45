// The one UTF-8 of Synaps: what it accepts (RFC 3629 and nothing more), how it decodes bad bytes
// and how it encodes.
#include "indexer/base/utf8.h"

#include <catch2/catch.hpp>

namespace synaps::base {
namespace {

TEST_CASE("well-formed UTF-8 is accepted, and only it", "[base][utf8]") {
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("arrêté préfectoral n° 2026-118 — € œ 😀"));
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong, three bytes
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(IsValidUtf8("caf\xC3"));           // cut in two
  CHECK_FALSE(IsValidUtf8("caf\xE9"));           // Latin-1
  CHECK_FALSE(IsValidUtf8("\x80"));              // a continuation byte alone
  CHECK(Utf8SequenceLength("é", 0) == 2);
  CHECK(Utf8SequenceLength("€", 0) == 3);
  CHECK(Utf8SequenceLength("😀", 0) == 4);
  CHECK(Utf8SequenceLength("\xFF", 0) == 0);
}

TEST_CASE("decoding walks any bytes: each bad byte is one U+FFFD", "[base][utf8]") {
  CHECK(DecodeUtf8("aé€😀") == U"aé€😀");
  CHECK(DecodeUtf8("a\xFF"
                   "b") == U"a\uFFFDb");
  CHECK(DecodeUtf8("\xE2\x82") == U"\uFFFD\uFFFD");  // a truncated "€": two bad bytes
  CHECK(DecodeUtf8("\xED\xA0\x80") == U"\uFFFD\uFFFD\uFFFD");
  std::size_t length = 0;
  CHECK(DecodeUtf8At("œuvre", 0, &length) == U'œ');
  CHECK(length == 2);
}

TEST_CASE("encoding writes UTF-8 and never NUL, surrogates or values past U+10FFFF",
          "[base][utf8]") {
  std::string out;
  for (char32_t c : std::u32string(U"aé€😀")) AppendUtf8(&out, c);
  CHECK(out == "aé€😀");
  out.clear();
  AppendUtf8(&out, 0);
  AppendUtf8(&out, 0xD800);
  AppendUtf8(&out, 0x110000);
  CHECK(out == "\uFFFD\uFFFD\uFFFD");
  // Every code point survives the round trip.
  for (char32_t c = 1; c < 0x110000; c += (c < 0x1000 ? 1 : 97)) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string one;
    AppendUtf8(&one, c);
    REQUIRE(IsValidUtf8(one));
    REQUIRE(DecodeUtf8(one) == std::u32string(1, c));
  }
}

TEST_CASE("a prefix never cuts a character in two", "[base][utf8]") {
  CHECK(Utf8Prefix("abc", 10) == "abc");
  CHECK(Utf8Prefix("abc", 2) == "ab");
  CHECK(Utf8Prefix("é", 1).empty());
  CHECK(Utf8Prefix("aé€", 3) == "aé");
  CHECK(Utf8Prefix("aé€", 4) == "aé");
  CHECK(Utf8Prefix("aé€", 6) == "aé€");
}

}  // namespace
}  // namespace synaps::base
