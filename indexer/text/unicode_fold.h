// The Unicode step of text folding (text_folding.h): NFKC, case folding, marks stripped,
// default-ignorable characters removed, control characters removed or, for line and tab
// characters, turned into spaces; invalid UTF-8 sequences become U+FFFD. Exactly what
// utf8proc_map() does with those options on the whole text, only faster.
//
// utf8proc decodes, decomposes, recomposes and re-encodes every character, even the ASCII
// letters that make up most of French text; that was a fifth of the cost of indexing. Here ASCII
// words are folded in place, and only the words holding a non-ASCII character go through
// utf8proc. The result is the same because the only rules that look at more than one character
// (canonical composition, and CR LF making one space) never join an ASCII space, punctuation or
// control character to what follows once marks are stripped.
//
// Internal to indexer/text (exposed for tests). Thread-safe (pure function).
#pragma once

#include <string>
#include <string_view>

namespace synaps::indexer::text {

// Returns `utf8` with the Unicode folding applied (see above); never throws except
// std::bad_alloc.
std::string FoldUnicode(std::string_view utf8);

// The same through utf8proc_map() on the whole text: the reference FoldUnicode must equal.
std::string FoldUnicodeReference(std::string_view utf8);

}  // namespace synaps::indexer::text
