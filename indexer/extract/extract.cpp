// Entry points: reading the file, choosing an extractor by MIME type, nesting children.
#include "indexer/extract/extract.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <stdexcept>

#include "indexer/extract/context.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer {
namespace extract_internal {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IsOfficeXml(std::string_view type) {
  return StartsWith(type, "application/vnd.openxmlformats-officedocument.") ||
         StartsWith(type, "application/vnd.oasis.opendocument.");
}

bool IsLegacyOffice(std::string_view type) {
  return type == "application/msword" || type == "application/vnd.ms-excel" ||
         type == "application/vnd.ms-powerpoint" || type == "text/rtf" || type == "application/rtf";
}

bool IsArchive(std::string_view type) {
  return type == "application/zip" || type == "application/x-zip" || type == "application/x-tar" ||
         type == "application/x-gtar" || type == "application/gzip" ||
         type == "application/x-gzip" || type == "application/x-bzip2" ||
         type == "application/x-xz" || type == "application/x-7z-compressed" ||
         type == "application/x-lzma" || type == "application/zstd" || type == "application/x-cpio";
}

bool IsMarkup(std::string_view type) {
  return type == "text/html" || type == "application/xhtml+xml" || type == "application/xml" ||
         type == "text/xml" || type == "image/svg+xml";
}

// "a.zip: reason", or "a.zip!/b.zip: reason" when a.zip's reason itself came from its member
// b.zip, so that the top document names the member at fault by its full address.
std::string PropagatedReason(const ExtractedChild& child) {
  const std::string& reason = child.doc.status_reason;
  for (const ExtractedChild& grandchild : child.doc.children) {
    const std::string& name = grandchild.name;
    if (grandchild.doc.status == ExtractionStatus::kPartial && reason.size() > name.size() &&
        reason.compare(0, name.size(), name) == 0 &&
        (reason.compare(name.size(), 2, ": ") == 0 || reason.compare(name.size(), 2, "!/") == 0)) {
      return child.name + "!/" + reason;
    }
  }
  return child.name + ": " + reason;
}

constexpr std::size_t kMaxPropertyBytes = 64 * 1024;
constexpr std::size_t kMaxNameBytes = 4096;

bool IsPlainText(std::string_view type) {
  return StartsWith(type, "text/") && !IsMarkup(type) && !IsLegacyOffice(type);
}

}  // namespace

static void ExtractWithFormat(ExtractionContext& context, std::string_view bytes,
                              std::string_view file_name, int depth, ExtractedDocument* doc);

void ExtractTyped(ExtractionContext& context, std::string_view bytes, std::string_view file_name,
                  int depth, ExtractedDocument* doc) {
  ExtractWithFormat(context, bytes, file_name, depth, doc);
  // Metadata is for display and fields, not a second text channel: a hostile 100 MB "title"
  // must not get past the text cap this way.
  for (auto& [key, value] : doc->properties) {
    if (value.size() > kMaxPropertyBytes) value.resize(Utf8PrefixLength(value, kMaxPropertyBytes));
  }
}

static void ExtractWithFormat(ExtractionContext& context, std::string_view bytes,
                              std::string_view file_name, int depth, ExtractedDocument* doc) {
  const std::string& type = doc->mime_type;
  try {
    if (type == "application/x-empty") {
      // Nothing to extract, and nothing wrong.
    } else if (type == "application/pdf") {
      ExtractPdf(context, bytes, doc);
    } else if (IsOfficeXml(type)) {
      ExtractOfficeXml(context, bytes, doc);
    } else if (IsLegacyOffice(type)) {
      ExtractLegacyOffice(context, bytes, doc);
    } else if (type == "text/html" || type == "application/xhtml+xml") {
      ExtractHtml(context, bytes, doc);
    } else if (IsMarkup(type)) {
      ExtractXml(context, bytes, doc);
    } else if (type == "message/rfc822") {
      ExtractMail(context, bytes, depth, doc);
    } else if (IsArchive(type)) {
      ExtractArchive(context, bytes, file_name, depth, doc);
    } else if (StartsWith(type, "image/")) {
      ExtractImage(bytes, doc);
    } else if (IsPlainText(type)) {
      ExtractPlainText(context, bytes, doc);
    } else if (type == "application/x-rar" || type == "application/vnd.rar") {
      SetStatus(doc, ExtractionStatus::kUnsupported,
                "RAR archives are not supported: members not extracted");
    } else if (type == "application/encrypted") {
      // libmagic's name for an OLE2 container with an EncryptionInfo stream: a password-
      // protected DOCX, XLSX or PPTX.
      SetStatus(doc, ExtractionStatus::kEncrypted,
                "Office document is encrypted (password-protected): no text readable");
    } else {
      SetStatus(doc, ExtractionStatus::kUnsupported, "no text extractor for " + type);
    }
  } catch (const std::bad_alloc&) {
    SetStatus(doc, ExtractionStatus::kFailed, MemoryLimitReason(context.limits()));
  } catch (const std::length_error&) {
    // A size read from the file asked for more than a string or vector can hold.
    SetStatus(doc, ExtractionStatus::kFailed,
              "extraction failed: the " + type + " reader was asked for an impossible size " +
                  "(the file declares absurd lengths)");
  } catch (const std::exception& e) {
    SetStatus(doc, ExtractionStatus::kFailed,
              "extraction failed: the " + type + " reader stopped: " + e.what());
  } catch (...) {
    SetStatus(doc, ExtractionStatus::kFailed,
              "extraction failed: the " + type + " reader stopped on an exception that is not " +
                  "a std::exception (a library fault on this file)");
  }
}

void ExtractInto(ExtractionContext& context, std::string_view bytes, std::string_view file_name,
                 int depth, ExtractedDocument* doc) {
  doc->mime_type = context.detector().Detect(bytes, file_name);
  ExtractTyped(context, bytes, file_name, depth, doc);
}

bool AddChild(ExtractionContext& context, std::string_view bytes, std::string_view name,
              int parent_depth, ExtractedDocument* parent) {
  if (!context.TakeMember()) {
    MarkPartial(parent, "stopped after " + std::to_string(context.limits().max_members) +
                            " members (limit)");
    return false;
  }
  ExtractedChild child;
  child.name = SanitizeName(name);
  int depth = parent_depth + 1;
  if (depth > context.limits().max_depth) {
    child.doc.mime_type = context.detector().Detect(bytes, name);
    SetStatus(&child.doc, ExtractionStatus::kUnsupported,
              "not extracted: nested deeper than " + std::to_string(context.limits().max_depth) +
                  " levels");
    MarkPartial(parent, "members nested deeper than " + std::to_string(context.limits().max_depth) +
                            " levels not extracted");
  } else {
    ExtractInto(context, bytes, name, depth, &child.doc);
    if (child.doc.status == ExtractionStatus::kPartial) {
      MarkPartial(parent, PropagatedReason(child));
    }
  }
  parent->children.push_back(std::move(child));
  return true;
}

std::string SanitizeName(std::string_view name) {
  std::string clean = SanitizeUtf8(name);
  // Archive paths are names, never places: no leading "/" or "./".
  while (!clean.empty() && (clean.front() == '/' || StartsWith(clean, "./"))) {
    clean.erase(0, clean.front() == '/' ? 1 : 2);
  }
  if (clean.size() > kMaxNameBytes) clean.resize(Utf8PrefixLength(clean, kMaxNameBytes));
  if (clean.empty()) clean = "unnamed";
  return clean;
}

}  // namespace extract_internal

using extract_internal::ExtractionContext;
using extract_internal::SetStatus;

namespace {

bool IsTextLike(std::string_view type) {
  return (type.substr(0, 5) == "text/" && type != "text/rtf") || type == "application/xhtml+xml" ||
         type == "application/xml" || type == "image/svg+xml";
}

// Reads up to `max_bytes` from the start of `fd`.
bool ReadPrefix(int fd, std::uint64_t max_bytes, std::string* out) {
  out->clear();
  while (out->size() < max_bytes) {
    std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(max_bytes - out->size(), 1 << 20));
    std::size_t old = out->size();
    out->resize(old + want);
    ssize_t got = ::read(fd, out->data() + old, want);
    if (got < 0 && errno == EINTR) {
      out->resize(old);
      continue;
    }
    if (got <= 0) {
      out->resize(old);
      return got == 0;
    }
    out->resize(old + static_cast<std::size_t>(got));
  }
  return true;
}

// After ReadPrefix() failed: errno says why (EIO on a failing disk, EISDIR...).
std::string ReadErrorReason() {
  return std::string("extraction failed: cannot read file: ") + std::strerror(errno);
}

// Properties, reasons and member names come from the outside world and end up in logs, JSON
// and pages: whatever a format's parser let through (entities, raw declarations, member
// names), they leave as one line of valid UTF-8 without control characters, at most 16 KiB.
std::string CleanLine(std::string_view raw) {
  constexpr size_t kMaxBytes = 16 * 1024;
  std::string utf8 = extract_internal::SanitizeUtf8(raw.substr(0, kMaxBytes + 4));
  std::string clean;
  clean.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x20 || c == 0x7F) {
      clean.push_back(' ');
    } else if (c == 0xC2 && i + 1 < utf8.size() &&
               static_cast<unsigned char>(utf8[i + 1]) <= 0x9F) {
      clean.push_back(' ');  // a C1 control character
      ++i;
    } else {
      clean.push_back(utf8[i]);
    }
  }
  if (clean.size() > kMaxBytes) {
    size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) --cut;
    clean.resize(cut);
  }
  return clean;
}

void CleanStrings(ExtractedDocument* doc) {
  for (auto& [key, value] : doc->properties) value = CleanLine(value);
  doc->status_reason = CleanLine(doc->status_reason);
  for (ExtractedChild& child : doc->children) {
    child.name = CleanLine(child.name);
    CleanStrings(&child.doc);
  }
}

}  // namespace

ExtractedDocument ExtractFile(const std::filesystem::path& path, std::string_view file_name,
                              const ExtractionLimits& limits, std::string_view detected_type) {
  ExtractedDocument doc;
  std::string name = file_name.empty() ? path.filename().string() : std::string(file_name);
  // O_NONBLOCK: opening a FIFO must not hang; regular files ignore the flag for reads.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    doc.mime_type = "application/octet-stream";
    SetStatus(&doc, ExtractionStatus::kFailed,
              std::string("extraction failed: cannot open file: ") + std::strerror(errno));
    return doc;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    doc.mime_type = "application/octet-stream";
    SetStatus(&doc, ExtractionStatus::kFailed, "extraction failed: not a regular file");
    return doc;
  }
  auto size = static_cast<std::uint64_t>(info.st_size);
  try {
    ExtractionContext context(limits);
    std::string bytes;
    if (!ReadPrefix(fd, std::min<std::uint64_t>(size, kTypeDetectorHeadBytes), &bytes)) {
      std::string reason = ReadErrorReason();  // Before close() may change errno.
      ::close(fd);
      doc.mime_type = "application/octet-stream";
      SetStatus(&doc, ExtractionStatus::kFailed, reason);
      return doc;
    }
    // libmagic on 64 KB is a good part of the cost of extracting a small document: never twice.
    doc.mime_type =
        detected_type.empty() ? context.detector().Detect(bytes, name) : std::string(detected_type);
    // Text needs no more input than the output budget (markup a few times that); anything
    // else must be read whole, so it is bounded by max_input_bytes.
    std::uint64_t wanted = size;
    bool cut_text = false;
    if (IsTextLike(doc.mime_type)) {
      std::uint64_t factor = doc.mime_type == "text/plain" ? 1 : 4;
      std::uint64_t cap = std::min(limits.max_input_bytes, limits.max_text_bytes * factor);
      if (size > cap) {
        wanted = cap;
        cut_text = true;
      }
    } else if (size > limits.max_input_bytes) {
      ::close(fd);
      SetStatus(&doc, ExtractionStatus::kFailed,
                "extraction failed: file too large (" + std::to_string(size) + " bytes, limit " +
                    std::to_string(limits.max_input_bytes) + ")");
      return doc;
    }
    if (::lseek(fd, 0, SEEK_SET) != 0 || !ReadPrefix(fd, wanted, &bytes)) {
      std::string reason = ReadErrorReason();
      ::close(fd);
      SetStatus(&doc, ExtractionStatus::kFailed, reason);
      return doc;
    }
    ::close(fd);
    fd = -1;
    extract_internal::ExtractTyped(context, bytes, name, 0, &doc);
    if (cut_text) {
      extract_internal::MarkPartial(&doc, "text truncated: only the first " +
                                              std::to_string(wanted) + " of " +
                                              std::to_string(size) + " bytes read");
    }
  } catch (const std::bad_alloc&) {
    if (fd >= 0) ::close(fd);
    SetStatus(&doc, ExtractionStatus::kFailed, extract_internal::MemoryLimitReason(limits));
  }
  CleanStrings(&doc);
  return doc;
}

ExtractedDocument ExtractBytes(std::string_view bytes, std::string_view file_name,
                               const ExtractionLimits& limits) {
  ExtractedDocument doc;
  try {
    ExtractionContext context(limits);
    extract_internal::ExtractInto(context, bytes, file_name, 0, &doc);
  } catch (const std::bad_alloc&) {
    SetStatus(&doc, ExtractionStatus::kFailed, extract_internal::MemoryLimitReason(limits));
  }
  CleanStrings(&doc);
  return doc;
}

}  // namespace synaps::indexer
