// PlanContent on its own: what a GET of stored bytes answers, from the request's conditional and
// Range headers alone (the server tests download through it for real).
#include "dms-server/server/content_response.h"

#include <Poco/Net/HTTPRequest.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>

namespace synaps::server {
namespace {

ContentEntity Entity(int64_t size) {
  ContentEntity entity;
  entity.size = size;
  entity.etag = "\"abc123\"";
  entity.last_modified_ms = 784111777000;  // Sun, 06 Nov 1994 08:49:37 GMT
  return entity;
}

ContentPlan Plan(const std::map<std::string, std::string>& headers, int64_t size = 100) {
  Poco::Net::HTTPRequest request("GET", "/x", Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : headers) request.set(name, value);
  return PlanContent(request, Entity(size));
}

TEST_CASE("a plain GET gets everything", "[server][content]") {
  ContentPlan plan = Plan({});
  CHECK(plan.status == 200);
  CHECK(plan.first == 0);
  CHECK(plan.length == 100);
  CHECK(HttpDate(784111777123) == "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST_CASE("If-None-Match, else If-Modified-Since, answer 304", "[server][content]") {
  CHECK(Plan({{"If-None-Match", "\"abc123\""}}).status == 304);
  CHECK(Plan({{"If-None-Match", "W/\"abc123\""}}).status == 304);  // weak comparison
  CHECK(Plan({{"If-None-Match", "\"other\", \"abc123\""}}).status == 304);
  CHECK(Plan({{"If-None-Match", "abc123"}}).status == 304);  // unquoted, as some clients send
  CHECK(Plan({{"If-None-Match", "*"}}).status == 304);
  CHECK(Plan({{"If-None-Match", "\"other\""}}).status == 200);
  CHECK(Plan({{"If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}}).status == 304);
  CHECK(Plan({{"If-Modified-Since", "Sun, 06 Nov 1994 08:49:36 GMT"}}).status == 200);
  // If-None-Match decides alone when present.
  CHECK(
      Plan({{"If-None-Match", "\"other\""}, {"If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"}})
          .status == 200);
}

TEST_CASE("one byte range is served, the rest is ignored or refused", "[server][content]") {
  ContentPlan part = Plan({{"Range", "bytes=10-19"}});
  CHECK(part.status == 206);
  CHECK(part.first == 10);
  CHECK(part.length == 10);
  ContentPlan open_ended = Plan({{"Range", "bytes=90-"}});
  CHECK((open_ended.status == 206 && open_ended.first == 90 && open_ended.length == 10));
  ContentPlan suffix = Plan({{"Range", "bytes=-5"}});
  CHECK((suffix.status == 206 && suffix.first == 95 && suffix.length == 5));
  ContentPlan beyond_end = Plan({{"Range", "bytes=-500"}});
  CHECK((beyond_end.status == 206 && beyond_end.first == 0 && beyond_end.length == 100));
  ContentPlan clipped = Plan({{"Range", "bytes=50-5000"}});
  CHECK((clipped.status == 206 && clipped.first == 50 && clipped.length == 50));

  CHECK(Plan({{"Range", "bytes=100-"}}).status == 416);
  CHECK(Plan({{"Range", "bytes=-0"}}).status == 416);
  CHECK(Plan({{"Range", "bytes=0-"}}, 0).status == 416);

  for (const char* ignored : {"bytes=0-1,5-6", "bytes=5-1", "items=0-1", "bytes=a-b", "bytes=-",
                              "bytes=1", "bytes=--1", "bytes=99999999999999999999-"}) {
    INFO(ignored);
    CHECK(Plan({{"Range", ignored}}).status == 200);
  }
}

TEST_CASE("If-Range: the range only for the same ETag", "[server][content]") {
  CHECK(Plan({{"Range", "bytes=0-1"}, {"If-Range", "\"abc123\""}}).status == 206);
  CHECK(Plan({{"Range", "bytes=0-1"}, {"If-Range", "\"older\""}}).status == 200);
  CHECK(Plan({{"Range", "bytes=500-"}, {"If-Range", "\"older\""}}).status == 200);
}

}  // namespace
}  // namespace synaps::server
