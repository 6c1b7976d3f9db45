// Internal: charset detection (uchardet) and conversion to UTF-8 (iconv), and UTF-8 hygiene.
// Every function is thread-safe (no shared state) and total: bad bytes become U+FFFD.
#ifndef SYNAPS_INDEXER_EXTRACT_TEXT_ENCODING_H_
#define SYNAPS_INDEXER_EXTRACT_TEXT_ENCODING_H_

#include <optional>
#include <string>
#include <string_view>

#include "indexer/base/utf8.h"

namespace synaps::indexer::extract_internal {

// True if `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
using base::IsValidUtf8;

// The length of the longest prefix of `s` of at most `max_bytes` that does not cut a UTF-8
// sequence in two.
inline std::size_t Utf8PrefixLength(std::string_view s, std::size_t max_bytes) {
  return base::Utf8Prefix(s, max_bytes).size();
}

// Returns `s` as valid UTF-8 suitable for indexing: ill-formed sequences become U+FFFD, NUL
// bytes are dropped, other C0/C1 controls (except tab, newline, carriage return, form feed)
// become spaces.
std::string SanitizeUtf8(std::string_view s);

// The charset uchardet guesses for `bytes` (an iconv name such as "WINDOWS-1252"), with the
// Latin family settled by which bytes occur (0x80-0x9F only exist in Windows-1252; € and œ
// of ISO-8859-15). "" if uchardet has no opinion.
std::string DetectCharset(std::string_view bytes);

// Converts `bytes` from `charset` to UTF-8 with iconv; undecodable bytes become U+FFFD.
// std::nullopt if iconv does not know `charset`.
std::optional<std::string> ConvertToUtf8(std::string_view bytes, std::string_view charset);

// Decodes text of unknown or declared charset to sanitized UTF-8. Order: byte-order mark,
// then `declared_charset` (if iconv knows it; ISO-8859-1 and ASCII are read as Windows-1252,
// as browsers do), then valid UTF-8, then DetectCharset(), then Windows-1252. If
// `used_charset` is not null, receives the charset actually used.
std::string DecodeText(std::string_view bytes, std::string_view declared_charset,
                       std::string* used_charset);

}  // namespace synaps::indexer::extract_internal

#endif  // SYNAPS_INDEXER_EXTRACT_TEXT_ENCODING_H_
