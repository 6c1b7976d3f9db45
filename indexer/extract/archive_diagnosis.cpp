#include "indexer/extract/archive_diagnosis.h"

#include <archive.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ContainsNoCase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  return it != haystack.end();
}

std::uint64_t LittleEndian64(std::string_view bytes, std::size_t at) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return value;
}

// libarchive's and its decompressors' ways of saying that the input ends early (zlib's -5 and
// liblzma's "no progress" are a buffer that never fills).
bool SaysTruncated(std::string_view message) {
  return ContainsNoCase(message, "truncat") || ContainsNoCase(message, "premature end") ||
         ContainsNoCase(message, "unexpected end") || ContainsNoCase(message, "no progress") ||
         message.find("(-5)") != std::string_view::npos;
}

// The end-of-central-directory record sits in the last 64 KiB + 22 bytes of a whole zip.
bool HasZipEnd(std::string_view bytes) {
  constexpr std::size_t kSearch = 65535 + 22;
  std::string_view tail = bytes.size() > kSearch ? bytes.substr(bytes.size() - kSearch) : bytes;
  return tail.find(std::string_view("PK\x05\x06", 4)) != std::string_view::npos ||
         tail.find(std::string_view("PK\x06\x06", 4)) != std::string_view::npos;
}

// What the framing alone tells, before libarchive's message: "" if it looks sound.
std::string FramingProblem(std::string_view bytes, const std::string& kind) {
  if (kind == "ZIP") {
    if (!StartsWith(bytes, std::string_view("PK", 2))) return "not a ZIP archive: no ZIP signature";
    if (!HasZipEnd(bytes)) return "ZIP archive truncated: central directory missing";
  } else if (kind == "7z") {
    if (bytes.size() < 32) return "7z archive truncated: shorter than its 32-byte start header";
    std::uint64_t offset = LittleEndian64(bytes, 12);
    std::uint64_t size = LittleEndian64(bytes, 20);
    if (offset > bytes.size() || size > bytes.size() || 32 + offset + size > bytes.size()) {
      return "7z archive truncated: its header lies past the end of the file";
    }
  } else if (kind == "gzip" && bytes.size() < 18) {
    return "gzip file truncated: shorter than a gzip header and trailer";
  }
  return {};
}

}  // namespace

std::string ArchiveKind(std::string_view type) {
  if (type == "application/zip" || type == "application/x-zip" ||
      StartsWith(type, "application/vnd.openxmlformats-officedocument.") ||
      StartsWith(type, "application/vnd.oasis.opendocument.")) {
    return "ZIP";
  }
  if (type == "application/x-tar" || type == "application/x-gtar") return "tar";
  if (type == "application/gzip" || type == "application/x-gzip") return "gzip";
  if (type == "application/x-bzip2") return "bzip2";
  if (type == "application/x-xz") return "xz";
  if (type == "application/x-lzma") return "lzma";
  if (type == "application/zstd") return "zstd";
  if (type == "application/x-7z-compressed") return "7z";
  if (type == "application/x-rar" || type == "application/vnd.rar") return "RAR";
  if (type == "application/x-cpio") return "cpio";
  return "archive";
}

std::string LibarchiveMessage(struct archive* a, std::string_view fallback) {
  const char* message = a != nullptr ? archive_error_string(a) : nullptr;
  std::string clean = SanitizeUtf8(message != nullptr && *message ? message : fallback);
  std::replace(clean.begin(), clean.end(), '\n', ' ');
  return clean;
}

std::string DescribeUnreadableArchive(struct archive* a, std::string_view bytes,
                                      std::string_view mime_type) {
  const std::string kind = ArchiveKind(mime_type);
  std::string framing = FramingProblem(bytes, kind);
  if (!framing.empty()) return framing;
  std::string name = kind == "RAR" && StartsWith(bytes, std::string_view("Rar!\x1a\x07\x01\x00", 8))
                         ? "RAR 5"
                         : kind;
  std::string message = LibarchiveMessage(a, "");
  if (ContainsNoCase(message, "encrypt") || ContainsNoCase(message, "passphrase")) {
    return name + " archive is encrypted (password-protected): " + message;
  }
  if (ContainsNoCase(message, "unrecognized archive format")) {
    return "not a readable " + name + " archive: its format is not recognised";
  }
  bool compressed =
      kind == "gzip" || kind == "bzip2" || kind == "xz" || kind == "lzma" || kind == "zstd";
  std::string what = compressed ? name + " data" : name + " archive";
  if (SaysTruncated(message)) return what + " truncated: " + message;
  if (message.empty()) {
    return what + (compressed ? " corrupt: the decompressor rejected it"
                              : " damaged: its first header cannot be read");
  }
  return what + (compressed ? " corrupt: " : " damaged: ") + message;
}

std::string DescribeDamagedArchive(struct archive* a, std::string_view bytes,
                                   std::string_view mime_type, int members_read) {
  const std::string kind = ArchiveKind(mime_type);
  std::string after = " after " + std::to_string(members_read) + " members";
  std::string framing = FramingProblem(bytes, kind);
  if (!framing.empty()) {
    std::size_t colon = framing.find(':');
    return framing.insert(colon == std::string::npos ? framing.size() : colon, after);
  }
  std::string message = LibarchiveMessage(a, "the next member's header cannot be read");
  return kind + " archive " + (SaysTruncated(message) ? "truncated" : "damaged") + after + ": " +
         message;
}

std::string DescribeBadMemberData(struct archive* a) {
  std::string message = LibarchiveMessage(a, "");
  // zlib's codes as libarchive prints them: -5 is input that ends early, -3 bad data.
  if (SaysTruncated(message)) {
    return "data truncated (" + (message.empty() ? std::string("early end") : message) + ")";
  }
  if (ContainsNoCase(message, "encrypt") || ContainsNoCase(message, "passphrase")) {
    return "encrypted (password-protected): " + message;
  }
  if (message.empty()) return "corrupt data: the decompressor rejected it";
  return "corrupt data: " + message;
}

}  // namespace synaps::indexer::extract_internal
