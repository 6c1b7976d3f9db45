// The store's record of ingestion runs: begun, finished with counts, listed, counted.
#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

namespace synaps::testing {
namespace {

TEST_CASE("ingest runs are recorded, listed newest first and counted by status", "[store]") {
  StoreFixture f;
  auto first = f.store->BeginIngestRun(f.actor, "import /srv/partage/cab", "CAB");
  REQUIRE(first.ok());
  auto second = f.store->BeginIngestRun(f.actor, "import /srv/\x01odd", "CAB");
  REQUIRE(second.ok());
  auto third = f.store->BeginIngestRun(f.actor, "import /srv/killed", "CAB");
  REQUIRE(third.ok());

  store::IngestCounts counts{10, 4, 3, 2, 1, 0, 4096};
  REQUIRE(f.store->FinishIngestRun(*first, "completed_with_errors", counts, "").ok());
  REQUIRE(f.store->FinishIngestRun(*second, "failed", {}, "disk full").ok());
  CHECK(f.store->FinishIngestRun(*second, "done", {}, "").code() ==
        store::ErrorCode::kInvalidArgument);
  CHECK(f.store->FinishIngestRun(999, "completed", {}, "").code() == store::ErrorCode::kNotFound);

  auto runs = f.store->ListIngestRuns(10);
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 3);
  CHECK((*runs)[0].id == *third);
  CHECK((*runs)[0].status == "running");  // never finished: a killed run
  CHECK_FALSE((*runs)[0].finished_at);
  CHECK((*runs)[1].status == "failed");
  CHECK((*runs)[1].detail == "disk full");
  CHECK((*runs)[1].source == "import /srv/\\x01odd");  // control characters never recorded raw
  const store::IngestRun& done = (*runs)[2];
  CHECK(done.status == "completed_with_errors");
  CHECK(done.service_code == "CAB");
  CHECK(done.actor == "tester");
  CHECK(done.counts.files_seen == 10);
  CHECK(done.counts.created == 4);
  CHECK(done.counts.new_versions == 3);
  CHECK(done.counts.unchanged == 2);
  CHECK(done.counts.failed == 1);
  CHECK(done.counts.bytes == 4096);
  REQUIRE(done.finished_at);
  CHECK(*done.finished_at >= done.started_at);

  auto totals = f.store->CountIngestRuns();
  REQUIRE(totals.ok());
  CHECK(totals->runs_by_status.at("running") == 1);
  CHECK(totals->runs_by_status.at("failed") == 1);
  CHECK(totals->runs_by_status.at("completed_with_errors") == 1);
  CHECK(totals->last_completed_at == *done.finished_at);
  CHECK(f.store->ListIngestRuns(0).status().code() == store::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace synaps::testing
