// The extract builder on its own: word splitting, window choice, escaping.
#include "indexer/query/highlighted_extract.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

namespace {

using synaps::indexer::query::HighlightedExtract;

// Terms by exact spelling; records every word it is asked about.
struct Terms {
  std::map<std::string, int> ids;
  std::vector<std::string> asked;
  int operator()(std::string_view word) {
    asked.emplace_back(word);
    auto it = ids.find(std::string(word));
    return it == ids.end() ? -1 : it->second;
  }
};

std::string Extract(std::string_view text, Terms* terms, std::size_t length = 300) {
  return HighlightedExtract(
      text, [terms](std::string_view word) { return (*terms)(word); }, length);
}

std::string Filler(int words) {
  std::string s;
  for (int i = 0; i < words; ++i) s += "mot ";
  return s;
}

}  // namespace

TEST_CASE("Extracts escape every character of the text that could be markup", "[query]") {
  Terms terms{{{"alert", 0}}, {}};
  const std::string html = Extract("<script>alert(\"x\") & 'y'</script> <mark>faux</mark>", &terms);
  CHECK(html ==
        "&lt;script&gt;<mark>alert</mark>(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt; "
        "&lt;mark&gt;faux&lt;/mark&gt;");
  Terms none;
  CHECK(Extract("\xFF<b>\xC3", &none).find("<b>") == std::string::npos);
}

TEST_CASE("Extracts split words as the index does", "[query]") {
  Terms terms;
  Extract(
      "l'arrêté d’aujourd’hui, de\xCC\x81"
      "cisions: A-B_C 2024",
      &terms);
  CHECK(terms.asked == std::vector<std::string>{"l'arrêté", "d’aujourd’hui",
                                                "de\xCC\x81"
                                                "cisions",
                                                "A", "B_C", "2024"});
}

TEST_CASE("Extracts collapse white space and mark whole words", "[query]") {
  Terms terms{{{"arrêté", 0}}, {}};
  CHECK(Extract("  Un\n\n\tarrêté\r\n pris.  ", &terms) == "Un <mark>arrêté</mark> pris.");
}

TEST_CASE("Without a match the extract is the beginning of the text", "[query]") {
  Terms none;
  const std::string html = Extract("début " + Filler(200), &none, 40);
  CHECK(html.rfind("début mot", 0) == 0);
  CHECK(html.size() >= 30);
  CHECK(html.size() <= 50);
  CHECK(html.substr(html.size() - 3) == "…");
  Terms short_text;
  CHECK(Extract("« Court. »", &short_text) == "« Court. »");
}

TEST_CASE("The window holds the most distinct query words", "[query]") {
  Terms terms{{{"alpha", 0}, {"beta", 1}}, {}};
  const std::string text =
      Filler(50) + "alpha alpha alpha " + Filler(50) + "alpha beta " + Filler(50) + "fin";
  const std::string html = Extract(text, &terms, 60);
  CHECK(html.find("<mark>alpha</mark> <mark>beta</mark>") != std::string::npos);
  CHECK(html.rfind("…", 0) == 0);
  CHECK(html.substr(html.size() - 3) == "…");
  CHECK(html.size() < 100);
  // The same words, more of them: the repeated word wins when nothing else differs.
  Terms alpha{{{"alpha", 0}}, {}};
  const std::string repeated = Extract(text, &alpha, 30);
  CHECK(repeated.find("<mark>alpha</mark> <mark>alpha</mark> <mark>alpha</mark>") !=
        std::string::npos);
}

TEST_CASE("A match near the end of the text still gets a full extract", "[query]") {
  Terms terms{{{"fin", 0}}, {}};
  const std::string html = Extract(Filler(100) + "fin.", &terms, 40);
  const std::string end = "<mark>fin</mark>.";
  REQUIRE(html.size() > end.size());
  CHECK(html.substr(html.size() - end.size()) == end);
  CHECK(html.size() > 35);
}
