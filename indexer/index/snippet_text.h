// The copy of a document's text kept in the index for snippets, compressed.
//
// Snippets need the original (accented, unfolded) text around the matches, so the index keeps
// the first schema::kSnippetTextBytes of each body. Stored as is it would cost as much as the
// text itself; deflated it costs about a third. Packing and unpacking are pure functions.
#pragma once

#include <string>
#include <string_view>

namespace synaps::indexer::index {

// "\0Z" + 4-byte little-endian length + zlib data. Text never contains NUL, so the marker cannot
// be mistaken for text.
std::string PackSnippetText(std::string_view text);

// The text given to PackSnippetText; a value without the marker is returned as it is (an index
// written before compression); damaged data gives "".
std::string UnpackSnippetText(std::string_view packed);

}  // namespace synaps::indexer::index
