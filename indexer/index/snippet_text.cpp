#include "indexer/index/snippet_text.h"

#include <zlib.h>

#include <cstdint>

namespace synaps::indexer::index {

namespace {

constexpr std::string_view kMarker("\0Z", 2);
constexpr size_t kHeader = 2 + 4;
constexpr uint32_t kMaxUnpacked = 1u << 24;  // far above kSnippetTextBytes: a sanity bound

}  // namespace

std::string PackSnippetText(std::string_view text) {
  uLongf capacity = compressBound(static_cast<uLong>(text.size()));
  std::string packed(kHeader + capacity, '\0');
  packed.replace(0, 2, kMarker);
  auto size = static_cast<uint32_t>(text.size());
  for (int i = 0; i < 4; ++i) packed[2 + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
  int rc = compress2(reinterpret_cast<Bytef*>(packed.data() + kHeader), &capacity,
                     reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                     Z_BEST_SPEED);
  if (rc != Z_OK) return std::string(text);  // stored as is: still readable
  packed.resize(kHeader + capacity);
  return packed;
}

std::string UnpackSnippetText(std::string_view packed) {
  if (packed.substr(0, 2) != kMarker) return std::string(packed);
  if (packed.size() < kHeader) return {};
  uint32_t size = 0;
  for (int i = 0; i < 4; ++i) {
    size |= static_cast<uint32_t>(static_cast<unsigned char>(packed[2 + i])) << (8 * i);
  }
  if (size > kMaxUnpacked) return {};
  std::string text(size, '\0');
  uLongf length = size;
  int rc = uncompress(reinterpret_cast<Bytef*>(text.data()), &length,
                      reinterpret_cast<const Bytef*>(packed.data() + kHeader),
                      static_cast<uLong>(packed.size() - kHeader));
  if (rc != Z_OK || length != size) return {};
  return text;
}

}  // namespace synaps::indexer::index
