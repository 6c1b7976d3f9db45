// Archives (zip, tar, tar.gz/bz2/xz, 7z, cpio; single gzip/bzip2/xz files) through
// libarchive: every regular member becomes a child document, within the depth, member,
// uncompressed-size and compression-ratio limits.
#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "indexer/extract/archive_diagnosis.h"
#include "indexer/extract/archive_guard.h"
#include "indexer/extract/context.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

struct ArchiveCloser {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<struct archive, ArchiveCloser>;

// Opens `bytes` and reads the first header into `*entry`; returns libarchive's code. `*a` is
// kept even when opening fails, for its error message.
int OpenFirst(std::string_view bytes, bool raw, ArchivePtr* a, struct archive_entry** entry) {
  a->reset(archive_read_new());
  archive_read_support_filter_all(a->get());
  if (raw) {
    archive_read_support_format_raw(a->get());
  } else {
    archive_read_support_format_all(a->get());
  }
  if (archive_read_open_memory(a->get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return ARCHIVE_FATAL;
  }
  return archive_read_next_header(a->get(), entry);
}

void AddEncryptedChild(const std::string& name, ExtractedDocument* doc) {
  ExtractedChild child;
  child.name = SanitizeName(name);
  child.doc.mime_type = "application/octet-stream";
  SetStatus(&child.doc, ExtractionStatus::kEncrypted,
            "archive member is encrypted (password-protected)");
  doc->children.push_back(std::move(child));
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
  ArchivePtr a;
  struct archive_entry* entry = nullptr;
  int rc = OpenFirst(bytes, /*raw=*/false, &a, &entry);
  bool raw = false;
  if (rc < ARCHIVE_WARN) {
    // A compressed single file (not a tar inside): read the decompressed stream as one member.
    ArchivePtr single;
    int single_rc = OpenFirst(bytes, /*raw=*/true, &single, &entry);
    if (single_rc >= ARCHIVE_WARN && archive_filter_count(single.get()) > 0 &&
        archive_filter_code(single.get(), 0) != ARCHIVE_FILTER_NONE) {
      a = std::move(single);
      rc = single_rc;
      raw = true;
    }
  }
  if (rc < ARCHIVE_WARN) {
    SetStatus(doc, ExtractionStatus::kFailed,
              "extraction failed: " + DescribeUnreadableArchive(a.get(), bytes, doc->mime_type));
    return;
  }
  ArchiveGuard guard(context, bytes.size());
  int members = 0;
  int encrypted = 0;
  for (; rc != ARCHIVE_EOF; rc = archive_read_next_header(a.get(), &entry)) {
    if (rc < ARCHIVE_WARN) {
      MarkPartial(doc, DescribeDamagedArchive(a.get(), bytes, doc->mime_type, members));
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
      ++encrypted;
      AddEncryptedChild(name, doc);
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
  if (encrypted > 0 && encrypted == members && doc->status == ExtractionStatus::kOk) {
    SetStatus(doc, ExtractionStatus::kEncrypted,
              "archive is encrypted (password-protected members): none of its " +
                  std::to_string(members) + " members could be read");
  } else if (encrypted > 0) {
    MarkPartial(doc, std::to_string(encrypted) + " of " + std::to_string(members) +
                         " members are encrypted (password-protected)");
  }
}

}  // namespace synaps::indexer::extract_internal
