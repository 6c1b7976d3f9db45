#include "indexer/extract/type_detector.h"

#include <magic.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace synaps::indexer {
namespace {

constexpr std::string_view kOctetStream = "application/octet-stream";

struct ExtensionType {
  std::string_view extension;  // Lower case, without the dot.
  std::string_view mime_type;
};

constexpr std::array kExtensionTypes = {
    ExtensionType{"pdf", "application/pdf"},
    ExtensionType{"docx",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ExtensionType{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    ExtensionType{"pptx",
                  "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    ExtensionType{"odt", "application/vnd.oasis.opendocument.text"},
    ExtensionType{"ods", "application/vnd.oasis.opendocument.spreadsheet"},
    ExtensionType{"odp", "application/vnd.oasis.opendocument.presentation"},
    ExtensionType{"doc", "application/msword"},
    ExtensionType{"xls", "application/vnd.ms-excel"},
    ExtensionType{"ppt", "application/vnd.ms-powerpoint"},
    ExtensionType{"rtf", "text/rtf"},
    ExtensionType{"html", "text/html"},
    ExtensionType{"htm", "text/html"},
    ExtensionType{"xhtml", "application/xhtml+xml"},
    ExtensionType{"xml", "application/xml"},
    ExtensionType{"txt", "text/plain"},
    ExtensionType{"text", "text/plain"},
    ExtensionType{"log", "text/plain"},
    ExtensionType{"csv", "text/csv"},
    ExtensionType{"md", "text/markdown"},
    ExtensionType{"markdown", "text/markdown"},
    ExtensionType{"eml", "message/rfc822"},
    ExtensionType{"zip", "application/zip"},
    ExtensionType{"tar", "application/x-tar"},
    ExtensionType{"tgz", "application/gzip"},
    ExtensionType{"gz", "application/gzip"},
    ExtensionType{"bz2", "application/x-bzip2"},
    ExtensionType{"xz", "application/x-xz"},
    ExtensionType{"7z", "application/x-7z-compressed"},
    ExtensionType{"png", "image/png"},
    ExtensionType{"jpg", "image/jpeg"},
    ExtensionType{"jpeg", "image/jpeg"},
    ExtensionType{"gif", "image/gif"},
    ExtensionType{"tif", "image/tiff"},
    ExtensionType{"tiff", "image/tiff"},
    ExtensionType{"svg", "image/svg+xml"},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string Extension(std::string_view file_name) {
  std::size_t slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  std::size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return Lower(file_name.substr(dot + 1));
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsZipContainer(std::string_view type) {
  return StartsWith(type, "application/vnd.openxmlformats-officedocument.") ||
         StartsWith(type, "application/vnd.oasis.opendocument.");
}

bool IsLegacyOffice(std::string_view type) {
  return type == "application/msword" || type == "application/vnd.ms-excel" ||
         type == "application/vnd.ms-powerpoint";
}

// The content says "some text": the extension may say which kind.
bool IsVagueText(std::string_view type) {
  return type == "text/plain" || type == "text/x-c" || type == "text/x-c++" ||
         type == "text/x-makefile" || type == "text/x-asm" || type == "text/x-pascal" ||
         type == "text/x-fortran" || type == "application/csv" || type == "text/x-Algol68" ||
         type == "text/x-tex";
}

// Decides between what libmagic saw and what the extension claims. The extension only ever
// narrows a vague answer to a compatible one: a PDF named .docx stays a PDF.
std::string Refine(std::string magic_type, std::string_view file_name) {
  std::string by_extension = TypeDetector::TypeFromExtension(file_name);
  if (magic_type.empty() || magic_type == kOctetStream) {
    return by_extension.empty() ? std::string(kOctetStream) : by_extension;
  }
  if (by_extension.empty()) return magic_type;
  if (IsVagueText(magic_type) && StartsWith(by_extension, "text/")) return by_extension;
  if (IsVagueText(magic_type) &&
      (by_extension == "message/rfc822" || by_extension == "application/xml")) {
    return by_extension;
  }
  if (magic_type == "text/csv" || magic_type == "text/x-mail" || magic_type == "text/x-news") {
    if (by_extension == "message/rfc822" || magic_type == "text/csv") return by_extension;
  }
  // Zip-based office files whose first member is not the one libmagic looks for.
  if ((magic_type == "application/zip" || magic_type == "application/x-zip" ||
       magic_type == "application/octet-stream") &&
      IsZipContainer(by_extension)) {
    return by_extension;
  }
  // OLE2 compound files: libmagic often cannot tell Word from Excel from PowerPoint.
  if ((magic_type == "application/x-ole-storage" || magic_type == "application/cdfv2" ||
       magic_type == "application/vnd.ms-office") &&
      IsLegacyOffice(by_extension)) {
    return by_extension;
  }
  if ((magic_type == "text/xml" || magic_type == "application/xml") &&
      (by_extension == "application/xhtml+xml" || by_extension == "image/svg+xml" ||
       by_extension == "text/html")) {
    return by_extension;
  }
  if (magic_type == "text/xml") return "application/xml";
  return magic_type;
}

}  // namespace

TypeDetector::TypeDetector() : cookie_(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) {
  if (cookie_ != nullptr && magic_load(cookie_, nullptr) != 0) {
    magic_close(cookie_);
    cookie_ = nullptr;
  }
  // Plain text fails every test of the magic database, and its regular expressions, run over
  // the first 8 KiB by default, are half of that cost. The types they tell apart from the first
  // KiB or not at all are kinds of source code and markup, which come out as some text either
  // way (Refine narrows them by extension).
  if (cookie_ != nullptr) {
    const std::size_t regex_max = 1024;
    magic_setparam(cookie_, MAGIC_PARAM_REGEX_MAX, &regex_max);
  }
}

TypeDetector::~TypeDetector() {
  if (cookie_ != nullptr) magic_close(cookie_);
}

std::string TypeDetector::TypeFromExtension(std::string_view file_name) {
  std::string extension = Extension(file_name);
  for (const ExtensionType& entry : kExtensionTypes) {
    if (entry.extension == extension) return std::string(entry.mime_type);
  }
  return {};
}

std::string TypeDetector::Detect(std::string_view head_bytes, std::string_view file_name) const {
  if (head_bytes.empty()) return "application/x-empty";
  head_bytes = head_bytes.substr(0, kTypeDetectorHeadBytes);
  std::string magic_type;
  if (cookie_ != nullptr) {
    const char* answer = magic_buffer(cookie_, head_bytes.data(), head_bytes.size());
    if (answer != nullptr) magic_type = Lower(answer);
  }
  // libmagic reports its own parameters on some builds ("text/plain; charset=..."); drop them.
  if (std::size_t semicolon = magic_type.find(';'); semicolon != std::string::npos) {
    magic_type.resize(semicolon);
  }
  return Refine(std::move(magic_type), file_name);
}

}  // namespace synaps::indexer
