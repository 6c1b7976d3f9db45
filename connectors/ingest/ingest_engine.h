// IngestEngine: brings what a Source holds into the store, incrementally and exactly once.
//
// A run (Run()) lists the source, compares each entry with what the store remembers of it
// (Store::ListSourceEntries) and then:
//  - an entry whose change token is the one remembered is unchanged: it is not even opened;
//  - a new or changed entry is read once, on reader threads, into a staged blob (hashed as it
//    is read; the type of new content detected there too), and stored: a new document, or a new
//    version of the document remembered for it wherever it is now. Content equal to what is
//    remembered only updates the token;
//  - a new entry whose content is that of an entry gone from the listing is a move or rename at
//    the source: its document moves, keeping its id, versions and tags;
//  - an entry gone from the listing is deleted per the source's policy (trash or keep), but only
//    when the source lists everything (Source::ListsEverything), the listing succeeded and the
//    part of the source that held it was readable (ListingSink::Skipped's protected prefix).
//    Entries left out by the include/exclude patterns are neither stored nor deleted.
// Changes are committed in groups (up to `batch_files` entries or `batch_seconds`): blobs are
// published, then one transaction holds the group, each entry's document change and its
// remembered state together in a savepoint of its own. A crash at any instant leaves each entry
// either stored and remembered, or neither: the next run stores it, once.
//
// Each run is recorded (Store::BeginIngestRun) and two runs of one source never overlap
// (SourceLock). The engine never touches the index: the store's index queue carries the work to
// whoever indexes (the server's background indexer, or `synaps index`).
//
// Without a source name (`synaps import`) nothing is remembered: every entry is read and put at
// its path, unchanged content creating nothing, and nothing is moved or deleted.
//
// Not thread-safe; one IngestEngine per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/source/source.h"
#include "connectors/source/source_config.h"
#include "dms-server/store/store.h"

namespace synaps::connectors {

// Names the MIME type of content from its first bytes and its file name. Called from several
// threads at once: it must be thread-safe.
using ContentTypeSniffer = std::function<std::string(std::string_view head, std::string_view name)>;

struct IngestOptions {
  std::string source_name;  // a configured source; empty: an import (nothing remembered)
  std::string service_code;
  std::vector<std::string> folder;            // destination folder under the service's root
  std::vector<std::string> tags;              // added to every stored document
  std::vector<std::string> include, exclude;  // see entry_filter.h
  DeletionPolicy on_delete = DeletionPolicy::kTrash;
  std::string comment;  // recorded on each new version
  // List and compare only: nothing is read, stored, recorded or deleted; the summary says what
  // a run would do (a move shows as one new entry and one deleted).
  bool dry_run = false;
  size_t batch_files = 256;
  double batch_seconds = 1.0;
  size_t reader_threads = 2;
};

// The options of a configured source.
IngestOptions OptionsFor(const SourceConfig& config);

struct IngestProgress {
  const char* stage = "listing";  // "listing", "reading", "deleting"
  int64_t listed = 0;             // entries listed so far
  int64_t done = 0, total = 0;    // entries read (reading stage)
  int64_t bytes_done = 0, bytes_total = 0;
};

struct IngestSummary {
  int64_t seen = 0;       // entries listed and taken (children included)
  int64_t created = 0;    // new documents
  int64_t changed = 0;    // new versions of existing documents
  int64_t moved = 0;      // documents moved or renamed along with their entry
  int64_t deleted = 0;    // entries gone from the source: trashed or forgotten per the policy
  int64_t unchanged = 0;  // not opened (same token), or read and found identical
  int64_t failed = 0;     // entries that could not be read or stored (each reported)
  int64_t skipped = 0;  // left out by the source (links, bad names...) or changing (each reported)
  int64_t bytes = 0;    // read from the source
  double seconds = 0;
  int64_t run_id = 0;  // the store's record of this run (0 for a dry run)
};

class IngestEngine {
 public:
  using ProgressCallback = std::function<void(const IngestProgress&)>;
  // Receives "where: reason" for each entry skipped or failed.
  using ProblemCallback = std::function<void(const std::string&)>;

  IngestEngine(store::Store& store, store::Actor actor, IngestOptions options,
               ContentTypeSniffer sniffer);
  IngestEngine(const IngestEngine&) = delete;
  IngestEngine& operator=(const IngestEngine&) = delete;

  void set_progress_callback(ProgressCallback callback) { progress_ = std::move(callback); }
  void set_problem_callback(ProblemCallback callback) { problem_ = std::move(callback); }

  // Runs `source` once. The Result fails only when the run had to stop: the source itself
  // failed (its List() did), the service does not exist, another run of the source holds its
  // lock (Busy), the disk is full or the database unavailable. Nothing is deleted then. The
  // summary counts each entry's fate; each problem went to the problem callback.
  store::Result<IngestSummary> Run(Source& source);

 private:
  class RunState;
  friend class RunState;

  store::Store& store_;
  store::Actor actor_;
  IngestOptions options_;
  ContentTypeSniffer sniffer_;
  ProgressCallback progress_;
  ProblemCallback problem_;
};

}  // namespace synaps::connectors
