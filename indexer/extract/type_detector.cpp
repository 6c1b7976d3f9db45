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

// Extensions that promise plain text, read by the plain-text extractor.
bool IsPlainTextExtensionType(std::string_view type) {
  return type == "text/plain" || type == "text/csv" || type == "text/markdown";
}

// Formats written in text that libmagic recognises by a signature and that have a reader of
// their own (or, for PostScript, are page descriptions rather than prose): kept even when the
// bytes are text. Everything else libmagic says of text (HP-GL plots for a man page whose title
// starts with two capitals, JavaScript, image/x-xpmi...) has no text extractor, and the text
// would be stored as "unsupported" and never found.
bool IsStructuredText(std::string_view type) {
  return type == "application/pdf" || type == "application/postscript" ||
         type == "message/rfc822" || type == "text/rtf" || type == "application/xml" ||
         type == "text/xml" || type == "text/html" || type == "application/xhtml+xml" ||
         type == "image/svg+xml";
}

// Types any text can be read as: the extension's type is kept for text content.
bool ReadAsText(std::string_view type) {
  return (StartsWith(type, "text/") && type != "text/rtf") || type == "message/rfc822" ||
         type == "application/xml" || type == "application/xhtml+xml" || type == "image/svg+xml";
}

// True if `s` is UTF-8, except perhaps for a sequence cut by the end of the head.
bool IsUtf8Head(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = c < 0x80           ? 1
                         : (c >> 5) == 0x6  ? 2
                         : (c >> 4) == 0xE  ? 3
                         : (c >> 3) == 0x1E ? 4
                                            : 0;
    if (length == 0 || (length == 2 && c < 0xC2)) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k == s.size()) return true;
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// True if `head` reads as text: UTF-8, or mostly ASCII with the rest read as letters of an
// 8-bit charset (every ISO-8859 and Windows code page decodes 0x80-0xFF so); no NUL, and at
// most one control character in a hundred bytes besides tab, line and page breaks, backspace
// (overstrike in formatted manuals) and escape (terminal colours). Compressed or structured
// binary data has NULs or a control character in ten bytes, and half its bytes above 0x7F.
bool LooksLikeText(std::string_view head) {
  std::size_t controls = 0;
  std::size_t ascii = 0;
  for (unsigned char c : head) {
    if (c == 0) return false;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != '\b' &&
         c != 0x1B) ||
        c == 0x7F) {
      ++controls;
    }
    if (c < 0x80) ++ascii;
  }
  if (controls * 100 > head.size()) return false;
  return ascii * 10 >= head.size() * 7 || IsUtf8Head(head);
}

// True if text could begin a format that Refine keeps over a plain-text extension: a PDF or
// PostScript ('%', or PostScript's Ctrl-D), RTF ('{'), XML ('<') or a mail (a header line, or
// an mbox "From " line). Other text named .txt, .csv, .md or .log is the extension's type
// whatever libmagic would say of it.
bool MayBeKeptOverTextExtension(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);  // a UTF-8 byte order mark
  if (head.empty()) return false;
  if (head[0] == '%' || head[0] == '\x04' || head[0] == '{' || head[0] == '<') return true;
  if (StartsWith(head, "From ")) return true;
  // RFC 5322 field name: printable ASCII but the colon, then a colon.
  std::size_t i = 0;
  while (i < head.size() && head[i] > ' ' && head[i] < 0x7F && head[i] != ':') ++i;
  return i > 0 && i < head.size() && head[i] == ':';
}

// True if text could hold a signature libmagic finds past its first bytes, or an opening it
// reads as mail without a header line: HTML and SVG markup anywhere in the first KiBs, "%PDF-"
// anywhere, "Forward to", "Pipe to" and batched news. Text with no telling extension and none
// of these is plain text whatever else libmagic would say of it (a script, CSV, JSON: kinds of
// text, all read alike).
bool MayHoldTextFormatSignature(std::string_view head) {
  if (head.find('<') != std::string_view::npos) return true;
  if (head.find("%PDF-") != std::string_view::npos) return true;
  for (std::string_view opening : {"Forward to", "Pipe to", "#! rnews", "N#! rnews"}) {
    if (StartsWith(head, opening)) return true;
  }
  return false;
}

// Decides between what libmagic saw and what the extension claims. The extension only ever
// narrows a vague answer to a compatible one: a PDF named .docx stays a PDF. Text is never
// named as a type nothing reads text from (see IsStructuredText). `by_extension` is the type
// the file name's extension suggests ("" if none).
std::string Refine(std::string magic_type, const std::string& by_extension, std::string_view head) {
  if (magic_type.empty() || magic_type == kOctetStream) {
    return by_extension.empty() ? std::string(kOctetStream) : by_extension;
  }
  if (!StartsWith(magic_type, "text/") || magic_type == "text/html") {
    // An extension promising plain text, and content that agrees, beats libmagic's guesses
    // from a few words: a manual page quoting "<a href=...>" is not a web page, and reading it
    // as one drops every "<name@domain>" as a tag.
    bool extension_says_text =
        IsPlainTextExtensionType(by_extension) && magic_type != "application/pdf" &&
        magic_type != "application/postscript" && magic_type != "message/rfc822";
    if ((extension_says_text || !IsStructuredText(magic_type)) && LooksLikeText(head)) {
      return ReadAsText(by_extension) ? by_extension : "text/plain";
    }
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
  // libmagic spends 0.2 ms on text, which fails every test of its database: it is
  // not asked when its answer could not change the result.
  std::string by_extension = TypeFromExtension(file_name);
  if (IsPlainTextExtensionType(by_extension) && !MayBeKeptOverTextExtension(head_bytes) &&
      LooksLikeText(head_bytes)) {
    return by_extension;
  }
  // Nor when no extension names a type (litmus' files, "LISEZMOI", a mail client's "noname")
  // and the text shows no sign of a format read otherwise: its answer would be some text.
  if (by_extension.empty() && !MayBeKeptOverTextExtension(head_bytes) &&
      !MayHoldTextFormatSignature(head_bytes) && LooksLikeText(head_bytes)) {
    return "text/plain";
  }
  std::string magic_type;
  if (cookie_ != nullptr) {
    const char* answer = magic_buffer(cookie_, head_bytes.data(), head_bytes.size());
    if (answer != nullptr) magic_type = Lower(answer);
  }
  // libmagic reports its own parameters on some builds ("text/plain; charset=..."); drop them.
  if (std::size_t semicolon = magic_type.find(';'); semicolon != std::string::npos) {
    magic_type.resize(semicolon);
  }
  return Refine(std::move(magic_type), by_extension, head_bytes);
}

}  // namespace synaps::indexer
