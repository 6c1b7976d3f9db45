#include "dms-server/indexing/page_images.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iterator>
#include <tuple>
#include <utility>
#include <vector>

namespace synaps::indexing {

namespace {

constexpr std::string_view kPdf = "application/pdf";

PageImage Refusal(PageImage::Outcome outcome, std::string reason, int pages) {
  PageImage image;
  image.outcome = outcome;
  image.reason = std::move(reason);
  image.pages = pages;
  return image;
}

// The page count kept for a content, or 0.
int ReadPages(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string text;
  if (!std::getline(in, text)) return 0;
  int pages = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), pages);
  return error == std::errc() && end == text.data() + text.size() && pages > 0 ? pages : 0;
}

// Opens the image at `path` for reading, renewing its time (its last use); an empty or
// unreadable file is not an image.
std::optional<std::pair<store::UniqueFd, int64_t>> OpenImage(const std::filesystem::path& path) {
  store::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  struct stat info {};
  if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode) ||
      info.st_size <= 0) {
    return std::nullopt;
  }
  ::futimens(fd.get(), nullptr);
  return std::make_pair(std::move(fd), static_cast<int64_t>(info.st_size));
}

}  // namespace

PageImages::PageImages(Options options) : options_(std::move(options)) {}

bool PageImages::IsWidth(int width) {
  return std::find(std::begin(kWidths), std::end(kWidths), width) != std::end(kWidths);
}

std::string PageImages::ETag(const store::Version& version, int page, int width) {
  return "\"" + version.blob + "-p" + std::to_string(page) + "-w" + std::to_string(width) + "\"";
}

std::filesystem::path PageImages::ImagePath(const std::string& blob, int page, int width) const {
  return options_.directory / blob.substr(0, 2) /
         (blob + "-p" + std::to_string(page) + "-w" + std::to_string(width) + ".png");
}

std::filesystem::path PageImages::PagesPath(const std::string& blob) const {
  return options_.directory / blob.substr(0, 2) / (blob + ".pages");
}

store::Result<PageImage> PageImages::Get(documents::DocumentService& documents,
                                         const documents::Caller& caller,
                                         const store::Document& document,
                                         const store::Version& version, int page, int width,
                                         indexer::ExtractionWorker& worker) {
  if (page < 1 || page > kMaxPages || !IsWidth(width)) {
    return store::Status::Invalid("page " + std::to_string(page) + " at width " +
                                  std::to_string(width) + " is not drawn");
  }
  // A blob's name is 64 hexadecimal digits; anything else never names a file here.
  if (version.blob.size() != 64 ||
      version.blob.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return store::Status::Internal("version " + std::to_string(version.number) +
                                   " has no content hash");
  }
  if (version.mime_type != kPdf) {
    return Refusal(
        PageImage::Outcome::kNotPdf,
        "only PDF pages are drawn; this version is " +
            (version.mime_type.empty() ? std::string("of unknown type") : version.mime_type),
        0);
  }
  const int known_pages = ReadPages(PagesPath(version.blob));
  if (known_pages > 0 && page > known_pages) {
    return Refusal(PageImage::Outcome::kNoSuchPage,
                   "document " + std::to_string(version.document_id) + " has " +
                       std::to_string(known_pages) + " page(s): there is no page " +
                       std::to_string(page),
                   known_pages);
  }
  // Decided and audited as a read each time an image leaves, from the directory or not.
  SYNAPS_ASSIGN_OR_RETURN(std::filesystem::path content,
                          documents.ContentFile(caller, version, "preview"));
  const std::filesystem::path path = ImagePath(version.blob, page, width);
  if (auto cached = OpenImage(path)) {
    PageImage image;
    image.outcome = PageImage::Outcome::kOk;
    image.pages = known_pages;
    image.file = std::move(cached->first);
    image.size = cached->second;
    image.cached = true;
    return image;
  }
  indexer::RenderedPage rendered = worker.RenderPage(content, page, width);
  if (rendered.pages > 0 && known_pages != rendered.pages) {
    // Worth keeping whatever became of the page: the next page beyond the end costs nothing.
    SYNAPS_RETURN_IF_ERROR(Keep(PagesPath(version.blob), std::to_string(rendered.pages) + "\n"));
  }
  switch (rendered.status) {
    case indexer::RenderedPage::Status::kOk:
      break;
    case indexer::RenderedPage::Status::kNoSuchPage:
      return Refusal(PageImage::Outcome::kNoSuchPage,
                     "document " + std::to_string(version.document_id) + " has " +
                         std::to_string(rendered.pages) + " page(s): there is no page " +
                         std::to_string(page),
                     rendered.pages);
    case indexer::RenderedPage::Status::kEncrypted:
    case indexer::RenderedPage::Status::kFailed:
      return Refusal(PageImage::Outcome::kFailed, document.name + ": " + rendered.reason,
                     rendered.pages);
  }
  SYNAPS_RETURN_IF_ERROR(Keep(path, rendered.png));
  Trim(path);
  auto kept = OpenImage(path);
  if (!kept) {
    return store::Status::Io("the preview image " + path.string() + " vanished as it was kept");
  }
  PageImage image;
  image.outcome = PageImage::Outcome::kOk;
  image.pages = rendered.pages;
  image.file = std::move(kept->first);
  image.size = kept->second;
  return image;
}

store::Status PageImages::Keep(const std::filesystem::path& path, std::string_view bytes) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    return store::Status::Io("cannot create " + path.parent_path().string() + ": " +
                             error.message());
  }
  std::string temporary = (path.parent_path() / ".tmp-XXXXXX").string();
  store::UniqueFd fd(::mkostemp(temporary.data(), O_CLOEXEC));
  if (fd.get() < 0) {
    return store::Status::Io("cannot create a file in " + path.parent_path().string() + ": " +
                             std::strerror(errno));
  }
  ::fchmod(fd.get(), 0644);
  std::string_view left = bytes;
  while (!left.empty()) {
    ssize_t n = ::write(fd.get(), left.data(), left.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int saved = errno;
      ::unlink(temporary.c_str());
      return store::Status::Io("cannot write " + path.string() + ": " + std::strerror(saved));
    }
    left.remove_prefix(static_cast<size_t>(n));
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temporary.c_str());
    return store::Status::Io("cannot rename into " + path.string() + ": " + std::strerror(saved));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (bytes_) *bytes_ += bytes.size();
  return store::Status::Ok();
}

uint64_t PageImages::DiskBytes() const {
  uint64_t total = 0;
  std::error_code error;
  for (std::filesystem::recursive_directory_iterator it(options_.directory, error), end;
       !error && it != end; it.increment(error)) {
    if (it->is_regular_file(error)) total += it->file_size(error);
  }
  return total;
}

void PageImages::Trim(const std::filesystem::path& keep) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (bytes_ && *bytes_ <= options_.max_bytes) return;
  // Counted again from the directory: other processes and deletions are seen.
  struct Entry {
    std::filesystem::file_time_type used;
    uint64_t size;
    std::filesystem::path path;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code error;
  const auto stale = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
  for (std::filesystem::recursive_directory_iterator it(options_.directory, error), end;
       !error && it != end; it.increment(error)) {
    std::error_code entry_error;
    if (!it->is_regular_file(entry_error)) continue;
    Entry entry{it->last_write_time(entry_error), it->file_size(entry_error), it->path()};
    if (entry_error) continue;
    // A temporary file an hour old was left by a process that stopped while writing it.
    if (entry.path.filename().string().rfind(".tmp-", 0) == 0) {
      if (entry.used < stale) std::filesystem::remove(entry.path, entry_error);
      continue;
    }
    total += entry.size;
    entries.push_back(std::move(entry));
  }
  if (total > options_.max_bytes) {
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.used < b.used; });
    const uint64_t target = options_.max_bytes / 4 * 3;
    for (const Entry& entry : entries) {
      if (total <= target) break;
      if (entry.path == keep) continue;
      std::error_code remove_error;
      if (std::filesystem::remove(entry.path, remove_error)) total -= entry.size;
    }
  }
  bytes_ = total;
}

}  // namespace synaps::indexing
