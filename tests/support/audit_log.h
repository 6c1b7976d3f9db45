// Backdating audit entries: how a test crosses the audit log's retention without waiting a year.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "dms-server/store/sqlite.h"
#include "dms-server/store/store.h"

namespace synaps::testing {

// Moves the time of every audit entry of `data_dir` whose id is in [first_id, last_id] back by
// `days` days, as if they had been written then.
inline void BackdateAudit(const std::filesystem::path& data_dir, int64_t first_id, int64_t last_id,
                          int days) {
  auto db = store::sql::Database::Open(data_dir / "synaps.db", false);
  if (!db.ok()) throw std::runtime_error(db.status().message());
  auto update = (*db)->Prepare("UPDATE audit_log SET at = at - ? WHERE id BETWEEN ? AND ?");
  if (!update.ok()) throw std::runtime_error(update.status().message());
  update->Bind(1, int64_t{days} * 24 * 3600 * 1000).Bind(2, first_id).Bind(3, last_id);
  if (!update->Run().ok()) throw std::runtime_error("cannot backdate the audit log");
}

// The id of the newest audit entry of `store` (0 when the log is empty).
inline int64_t LastAuditId(store::Store& store) {
  store::AuditQuery query;
  query.limit = 1;
  auto entries = store.ListAudit(query);
  if (!entries.ok()) throw std::runtime_error(entries.status().message());
  return entries->empty() ? 0 : entries->front().id;
}

}  // namespace synaps::testing
