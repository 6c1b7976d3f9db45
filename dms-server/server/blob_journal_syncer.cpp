#include "dms-server/server/blob_journal_syncer.h"

#include "dms-server/server/event_log.h"
#include "dms-server/store/store.h"

namespace synaps::server {

BlobJournalSyncer::BlobJournalSyncer(std::filesystem::path data_dir,
                                     std::chrono::milliseconds interval)
    : data_dir_(std::move(data_dir)),
      thread_(interval, PeriodicThread::FirstPass::kAfterInterval, [this] { Sync(); }) {}

BlobJournalSyncer::~BlobJournalSyncer() {
  Stop();
}

void BlobJournalSyncer::Start() {
  // Opened now rather than by the last pass: a server stopped as its data directory is being
  // removed must not create folders in it again.
  auto opened = store::Store::Open(data_dir_, store::Store::OpenMode::kMustExist);
  if (opened.ok()) store_ = std::move(opened).value();
  thread_.Start();
}

void BlobJournalSyncer::Stop() {
  thread_.Stop();
  if (store_) Sync();
}

void BlobJournalSyncer::Sync() {
  store::Status synced = store::Status::Ok();
  if (!store_) {
    auto opened = store::Store::Open(data_dir_, store::Store::OpenMode::kMustExist);
    if (opened.ok()) {
      store_ = std::move(opened).value();
    } else {
      synced = opened.status();
    }
  }
  if (store_) synced = store_->SyncBlobJournal().status();
  if (synced.ok()) return;
  Poco::JSON::Object line = EventLine("store.blob_journal_not_synced");
  line.set("error", synced.message());
  WriteEventLine(line);
}

}  // namespace synaps::server
