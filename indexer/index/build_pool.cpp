#include "indexer/index/build_pool.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace synaps::indexer::index {

namespace {

// Documents built ahead of the writer, per builder: enough to keep every builder busy while the
// writer catches up, few enough that a batch of large documents does not pile up in memory.
constexpr std::size_t kAheadPerThread = 2;

struct Slot {
  bool ready = false;
  std::optional<BuiltDocument> built;
  std::exception_ptr error;
};

}  // namespace

struct BuildPool::Shared {
  explicit Shared(int thread_count) : threads(std::max(thread_count, 1)) {}

  const int threads;
  DocumentBuilder caller_builder;  // used by Run()'s thread
  std::uint64_t caller_generation = 0;
  std::vector<std::thread> helpers;

  std::mutex mutex;
  std::condition_variable work_ready;  // helpers wait for documents to build
  std::condition_variable slot_ready;  // Run() waits for built documents and idle helpers
  // Guarded by `mutex`:
  bool stopping = false;
  std::span<const IndexableDocument> docs;
  std::vector<Slot> slots;
  std::size_t next_to_build = 0;
  std::size_t build_limit = 0;  // documents at or after this index are not built yet
  std::size_t helpers_building = 0;
  // Raised by ForgetListedWords(); each builder forgets when its generation is behind.
  std::uint64_t forget_generation = 0;

  // Builds docs[i] outside the lock and stores the outcome in its slot. Called with `lock` held.
  void BuildOne(DocumentBuilder& builder, std::uint64_t& builder_generation, std::size_t i,
                std::unique_lock<std::mutex>& lock) {
    CatchUp(builder, builder_generation);
    const IndexableDocument& doc = docs[i];
    lock.unlock();
    std::optional<BuiltDocument> built;
    std::exception_ptr error;
    try {
      built.emplace(builder.Build(doc));
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    Slot& slot = slots[i];
    slot.built = std::move(built);
    slot.error = error;
    slot.ready = true;
  }

  // Called with `mutex` held.
  void CatchUp(DocumentBuilder& builder, std::uint64_t& builder_generation) const {
    if (builder_generation == forget_generation) return;
    builder.ForgetListedWords();
    builder_generation = forget_generation;
  }

  void HelperLoop() {
    DocumentBuilder builder;
    std::uint64_t generation = 0;
    std::unique_lock<std::mutex> lock(mutex);
    while (true) {
      work_ready.wait(lock, [&] { return stopping || next_to_build < build_limit; });
      if (stopping) return;
      const std::size_t i = next_to_build++;
      ++helpers_building;
      BuildOne(builder, generation, i, lock);
      --helpers_building;
      slot_ready.notify_all();
    }
  }

  // Ends the current run: nothing more is built, and no helper still reads `docs`.
  void EndRun() {
    std::unique_lock<std::mutex> lock(mutex);
    build_limit = 0;
    next_to_build = 0;
    slot_ready.wait(lock, [&] { return helpers_building == 0; });
    slots.clear();
    docs = {};
  }
};

BuildPool::BuildPool(int threads) : shared_(std::make_unique<Shared>(threads)) {
  for (int i = 1; i < shared_->threads; ++i) {
    shared_->helpers.emplace_back([this] { shared_->HelperLoop(); });
  }
}

BuildPool::~BuildPool() {
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->stopping = true;
  }
  shared_->work_ready.notify_all();
  for (std::thread& helper : shared_->helpers) helper.join();
}

int BuildPool::threads() const {
  return shared_->threads;
}

void BuildPool::ForgetListedWords() {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  ++shared_->forget_generation;
}

void BuildPool::Run(std::span<const IndexableDocument> docs,
                    const std::function<bool(std::size_t, BuiltDocument&&)>& write) {
  Shared& s = *shared_;
  if (s.helpers.empty() || docs.size() == 1) {
    // Nothing to overlap: no thread hand-over.
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      s.CatchUp(s.caller_builder, s.caller_generation);
    }
    for (std::size_t i = 0; i < docs.size(); ++i) {
      if (!write(i, s.caller_builder.Build(docs[i]))) return;
    }
    return;
  }
  const std::size_t ahead = kAheadPerThread * static_cast<std::size_t>(s.threads);
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.docs = docs;
    s.slots.assign(docs.size(), Slot());
    s.next_to_build = 0;
    s.build_limit = std::min(docs.size(), ahead);
  }
  s.work_ready.notify_all();
  struct EndRunOnExit {  // also when an exception leaves Run()
    Shared& shared;
    ~EndRunOnExit() { shared.EndRun(); }
  } end_run{s};

  for (std::size_t i = 0; i < docs.size(); ++i) {
    std::optional<BuiltDocument> built;
    std::exception_ptr error;
    {
      std::unique_lock<std::mutex> lock(s.mutex);
      const std::size_t limit = std::min(docs.size(), i + ahead);
      if (limit > s.build_limit) {
        s.build_limit = limit;
        s.work_ready.notify_all();
      }
      while (!s.slots[i].ready) {
        // Rather than wait for a helper, build the next document not yet claimed.
        if (s.next_to_build < s.build_limit) {
          s.BuildOne(s.caller_builder, s.caller_generation, s.next_to_build++, lock);
        } else {
          s.slot_ready.wait(lock);
        }
      }
      built = std::move(s.slots[i].built);
      error = s.slots[i].error;
    }
    if (error) std::rethrow_exception(error);
    if (!write(i, std::move(*built))) return;
  }
}

}  // namespace synaps::indexer::index
