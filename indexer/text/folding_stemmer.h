// Stemmers for the languages Synaps stems, and their folding variants for snippets.
//
// Documents are stemmed in their own language: French and English get Snowball stemmers; every
// other language is indexed unstemmed (never stemmed in the wrong language).
//
// Thread-safety: a Xapian::Stem may be used by one thread at a time; these functions are
// thread-safe and return new objects.
#pragma once

#include <xapian.h>

#include <string_view>

namespace synaps::indexer::text {

// True for the language codes that have a stemmer in Synaps ("fr", "en").
bool IsStemmedLanguage(std::string_view language_code);

// Returns the Snowball stemmer for `language_code` ("fr" → french, "en" → english), or the
// identity stemmer ("none") for any other code. Expects already folded words (FoldText).
Xapian::Stem MakeStemmer(std::string_view language_code);

// Returns a stemmer that folds each word with FoldText (accents, case, ligatures, elisions)
// before stemming it as MakeStemmer(language_code) would. Meant for Xapian::MSet::snippet(),
// which is given the original, unfolded text so that agents read accents in result extracts
// while highlighted words still match the folded query terms.
Xapian::Stem MakeFoldingStemmer(std::string_view language_code);

}  // namespace synaps::indexer::text
