// Archives (zip, tar, tar.gz/bz2/xz, 7z, cpio; single gzip/bzip2/xz files) through
// libarchive: every regular member becomes a child document, within the depth, member,
// uncompressed-size and compression-ratio limits.
#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "indexer/extract/archive_guard.h"
#include "indexer/extract/context.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

struct ArchiveCloser {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<struct archive, ArchiveCloser>;

std::string ErrorOf(struct archive* a) {
  const char* message = archive_error_string(a);
  return SanitizeUtf8(message != nullptr ? message : "unknown error");
}

ArchivePtr Open(std::string_view bytes, bool raw) {
  ArchivePtr a(archive_read_new());
  archive_read_support_filter_all(a.get());
  if (raw) {
    archive_read_support_format_raw(a.get());
  } else {
    archive_read_support_format_all(a.get());
  }
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) return nullptr;
  return a;
}

// "rapport.txt.gz" -> "rapport.txt": the name of the single member of a compressed file.
std::string StripCompressionSuffix(std::string_view file_name) {
  std::size_t slash = file_name.find_last_of('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  for (std::string_view suffix : {".gz", ".bz2", ".xz", ".lzma", ".zst", ".Z"}) {
    if (file_name.size() > suffix.size() &&
        file_name.substr(file_name.size() - suffix.size()) == suffix) {
      return std::string(file_name.substr(0, file_name.size() - suffix.size()));
    }
  }
  return "data";
}

}  // namespace

void ExtractArchive(ExtractionContext& context, std::string_view bytes, std::string_view file_name,
                    int depth, ExtractedDocument* doc) {
  Utf8LocaleScope utf8_names;
  ArchivePtr a = Open(bytes, /*raw=*/false);
  struct archive_entry* entry = nullptr;
  int rc = a ? archive_read_next_header(a.get(), &entry) : ARCHIVE_FATAL;
  bool raw = false;
  if (rc < ARCHIVE_WARN) {
    // A compressed single file (not a tar inside): read the decompressed stream as one member.
    ArchivePtr single = Open(bytes, /*raw=*/true);
    if (single && archive_filter_count(single.get()) > 0) {
      int single_rc = archive_read_next_header(single.get(), &entry);
      if (single_rc >= ARCHIVE_WARN &&
          archive_filter_code(single.get(), 0) != ARCHIVE_FILTER_NONE) {
        a = std::move(single);
        rc = single_rc;
        raw = true;
      }
    }
  }
  if (rc < ARCHIVE_WARN) {
    SetStatus(doc, ExtractionStatus::kFailed,
              "extraction failed: unreadable archive: " + (a ? ErrorOf(a.get()) : "open failed"));
    return;
  }
  ArchiveGuard guard(context, bytes.size());
  int members = 0;
  for (; rc != ARCHIVE_EOF; rc = archive_read_next_header(a.get(), &entry)) {
    if (rc < ARCHIVE_WARN) {
      MarkPartial(doc, "archive damaged after " + std::to_string(members) +
                           " members: " + ErrorOf(a.get()));
      break;
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* path = archive_entry_pathname_utf8(entry);
    if (path == nullptr) path = archive_entry_pathname(entry);
    std::string name =
        raw ? StripCompressionSuffix(file_name) : (path != nullptr ? std::string(path) : "unnamed");
    ++members;
    if (archive_entry_is_encrypted(entry)) {
      if (!context.TakeMember()) {
        MarkPartial(doc, "stopped after " + std::to_string(context.limits().max_members) +
                             " members (limit)");
        break;
      }
      ExtractedChild child;
      child.name = SanitizeName(name);
      child.doc.mime_type = "application/octet-stream";
      SetStatus(&child.doc, ExtractionStatus::kEncrypted, "encrypted archive member");
      doc->children.push_back(std::move(child));
      continue;
    }
    std::string data;
    std::string error;
    bool fatal = false;
    if (!guard.ReadMember(a.get(), &data, &error, &fatal)) {
      MarkPartial(doc, name + ": " + error);
      if (fatal) break;
      continue;
    }
    if (!AddChild(context, data, name, depth, doc)) break;
  }
  doc->properties["members"] = std::to_string(members);
}

}  // namespace synaps::indexer::extract_internal
