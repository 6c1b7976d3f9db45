#include <catch2/catch.hpp>

#include "indexer/query/date_range_processor.h"

using synaps::indexer::query::ParseDatePeriod;

TEST_CASE("Date bounds cover their whole period", "[query]") {
  auto day = ParseDatePeriod("2024-03-03");
  REQUIRE(day);
  CHECK(day->first == 1709424000);
  CHECK(day->last == 1709424000 + 86399);
  auto fr = ParseDatePeriod("03/03/2024");
  REQUIRE(fr);
  CHECK(fr->first == day->first);
  auto month = ParseDatePeriod("2024-02");
  REQUIRE(month);
  CHECK(month->first == 1706745600);     // 2024-02-01
  CHECK(month->last == 1709251200 - 1);  // 2024-03-01 minus one second (leap year)
  auto year = ParseDatePeriod("2024");
  REQUIRE(year);
  CHECK(year->first == 1704067200);
  CHECK(year->last == 1735689600 - 1);
}

TEST_CASE("Malformed dates are refused", "[query]") {
  CHECK_FALSE(ParseDatePeriod("2024-13-01"));
  CHECK_FALSE(ParseDatePeriod("2024-02-30"));
  CHECK_FALSE(ParseDatePeriod("hier"));
  CHECK_FALSE(ParseDatePeriod("24-01-01"));
  CHECK_FALSE(ParseDatePeriod(""));
}
