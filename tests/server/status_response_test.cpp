// Status → HTTP: the store's error codes as statuses, and the one form of every error body.
#include "dms-server/server/status_response.h"

#include <catch2/catch.hpp>
#include <string>

#include "dms-server/documents/document_service.h"

namespace synaps::server {
namespace {

TEST_CASE("store errors map to HTTP statuses in one place", "[server][errors]") {
  CHECK(FromStatus(store::Status::NotFound("x")).status == 404);
  CHECK(FromStatus(store::Status::AlreadyExists("x")).status == 409);
  CHECK(FromStatus(store::Status::Conflict("x")).status == 409);
  CHECK(FromStatus(store::Status::Invalid("x")).status == 400);
  CHECK(FromStatus(store::Status::Denied("x")).status == 403);
  CHECK(FromStatus(store::Status::Busy("x")).status == 503);
  CHECK(FromStatus(store::Status::Io("disk")).status == 500);
  CHECK(FromStatus(documents::Locked("/CAB/a.txt")).status == 423);
  HttpError error = FromStatus(store::Status::NotFound("no document 7"));
  CHECK(error.code == "not_found");
  CHECK(error.message == "no document 7");
  CHECK_THROWS_AS(ValueOrThrow(store::Result<int>(store::Status::Busy("later"))), HttpError);
  CHECK(ValueOrThrow(store::Result<int>(7)) == 7);
}

TEST_CASE("an error body is one line of UTF-8 whatever its message echoes", "[server][errors]") {
  CHECK(ErrorJson({404, "not_found", "no folder /CAB/café"}) ==
        R"({"error":{"code":"not_found","message":"no folder /CAB/café"}})");
  CHECK(ErrorJson({400, "invalid_argument", "\"nmae\" \\ \xff\x1b[2J\nnext"}) ==
        R"({"error":{"code":"invalid_argument","message":"\"nmae\" \\ \\xff\\x1b[2J\\x0anext"}})");
}

}  // namespace
}  // namespace synaps::server
