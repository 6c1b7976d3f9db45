#include "indexer/extract/text_encoding.h"

#include <catch2/catch.hpp>

#include "indexer/extract/html_text.h"

namespace synaps::indexer::extract_internal {
namespace {

TEST_CASE("UTF-8 validation rejects every ill-formed sequence", "[extract][encoding]") {
  CHECK(IsValidUtf8("Préfecture € œ ’ 𝄞"));
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // Overlong.
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // Surrogate.
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // Above U+10FFFF.
  CHECK_FALSE(IsValidUtf8("\xE2\x82"));          // Truncated.
}

TEST_CASE("SanitizeUtf8 replaces bad bytes and drops NULs", "[extract][encoding]") {
  CHECK(SanitizeUtf8(std::string("a\0b", 3)) == "ab");
  CHECK(SanitizeUtf8("a\xFF"
                     "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(SanitizeUtf8("x\x01y\tz\n") == "x y\tz\n");
  CHECK(IsValidUtf8(SanitizeUtf8("\xF8\x88\x80\x80\x80\xC3\x28")));
}

TEST_CASE("Utf8PrefixLength never cuts a character", "[extract][encoding]") {
  std::string s = "aé€";  // 1 + 2 + 3 bytes.
  CHECK(Utf8PrefixLength(s, 2) == 1);
  CHECK(Utf8PrefixLength(s, 3) == 3);
  CHECK(Utf8PrefixLength(s, 5) == 3);
  CHECK(Utf8PrefixLength(s, 100) == 6);
}

TEST_CASE("French 8-bit text is decoded right", "[extract][encoding]") {
  std::string charset;
  // Windows-1252: € is 0x80, ’ is 0x92, œ is 0x9C.
  CHECK(DecodeText("\x80 l\x92\x9cuvre \xe9t\xe9", "", &charset) == "€ l’œuvre été");
  CHECK(charset == "WINDOWS-1252");
  // ISO-8859-15: € is 0xA4, œ is 0xBD.
  CHECK(DecodeText("co\xfbt 10 \xa4, \xbduvre d\xe9j\xe0 pay\xe9", "", &charset) ==
        "coût 10 €, œuvre déjà payé");
  CHECK(charset == "ISO-8859-15");
  // A declared charset wins when it is plausible; a false "utf-8" does not.
  CHECK(DecodeText("caf\xe9", "iso-8859-1", nullptr) == "café");
  CHECK(DecodeText("caf\xe9", "utf-8", nullptr) == "café");
  CHECK(DecodeText("\xEF\xBB\xBF"
                   "déjà",
                   "", &charset) == "déjà");
  CHECK(DecodeText(std::string("\xFF\xFEh\0\xE9\0", 6), "", &charset) == "hé");
  CHECK(DecodeText("caf\xe9", "no-such-charset", nullptr) == "café");
}

TEST_CASE("HTML entities and visible text", "[extract][html]") {
  CHECK(DecodeEntities("&eacute;t&eacute; &#233; &#xE9; &#146; &unknown; &amp;") ==
        "été é é ’ &unknown; &");
  std::map<std::string, std::string> props;
  std::string text = HtmlVisibleText(
      "<html lang=FR><title> Le  titre </title><script>alert('x')</script>"
      "<p>Un<b>e</b> ligne</p><p>Deux &lt;tags&gt;</p><style>p{}</style> < 3 <img alt='logo'>",
      &props);
  CHECK(text == "Une ligne\nDeux <tags>\n< 3 logo");
  CHECK(props["title"] == "Le titre");
  CHECK(props["language"] == "fr");
  // Unclosed constructs do not loop or crash.
  CHECK(HtmlVisibleText("<script>never closed", nullptr).empty());
  CHECK(HtmlVisibleText("<!-- never closed", nullptr).empty());
  CHECK(HtmlVisibleText("<p title=\"never closed", nullptr).empty());
  CHECK(DeclaredHtmlCharset("<meta charset=\"ISO-8859-15\">") == "ISO-8859-15");
  CHECK(DeclaredHtmlCharset("<?xml version=\"1.0\" encoding=\"windows-1252\"?><html>") ==
        "windows-1252");
}

}  // namespace
}  // namespace synaps::indexer::extract_internal
