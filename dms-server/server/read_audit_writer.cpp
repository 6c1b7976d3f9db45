#include "dms-server/server/read_audit_writer.h"

#include "dms-server/server/event_log.h"
#include "dms-server/server/status_response.h"
#include "dms-server/server/thread_resources.h"
#include "dms-server/store/store.h"

namespace synaps::server {

ReadAuditWriter::ReadAuditWriter(std::filesystem::path data_dir, std::chrono::milliseconds interval)
    : data_dir_(std::move(data_dir)),
      pending_(store::PendingReads::Enable(data_dir_)),
      thread_(interval, PeriodicThread::FirstPass::kAfterInterval, [this] { Write(); }) {}

ReadAuditWriter::~ReadAuditWriter() {
  Stop();
}

void ReadAuditWriter::Start() {
  thread_.Start();
}

void ReadAuditWriter::Stop() {
  thread_.Stop();
  if (pending_->size() > 0) Write();
}

void ReadAuditWriter::Write() {
  if (pending_->size() == 0) return;
  store::Status written = store::Status::Ok();
  try {
    written = ThreadStore(data_dir_).FlushPendingReads();
  } catch (const HttpError& error) {  // the thread's Store could not be opened
    written = store::Status::Io(error.message);
  }
  if (written.ok()) return;
  Poco::JSON::Object line = EventLine("audit.reads_not_written");
  line.set("pending", static_cast<uint64_t>(pending_->size()));
  line.set("error", written.message());
  WriteEventLine(line);
}

}  // namespace synaps::server
