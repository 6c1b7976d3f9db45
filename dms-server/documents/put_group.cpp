#include "dms-server/documents/put_group.h"

#include <optional>
#include <utility>

namespace synaps::documents {

using store::ErrorCode;
using store::Result;
using store::Status;

namespace {

// A failure of the store itself rather than a decision about the put: SQLite may have rolled
// the whole transaction back (a full disk, an I/O error), so the group goes no further.
bool StoreFailed(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kIoError:
    case ErrorCode::kBusy:
    case ErrorCode::kCorruption:
    case ErrorCode::kInternal:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct PutGroup::Pending {
  const Caller& caller;
  const PutPlace& place;
  const NewContent& content;
  std::optional<Result<store::PutResult>> result;  // set, under the mutex, once committed
};

PutGroup::PutGroup(std::filesystem::path data_dir, std::function<void()> changed, WriteGate* gate,
                   std::chrono::microseconds gather)
    : data_dir_(std::move(data_dir)), changed_(std::move(changed)), gate_(gate), gather_(gather) {}

PutGroup::~PutGroup() = default;

PutGroup::Expected::~Expected() {
  if (!group_) return;
  std::lock_guard lock(group_->mutex_);
  group_->Arrived();
}

PutGroup::Expected PutGroup::Expect() {
  std::lock_guard lock(mutex_);
  ++expected_;
  return Expected(this);
}

void PutGroup::Arrived() {
  if (--expected_ == 0) arrived_.notify_all();
}

Result<store::PutResult> PutGroup::Put(const Caller& caller, const PutPlace& place,
                                       const NewContent& content, Expected* expected) {
  Pending pending{caller, place, content, std::nullopt};
  std::unique_lock lock(mutex_);
  queued_.push_back(&pending);
  if (expected && expected->group_ == this) {
    expected->group_ = nullptr;
    Arrived();
  }
  done_.wait(lock, [&] { return pending.result.has_value() || !leading_; });
  if (pending.result) return std::move(*pending.result);

  // No group is being committed and this put is still queued: lead the next one, with every
  // put queued meanwhile, and those on their way if they come soon. (Puts that queue during the
  // wait find a leader and wait for it.)
  leading_ = true;
  if (expected_ > 0) arrived_.wait_for(lock, gather_, [&] { return expected_ == 0; });
  std::vector<Pending*> group(queued_.begin(), queued_.end());
  queued_.clear();
  lock.unlock();
  std::vector<Result<store::PutResult>> results = Commit(group);
  lock.lock();
  for (size_t i = 0; i < group.size(); ++i) group[i]->result = std::move(results[i]);
  leading_ = false;
  ++transactions_;
  puts_ += static_cast<int64_t>(group.size());
  lock.unlock();
  done_.notify_all();
  return std::move(*pending.result);
}

std::vector<Result<store::PutResult>> PutGroup::Commit(const std::vector<Pending*>& group) {
  auto all_fail = [&](const Status& status) {
    return std::vector<Result<store::PutResult>>(group.size(), status);
  };
  try {
    if (!store_) {
      auto opened = store::Store::Open(data_dir_, store::Store::OpenMode::kMustExist);
      if (!opened.ok()) return all_fail(opened.status());
      store_ = std::move(opened).value();
    }
    // The indexer is woken once, after the commit, rather than by each put.
    DocumentService service(*store_, {}, gate_);
    auto transaction = store_->BeginWrite();
    if (!transaction.ok()) return all_fail(transaction.status());
    std::vector<Result<store::PutResult>> results;
    results.reserve(group.size());
    std::optional<Status> stopped;  // why the puts left were not tried
    for (Pending* pending : group) {
      if (stopped) {
        results.emplace_back(*stopped);
        continue;
      }
      // A put that fails rolls back its own savepoint only (DocumentService::Put joins the
      // transaction as one).
      results.push_back(service.Put(pending->caller, pending->place, pending->content));
      if (!results.back().ok() && StoreFailed(results.back().status())) {
        stopped = results.back().status();
      }
    }
    Status committed = transaction->Commit();
    bool stored = false;
    for (auto& result : results) {
      if (!result.ok()) continue;
      if (committed.ok()) {
        stored = true;
      } else {
        result = committed;
      }
    }
    if (stored && changed_) changed_();
    return results;
  } catch (const std::exception& error) {
    // Nothing below throws by design; should something (memory) fail, the puts fail, not the
    // threads waiting for them.
    return all_fail(Status::Internal(std::string("saving: ") + error.what()));
  }
}

int64_t PutGroup::transactions() const {
  std::lock_guard lock(mutex_);
  return transactions_;
}

int64_t PutGroup::puts() const {
  std::lock_guard lock(mutex_);
  return puts_;
}

}  // namespace synaps::documents
