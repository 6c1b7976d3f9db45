#include "indexer/index/snippet_text.h"

#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <memory>

namespace synaps::indexer::index {

namespace {

// Zstandard frame (it records its own size). Read back on every hit of every search, where it
// inflates about four times as fast as zlib for the same size.
constexpr std::string_view kZstdMarker("\0S", 2);
// Written by earlier versions: 4-byte little-endian length + zlib data. Still read.
constexpr std::string_view kZlibMarker("\0Z", 2);
constexpr size_t kZlibHeader = 2 + 4;
constexpr uint32_t kMaxUnpacked = 1u << 24;  // far above kSnippetTextBytes: a sanity bound
constexpr int kZstdLevel = 3;

// One context per thread: creating one costs more than unpacking a snippet text.
ZSTD_DCtx* ThreadDecompressor() {
  thread_local std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(),
                                                                            &ZSTD_freeDCtx);
  return context.get();
}

ZSTD_CCtx* ThreadCompressor() {
  thread_local std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(),
                                                                            &ZSTD_freeCCtx);
  return context.get();
}

std::string UnpackZlib(std::string_view packed) {
  if (packed.size() < kZlibHeader) return {};
  uint32_t size = 0;
  for (int i = 0; i < 4; ++i) {
    size |= static_cast<uint32_t>(static_cast<unsigned char>(packed[2 + i])) << (8 * i);
  }
  if (size > kMaxUnpacked) return {};
  std::string text(size, '\0');
  uLongf length = size;
  int rc = uncompress(reinterpret_cast<Bytef*>(text.data()), &length,
                      reinterpret_cast<const Bytef*>(packed.data() + kZlibHeader),
                      static_cast<uLong>(packed.size() - kZlibHeader));
  if (rc != Z_OK || length != size) return {};
  return text;
}

std::string UnpackZstd(std::string_view packed) {
  const std::string_view frame = packed.substr(kZstdMarker.size());
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxUnpacked) {
    return {};
  }
  std::string text(static_cast<size_t>(size), '\0');
  ZSTD_DCtx* context = ThreadDecompressor();
  if (context == nullptr) return {};
  const size_t length =
      ZSTD_decompressDCtx(context, text.data(), text.size(), frame.data(), frame.size());
  if (ZSTD_isError(length) || length != size) return {};
  return text;
}

}  // namespace

std::string PackSnippetText(std::string_view text) {
  ZSTD_CCtx* context = ThreadCompressor();
  if (context == nullptr) return std::string(text);  // stored as is: still readable
  std::string packed(kZstdMarker.size() + ZSTD_compressBound(text.size()), '\0');
  packed.replace(0, kZstdMarker.size(), kZstdMarker);
  const size_t length =
      ZSTD_compressCCtx(context, packed.data() + kZstdMarker.size(),
                        packed.size() - kZstdMarker.size(), text.data(), text.size(), kZstdLevel);
  if (ZSTD_isError(length)) return std::string(text);
  packed.resize(kZstdMarker.size() + length);
  return packed;
}

std::string UnpackSnippetText(std::string_view packed) {
  if (packed.substr(0, 2) == kZstdMarker) return UnpackZstd(packed);
  if (packed.substr(0, 2) == kZlibMarker) return UnpackZlib(packed);
  return std::string(packed);
}

}  // namespace synaps::indexer::index
