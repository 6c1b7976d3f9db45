#include "dms-server/indexing/line_diff.h"

#include <algorithm>
#include <cstdint>
#include <functional>

namespace synaps::indexing {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t begin = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\f') {
      size_t end = i;
      if (end > begin && text[end - 1] == '\r') --end;
      lines.push_back(text.substr(begin, end - begin));
      begin = i + 1;
    }
  }
  if (begin < text.size()) lines.push_back(text.substr(begin));
  return lines;
}

namespace {

using Kind = DiffLine::Kind;

struct Edit {
  Kind kind;
  size_t old_index;  // the line's index in its own text (old for kSame and kRemoved)
  size_t new_index;
};

// The edits turning a[0..n) into b[0..m): the longest common subsequence by dynamic
// programming over line hashes (lines compared for real where hashes agree).
void AlignExactly(const std::vector<std::string_view>& a, size_t a0, size_t n,
                  const std::vector<std::string_view>& b, size_t b0, size_t m,
                  std::vector<Edit>* edits) {
  std::vector<size_t> ha(n), hb(m);
  std::hash<std::string_view> hash;
  for (size_t i = 0; i < n; ++i) ha[i] = hash(a[a0 + i]);
  for (size_t j = 0; j < m; ++j) hb[j] = hash(b[b0 + j]);
  auto same = [&](size_t i, size_t j) { return ha[i] == hb[j] && a[a0 + i] == b[b0 + j]; };
  // lcs[i][j]: the longest common subsequence of a[i..n) and b[j..m), row by row.
  const size_t width = m + 1;
  std::vector<uint32_t> lcs((n + 1) * width, 0);
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i * width + j] = same(i, j) ? lcs[(i + 1) * width + j + 1] + 1
                                      : std::max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  // On a tie the removal goes first, as diff -u shows a changed line.
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(i, j)) {
      edits->push_back({Kind::kSame, a0 + i++, b0 + j++});
    } else if (j < m && (i == n || lcs[i * width + j + 1] > lcs[(i + 1) * width + j])) {
      edits->push_back({Kind::kAdded, a0 + i, b0 + j++});
    } else {
      edits->push_back({Kind::kRemoved, a0 + i++, b0 + j});
    }
  }
}

}  // namespace

LineDiffResult DiffLines(std::string_view before, std::string_view after,
                         const LineDiffOptions& options) {
  const std::vector<std::string_view> a = SplitLines(before);
  const std::vector<std::string_view> b = SplitLines(after);
  LineDiffResult result;

  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const size_t n = a.size() - prefix - suffix;
  const size_t m = b.size() - prefix - suffix;

  std::vector<Edit> edits;
  edits.reserve(prefix + n + m + suffix);
  for (size_t i = 0; i < prefix; ++i) edits.push_back({Kind::kSame, i, i});
  if (n > 0 && m > 0 && n * m <= options.max_cells) {
    AlignExactly(a, prefix, n, b, prefix, m, &edits);
  } else {
    result.exact = n == 0 || m == 0;
    for (size_t i = 0; i < n; ++i) edits.push_back({Kind::kRemoved, prefix + i, prefix});
    for (size_t j = 0; j < m; ++j) edits.push_back({Kind::kAdded, prefix + n, prefix + j});
  }
  for (size_t k = 0; k < suffix; ++k) {
    edits.push_back({Kind::kSame, prefix + n + k, prefix + m + k});
  }

  // Hunks: each change with `context` unchanged lines around it; changes closer than twice the
  // context share a hunk.
  const size_t context = options.context;
  size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].kind == Kind::kSame) {
      ++k;
      continue;
    }
    // Hunks are more than twice the context apart: this never reaches into the previous one.
    const size_t first = k >= context ? k - context : 0;
    size_t last = k;  // one past the last change of the hunk
    size_t scan = k;
    while (scan < edits.size()) {
      if (edits[scan].kind != Kind::kSame) {
        last = scan + 1;
        ++scan;
        continue;
      }
      size_t run = 0;
      while (scan + run < edits.size() && edits[scan + run].kind == Kind::kSame) ++run;
      if (scan + run == edits.size() || run > 2 * context) break;
      scan += run;
    }
    const size_t end = std::min(edits.size(), last + context);
    DiffHunk hunk;
    bool first_old = true, first_new = true;
    for (size_t e = first; e < end; ++e) {
      const Edit& edit = edits[e];
      DiffLine line;
      line.kind = edit.kind;
      if (edit.kind != Kind::kAdded) {
        line.text = std::string(a[edit.old_index]);
        if (first_old) hunk.old_start = edit.old_index + 1;
        first_old = false;
        ++hunk.old_count;
      }
      if (edit.kind != Kind::kRemoved) {
        line.text = std::string(b[edit.new_index]);
        if (first_new) hunk.new_start = edit.new_index + 1;
        first_new = false;
        ++hunk.new_count;
      }
      if (edit.kind == Kind::kRemoved) ++result.removed;
      if (edit.kind == Kind::kAdded) ++result.added;
      hunk.lines.push_back(std::move(line));
    }
    // An empty side names the line after which the other side's lines stand (as diff -u).
    if (hunk.old_count == 0) hunk.old_start = edits[first].old_index;
    if (hunk.new_count == 0) hunk.new_start = edits[first].new_index;
    result.hunks.push_back(std::move(hunk));
    k = end;
  }
  return result;
}

}  // namespace synaps::indexing
