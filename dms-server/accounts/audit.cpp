// AccountService: reading the audit log (administrators all of it, managers their services'),
// and deleting what is older than its retention.
#include "dms-server/accounts/account_service.h"
#include "dms-server/permissions/permissions.h"
#include "dms-server/store/names.h"

namespace synaps::accounts {

using permissions::Permissions;
using store::Result;
using store::Status;

namespace {

constexpr int64_t kDayMs = 24 * 3600 * 1000LL;

}  // namespace

Result<std::vector<store::AuditEntry>> AccountService::ListAudit(const Caller& caller,
                                                                 const AuditRequest& request) {
  Permissions permissions(store_);
  store::AuditQuery query;
  query.before_id = request.before_id;
  query.limit = request.limit;
  if (request.document_id) {
    SYNAPS_RETURN_IF_ERROR(permissions.MayReadDocumentAudit(caller.user(), *request.document_id));
    query.document_id = request.document_id;
  }
  for (const std::string& code : request.services) {
    if (!store::IsValidUtf8(code)) return Status::Invalid("the service is not valid UTF-8");
  }
  // A document's own log is decided above; services still narrow it.
  if (request.services.empty()) {
    if (!query.document_id) {
      SYNAPS_ASSIGN_OR_RETURN(query.services,
                              permissions.AuditServices(caller.user(), std::nullopt));
    }
  } else {
    std::vector<std::string> codes;
    for (const std::string& code : request.services) {
      // With a service named, the answer is that service or an error; never "every entry".
      Result<std::optional<std::vector<std::string>>> allowed =
          permissions.AuditServices(caller.user(), code);
      if (!allowed.ok()) return allowed.status();
      const std::optional<std::vector<std::string>>& named = allowed.value();
      if (named.has_value()) codes.insert(codes.end(), named->begin(), named->end());
    }
    query.services = std::move(codes);
  }
  return store_.ListAudit(query);
}

Result<int64_t> AccountService::PruneAudit(const Caller& caller, int retention_days) {
  SYNAPS_RETURN_IF_ERROR(RequireAdministrator(caller));
  if (retention_days < 0) {
    return Status::Invalid("the audit log's retention is a number of days, 0 (forever) or more");
  }
  if (retention_days == 0) return int64_t{0};
  return store_.PruneAudit(caller.actor(), store::NowMs() - retention_days * kDayMs);
}

}  // namespace synaps::accounts
