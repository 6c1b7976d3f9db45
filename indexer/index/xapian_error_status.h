// Conversion of Xapian exceptions to base::Status values, for the module boundaries of
// indexer/index and indexer/query. Internal to the indexer; thread-safe.
#pragma once

#include <xapian.h>

#include <exception>
#include <string_view>

#include "indexer/base/status.h"

namespace synaps::indexer::index {

// Returns a non-OK status describing `e`, with `context` ("opening the index", ...) in front.
base::Status StatusFromXapianError(const Xapian::Error& e, std::string_view context);

// Runs `fn` (returning base::Status), turning any Xapian or standard exception into a status.
template <typename Fn>
base::Status GuardXapian(std::string_view context, Fn&& fn) {
  try {
    return fn();
  } catch (const Xapian::Error& e) {
    return StatusFromXapianError(e, context);
  } catch (const std::exception& e) {
    return base::Status(base::ErrorCode::kInternal, std::string(context) + ": " + e.what());
  }
}

}  // namespace synaps::indexer::index
