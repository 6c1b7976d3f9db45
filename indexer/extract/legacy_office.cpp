// Legacy binary Word/Excel/PowerPoint and RTF through Debian's converters, run as external
// filters (they are old C code: the worker's limits apply to them too, plus a wall time).
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

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

std::string FormatName(const std::string& type) {
  if (type == "application/msword") return "Word 97 file";
  if (type == "application/vnd.ms-excel") return "Excel 97 file";
  if (type == "application/vnd.ms-powerpoint") return "PowerPoint 97 file";
  return "RTF file";
}

// The Debian package that brings a converter, for "not installed" reasons.
std::string PackageOf(const std::string& program) {
  return program == "antiword" || program == "unrtf" ? program : "catdoc";
}

// The converter's own first line of complaint, with the temporary path it names replaced by
// "file": "antiword: file is not a Word Document."; "" if it said nothing.
std::string Complaint(const std::string& program, std::string error_output,
                      const std::string& path) {
  for (std::size_t at; (at = error_output.find(path)) != std::string::npos;) {
    error_output.replace(at, path.size(), "file");
  }
  std::size_t start = error_output.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return {};
  std::size_t end = error_output.find_first_of("\r\n", start);
  return program + " says \"" +
         SanitizeUtf8(error_output.substr(start, end == std::string::npos ? end : end - start)) +
         "\"";
}

}  // namespace

void ExtractLegacyOffice(ExtractionContext& context, std::string_view bytes,
                         ExtractedDocument* doc) {
  TempFile file(bytes);
  if (!file.ok()) {
    SetStatus(doc, ExtractionStatus::kFailed, "extraction failed: cannot write temporary file");
    return;
  }
  // Each converter tried says why it gave nothing; the reason lists them all.
  std::vector<std::string> problems;
  for (const auto& argv : Commands(doc->mime_type, file.path())) {
    SubprocessResult run =
        RunFilter(argv, context.limits().filter_seconds, context.text_left() + 1);
    const std::string& program = argv[0];
    if (!run.started) {
      problems.push_back(program + " is not installed (Debian package " + PackageOf(program) + ")");
      continue;
    }
    if (run.timed_out) {
      problems.push_back(program + " timed out after " +
                         std::to_string(context.limits().filter_seconds) + " s");
      continue;
    }
    if (!run.truncated && (run.exit_code != 0 || run.output.empty())) {
      std::string complaint = Complaint(program, run.error_output, file.path());
      if (complaint.empty()) {
        complaint =
            program + (run.signal != 0      ? " crashed (signal " + std::to_string(run.signal) + ")"
                       : run.exit_code != 0 ? " failed with status " + std::to_string(run.exit_code)
                                            : " found no text in it");
      }
      problems.push_back(complaint);
      continue;
    }
    std::string text = DecodeText(run.output, "UTF-8", nullptr);
    if (program == "unrtf") text = SanitizeUtf8(HtmlVisibleText(text, nullptr));
    context.AppendText(doc, text);
    if (run.truncated) MarkPartial(doc, "text truncated");
    return;
  }
  std::string reason = "extraction failed: " + FormatName(doc->mime_type) + ": ";
  for (std::size_t i = 0; i < problems.size(); ++i) reason += (i > 0 ? "; " : "") + problems[i];
  SetStatus(doc, ExtractionStatus::kFailed, reason);
}

}  // namespace synaps::indexer::extract_internal
