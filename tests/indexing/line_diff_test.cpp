// LineDiff on its own: hunks as diff -u shows them, context, the exact alignment and its limit.
#include "dms-server/indexing/line_diff.h"

#include <catch2/catch.hpp>
#include <string>

#include "dms-server/indexing/version_text.h"

namespace synaps::indexing {
namespace {

// The hunks as text: "@@ -a,b +c,d @@" then one line each with its sign.
std::string Unified(const LineDiffResult& result) {
  std::string out;
  for (const DiffHunk& hunk : result.hunks) {
    out += "@@ -" + std::to_string(hunk.old_start) + "," + std::to_string(hunk.old_count) + " +" +
           std::to_string(hunk.new_start) + "," + std::to_string(hunk.new_count) + " @@\n";
    for (const DiffLine& line : hunk.lines) {
      out += line.kind == DiffLine::Kind::kSame    ? ' '
             : line.kind == DiffLine::Kind::kAdded ? '+'
                                                   : '-';
      out += line.text + "\n";
    }
  }
  return out;
}

TEST_CASE("lines split at line feeds and form feeds", "[indexing][diff]") {
  CHECK(SplitLines("").empty());
  CHECK(SplitLines("a\nb\n") == std::vector<std::string_view>{"a", "b"});
  CHECK(SplitLines("a\r\nb") == std::vector<std::string_view>{"a", "b"});
  CHECK(SplitLines("page 1\fpage 2") == std::vector<std::string_view>{"page 1", "page 2"});
  CHECK(SplitLines("\n\n") == std::vector<std::string_view>{"", ""});
}

TEST_CASE("the same text has no hunk", "[indexing][diff]") {
  LineDiffResult same = DiffLines("un\ndeux\n", "un\ndeux\n");
  CHECK(same.hunks.empty());
  CHECK(same.added == 0);
  CHECK(same.removed == 0);
  CHECK(same.exact);
}

TEST_CASE("a changed line with its context, as diff -u", "[indexing][diff]") {
  LineDiffResult result =
      DiffLines("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nCINQ\n6\n7\n8\n9\n");
  CHECK(Unified(result) == "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+CINQ\n 6\n 7\n 8\n");
  CHECK(result.removed == 1);
  CHECK(result.added == 1);
}

TEST_CASE("changes far apart make two hunks, close ones one", "[indexing][diff]") {
  std::string before, after_far, after_close;
  for (int i = 1; i <= 20; ++i) {
    before += std::to_string(i) + "\n";
    after_far += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
    after_close += (i == 5 || i == 10 ? "x" : std::to_string(i)) + "\n";
  }
  CHECK(DiffLines(before, after_far).hunks.size() == 2);
  CHECK(DiffLines(before, after_close).hunks.size() == 1);
  LineDiffOptions no_context;
  no_context.context = 0;
  CHECK(Unified(DiffLines(before, after_far, no_context)) ==
        "@@ -2,1 +2,1 @@\n-2\n+x\n@@ -18,1 +18,1 @@\n-18\n+x\n");
}

TEST_CASE("insertions and deletions are aligned on the common lines", "[indexing][diff]") {
  LineDiffResult result =
      DiffLines("titre\nA\nB\nC\nfin\n", "titre\nA\nnouveau\nB\nfin\n", LineDiffOptions{0});
  CHECK(Unified(result) == "@@ -2,0 +3,1 @@\n+nouveau\n@@ -4,1 +4,0 @@\n-C\n");
  CHECK(Unified(DiffLines("", "a\nb\n")) == "@@ -0,0 +1,2 @@\n+a\n+b\n");
  CHECK(Unified(DiffLines("a\nb\n", "")) == "@@ -1,2 +0,0 @@\n-a\n-b\n");
}

TEST_CASE("a middle too large to align is shown removed then added", "[indexing][diff]") {
  LineDiffOptions small;
  small.max_cells = 3;
  LineDiffResult result = DiffLines("a\nx\ny\nz\nb\n", "a\nz\ny\nx\nb\n", small);
  CHECK_FALSE(result.exact);
  CHECK(result.removed == 3);
  CHECK(result.added == 3);
  CHECK(DiffLines("a\nx\ny\nz\nb\n", "a\nz\ny\nx\nb\n").exact);
}

TEST_CASE("a preview's text is cut on a whole UTF-8 character", "[indexing][preview]") {
  CHECK(Utf8Prefix("abc", 10) == "abc");
  CHECK(Utf8Prefix("abc", 2) == "ab");
  CHECK(Utf8Prefix("é", 1).empty());    // two bytes: not cut in two
  CHECK(Utf8Prefix("aé€", 3) == "aé");  // "€" is three bytes
  CHECK(Utf8Prefix("aé€", 4) == "aé");
  CHECK(Utf8Prefix("aé€", 6) == "aé€");
}

}  // namespace
}  // namespace synaps::indexing
