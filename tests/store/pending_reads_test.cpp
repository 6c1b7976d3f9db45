// Reads buffered by a server (pending_reads.h): held in memory, written together with the time
// they happened, written first by whoever lists the log in the process, and written at once
// again where nothing buffers them or the buffer is full.
#include "dms-server/store/pending_reads.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "dms-server/store/sqlite.h"
#include "tests/store/store_fixture.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;

namespace {

// The reads in the database, seen by a connection of its own (as another process would).
int WrittenReads(const StoreFixture& fixture) {
  auto db = sql::Database::Open(fixture.dir.path() / "data" / "synaps.db", false);
  REQUIRE(db.ok());
  auto count = (*db)->Prepare("SELECT count(*) FROM audit_log WHERE action = 'document.read'");
  REQUIRE(count.ok());
  auto row = count->Step();
  REQUIRE(row.ok());
  return static_cast<int>(count->Int(0));
}

std::unique_ptr<Store> OpenAgain(const StoreFixture& fixture) {
  // Written another way: the buffer is found by the directory, not by its spelling.
  auto store = Store::Open(fixture.dir.path() / "data" / ".", Store::OpenMode::kMustExist);
  REQUIRE(store.ok());
  return std::move(store).value();
}

}  // namespace

TEST_CASE("buffered reads wait in memory and are written together, with their own times",
          "[store][audit]") {
  StoreFixture fixture;
  auto put = fixture.Put("", "note.txt", "texte");
  REQUIRE(put.ok());
  auto pending = PendingReads::Enable(fixture.dir.path() / "data");
  int64_t before = NowMs();
  REQUIRE(fixture.store->RecordRead(fixture.actor, put->document_id, 1, "download").ok());
  REQUIRE(fixture.store->RecordRead(Actor{"lecteur"}, put->document_id, 1, "webdav").ok());
  CHECK(WrittenReads(fixture) == 0);
  CHECK(pending->size() == 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));

  // Another Store of the process, opened before or after, writes them.
  auto other = OpenAgain(fixture);
  int64_t flushed_at = NowMs();
  REQUIRE(other->FlushPendingReads().ok());
  CHECK(pending->size() == 0);
  CHECK(WrittenReads(fixture) == 2);
  auto entries = fixture.store->ListAudit(put->document_id, 10);
  REQUIRE(entries.ok());
  std::vector<AuditEntry> reads;
  for (const AuditEntry& entry : *entries) {
    if (entry.action == "document.read") reads.push_back(entry);
  }
  REQUIRE(reads.size() == 2);
  // Newest first, each with the time of its read, not of its writing.
  CHECK(reads[0].actor == "lecteur");
  CHECK(reads[0].detail == "v1 webdav");
  CHECK(reads[1].actor == "tester");
  CHECK(reads[1].detail == "v1 download");
  for (const AuditEntry& read : reads) {
    CHECK(read.at >= before);
    CHECK(read.at < flushed_at);
  }

  // Listing the log writes what is pending first: the listing shows every read.
  REQUIRE(fixture.store->RecordRead(fixture.actor, put->document_id, 1, "preview").ok());
  CHECK(WrittenReads(fixture) == 2);
  auto listed = other->ListAudit(put->document_id, 10);
  REQUIRE(listed.ok());
  CHECK(listed->front().detail == "v1 preview");
  CHECK(WrittenReads(fixture) == 3);
}

TEST_CASE("reads are written at once where nothing buffers them, or the buffer is full",
          "[store][audit]") {
  StoreFixture fixture;
  auto put = fixture.Put("", "note.txt", "texte");
  REQUIRE(put.ok());
  REQUIRE(fixture.store->RecordRead(fixture.actor, put->document_id, 1, "download").ok());
  CHECK(WrittenReads(fixture) == 1);

  auto pending = PendingReads::Enable(fixture.dir.path() / "data");
  for (size_t i = 0; i < PendingReads::kMaxPending; ++i) {
    REQUIRE(pending->Add(PendingRead{NowMs(), "tester", put->document_id, "v1 download"}));
  }
  REQUIRE(fixture.store->RecordRead(fixture.actor, put->document_id, 1, "full").ok());
  CHECK(WrittenReads(fixture) == 2);
  CHECK(pending->size() == PendingReads::kMaxPending);
  REQUIRE(fixture.store->FlushPendingReads().ok());
  CHECK(WrittenReads(fixture) == 2 + static_cast<int>(PendingReads::kMaxPending));

  // Once the server lets go of its buffer, reads are written at once again.
  pending.reset();
  CHECK(PendingReads::Of(PendingReads::KeyOf(fixture.dir.path() / "data")) == nullptr);
  REQUIRE(fixture.store->RecordRead(fixture.actor, put->document_id, 1, "after").ok());
  CHECK(WrittenReads(fixture) == 3 + static_cast<int>(PendingReads::kMaxPending));
}

TEST_CASE("reads that could not be written go back before the newer ones", "[store][audit]") {
  PendingReads pending;
  REQUIRE(pending.Add(PendingRead{1, "a", 1, "v1 download"}));
  REQUIRE(pending.Add(PendingRead{2, "b", 1, "v1 download"}));
  auto taken = pending.TakeAll();
  REQUIRE(taken.size() == 2);
  REQUIRE(pending.Add(PendingRead{3, "c", 1, "v1 download"}));
  pending.PutBack(std::move(taken));
  auto again = pending.TakeAll();
  REQUIRE(again.size() == 3);
  CHECK(again[0].actor == "a");
  CHECK(again[1].actor == "b");
  CHECK(again[2].actor == "c");
}
