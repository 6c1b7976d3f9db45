// Images: no text (no OCR here), only the dimensions when the header gives them cheaply.
#include <cstdint>

#include "indexer/extract/context.h"

namespace synaps::indexer::extract_internal {
namespace {

std::uint32_t Big16(std::string_view b, std::size_t i) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[i])) << 8) |
         static_cast<unsigned char>(b[i + 1]);
}
std::uint32_t Big32(std::string_view b, std::size_t i) {
  return (Big16(b, i) << 16) | Big16(b, i + 2);
}
std::uint32_t Little16(std::string_view b, std::size_t i) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[i + 1])) << 8) |
         static_cast<unsigned char>(b[i]);
}

bool Dimensions(std::string_view b, std::uint32_t* width, std::uint32_t* height) {
  if (b.size() >= 24 && b.substr(0, 8) == "\x89PNG\r\n\x1a\n" && b.substr(12, 4) == "IHDR") {
    *width = Big32(b, 16);
    *height = Big32(b, 20);
    return true;
  }
  if (b.size() >= 10 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) {
    *width = Little16(b, 6);
    *height = Little16(b, 8);
    return true;
  }
  if (b.size() >= 4 && b.substr(0, 2) == "\xFF\xD8") {
    // Walk the JPEG segments up to the first start-of-frame.
    std::size_t i = 2;
    while (i + 9 < b.size() && static_cast<unsigned char>(b[i]) == 0xFF) {
      auto marker = static_cast<unsigned char>(b[i + 1]);
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        *height = Big16(b, i + 5);
        *width = Big16(b, i + 7);
        return true;
      }
      i += 2 + Big16(b, i + 2);
    }
  }
  return false;
}

}  // namespace

void ExtractImage(std::string_view bytes, ExtractedDocument* doc) {
  std::uint32_t width = 0, height = 0;
  if (Dimensions(bytes, &width, &height)) {
    doc->properties["width"] = std::to_string(width);
    doc->properties["height"] = std::to_string(height);
  }
  SetStatus(doc, ExtractionStatus::kUnsupported, "image: metadata only (no OCR)");
}

}  // namespace synaps::indexer::extract_internal
