// Status and Result, shared by the store and the indexer: the codes' stable names and the
// early-return macros.
#include "indexer/base/status.h"

#include <catch2/catch.hpp>

namespace synaps::base {
namespace {

Status FailsWhen(bool fail) {
  return fail ? Status::Corruption("the index is damaged") : Status::Ok();
}

Result<int> Twice(Result<int> value) {
  SYNAPS_ASSIGN_OR_RETURN(int v, std::move(value));
  SYNAPS_RETURN_IF_ERROR(FailsWhen(v < 0));
  return 2 * v;
}

TEST_CASE("a Result carries a value or the Status that stopped it", "[base][status]") {
  CHECK(*Twice(21) == 42);
  CHECK(Twice(-1).status().code() == ErrorCode::kCorruption);
  CHECK(Twice(Status::Busy("held")).status().message() == "held");
  CHECK(std::string(ErrorCodeName(ErrorCode::kCorruption)) == "corruption");
  CHECK(std::string(ErrorCodeName(ErrorCode::kNotFound)) == "not_found");
  CHECK(Status().ok());
}

}  // namespace
}  // namespace synaps::base
