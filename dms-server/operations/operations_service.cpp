#include "dms-server/operations/operations_service.h"

#include <filesystem>
#include <system_error>

#include "dms-server/permissions/permissions.h"

namespace synaps::operations {

store::Status OperationsService::MayAdminister(const Caller& caller) const {
  if (permissions::Permissions::MayAdminister(caller.user())) return store::Status::Ok();
  return store::Status::Denied(
      "the index's health and the storage are for "
      "administrators");
}

store::Result<store::ExtractionFailures> OperationsService::ExtractionFailures(const Caller& caller,
                                                                               int limit) {
  SYNAPS_RETURN_IF_ERROR(MayAdminister(caller));
  return store_.ListExtractionFailures(limit);
}

store::Result<int64_t> OperationsService::RetryExtraction(const Caller& caller) {
  SYNAPS_RETURN_IF_ERROR(MayAdminister(caller));
  SYNAPS_ASSIGN_OR_RETURN(int64_t queued, store_.RetryExtractionFailures(caller.actor()));
  if (queued > 0 && changed_) changed_();
  return queued;
}

store::Result<StorageUse> OperationsService::Storage(const Caller& caller) {
  SYNAPS_RETURN_IF_ERROR(MayAdminister(caller));
  StorageUse use;
  SYNAPS_ASSIGN_OR_RETURN(use.stats, store_.Stats());
  std::error_code error;
  std::filesystem::space_info space = std::filesystem::space(store_.data_dir(), error);
  if (error) {
    return store::Status::Io("cannot read the free space of " + store_.data_dir().string() + ": " +
                             error.message());
  }
  use.disk_total_bytes = static_cast<int64_t>(space.capacity);
  use.disk_available_bytes = static_cast<int64_t>(space.available);
  return use;
}

}  // namespace synaps::operations
