#include "dms-server/server/audit_retention.h"

#include <iostream>

#include "dms-server/accounts/account_service.h"
#include "dms-server/server/event_log.h"

namespace synaps::server {

AuditRetention::AuditRetention(std::filesystem::path data_dir, int retention_days,
                               std::chrono::milliseconds interval)
    : data_dir_(std::move(data_dir)),
      retention_days_(retention_days),
      thread_(interval, PeriodicThread::FirstPass::kAtOnce, [this] { Prune(); }) {}

AuditRetention::~AuditRetention() {
  Stop();
}

void AuditRetention::Start() {
  thread_.Start();
}

void AuditRetention::Stop() {
  thread_.Stop();
}

void AuditRetention::Prune() {
  auto store = store::Store::Open(data_dir_, store::Store::OpenMode::kMustExist);
  if (!store.ok()) {
    std::cerr << "synaps-server: audit retention: " << store.status().message() << std::endl;
    return;
  }
  accounts::AccountService accounts(**store);
  auto deleted =
      accounts.PruneAudit(accounts::Caller::Administrator("synaps-server"), retention_days_);
  if (!deleted.ok()) {
    std::cerr << "synaps-server: audit retention: " << deleted.status().message() << std::endl;
    return;
  }
  if (*deleted == 0) return;
  pruned_ += *deleted;
  Poco::JSON::Object line = EventLine("audit.prune");
  line.set("deleted", *deleted);
  line.set("retention_days", retention_days_);
  WriteEventLine(line);
}

}  // namespace synaps::server
