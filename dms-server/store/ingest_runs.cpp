// Store: the record of ingestion runs (imports and connector runs).
#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::store {

Result<int64_t> Store::BeginIngestRun(const Actor& actor, std::string_view source,
                                      std::string_view service_code, std::string_view source_name) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto insert,
      db_->Prepare("INSERT INTO ingest_runs(source, service_code, actor, started_at, source_name) "
                   "VALUES (?, ?, ?, ?, ?)"));
  SYNAPS_RETURN_IF_ERROR(insert.Bind(1, EscapeForDisplay(source))
                             .Bind(2, EscapeForDisplay(ServiceCodeForLookup(service_code)))
                             .Bind(3, actor.login)
                             .Bind(4, NowMs())
                             .Bind(5, EscapeForDisplay(source_name))
                             .Run());
  return db_->LastInsertId();
}

Status Store::FinishIngestRun(int64_t run_id, std::string_view status, const IngestCounts& counts,
                              std::string_view detail) {
  if (status != "completed" && status != "completed_with_errors" && status != "failed") {
    return Status::Invalid("an ingest run ends completed, completed_with_errors or failed");
  }
  SYNAPS_ASSIGN_OR_RETURN(
      auto update,
      db_->Prepare("UPDATE ingest_runs SET finished_at = ?, status = ?, files_seen = ?, "
                   "created = ?, new_versions = ?, unchanged = ?, failed = ?, skipped = ?, "
                   "bytes = ?, detail = ?, moved = ?, deleted = ? WHERE id = ?"));
  SYNAPS_RETURN_IF_ERROR(update.Bind(1, NowMs())
                             .Bind(2, status)
                             .Bind(3, counts.files_seen)
                             .Bind(4, counts.created)
                             .Bind(5, counts.new_versions)
                             .Bind(6, counts.unchanged)
                             .Bind(7, counts.failed)
                             .Bind(8, counts.skipped)
                             .Bind(9, counts.bytes)
                             .Bind(10, EscapeForDisplay(detail))
                             .Bind(11, counts.moved)
                             .Bind(12, counts.deleted)
                             .Bind(13, run_id)
                             .Run());
  if (db_->Changes() == 0) return Status::NotFound("no ingest run " + std::to_string(run_id));
  return Status::Ok();
}

Result<std::vector<IngestRun>> Store::ListIngestRuns(int limit, std::string_view source_name) {
  if (limit < 1 || limit > 10000) return Status::Invalid("list 1 to 10000 ingest runs");
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare("SELECT id, source, service_code, actor, started_at, finished_at, status, "
                   "files_seen, created, new_versions, unchanged, failed, skipped, bytes, detail, "
                   "moved, deleted, source_name FROM ingest_runs "
                   "WHERE ?1 = '' OR source_name = ?1 ORDER BY id DESC LIMIT ?2"));
  select.Bind(1, std::string(source_name)).Bind(2, limit);
  std::vector<IngestRun> runs;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    IngestRun run;
    run.id = select.Int(0);
    run.source = select.Text(1);
    run.service_code = select.Text(2);
    run.actor = select.Text(3);
    run.started_at = select.Int(4);
    if (!select.IsNull(5)) run.finished_at = select.Int(5);
    run.status = select.Text(6);
    run.counts = {select.Int(7),  select.Int(8),  select.Int(9), select.Int(10),
                  select.Int(11), select.Int(12), select.Int(13)};
    run.detail = select.Text(14);
    run.counts.moved = select.Int(15);
    run.counts.deleted = select.Int(16);
    run.source_name = select.Text(17);
    runs.push_back(std::move(run));
  }
  return runs;
}

Result<Store::IngestTotals> Store::CountIngestRuns() {
  IngestTotals totals;
  SYNAPS_ASSIGN_OR_RETURN(auto by_status,
                          db_->Prepare("SELECT status, COUNT(*) FROM ingest_runs GROUP BY status"));
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, by_status.Step());
    if (!row) break;
    totals.runs_by_status[by_status.Text(0)] = by_status.Int(1);
  }
  SYNAPS_ASSIGN_OR_RETURN(auto last,
                          db_->Prepare("SELECT COALESCE(MAX(finished_at), 0) FROM ingest_runs "
                                       "WHERE status IN ('completed', 'completed_with_errors')"));
  SYNAPS_ASSIGN_OR_RETURN(bool row, last.Step());
  if (row) totals.last_completed_at = last.Int(0);
  return totals;
}

}  // namespace synaps::store
