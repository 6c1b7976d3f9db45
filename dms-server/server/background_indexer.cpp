#include "dms-server/server/background_indexer.h"

#include <Poco/JSON/Object.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "dms-server/json/model_json.h"

namespace synaps::server {

BackgroundIndexer::BackgroundIndexer(std::filesystem::path data_dir,
                                     indexing::PipelineOptions options,
                                     std::chrono::milliseconds interval)
    : data_dir_(std::move(data_dir)), options_(std::move(options)), interval_(interval) {
  options_.stop_requested = [this] { return stopping_.load(); };
}

BackgroundIndexer::~BackgroundIndexer() {
  Stop();
}

void BackgroundIndexer::Start() {
  thread_ = std::thread([this] { Run(); });
}

void BackgroundIndexer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stopping_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void BackgroundIndexer::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void BackgroundIndexer::Run() {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<indexing::IndexPipeline> pipeline;
  std::string last_error;
  auto report = [&](const std::string& error) {
    if (error != last_error) std::cerr << "synaps-server: indexer: " << error << std::endl;
    last_error = error;
  };
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, interval_, [this] { return stop_ || woken_; });
      if (stop_) return;
      woken_ = false;
    }
    if (!store) {
      auto opened = store::Store::Open(data_dir_, store::Store::OpenMode::kMustExist);
      if (!opened.ok()) {
        report(opened.status().message());
        continue;
      }
      store = std::move(opened).value();
    }
    auto pending = store->PendingIndexWork(1);
    if (!pending.ok()) {
      report(pending.status().message());
      continue;
    }
    if (pending->empty()) continue;
    if (!pipeline) {
      // Another process (e.g. `synaps index`) may hold the writer: retry at the next tick.
      auto opened = indexing::IndexPipeline::Open(*store, options_);
      if (!opened.ok()) {
        report(opened.status().message());
        continue;
      }
      pipeline = std::move(opened).value();
    }
    // Counted batch by batch, so /metrics shows a long drain moving.
    const int64_t indexed_before = indexed_;
    const int64_t failures_before = extraction_failures_;
    auto count = [this, indexed_before, failures_before](const indexing::PipelineSummary& so_far) {
      indexed_ = indexed_before + so_far.indexed;
      extraction_failures_ = failures_before + so_far.extraction_failed;
    };
    pipeline->set_progress_callback(
        [count](int64_t, int64_t, const indexing::PipelineSummary& so_far) { count(so_far); });
    auto summary = pipeline->Drain();
    if (!summary.ok()) {
      report(summary.status().message());
      pipeline.reset();  // reopen from scratch next time
      continue;
    }
    last_error.clear();
    count(*summary);
    LogDrain(*summary);
  }
}

void BackgroundIndexer::LogDrain(const indexing::PipelineSummary& summary) {
  if (summary.indexed == 0 && summary.removed == 0) return;
  // One JSON line per drain beside the request log (standard error: the journal under systemd).
  Poco::JSON::Object line(Poco::JSON_PRESERVE_KEY_ORDER);
  line.set("time", json::IsoTime(store::NowMs()));
  line.set("event", "index.drain");
  line.set("indexed", summary.indexed);
  line.set("sub_documents", summary.sub_documents);
  line.set("removed", summary.removed);
  line.set("extraction_failed", summary.extraction_failed);
  line.set("bytes", summary.bytes);
  line.set("duration_ms", static_cast<int64_t>(summary.seconds * 1000));
  line.set("compacted", summary.compacted);
  if (!summary.compaction_error.empty()) line.set("compaction_error", summary.compaction_error);
  std::ostringstream text;
  line.stringify(text);
  text << '\n';
  std::string bytes = text.str();
  std::fwrite(bytes.data(), 1, bytes.size(), stderr);  // one write: lines never interleave
}

}  // namespace synaps::server
