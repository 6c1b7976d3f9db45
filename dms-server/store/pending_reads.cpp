#include "dms-server/store/pending_reads.h"

#include <iterator>
#include <map>
#include <utility>

namespace synaps::store {

namespace {

std::mutex registry_mutex;
std::map<std::string, std::weak_ptr<PendingReads>>& Registry() {
  static auto* registry = new std::map<std::string, std::weak_ptr<PendingReads>>();
  return *registry;
}

}  // namespace

std::string PendingReads::KeyOf(const std::filesystem::path& data_dir) {
  std::error_code error;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(data_dir, error);
  return (error ? data_dir.lexically_normal() : canonical).string();
}

std::shared_ptr<PendingReads> PendingReads::Enable(const std::filesystem::path& data_dir) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  std::weak_ptr<PendingReads>& slot = Registry()[KeyOf(data_dir)];
  std::shared_ptr<PendingReads> reads = slot.lock();
  if (!reads) {
    reads = std::make_shared<PendingReads>();
    slot = reads;
  }
  return reads;
}

std::shared_ptr<PendingReads> PendingReads::Of(const std::string& key) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto& registry = Registry();
  auto found = registry.find(key);
  if (found == registry.end()) return nullptr;
  std::shared_ptr<PendingReads> reads = found->second.lock();
  if (!reads) registry.erase(found);
  return reads;
}

bool PendingReads::Add(PendingRead read) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (reads_.size() >= kMaxPending) return false;
  reads_.push_back(std::move(read));
  return true;
}

std::vector<PendingRead> PendingReads::TakeAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<PendingRead> taken;
  taken.swap(reads_);
  return taken;
}

void PendingReads::PutBack(std::vector<PendingRead> reads) {
  std::lock_guard<std::mutex> lock(mutex_);
  reads.insert(reads.end(), std::make_move_iterator(reads_.begin()),
               std::make_move_iterator(reads_.end()));
  reads_.swap(reads);
}

size_t PendingReads::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return reads_.size();
}

}  // namespace synaps::store
