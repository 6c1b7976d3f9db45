#include "indexer/query/highlighted_extract.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <vector>

#include "indexer/base/utf8.h"

namespace synaps::indexer::query {
namespace {

// More distinct terms always beat more occurrences of the same ones.
constexpr std::size_t kDistinctWeight = 1'000'000;
// Text before the first word is kept when the extract starts there and it is this short.
constexpr std::size_t kMaxLead = 8;
// At most this many bytes of punctuation after the last word (then to the end of its character).
constexpr std::size_t kMaxTail = 8;

struct Word {
  std::size_t begin = 0;  // bytes
  std::size_t end = 0;
  std::size_t char_begin = 0;  // code points, for the length of the extract
  std::size_t char_end = 0;
  int term = -1;
};

// Xapian's word characters among ASCII, looked up once: most characters of a French text are
// ASCII, and Xapian's Unicode tables cost a call each.
const std::array<bool, 128>& AsciiWordChars() {
  static const std::array<bool, 128> table = [] {
    std::array<bool, 128> t{};
    for (unsigned c = 0; c < 128; ++c) t[c] = Xapian::Unicode::is_wordchar(c);
    return t;
  }();
  return table;
}

bool IsWordChar(unsigned cp) {
  return cp < 128 ? AsciiWordChars()[cp] : Xapian::Unicode::is_wordchar(cp);
}

bool IsApostrophe(unsigned cp) {
  return cp == '\'' || cp == 0x2019;
}

std::vector<Word> SplitWords(std::string_view text) {
  std::vector<Word> words;
  Word word;
  bool in_word = false;
  std::size_t chars = 0;
  for (std::size_t i = 0, size = 0; i < text.size(); i += size, ++chars) {
    const unsigned cp = base::DecodeUtf8At(text, i, &size);
    bool word_char = IsWordChar(cp);
    if (!word_char && in_word && IsApostrophe(cp) && i + size < text.size()) {
      std::size_t next_size = 0;
      word_char = IsWordChar(base::DecodeUtf8At(text, i + size, &next_size));
    }
    if (word_char && !in_word) {
      word.begin = i;
      word.char_begin = chars;
      in_word = true;
    } else if (!word_char && in_word) {
      word.end = i;
      word.char_end = chars;
      words.push_back(word);
      in_word = false;
    }
  }
  if (in_word) {
    word.end = text.size();
    word.char_end = chars;
    words.push_back(word);
  }
  return words;
}

// The first and last word (inclusive) of the extract.
struct Window {
  std::size_t first = 0;
  std::size_t last = 0;
};

// Slides over the matched words: for each first match, as many following matches as fit in
// `length` characters; keeps the window with the best score.
Window BestWindow(const std::vector<Word>& words, std::size_t length) {
  std::vector<std::size_t> matches;
  int max_term = -1;
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (words[k].term >= 0) {
      matches.push_back(k);
      max_term = std::max(max_term, words[k].term);
    }
  }
  Window window;
  std::size_t span_begin = 0;
  std::size_t span_end = 0;
  if (matches.empty()) {
    span_begin = span_end = words.front().char_begin;
  } else {
    std::vector<std::size_t> counts(static_cast<std::size_t>(max_term) + 1, 0);
    std::size_t distinct = 0;
    auto add = [&](std::size_t m) {
      if (counts[static_cast<std::size_t>(words[m].term)]++ == 0) ++distinct;
    };
    auto remove = [&](std::size_t m) {
      if (--counts[static_cast<std::size_t>(words[m].term)] == 0) --distinct;
    };
    std::size_t best_score = 0;
    std::size_t end = 0;  // one past the last match in the current window
    for (std::size_t i = 0; i < matches.size(); ++i) {
      if (end <= i) {
        add(matches[i]);
        end = i + 1;
      }
      while (end < matches.size() &&
             words[matches[end]].char_end - words[matches[i]].char_begin <= length) {
        add(matches[end++]);
      }
      const std::size_t score = distinct * kDistinctWeight + (end - i);
      if (score > best_score) {
        best_score = score;
        span_begin = words[matches[i]].char_begin;
        span_end = words[matches[end - 1]].char_end;
        window.first = matches[i];
        window.last = matches[end - 1];
      }
      remove(matches[i]);
    }
  }
  // Context on both sides: half the room left before the matches, less if the text ends soon.
  const std::size_t total = words.back().char_end;
  const std::size_t room = length > span_end - span_begin ? length - (span_end - span_begin) : 0;
  std::size_t start = span_begin - std::min(span_begin, room / 2);
  if (start + length > total) start = total > length ? std::min(start, total - length) : 0;
  while (window.first > 0 && words[window.first - 1].char_begin >= start) --window.first;
  const std::size_t limit = std::max(words[window.first].char_begin + length, span_end);
  while (window.last + 1 < words.size() && words[window.last + 1].char_end <= limit) ++window.last;
  return window;
}

// Appends `piece` HTML-escaped; white space and control characters become one pending space,
// written before the next visible character (never at the start).
class HtmlWriter {
 public:
  explicit HtmlWriter(std::string* out) : out_(out) {}

  void Text(std::string_view piece) {
    for (char c : piece) {
      const auto b = static_cast<unsigned char>(c);
      if (b <= 0x20 || b == 0x7F) {
        space_ = true;
        continue;
      }
      Flush();
      switch (c) {
        case '&':
          out_->append("&amp;");
          break;
        case '<':
          out_->append("&lt;");
          break;
        case '>':
          out_->append("&gt;");
          break;
        case '"':
          out_->append("&quot;");
          break;
        case '\'':
          out_->append("&#39;");
          break;
        default:
          out_->push_back(c);
      }
    }
  }

  void Markup(std::string_view tag) {
    Flush();
    out_->append(tag);
  }

 private:
  void Flush() {
    if (space_ && started_) out_->push_back(' ');
    space_ = false;
    started_ = true;
  }

  std::string* out_;
  bool space_ = false;
  bool started_ = false;
};

}  // namespace

std::string HighlightedExtract(std::string_view text, const TermOf& term_of, std::size_t length) {
  std::vector<Word> words = SplitWords(text);
  if (words.empty() || length == 0) return {};
  for (Word& word : words) word.term = term_of(text.substr(word.begin, word.end - word.begin));
  const Window window = BestWindow(words, length);

  std::string out;
  out.reserve(length + length / 2);
  HtmlWriter html(&out);
  if (window.first > 0) html.Markup("…");
  std::size_t pos = words[window.first].begin;
  if (window.first == 0 && words[0].char_begin <= kMaxLead) pos = 0;
  for (std::size_t k = window.first; k <= window.last; ++k) {
    const Word& word = words[k];
    html.Text(text.substr(pos, word.begin - pos));
    if (word.term >= 0) html.Markup("<mark>");
    html.Text(text.substr(word.begin, word.end - word.begin));
    if (word.term >= 0) html.Markup("</mark>");
    pos = word.end;
  }
  // Punctuation right after the last word ("arrêté." or "… »") belongs to the extract.
  const std::size_t stop =
      window.last + 1 < words.size() ? words[window.last + 1].begin : text.size();
  std::size_t tail = pos;
  const bool to_end = window.last + 1 == words.size();  // closing marks after a space: "»"
  const std::size_t tail_limit = std::min(stop, pos + kMaxTail);
  while (tail < tail_limit && (to_end || static_cast<unsigned char>(text[tail]) > 0x20)) ++tail;
  while (tail < stop && (static_cast<unsigned char>(text[tail]) & 0xC0) == 0x80) ++tail;
  html.Text(text.substr(pos, tail - pos));
  if (window.last + 1 < words.size()) html.Markup("…");
  return out;
}

}  // namespace synaps::indexer::query
