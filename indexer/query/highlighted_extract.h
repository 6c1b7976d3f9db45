// HighlightedExtract: the HTML extract of a text around the words a search matched.
//
// Splits `text` (UTF-8) into words the way Xapian does (runs of Unicode word characters, marks
// included, so a decomposed "de\u0301cisions" is one word; an apostrophe between two word
// characters stays inside the word, so "l'arrêté" and "aujourd'hui" are one word each), asks
// `term_of` which query term each word is, picks the window of about `length` characters that
// holds the most distinct terms (then the most matches), and returns it HTML-escaped with every
// matched word in <mark>...</mark> and "…" where text was cut. Without a match, the extract is
// the beginning of the text.
//
// Everything taken from the text is escaped (& < > " '), runs of white space and control
// characters become one space, and cuts fall between words: the result is safe to insert in a
// page. Invalid UTF-8 bytes are kept as single characters (they cannot form markup).
// Thread-safe (pure function).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace synaps::indexer::query {

// Returns the id (>= 0) of the query term `word` (as written in the text) matches, or -1.
using TermOf = std::function<int(std::string_view word)>;

std::string HighlightedExtract(std::string_view text, const TermOf& term_of, std::size_t length);

}  // namespace synaps::indexer::query
