#include "indexer/index/schema.h"

#include <cstdint>
#include <cstdio>

#include "indexer/text/text_folding.h"

namespace synaps::indexer::index::schema {
namespace {

// Xapian's limit is 245 bytes per term; keep a margin for the prefix and the hash.
constexpr std::size_t kMaxTermBytes = 240;

std::uint64_t Fnv1a64(std::string_view s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string BoundedTerm(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (prefix.size() + value.size() <= kMaxTermBytes) {
    term += value;
    return term;
  }
  char hash[24];
  std::snprintf(hash, sizeof hash, "#%016llx", static_cast<unsigned long long>(Fnv1a64(value)));
  std::size_t keep = kMaxTermBytes - prefix.size() - 17;
  // Do not cut a UTF-8 sequence in two.
  while (keep > 0 && (static_cast<unsigned char>(value[keep]) & 0xC0) == 0x80) --keep;
  term += value.substr(0, keep);
  term += hash;
  return term;
}

std::string FoldedTerm(std::string_view prefix, std::string_view value) {
  return BoundedTerm(prefix, text::FoldText(value));
}

std::string MimeValue(std::string_view mime_type) {
  return text::LowerAscii(mime_type);
}

namespace {

bool StartsWord(std::string_view rest) {
  return !rest.empty() && !(rest[0] >= 'A' && rest[0] <= 'Z');
}

}  // namespace

bool SplitFreeTextTerm(std::string_view term, std::string_view* prefix, std::string_view* word) {
  for (std::string_view candidate : kFreeTextPrefixes) {
    if (term.substr(0, candidate.size()) != candidate) continue;
    if (!StartsWord(term.substr(candidate.size()))) continue;
    *prefix = term.substr(0, candidate.size());
    *word = term.substr(candidate.size());
    return true;
  }
  return false;
}

std::string EncodeMultiValue(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    out += std::to_string(v.size());
    out += ':';
    out += v;
  }
  return out;
}

std::vector<std::string> DecodeMultiValue(std::string_view encoded) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    std::size_t colon = encoded.find(':', pos);
    if (colon == std::string_view::npos || colon == pos) break;
    std::size_t len = 0;
    bool digits = true;
    for (std::size_t i = pos; i < colon; ++i) {
      if (encoded[i] < '0' || encoded[i] > '9' || len > encoded.size()) {
        digits = false;
        break;
      }
      len = len * 10 + static_cast<std::size_t>(encoded[i] - '0');
    }
    if (!digits || len > encoded.size() - colon - 1) break;
    out.emplace_back(encoded.substr(colon + 1, len));
    pos = colon + 1 + len;
  }
  return out;
}

}  // namespace synaps::indexer::index::schema
