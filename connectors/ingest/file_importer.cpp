#include "connectors/ingest/file_importer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

#include "connectors/filesystem/tree_walker.h"
#include "connectors/ingest/read_ahead.h"
#include "dms-server/store/names.h"

namespace synaps::connectors {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

constexpr size_t kReadBuffer = 1 << 20;
constexpr size_t kSniffBytes = 64 * 1024;

bool SameFileState(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
         a.st_mtim.tv_nsec == b.st_mtim.tv_nsec && a.st_ctim.tv_sec == b.st_ctim.tv_sec &&
         a.st_ctim.tv_nsec == b.st_ctim.tv_nsec && a.st_ino == b.st_ino;
}

}  // namespace

FileImporter::FileImporter(store::Store& store, store::Actor actor, ImportOptions options,
                           ContentTypeSniffer sniffer)
    : store_(store),
      actor_(std::move(actor)),
      options_(std::move(options)),
      sniffer_(std::move(sniffer)) {}

void FileImporter::Problem(const std::string& message) {
  if (problem_) problem_(message);
}

Result<FileImporter::StagedFile> FileImporter::ReadFile(const WalkedFile& file) const {
  const fs::path& source = file.source;
  int fd = ::open(source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return store::ErrnoStatus("cannot open", source, errno);
  store::UniqueFd owner(fd);
  struct stat before;
  if (::fstat(fd, &before) != 0) return store::ErrnoStatus("cannot read", source, errno);
  if (!S_ISREG(before.st_mode)) return Status::Invalid("not a regular file");
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  SYNAPS_ASSIGN_OR_RETURN(auto writer, store_.blobs().NewWriter());
  StagedFile staged;
  std::vector<char> buffer(kReadBuffer);
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(size_t n, store::ReadSome(fd, buffer.data(), buffer.size(), source));
    if (n == 0) break;
    if (staged.head.size() < kSniffBytes) {
      staged.head.append(buffer.data(), std::min(n, kSniffBytes - staged.head.size()));
    }
    SYNAPS_RETURN_IF_ERROR(writer.Append(buffer.data(), n));
  }
  struct stat after;
  if (::fstat(fd, &after) != 0) return store::ErrnoStatus("cannot read", source, errno);
  if (!SameFileState(before, after) || writer.bytes_written() != after.st_size) {
    return Status::Conflict("changed while being read; not imported (the next run will retry)");
  }
  SYNAPS_ASSIGN_OR_RETURN(staged.blob, writer.Finish());
  staged.source = store::EscapeForDisplay(source.string());
  store::PutRequest& request = staged.request;
  request.service_code = options_.service_code;
  request.folder = options_.folder;
  request.folder.insert(request.folder.end(), file.relative_folders.begin(),
                        file.relative_folders.end());
  request.name = file.name;
  request.comment = options_.comment;
  request.tags = options_.tags;
  if (!staged.blob.temp_path().empty()) {
    // New content: detect its type here, in parallel with the commits of the calling thread
    // (detection costs more than everything else for small files).
    request.mime_type = Sniff(staged.head, request.name);
    staged.head = std::string();
  }
  return staged;
}

std::string FileImporter::Sniff(std::string_view head, std::string_view name) const {
  return sniffer_ ? sniffer_(head, name) : "application/octet-stream";
}

Status FileImporter::Describe(StagedFile& staged) {
  store::PutRequest& request = staged.request;
  // Unchanged content keeps its recorded type: the put will be a no-op.
  SYNAPS_ASSIGN_OR_RETURN(
      auto current, store_.CurrentVersionAt(request.service_code, request.folder, request.name));
  if (current && current->blob == staged.blob.info().sha256) {
    request.mime_type = current->mime_type;
  } else if (request.mime_type.empty()) {
    // Content already stored under another name (or by another import a moment ago).
    request.mime_type = Sniff(staged.head, request.name);
  }
  staged.head = std::string();
  return Status::Ok();
}

Status FileImporter::Flush(std::vector<StagedFile>& batch, ImportSummary& summary) {
  if (batch.empty()) return Status::Ok();
  {
    auto snapshot = store_.BeginRead();
    for (StagedFile& file : batch) SYNAPS_RETURN_IF_ERROR(Describe(file));
  }
  std::vector<store::StagedBlob> blobs;
  for (StagedFile& file : batch) blobs.push_back(std::move(file.blob));
  std::vector<store::PutRequest> requests;
  Status published = store_.blobs().Publish(blobs);
  if (published.ok()) {
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i].request.blob = blobs[i].info();
      requests.push_back(std::move(batch[i].request));
    }
  }
  auto results = published.ok() ? store_.PutDocuments(actor_, requests)
                                : Result<std::vector<Result<store::PutResult>>>(published);
  if (!results.ok()) {
    summary.failed += static_cast<int64_t>(batch.size());
    batch.clear();
    return results.status();
  }
  for (size_t i = 0; i < results->size(); ++i) {
    const auto& result = (*results)[i];
    if (!result.ok()) {
      ++summary.failed;
      Problem(batch[i].source + ": " + result.status().message());
      continue;
    }
    switch (result->outcome) {
      case store::PutOutcome::kCreated:
        ++summary.created;
        break;
      case store::PutOutcome::kNewVersion:
        ++summary.new_versions;
        break;
      case store::PutOutcome::kUnchanged:
        ++summary.unchanged;
        break;
    }
  }
  batch.clear();
  return Status::Ok();
}

Result<ImportSummary> FileImporter::Import(const std::vector<fs::path>& roots) {
  auto started = std::chrono::steady_clock::now();
  SYNAPS_RETURN_IF_ERROR(store_.FindService(options_.service_code).status());
  std::string source = "import";
  for (const fs::path& root : roots) source += " " + root.string();
  ImportSummary summary;
  SYNAPS_ASSIGN_OR_RETURN(summary.run_id,
                          store_.BeginIngestRun(actor_, source, options_.service_code));
  Status status = ImportFiles(roots, summary);
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  store::IngestCounts counts{summary.files_seen, summary.created, summary.new_versions,
                             summary.unchanged,  summary.failed,  summary.skipped,
                             summary.bytes_read};
  const char* outcome = !status.ok()         ? "failed"
                        : summary.failed > 0 ? "completed_with_errors"
                                             : "completed";
  // On a full disk this may fail too: the run then stays "running", the import's own error
  // is what the caller needs to see.
  Status recorded =
      store_.FinishIngestRun(summary.run_id, outcome, counts, status.ok() ? "" : status.message());
  SYNAPS_RETURN_IF_ERROR(status);
  SYNAPS_RETURN_IF_ERROR(recorded);
  return summary;
}

Status FileImporter::ImportFiles(const std::vector<fs::path>& roots, ImportSummary& summary) {
  // Walk first: the totals drive the progress display, and the list is small (paths only).
  std::vector<WalkedFile> files;
  ImportProgress progress;
  for (const fs::path& root : roots) {
    WalkTree(
        root,
        [&](WalkedFile file) {
          progress.bytes_total += file.size;
          files.push_back(std::move(file));
        },
        [&](SkippedEntry skipped) {
          ++summary.skipped;
          Problem(store::EscapeForDisplay(skipped.source.string()) + ": " + skipped.reason);
        });
  }
  progress.files_total = static_cast<int64_t>(files.size());
  if (progress_) progress_(progress);

  // Held for the whole import, so garbage collection never removes a blob that a batch is
  // about to reference.
  SYNAPS_ASSIGN_OR_RETURN(auto lock,
                          store::BlobLock::Acquire(store_.blobs(), store::BlobLock::Mode::kShared));
  // Two readers: reading, hashing, writing and type detection of small files keep one core
  // busy each, while this thread's commits need little.
  ReadAhead<WalkedFile, Result<StagedFile>> reader(
      files, [this](const WalkedFile& file) { return ReadFile(file); }, options_.reader_threads);
  std::vector<StagedFile> batch;
  auto batch_started = std::chrono::steady_clock::now();
  for (const WalkedFile& file : files) {
    ++summary.files_seen;
    auto staged = reader.Next();
    progress.files_done++;
    progress.bytes_done += file.size;
    if (!staged.ok()) {
      if (staged.status().code() == store::ErrorCode::kIoError &&
          staged.status().message().find("disk full") != std::string::npos) {
        // Nothing more can be written: commit what is staged, then stop with the reason.
        (void)Flush(batch, summary);
        return Status::Io("import stopped: " + staged.status().message());
      }
      ++summary.failed;
      Problem(store::EscapeForDisplay(file.source.string()) + ": " + staged.status().message());
    } else {
      if (batch.empty()) batch_started = std::chrono::steady_clock::now();
      summary.bytes_read += staged->blob.info().size;
      batch.push_back(std::move(staged).value());
    }
    std::chrono::duration<double> age = std::chrono::steady_clock::now() - batch_started;
    if (batch.size() >= options_.batch_files || age.count() >= options_.batch_seconds) {
      SYNAPS_RETURN_IF_ERROR(Flush(batch, summary));
    }
    if (progress_) progress_(progress);
  }
  return Flush(batch, summary);
}

}  // namespace synaps::connectors
