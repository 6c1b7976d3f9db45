// UTF-8: the one validator, decoder and encoder of Synaps (RFC 3629). Names, queries, extracted
// text and snippets are all checked and walked with these, so that what one module accepts as
// UTF-8 the others accept too.
//
// Pure functions over byte strings: thread-safe, no allocation except where a string is
// returned.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace synaps::base {

// The replacement character U+FFFD, what an ill-formed byte decodes to.
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// The length (1 to 4) of the well-formed UTF-8 sequence that starts at `text[i]`, or 0 when the
// bytes there are not one: overlong forms, surrogates, values past U+10FFFF and truncated
// sequences are ill-formed. `i` must be less than text.size().
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i);

// True when all of `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// The code point at `text[i]`, and its length in bytes in *length. An ill-formed sequence is one
// byte long and decodes to U+FFFD, so that a walk over any bytes advances and ends. `i` must be
// less than text.size().
char32_t DecodeUtf8At(std::string_view text, std::size_t i, std::size_t* length);

// The longest prefix of `text` of at most `max_bytes` bytes that does not cut a character in two
// (it may still hold ill-formed bytes that `text` held).
std::string_view Utf8Prefix(std::string_view text, std::size_t max_bytes);

// Every code point of `text` (ill-formed bytes as U+FFFD, one each).
std::u32string DecodeUtf8(std::string_view text);

// Appends `code_point` to *out in UTF-8; NUL, surrogates and values past U+10FFFF are written as
// U+FFFD (none of them belongs in a name or an extracted text).
void AppendUtf8(std::string* out, char32_t code_point);

}  // namespace synaps::base
