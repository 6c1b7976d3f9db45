#include "connectors/ingest/ingest_engine.h"

#include <chrono>
#include <optional>

#include "connectors/ingest/ingest_run.h"
#include "connectors/ingest/source_lock.h"

namespace synaps::connectors {

using store::Result;
using store::Status;

IngestOptions OptionsFor(const SourceConfig& config) {
  IngestOptions options;
  options.source_name = config.name;
  options.service_code = config.service_code;
  options.folder = config.folder;
  options.tags = config.tags;
  options.include = config.include;
  options.exclude = config.exclude;
  options.on_delete = config.on_delete;
  options.comment = "source " + config.name;
  return options;
}

IngestEngine::IngestEngine(store::Store& store, store::Actor actor, IngestOptions options,
                           ContentTypeSniffer sniffer)
    : store_(store),
      actor_(std::move(actor)),
      options_(std::move(options)),
      sniffer_(std::move(sniffer)) {}

namespace {

// Runs of the source still marked "running" were killed or crashed: the lock is ours now, so
// none of them goes on. They are closed as failed, so that operators see what happened.
Status CloseInterruptedRuns(store::Store& store, const std::string& source_name) {
  SYNAPS_ASSIGN_OR_RETURN(auto runs, store.ListIngestRuns(100, source_name));
  for (const store::IngestRun& run : runs) {
    if (run.status != "running") continue;
    SYNAPS_RETURN_IF_ERROR(store.FinishIngestRun(
        run.id, "failed", run.counts, "interrupted: the process ended before the run finished"));
  }
  return Status::Ok();
}

}  // namespace

Result<IngestSummary> IngestEngine::Run(Source& source) {
  auto started = std::chrono::steady_clock::now();
  SYNAPS_RETURN_IF_ERROR(store_.FindService(options_.service_code).status());
  std::optional<SourceLock> lock;
  if (!options_.source_name.empty() && !options_.dry_run) {
    SYNAPS_ASSIGN_OR_RETURN(SourceLock acquired,
                            SourceLock::Acquire(store_.data_dir(), options_.source_name));
    lock.emplace(std::move(acquired));
    SYNAPS_RETURN_IF_ERROR(CloseInterruptedRuns(store_, options_.source_name));
  }
  IngestSummary summary;
  if (!options_.dry_run) {
    SYNAPS_ASSIGN_OR_RETURN(summary.run_id,
                            store_.BeginIngestRun(actor_, source.Describe(), options_.service_code,
                                                  options_.source_name));
  }
  Status status = RunState(*this, source, summary).Execute();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (options_.dry_run) {
    SYNAPS_RETURN_IF_ERROR(status);
    return summary;
  }
  store::IngestCounts counts;
  counts.files_seen = summary.seen;
  counts.created = summary.created;
  counts.new_versions = summary.changed;
  counts.unchanged = summary.unchanged;
  counts.failed = summary.failed;
  counts.skipped = summary.skipped;
  counts.bytes = summary.bytes;
  counts.moved = summary.moved;
  counts.deleted = summary.deleted;
  const char* outcome = !status.ok()         ? "failed"
                        : summary.failed > 0 ? "completed_with_errors"
                                             : "completed";
  // On a full disk this may fail too: the run then stays "running" (closed by the next run of
  // the source); the run's own error is what the caller needs to see.
  Status recorded =
      store_.FinishIngestRun(summary.run_id, outcome, counts, status.ok() ? "" : status.message());
  SYNAPS_RETURN_IF_ERROR(status);
  SYNAPS_RETURN_IF_ERROR(recorded);
  return summary;
}

}  // namespace synaps::connectors
