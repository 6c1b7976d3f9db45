// Store: the documents whose text the indexer could not extract (or only in part), for the
// administrators' view of the index's health, and queuing them for another try.
#include "dms-server/store/store.h"

namespace synaps::store {

namespace {

// The current versions of live documents whose extraction failed or went only in part.
constexpr const char* kFailedCurrentVersions =
    " FROM documents d JOIN versions v ON v.document_id = d.id AND v.number = d.current_version"
    " WHERE d.trashed_at IS NULL AND v.extraction_status IN ('failed', 'partial')";

}  // namespace

Result<ExtractionFailures> Store::ListExtractionFailures(int limit) {
  if (limit < 1 || limit > 1000) {
    return Status::Invalid("the number of failures listed is from 1 to 1000");
  }
  ExtractionFailures result;
  SYNAPS_ASSIGN_OR_RETURN(auto count,
                          db_->Prepare(std::string("SELECT count(*)") + kFailedCurrentVersions));
  SYNAPS_ASSIGN_OR_RETURN(bool counted, count.Step());
  if (counted) result.total = count.Int(0);
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare(std::string("SELECT d.id, d.folder_id, d.name, v.number, v.mime_type, "
                               "v.extraction_status, v.extraction_detail, v.created_at") +
                   kFailedCurrentVersions + " ORDER BY v.created_at DESC, d.id DESC LIMIT ?"));
  select.Bind(1, limit);
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    ExtractionFailure failure;
    failure.document_id = select.Int(0);
    SYNAPS_ASSIGN_OR_RETURN(std::string folder, FolderPath(select.Int(1)));
    failure.path = folder + "/" + select.Text(2);
    failure.version = static_cast<int>(select.Int(3));
    failure.mime_type = select.Text(4);
    failure.status = select.Text(5);
    failure.detail = select.Text(6);
    failure.stored_at = select.Int(7);
    result.failures.push_back(std::move(failure));
  }
  return result;
}

Result<int64_t> Store::RetryExtractionFailures(const Actor& actor) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  std::vector<int64_t> ids;
  {
    SYNAPS_ASSIGN_OR_RETURN(auto select,
                            db_->Prepare(std::string("SELECT d.id") + kFailedCurrentVersions));
    for (;;) {
      SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      ids.push_back(select.Int(0));
    }
  }
  if (ids.empty()) return int64_t{0};
  for (int64_t id : ids) SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(id));
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "index.retry", std::nullopt,
                               std::to_string(ids.size()) + " documents queued for extraction"));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return static_cast<int64_t>(ids.size());
}

}  // namespace synaps::store
