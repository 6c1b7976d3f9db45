// FileImporter: copies files from local paths (directories, mounted shares, single files) into
// the store, as new documents or new versions.
//
// Each file is streamed once into the blob store (read, hashed and written in bounded memory)
// by reader threads that also detect the type of new content, while the calling thread
// commits: they overlap on separate cores. Each put is committed in a group with its neighbours (up
// to `batch_files` files or `batch_seconds`, whichever comes first): one SQLite transaction per
// group, in which each file succeeds or fails alone. A crash at any instant leaves every file
// either fully imported or not at all. Unchanged content creates no version; a file that changes
// while it is being read is not imported and is reported (the next run picks it up).
//
// Not thread-safe; one FileImporter per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/filesystem/tree_walker.h"
#include "dms-server/store/store.h"

namespace synaps::connectors {

// Names the MIME type of content from its first bytes and its file name. Called from several
// threads at once: it must be thread-safe.
using ContentTypeSniffer = std::function<std::string(std::string_view head, std::string_view name)>;

struct ImportOptions {
  std::string service_code;
  std::vector<std::string> folder;  // destination folder under the service's root
  std::vector<std::string> tags;    // added to every imported document
  std::string comment;              // recorded on each new version
  size_t batch_files = 256;
  double batch_seconds = 1.0;
  size_t reader_threads = 2;
};

struct ImportProgress {
  int64_t files_done = 0, files_total = 0;
  int64_t bytes_done = 0, bytes_total = 0;
};

struct ImportSummary {
  int64_t files_seen = 0;
  int64_t created = 0;       // new documents
  int64_t new_versions = 0;  // existing documents whose content changed
  int64_t unchanged = 0;
  int64_t failed = 0;   // files that could not be imported (each reported)
  int64_t skipped = 0;  // links, special files, bad names (each reported)
  int64_t bytes_read = 0;
  double seconds = 0;
  int64_t run_id = 0;  // the store's record of this run
};

class FileImporter {
 public:
  using ProgressCallback = std::function<void(const ImportProgress&)>;
  // Receives "path: reason" for each file skipped or failed.
  using ProblemCallback = std::function<void(const std::string&)>;

  FileImporter(store::Store& store, store::Actor actor, ImportOptions options,
               ContentTypeSniffer sniffer);

  void set_progress_callback(ProgressCallback callback) { progress_ = std::move(callback); }
  void set_problem_callback(ProblemCallback callback) { problem_ = std::move(callback); }

  // Imports every file under `roots`, recorded as an ingest run of the store (see
  // Store::BeginIngestRun). The Result fails only when the import had to stop (the service does
  // not exist, the disk is full, the database is unavailable); per-file problems are counted in
  // the summary and reported through the problem callback.
  store::Result<ImportSummary> Import(const std::vector<std::filesystem::path>& roots);

 private:
  // The import itself; fills `summary` as it goes, also when it has to stop.
  store::Status ImportFiles(const std::vector<std::filesystem::path>& roots,
                            ImportSummary& summary);
  // A file read into a staged blob, waiting for its group to be published and committed.
  struct StagedFile {
    store::StagedBlob blob;
    store::PutRequest request;
    std::string source;  // for messages
    std::string head;    // the first bytes, for content detection
  };
  // Reader thread: streams one file into a staged blob. Touches only the blob store.
  store::Result<StagedFile> ReadFile(const WalkedFile& file) const;
  // Calling thread, at commit time: keeps the recorded type of unchanged content, and names the
  // type of content the reader found already stored (it detects new content itself).
  store::Status Describe(StagedFile& staged);
  std::string Sniff(std::string_view head, std::string_view name) const;
  store::Status Flush(std::vector<StagedFile>& batch, ImportSummary& summary);
  void Problem(const std::string& message);

  store::Store& store_;
  store::Actor actor_;
  ImportOptions options_;
  ContentTypeSniffer sniffer_;
  ProgressCallback progress_;
  ProblemCallback problem_;
};

}  // namespace synaps::connectors
