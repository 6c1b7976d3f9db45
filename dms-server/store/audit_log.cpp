// Store: reading the audit log (entries are written by each mutation, see Store::Audit), and
// deleting the entries older than its retention.
#include <ctime>

#include "dms-server/store/store.h"

namespace synaps::store {

namespace {

// "2024-05-01T12:00:00Z": the cutoff, as the prune's audit entry says it.
std::string UtcTime(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm parts{};
  if (gmtime_r(&seconds, &parts) == nullptr) return std::to_string(ms) + " ms";
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace

Result<std::vector<AuditEntry>> Store::ListAudit(const AuditQuery& query) {
  if (query.limit < 1 || query.limit > 10000) {
    return Status::Invalid("an audit page holds 1 to 10000 entries");
  }
  SYNAPS_RETURN_IF_ERROR(FlushPendingReads());  // the reads of this process, up to now
  if (query.services && query.services->empty()) return std::vector<AuditEntry>{};
  // An entry about a document belongs to the document's current service (so its history moves
  // with it); any other entry to the service it recorded, if any.
  static constexpr const char* kService =
      "CASE WHEN a.document_id IS NULL THEN s.code ELSE ds.code END";
  std::string sql = std::string("SELECT a.id, a.at, a.actor, a.action, a.document_id, a.detail, ") +
                    "COALESCE(" + kService +
                    ", '') FROM audit_log a "
                    "LEFT JOIN documents d ON d.id = a.document_id "
                    "LEFT JOIN services ds ON ds.id = d.service_id "
                    "LEFT JOIN services s ON s.id = a.service_id "
                    "WHERE (?1 IS NULL OR a.document_id = ?1) AND (?2 IS NULL OR a.id < ?2)";
  if (query.services) {
    sql += std::string(" AND ") + kService + " IN (";
    for (size_t i = 0; i < query.services->size(); ++i) {
      sql += (i ? ", ?" : "?") + std::to_string(i + 4);
    }
    sql += ")";
  }
  sql += " ORDER BY a.id DESC LIMIT ?3";
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare(sql));
  select.Bind(1, query.document_id).Bind(2, query.before_id).Bind(3, query.limit);
  if (query.services) {
    for (size_t i = 0; i < query.services->size(); ++i) {
      select.Bind(static_cast<int>(i + 4), (*query.services)[i]);
    }
  }
  std::vector<AuditEntry> entries;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    AuditEntry entry;
    entry.id = select.Int(0);
    entry.at = select.Int(1);
    entry.actor = select.Text(2);
    entry.action = select.Text(3);
    if (!select.IsNull(4)) entry.document_id = select.Int(4);
    entry.detail = select.Text(5);
    entry.service_code = select.Text(6);
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::vector<AuditEntry>> Store::ListAudit(std::optional<int64_t> document_id, int limit) {
  AuditQuery query;
  query.document_id = document_id;
  query.limit = limit;
  return ListAudit(query);
}

Result<int64_t> Store::PruneAudit(const Actor& actor, int64_t cutoff_ms) {
  SYNAPS_RETURN_IF_ERROR(FlushPendingReads());
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(auto remove, db_->Prepare("DELETE FROM audit_log WHERE at < ?"));
  remove.Bind(1, cutoff_ms);
  SYNAPS_RETURN_IF_ERROR(remove.Run());
  const int64_t deleted = db_->Changes();
  if (deleted == 0) return int64_t{0};
  SYNAPS_RETURN_IF_ERROR(
      Audit(actor, "audit.prune", std::nullopt,
            std::to_string(deleted) + " entries recorded before " + UtcTime(cutoff_ms)));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return deleted;
}

}  // namespace synaps::store
