#include "indexer/index/xapian_error_status.h"

#include <string>

namespace synaps::indexer::index {

base::Status StatusFromXapianError(const Xapian::Error& e, std::string_view context) {
  // Xapian::Error is not polymorphic (no dynamic_cast): its type name says what it is.
  const std::string_view type = e.get_type();
  base::ErrorCode code = base::ErrorCode::kInternal;
  if (type == "DatabaseLockError") {
    code = base::ErrorCode::kBusy;
  } else if (type == "DatabaseCorruptError") {
    code = base::ErrorCode::kCorruption;
  } else if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError" ||
             type == "DatabaseVersionError") {
    code = base::ErrorCode::kIoError;
  } else if (type == "QueryParserError" || type == "InvalidArgumentError") {
    code = base::ErrorCode::kInvalidArgument;
  }
  return base::Status(code, std::string(context) + ": " + e.get_description());
}

}  // namespace synaps::indexer::index
