// PageImages: the first pages of a PDF version drawn as PNG images, for people to look at (the
// portal's preview), by the isolated extraction worker, and kept on disk.
//
// The caller must be allowed to read the document: the version comes from the document service
// (DocumentService::Version(), which decides: a document the caller may not read is NotFound,
// as everywhere), and its content is named through it too (ContentFile(), audited as a
// "preview" read) each time an image is handed out, from the cache or not. The PDF comes from
// outside: only the worker parses it, under its CPU, memory and time limits, and what it
// answers is checked before it is kept (worker_protocol.h).
//
// Images are files under one directory (`<data>/previews/ab/<sha256>-p<page>-w<width>.png`),
// named by the content's SHA-256, the page and the width: immutable, so the name is a strong
// validator, and shared by every document with that content, whatever its service (the
// decision is made before the cache is looked at). Each is written to a temporary file and
// renamed, so no reader sees half of one. The page count of each content is kept beside
// (`<sha256>.pages`): a page beyond the end is refused without asking the worker again. The
// directory is bounded: past `max_bytes`, the files used least recently (their modification
// time, renewed at each use) are deleted down to three quarters of it.
//
// Thread-safety: every method may be called from several threads (and processes) at once; two
// that render the same image both render it and the last rename wins, with the same bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "dms-server/documents/document_service.h"
#include "dms-server/store/file_util.h"
#include "dms-server/store/status.h"
#include "indexer/extract/extract.h"

namespace synaps::indexing {

// One page, ready to send.
struct PageImage {
  enum class Outcome {
    kOk,          // `file` is open on the PNG, of `size` bytes.
    kNotPdf,      // The version is not a PDF: nothing is drawn (its text is the preview).
    kNoSuchPage,  // The document has `pages` pages, fewer than the page asked.
    kFailed,      // Encrypted, damaged, or beyond a limit: `reason` says which.
  };
  Outcome outcome = Outcome::kFailed;
  std::string reason;  // one line, when not kOk
  int pages = 0;       // the document's page count, when known
  store::UniqueFd file;
  int64_t size = 0;
  bool cached = false;  // true when the image came from the directory, not from the worker
};

class PageImages {
 public:
  // Pages 1 to kMaxPages of a document are drawn, no further: a preview shows its beginning.
  static constexpr int kMaxPages = 5;
  // The widths drawn, in pixels: a few, so that the directory holds a few images per page.
  static constexpr int kWidths[] = {200, 400, 800, 1200};
  static constexpr int kDefaultWidth = 800;

  struct Options {
    std::filesystem::path directory;            // created when first needed
    uint64_t max_bytes = 256ull * 1024 * 1024;  // the directory's bound
  };

  explicit PageImages(Options options);
  PageImages(const PageImages&) = delete;
  PageImages& operator=(const PageImages&) = delete;

  // Whether `width` is one of kWidths.
  static bool IsWidth(int width);
  // The strong validator of page `page` of `version` at `width`, quoted, known before anything
  // is read or drawn: "\"<sha256>-p<page>-w<width>\"".
  static std::string ETag(const store::Version& version, int page, int width);

  // Page `page` (1..kMaxPages) at `width` (one of kWidths) of `version` of `document` (both
  // from DocumentService::Version() for `caller`). Drawn by `worker` unless the directory has
  // it. kNotPdf is answered from the version's MIME type alone (no read, nothing audited).
  // Errors: the document service's (ContentFile), Invalid for a page or width outside the
  // bounds, Io when the directory cannot be written or read.
  store::Result<PageImage> Get(documents::DocumentService& documents,
                               const documents::Caller& caller, const store::Document& document,
                               const store::Version& version, int page, int width,
                               indexer::ExtractionWorker& worker);

  // The bytes the directory holds now, its images and page counts (a walk of the directory).
  uint64_t DiskBytes() const;

 private:
  std::filesystem::path ImagePath(const std::string& blob, int page, int width) const;
  std::filesystem::path PagesPath(const std::string& blob) const;
  // Writes `bytes` to `path` through a temporary file and a rename; counts them.
  store::Status Keep(const std::filesystem::path& path, std::string_view bytes);
  // When the directory holds more than max_bytes, deletes the least recently used files (never
  // `keep`, the image just drawn) down to three quarters of it.
  void Trim(const std::filesystem::path& keep);

  const Options options_;
  std::mutex mutex_;
  std::optional<uint64_t> bytes_;  // what the directory holds, as this process counted it
};

}  // namespace synaps::indexing
