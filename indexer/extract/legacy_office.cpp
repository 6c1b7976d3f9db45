// Legacy binary Word/Excel/PowerPoint and RTF through Debian's converters, run as external
// filters (they are old C code: the worker's limits apply to them too, plus a wall time).
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "indexer/extract/context.h"
#include "indexer/extract/html_text.h"
#include "indexer/extract/subprocess.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

// The bytes in a private temporary file, removed on destruction (converters want a path).
class TempFile {
 public:
  explicit TempFile(std::string_view bytes) {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir != nullptr && *dir ? dir : "/tmp") + "/synaps-extract-XXXXXX";
    int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(fd);
    ok_ = written == bytes.size();
  }
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

std::vector<std::vector<std::string>> Commands(const std::string& type, const std::string& path) {
  if (type == "application/msword") {
    return {{"antiword", "-m", "UTF-8.txt", "-w", "0", path}, {"catdoc", "-d", "utf-8", path}};
  }
  if (type == "application/vnd.ms-excel") return {{"xls2csv", "-d", "utf-8", path}};
  if (type == "application/vnd.ms-powerpoint") return {{"catppt", "-d", "utf-8", path}};
  // unrtf's text mode writes Latin-1 and garbles Windows-1252; its HTML mode uses entities.
  return {{"unrtf", "--html", "--nopict", path}};
}

}  // namespace

void ExtractLegacyOffice(ExtractionContext& context, std::string_view bytes,
                         ExtractedDocument* doc) {
  TempFile file(bytes);
  if (!file.ok()) {
    SetStatus(doc, ExtractionStatus::kFailed, "extraction failed: cannot write temporary file");
    return;
  }
  std::string last_problem = "no converter installed";
  for (const auto& argv : Commands(doc->mime_type, file.path())) {
    SubprocessResult run =
        RunFilter(argv, context.limits().filter_seconds, context.text_left() + 1);
    if (!run.started) {
      last_problem = argv[0] + " not installed";
      continue;
    }
    if (run.timed_out) {
      last_problem =
          argv[0] + " timed out after " + std::to_string(context.limits().filter_seconds) + " s";
      continue;
    }
    if (!run.truncated && (run.exit_code != 0 || run.output.empty())) {
      last_problem = argv[0] + (run.signal != 0      ? " crashed"
                                : run.exit_code != 0 ? " failed"
                                                     : " found no text");
      continue;
    }
    std::string text = DecodeText(run.output, "UTF-8", nullptr);
    if (argv[0] == "unrtf") text = SanitizeUtf8(HtmlVisibleText(text, nullptr));
    context.AppendText(doc, text);
    if (run.truncated) MarkPartial(doc, "text truncated");
    return;
  }
  SetStatus(doc, ExtractionStatus::kFailed, "extraction failed: " + last_problem);
}

}  // namespace synaps::indexer::extract_internal
