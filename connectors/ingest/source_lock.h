// SourceLock: keeps two runs of the same source from overlapping, across processes.
//
// An exclusive flock() on `<data>/ingest/NAME.lock`, held as long as the SourceLock lives and
// released by the kernel if the process dies (a killed run never blocks the next one). Movable.
#pragma once

#include <filesystem>
#include <string_view>

#include "dms-server/store/file_util.h"
#include "dms-server/store/status.h"

namespace synaps::connectors {

class SourceLock {
 public:
  // Takes the lock of source `name` in the data directory `data_dir` without waiting. Busy when
  // another run of that source holds it.
  static store::Result<SourceLock> Acquire(const std::filesystem::path& data_dir,
                                           std::string_view name);

 private:
  explicit SourceLock(store::UniqueFd fd) : fd_(std::move(fd)) {}
  store::UniqueFd fd_;
};

}  // namespace synaps::connectors
