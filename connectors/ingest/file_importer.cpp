#include "connectors/ingest/file_importer.h"

#include "connectors/share/share_source.h"

namespace synaps::connectors {

FileImporter::FileImporter(store::Store& store, store::Actor actor, ImportOptions options,
                           ContentTypeSniffer sniffer)
    : store_(store),
      actor_(std::move(actor)),
      options_(std::move(options)),
      sniffer_(std::move(sniffer)) {}

store::Result<ImportSummary> FileImporter::Import(const std::vector<std::filesystem::path>& roots) {
  IngestOptions options;
  options.service_code = options_.service_code;
  options.folder = options_.folder;
  options.tags = options_.tags;
  options.comment = options_.comment;
  options.batch_files = options_.batch_files;
  options.batch_seconds = options_.batch_seconds;
  options.reader_threads = options_.reader_threads;
  IngestEngine engine(store_, actor_, options, sniffer_);
  engine.set_problem_callback(problem_);
  if (progress_) {
    engine.set_progress_callback([this](const IngestProgress& progress) {
      if (std::string_view(progress.stage) != "reading") return;
      progress_({progress.done, progress.total, progress.bytes_done, progress.bytes_total});
    });
  }
  auto source = MakeImportSource(roots);
  SYNAPS_ASSIGN_OR_RETURN(IngestSummary run, engine.Run(*source));
  ImportSummary summary;
  summary.files_seen = run.seen;
  summary.created = run.created;
  summary.new_versions = run.changed;
  summary.unchanged = run.unchanged;
  summary.failed = run.failed;
  summary.skipped = run.skipped;
  summary.bytes_read = run.bytes;
  summary.seconds = run.seconds;
  summary.run_id = run.run_id;
  return summary;
}

}  // namespace synaps::connectors
