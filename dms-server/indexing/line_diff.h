// LineDiff: what changed between two texts, line by line, as a reader wants to see it: hunks of
// removed and added lines with a few unchanged lines around them, as `diff -u` shows.
//
// The lines common to both ends are set aside first; between them, the longest common
// subsequence of lines is found exactly while that costs at most `max_cells` comparisons
// (lines × lines), and beyond that the middle is shown as removed then added (`exact` is then
// false): a comparison of two unrelated 100,000-line texts must not take the server's memory
// or minutes of its time. Form feeds (PDF page breaks) end lines too.
//
// Pure functions on strings: thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace synaps::indexing {

struct DiffLine {
  enum class Kind { kSame, kRemoved, kAdded };
  Kind kind = Kind::kSame;
  std::string text;
};

struct DiffHunk {
  size_t old_start = 0;  // first line of the hunk in the old text, from 1 (0 for an empty side)
  size_t old_count = 0;
  size_t new_start = 0;
  size_t new_count = 0;
  std::vector<DiffLine> lines;
};

struct LineDiffResult {
  std::vector<DiffHunk> hunks;  // empty when the texts have the same lines
  size_t removed = 0;           // lines
  size_t added = 0;
  bool exact = true;  // false when the middle was too large to align line by line
};

struct LineDiffOptions {
  size_t context = 3;             // unchanged lines kept around each change
  size_t max_cells = 16'000'000;  // line comparisons allowed for the exact alignment
};

LineDiffResult DiffLines(std::string_view before, std::string_view after,
                         const LineDiffOptions& options = {});

// The lines of `text`, split at '\n' and '\f'; a final line break makes no empty last line.
std::vector<std::string_view> SplitLines(std::string_view text);

}  // namespace synaps::indexing
