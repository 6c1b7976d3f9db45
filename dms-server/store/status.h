// The store reports with the Status and Result every module shares (indexer/base/status.h); the
// names are brought into synaps::store so that store code and its callers read
// `store::Status`, `store::Result<T>`.
#pragma once

#include "indexer/base/status.h"

namespace synaps::store {

using base::ErrorCode;
using base::ErrorCodeName;
using base::Result;
using base::Status;

}  // namespace synaps::store
