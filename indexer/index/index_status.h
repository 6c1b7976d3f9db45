// IndexStatus: how the index and query modules report expected failures.
//
// Either OK or a code with a one-line message that can be logged or shown as is. No Xapian
// exception crosses a public function of indexer/index or indexer/query: they are turned into
// IndexStatus values at the boundary.
#pragma once

#include <string>
#include <utility>

namespace synaps::indexer::index {

enum class IndexErrorCode {
  kOk = 0,
  kInvalidArgument,  // bad document (empty id/service), unparsable query
  kNotFound,         // no such document (or not visible: the two are indistinguishable)
  kBusy,             // another writer holds the index lock
  kIoError,          // the index directory cannot be opened or written
  kCorruption,       // Xapian reports a damaged database
  kInternal,         // any other Xapian failure
};

class [[nodiscard]] IndexStatus {
 public:
  IndexStatus() = default;
  IndexStatus(IndexErrorCode code, std::string message)
      : code_(code), message_(std::move(message)) {}
  static IndexStatus Ok() { return {}; }

  bool ok() const { return code_ == IndexErrorCode::kOk; }
  IndexErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  IndexErrorCode code_ = IndexErrorCode::kOk;
  std::string message_;
};

}  // namespace synaps::indexer::index
