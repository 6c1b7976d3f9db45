// The copy of a document's text kept in the index for snippets, compressed.
//
// Snippets need the original (accented, unfolded) text around the matches, so the index keeps
// the first schema::kSnippetTextBytes of each body. Stored as is it would cost as much as the
// text itself; compressed it costs about a quarter. Packing and unpacking are pure functions.
#pragma once

#include <string>
#include <string_view>

namespace synaps::indexer::index {

// "\0S" + a Zstandard frame. Text never contains NUL, so the marker cannot be mistaken for text.
std::string PackSnippetText(std::string_view text);

// The text given to PackSnippetText. Also reads what earlier versions wrote: "\0Z" + 4-byte
// little-endian length + zlib data, and a value without a marker is returned as it is (an index
// written before compression). Damaged data gives "".
std::string UnpackSnippetText(std::string_view packed);

}  // namespace synaps::indexer::index
