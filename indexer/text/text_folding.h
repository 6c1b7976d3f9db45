// Text folding: the single normalisation applied to every text that is indexed or searched.
//
// Matching in Synaps is accent-, case- and ligature-insensitive, and ignores French elided
// articles: "l'Arrêté", "d’arrêté", "ARRETE" and "arre\u0301te\u0301" (decomposed, as PDFs
// often produce) all fold to "arrete". Both sides must fold identically, which is why the index
// writer and the query parser call this function and nothing else: a stemmer then sees folded
// words (Xapian's French stemmer keeps accents, so folding after stemming would not match).
//
// Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>

namespace synaps::indexer::text {

// Returns `utf8` folded: NFKC, Unicode case folding, marks (accents) stripped, default-ignorable
// characters (soft hyphens, zero-width spaces) removed, control characters turned into spaces,
// ligatures and letters without decomposition expanded (œ→oe, æ→ae, ø→o, ł→l, đ→d), every
// apostrophe variant (’ ‘ ʼ `) turned into ', and French elisions dropped at the start of a word
// (l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu' quoiqu'): "l'archive" → "archive".
// The elided article is dropped rather than split off so that a query for "l'archive" does not
// require the near-universal term "l"; phrases still match because both sides drop it.
// Invalid UTF-8 sequences become U+FFFD; never throws except std::bad_alloc.
std::string FoldText(std::string_view utf8);

// True when `byte` can be part of a word in folded text (ASCII letter or digit, or any byte of a
// multi-byte UTF-8 sequence). Used to find word boundaries after folding.
inline bool IsFoldedWordByte(unsigned char byte) {
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
         (byte >= '0' && byte <= '9') || byte >= 0x80;
}

// `text` with its ASCII letters in lower case and every other byte as is: for codes that are
// ASCII by definition (MIME types, language tags), which are compared as written, not folded.
inline std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace synaps::indexer::text
