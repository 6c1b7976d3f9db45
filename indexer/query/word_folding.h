// FoldWord: text::FoldText for one word of a text, fast for the words of Latin-script text.
//
// Snippets fold every word of up to 20 texts per search; FoldText (NFKC, case folding and mark
// stripping through utf8proc) costs as much as the rest of the extract. Words made of ASCII
// letters and digits and of the accented Latin-1 letters that decompose to one ASCII letter and a
// mark (é, À, ç, ñ, ÿ...) are folded here by table; any other word (apostrophes, ligatures, other
// scripts, decomposed marks) goes through FoldText. The result always equals FoldText(word).
// Internal to indexer/query. Thread-safe (pure function).
#pragma once

#include <string>
#include <string_view>

namespace synaps::indexer::query {

std::string FoldWord(std::string_view word);

}  // namespace synaps::indexer::query
