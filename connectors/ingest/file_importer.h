// FileImporter: copies files from local paths (directories, mounted shares, single files) into
// the store, as new documents or new versions: `synaps import`.
//
// An import is a run of the ingest engine (ingest_engine.h) over the paths as one source
// (share/share_source.h, MakeImportSource) that remembers nothing: every file is read once,
// streamed into the blob store on reader threads, and put at its path, committed in groups.
// Unchanged content creates no version; nothing is moved or deleted. A crash at any instant
// leaves every file either fully imported or not at all; a file that changes while it is read is
// not imported and is reported (the next run picks it up).
//
// Not thread-safe; one FileImporter per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "connectors/ingest/ingest_engine.h"
#include "dms-server/store/store.h"

namespace synaps::connectors {

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
  int64_t skipped = 0;  // links, special files, bad names, files changing (each reported)
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
  store::Store& store_;
  store::Actor actor_;
  ImportOptions options_;
  ContentTypeSniffer sniffer_;
  ProgressCallback progress_;
  ProblemCallback problem_;
};

}  // namespace synaps::connectors
