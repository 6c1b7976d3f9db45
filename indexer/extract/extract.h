// Text extraction: bytes in, UTF-8 text and metadata out. Knows nothing of the store, SQLite,
// Xapian or HTTP.
//
// Two ways in:
//   * ExtractFile() parses in the calling process. Use it only for trusted input, in tests and
//     inside the worker program itself.
//   * ExtractionWorker parses in a separate process (synaps-extract-worker) under CPU, memory,
//     wall-time and output-size limits (ARCHITECTURE invariant 7). A crash, hang or limit in
//     there becomes a kFailed document with the reason; the caller never crashes.
//
// Failures are values: nothing here throws for bad input. Each document carries a status and
// one line saying what was wrong, in words an administrator can act on ("extraction failed:
// ZIP archive truncated: central directory missing", "extraction failed: PDF is damaged: no
// cross-reference table", "extraction failed: timed out after 30 s"), never a bare "unknown
// error".
#ifndef SYNAPS_INDEXER_EXTRACT_EXTRACT_H_
#define SYNAPS_INDEXER_EXTRACT_EXTRACT_H_

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace synaps::indexer {

enum class ExtractionStatus {
  kOk,           // Everything the format holds was extracted.
  kPartial,      // Some text came out but not all (output cap, truncated or damaged file,
                 // archive limits); status_reason says what was lost.
  kEncrypted,    // Protected by a password: only what the format leaves in clear.
  kUnsupported,  // A type we do not extract text from (images, unknown binaries): metadata only.
  kFailed,       // Nothing usable: corrupt file, crash, timeout, memory limit...
};

// "ok", "partial", "encrypted", "unsupported", "failed".
std::string_view StatusName(ExtractionStatus status);

struct ExtractedChild;

// What extraction tells about one document (or one archive member / mail attachment).
struct ExtractedDocument {
  std::string mime_type;  // As detected from content (TypeDetector), e.g. "application/pdf".
  // The document's own text, valid UTF-8 without NUL bytes, not NFC-normalised. PDF pages are
  // separated by '\f'; a mail's text starts with its From/To/Cc/Subject lines. The text of
  // archive members and attachments is in `children`, not here.
  std::string text;
  // Known keys (absent when unknown): title, author, subject, keywords, description, created,
  // modified (ISO 8601 UTC "2024-03-05T10:00:00Z" when the format allows), pages, sheets,
  // slides, from, to, cc, date, message_id, charset (of the source), language (a hint such as
  // "fr" when declared by the document), width, height, members.
  std::map<std::string, std::string> properties;
  ExtractionStatus status = ExtractionStatus::kOk;
  std::string status_reason;  // Empty when kOk; one line otherwise.
  // Archive members and mail attachments, in the order found. Their own children nest.
  std::vector<ExtractedChild> children;
};

struct ExtractedChild {
  // Path inside the parent, e.g. "dir/file.pdf" (archive) or "rapport.pdf" (attachment). The
  // full address of a nested member is the chain "outer.zip!/dir/inner.zip!/file.pdf"
  // (see ChildAddress()).
  std::string name;
  ExtractedDocument doc;
};

// Joins a parent address and a child name: ChildAddress("a.zip", "d/f.pdf") == "a.zip!/d/f.pdf".
std::string ChildAddress(std::string_view parent, std::string_view child_name);

// Every bound applied to one top-level document, including all its nested members. The
// defaults suit a server with a few GiB of memory.
struct ExtractionLimits {
  // Isolation only (enforced by ExtractionWorker on the worker process):
  int cpu_seconds = 30;                                // RLIMIT_CPU per document.
  std::uint64_t memory_bytes = 1024ull * 1024 * 1024;  // RLIMIT_AS of the worker.
  int wall_seconds = 60;                               // The parent kills the worker after this.
  // Everywhere:
  // Total text of the document tree (beyond: kPartial). Text files are read only up to this
  // (markup up to 4 times this), so a 2 GB log costs no more than a small one.
  std::uint64_t max_text_bytes = 16ull * 1024 * 1024;
  // Other files (and archive members) larger than this are not parsed: kFailed.
  std::uint64_t max_input_bytes = 256ull * 1024 * 1024;
  int max_depth = 5;        // Nesting of archives/attachments below the top document.
  int max_members = 10000;  // Archive members and attachments, whole tree.
  std::uint64_t max_total_uncompressed_bytes = 1024ull * 1024 * 1024;  // Whole tree.
  double max_compression_ratio = 200.0;  // Per archive: uncompressed / compressed size.
  int filter_seconds = 20;  // Wall time for an external converter (antiword, unrtf...).
};

// Extracts `path` in the calling process. `file_name` is the user-visible name (only its
// extension is used, to refine type detection); pass "" to use path's own name. Never throws;
// an unreadable file gives kFailed. The CPU, memory and wall limits are NOT enforced here.
// Thread-safe: concurrent calls share only libraries initialised once.
// `detected_type`, if not empty, is what TypeDetector::Detect() answered for the file's first
// kTypeDetectorHeadBytes and `file_name`, when the caller already asked (the worker reports the
// type before extracting): it is used as the document's type instead of detecting it again.
ExtractedDocument ExtractFile(const std::filesystem::path& path, std::string_view file_name,
                              const ExtractionLimits& limits, std::string_view detected_type = {});

// Same for bytes already in memory.
ExtractedDocument ExtractBytes(std::string_view bytes, std::string_view file_name,
                               const ExtractionLimits& limits);

// A human-readable multi-line dump (type, status, properties, text preview, children), for
// `synaps extract FILE` and test failures. `max_text_chars` bounds each text preview.
std::string DescribeForDebug(const ExtractedDocument& doc, std::size_t max_text_chars = 400);

// The same document as a JSON object {"mime_type","status","status_reason","properties",
// "text","children":[{"name","doc"}]}.
std::string ToJson(const ExtractedDocument& doc);

// One page of a PDF drawn as a PNG image, for people to look at (a preview).
struct RenderedPage {
  enum class Status {
    kOk,          // `png` holds the page.
    kNoSuchPage,  // The document has fewer pages than asked (`pages` says how many).
    kEncrypted,   // Protected by a password: nothing is drawn.
    kFailed,      // Not a PDF, damaged, or a limit was reached; `reason` says which.
  };
  Status status = Status::kFailed;
  std::string reason;  // Empty when kOk; one line otherwise ("rendering failed: ...").
  int pages = 0;       // The document's page count, when it could be read.
  int width = 0;       // The image's size in pixels, when kOk.
  int height = 0;
  std::string png;  // The PNG file's bytes, when kOk.
};

// The bounds of a rendered page. The image is `width` pixels wide, the width asked (within
// [kMinRenderWidth, kMaxRenderWidth]), unless the page is so tall that its height would pass
// kMaxRenderHeight: it is then scaled down to that height. The PNG is at most kMaxPngBytes.
inline constexpr int kMinRenderWidth = 16;
inline constexpr int kMaxRenderWidth = 2400;
inline constexpr int kMaxRenderHeight = 4 * kMaxRenderWidth;
inline constexpr std::uint64_t kMaxPngBytes = 64ull * 1024 * 1024;

// Draws page `page` (1-based) of the PDF `path` at `width` pixels in the calling process
// (Poppler's Splash renderer, antialiased, on white), encoded by Poppler as PNG. Use it only
// for trusted input, in tests and inside the worker program: the CPU, memory and wall limits
// are NOT enforced here (ExtractionWorker::RenderPage does). Files larger than
// limits.max_input_bytes are refused. Never throws for bad input.
RenderedPage RenderPdfPage(const std::filesystem::path& path, int page, int width,
                           const ExtractionLimits& limits);

// An ExtractionWorker extracts documents in a child process running synaps-extract-worker,
// started with posix_spawn (no fork of a large parent), reused across documents and respawned
// lazily, on the next call, after any failure. RLIMIT_AS is not applied when the worker is
// built with AddressSanitizer. The worker runs ten steps of priority (nice) below its parent,
// so that the parent's own threads (the index writer, a server's requests) come first.
//
// Thread-safety: Extract() may be called from several threads; calls are serialised on one
// process. For parallel extraction, create one ExtractionWorker per thread.
class ExtractionWorker {
 public:
  struct Options {
    // The worker program. Empty: "synaps-extract-worker" next to the running executable
    // (/proc/self/exe), else in ../lib/synaps/ from it (installed), else found on PATH.
    std::filesystem::path program;
    ExtractionLimits limits;
    bool inherit_stderr = false;  // Otherwise the worker's stderr goes to /dev/null.
  };

  explicit ExtractionWorker(Options options);
  ExtractionWorker() : ExtractionWorker(Options{}) {}
  // Stops the worker process (closes its input, then kills it if it lingers).
  ~ExtractionWorker();
  ExtractionWorker(const ExtractionWorker&) = delete;
  ExtractionWorker& operator=(const ExtractionWorker&) = delete;

  // Extracts `path` (which the worker must be able to open) under the limits. Never throws for
  // bad input. If the worker cannot start, crashes, exceeds a limit, times out or answers
  // garbage, returns a document with status kFailed, the mime_type the worker detected before
  // parsing (or, failing that, the one the extension suggests) and a reason such as
  // "extraction failed: timed out after 60 s", "extraction failed: memory limit of 1024 MiB
  // exceeded", "extraction failed: CPU time limit of 30 s exceeded", "extraction failed:
  // worker crashed (SIGSEGV) while reading application/pdf: ...".
  ExtractedDocument Extract(const std::filesystem::path& path, std::string_view file_name);

  // Draws page `page` (1-based) of the PDF `path` at `width` pixels (RenderPdfPage()) in the
  // worker, under the same limits, on the same process as Extract(). Never throws for bad
  // input: whatever the worker does (crash, hang, limit, a reply that is not a PNG of the size
  // it claims) becomes kFailed with a reason such as "rendering failed: timed out after 60 s".
  // The reply is checked before it is believed: its size, the PNG signature and header, and
  // that the image's dimensions are those announced and within the bounds above.
  RenderedPage RenderPage(const std::filesystem::path& path, int page, int width);

  // The process id of the current worker, or -1 if none is running (for tests and metrics).
  pid_t worker_pid() const;

 private:
  struct Process;
  ExtractedDocument ExtractLocked(const std::filesystem::path& path, std::string_view file_name);
  RenderedPage RenderLocked(const std::filesystem::path& path, int page, int width);
  // Sends `request`, starting the worker if needed (and once more if an idle one died). Empty
  // when sent; otherwise why not, as a reason starting with "extraction failed: ".
  std::string SendLocked(const std::string& request, const std::string& mime_type);
  bool EnsureStartedLocked(std::string* error);
  void StopLocked(bool kill_now);

  const Options options_;
  mutable std::mutex mutex_;
  std::unique_ptr<Process> process_;  // Guarded by mutex_; null when no worker runs.
};

}  // namespace synaps::indexer

#endif  // SYNAPS_INDEXER_EXTRACT_EXTRACT_H_
