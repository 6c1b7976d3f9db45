#include "indexer/index/xapian_error_status.h"

#include <string>

namespace synaps::indexer::index {

IndexStatus StatusFromXapianError(const Xapian::Error& e, std::string_view context) {
  // Xapian::Error is not polymorphic (no dynamic_cast): its type name says what it is.
  const std::string_view type = e.get_type();
  IndexErrorCode code = IndexErrorCode::kInternal;
  if (type == "DatabaseLockError") {
    code = IndexErrorCode::kBusy;
  } else if (type == "DatabaseCorruptError") {
    code = IndexErrorCode::kCorruption;
  } else if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError" ||
             type == "DatabaseVersionError") {
    code = IndexErrorCode::kIoError;
  } else if (type == "QueryParserError" || type == "InvalidArgumentError") {
    code = IndexErrorCode::kInvalidArgument;
  }
  return IndexStatus(code, std::string(context) + ": " + e.get_description());
}

}  // namespace synaps::indexer::index
