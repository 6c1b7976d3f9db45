// The SQLite layer on its own: how a connection waits for another one's write lock, read
// snapshots and writes begun inside them, and the audit of reads, which does not wait for the
// disk but leaves the connection as it found it.
#include "dms-server/store/sqlite.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "dms-server/store/pending_reads.h"
#include "tests/store/store_fixture.h"
#include "tests/support/temp_dir.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;
using synaps::testing::TempDir;
using Clock = std::chrono::steady_clock;

namespace {

std::unique_ptr<sql::Database> OpenDatabase(const std::filesystem::path& path, int timeout_ms) {
  auto db = sql::Database::Open(path, true, timeout_ms);
  REQUIRE(db.ok());
  return std::move(db).value();
}

// How long after `holder` commits (having held the write lock for `hold`) another connection's
// BEGIN IMMEDIATE gets the lock.
std::chrono::milliseconds LatenessAfterRelease(const std::filesystem::path& path,
                                               std::chrono::milliseconds hold) {
  auto holder = OpenDatabase(path, 15000);
  auto waiter = OpenDatabase(path, 15000);
  REQUIRE(holder->Exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)").ok());
  Clock::time_point released;
  std::thread release([&] {
    std::this_thread::sleep_for(hold);
    released = Clock::now();
    REQUIRE(holder->Exec("COMMIT").ok());
  });
  auto begun = sql::Transaction::Begin(*waiter);
  Clock::time_point acquired = Clock::now();
  release.join();
  REQUIRE(begun.ok());
  REQUIRE(begun->Commit().ok());
  return std::chrono::duration_cast<std::chrono::milliseconds>(acquired - released);
}

// Whether the process maps the file at `path` itself (not its -wal or -shm companions).
bool Mapped(const std::filesystem::path& path) {
  std::ifstream maps("/proc/self/maps");
  const std::string suffix = " " + path.string();
  for (std::string line; std::getline(maps, line);) {
    if (line.size() >= suffix.size() &&
        line.compare(line.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("connections read the database file without mapping it", "[sqlite]") {
  TempDir dir;
  auto path = dir.path() / "t.db";
  auto writer = OpenDatabase(path, 1000);
  auto reader = OpenDatabase(path, 1000);
  // In the database file itself, not only in the log, from which pages are always read so.
  REQUIRE(writer
              ->Exec("CREATE TABLE t(x); INSERT INTO t VALUES (1); "
                     "PRAGMA wal_checkpoint(TRUNCATE)")
              .ok());
  auto count = [&] {
    auto statement = reader->Prepare("SELECT count(*) FROM t");
    REQUIRE(statement.ok());
    REQUIRE(statement->Step().value());
    return statement->Int(0);
  };
  CHECK(count() == 1);
  // A commit by another connection empties the reader's cache: with a map, SQLite would unmap
  // the file and map it again, each time, on every request thread.
  REQUIRE(writer->Exec("INSERT INTO t VALUES (2)").ok());
  CHECK(count() == 2);
  CHECK_FALSE(Mapped(path));
}

TEST_CASE("a writer takes the lock soon after another connection releases it", "[sqlite]") {
  TempDir dir;
  auto path = dir.path() / "t.db";
  REQUIRE(OpenDatabase(path, 1000)->Exec("CREATE TABLE t(x)").ok());
  // SQLite's own busy timeout would be sleeping 100 ms at a time by then (its pauses after
  // 328 ms of waiting), taking the lock some 90 ms after its release; several request threads
  // saving at once spent most of their time asleep so.
  std::chrono::milliseconds best{1000};
  for (int attempt = 0; attempt < 3; ++attempt) {
    best = std::min(best, LatenessAfterRelease(path, std::chrono::milliseconds(340)));
  }
  CHECK(best < std::chrono::milliseconds(40));
}

TEST_CASE("a writer gives up with Busy once its time-out is spent", "[sqlite]") {
  TempDir dir;
  auto path = dir.path() / "t.db";
  auto holder = OpenDatabase(path, 1000);
  REQUIRE(holder->Exec("CREATE TABLE t(x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)").ok());
  auto waiter = OpenDatabase(path, 200);
  Clock::time_point start = Clock::now();
  auto begun = sql::Transaction::Begin(*waiter);
  auto waited = Clock::now() - start;
  REQUIRE_FALSE(begun.ok());
  CHECK(begun.status().code() == ErrorCode::kBusy);
  CHECK(waited >= std::chrono::milliseconds(200));
  CHECK(waited < std::chrono::milliseconds(2000));
  REQUIRE(holder->Exec("COMMIT").ok());
}

TEST_CASE("reads are audited, and a change after them commits as before", "[sqlite][audit]") {
  StoreFixture fixture;
  auto put = fixture.Put("", "note.txt", "texte");
  REQUIRE(put.ok());
  REQUIRE(fixture.store->RecordRead(fixture.actor, put->document_id, 1, "download").ok());
  REQUIRE(fixture.store->RecordRead(fixture.actor, put->document_id, 1, "webdav").ok());
  auto entries = fixture.store->ListAudit(put->document_id, 10);
  REQUIRE(entries.ok());
  int reads = 0;
  for (const AuditEntry& entry : *entries) reads += entry.action == "document.read";
  CHECK(reads == 2);
  // A change after the reads commits as before (the connection is back to waiting for the disk).
  CHECK(fixture.Put("", "note.txt", "texte changé").ok());
}

TEST_CASE("writers of one process wait their turn on each other and say so when it is too long",
          "[sqlite]") {
  TempDir dir;
  auto path = dir.path() / "t.db";
  auto first = OpenDatabase(path, 15000);
  REQUIRE(first->Exec("CREATE TABLE t(x)").ok());
  auto second = OpenDatabase(path, 15000);
  auto impatient = OpenDatabase(dir.path() / "." / "t.db", 100);  // the same file

  auto holding = sql::Transaction::Begin(*first);
  REQUIRE(holding.ok());
  // Nested in the writer's own transaction: a savepoint, no wait for its own turn.
  auto nested = sql::Transaction::Begin(*first);
  REQUIRE(nested.ok());
  REQUIRE(first->Exec("INSERT INTO t VALUES (1)").ok());
  REQUIRE(nested->Commit().ok());

  auto refused = sql::Transaction::Begin(*impatient);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == ErrorCode::kBusy);
  // Not "another process": the wait was for a writer of this one.
  CHECK(refused.status().message().find("another writer of this process") != std::string::npos);

  // One with time to wait gets its turn when the first is done.
  std::thread waiter_thread([&] {
    auto waited = sql::Transaction::Begin(*second);
    REQUIRE(waited.ok());
    REQUIRE(second->Exec("INSERT INTO t VALUES (2)").ok());
    REQUIRE(waited->Commit().ok());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  REQUIRE(holding->Commit().ok());
  waiter_thread.join();

  // A transaction given up (rolled back) lets the next writer in as well.
  {
    auto abandoned = sql::Transaction::Begin(*first);
    REQUIRE(abandoned.ok());
  }
  auto next = sql::Transaction::Begin(*impatient);
  REQUIRE(next.ok());
  REQUIRE(next->Commit().ok());
  auto count = first->Prepare("SELECT count(*) FROM t");
  REQUIRE(count.ok());
  REQUIRE(count->Step().value());
  CHECK(count->Int(0) == 2);
}

TEST_CASE("a connection compiles a save's transaction statements once", "[sqlite]") {
  TempDir dir;
  auto db = OpenDatabase(dir.path() / "t.db", 1000);
  REQUIRE(db->Exec("CREATE TABLE t(x)").ok());
  // As a save: a transaction (its safety-level pragmas, BEGIN IMMEDIATE, COMMIT), a nested one
  // and a savepoint, each released.
  auto save = [&] {
    auto transaction = sql::Transaction::Begin(*db);
    REQUIRE(transaction.ok());
    auto nested = sql::Transaction::Begin(*db);
    REQUIRE(nested.ok());
    sql::Savepoint item(*db, "item");
    REQUIRE(item.status().ok());
    auto insert = db->Prepare("INSERT INTO t VALUES (1)");
    REQUIRE(insert.ok());
    REQUIRE(insert->Run().ok());
    REQUIRE(item.Release().ok());
    REQUIRE(nested->Commit().ok());
    REQUIRE(transaction->Commit().ok());
  };
  save();
  const uint64_t compiled = db->statements_compiled();
  save();
  save();
  CHECK(db->statements_compiled() == compiled);
  // Failures are still told, and leave the connection usable.
  CHECK_FALSE(db->Exec("RELEASE nothing_set").ok());
  CHECK_FALSE(db->Exec("COMMIT").ok());
  // A script of several statements runs whole.
  REQUIRE(db->Exec("INSERT INTO t VALUES (2); INSERT INTO t VALUES (3)").ok());
  auto count = db->Prepare("SELECT count(*) FROM t");
  REQUIRE(count.ok());
  REQUIRE(count->Step().value());
  CHECK(count->Int(0) == 5);
}

TEST_CASE("a write begun inside a read snapshot ends the snapshot first, and succeeds",
          "[sqlite]") {
  TempDir dir;
  auto path = dir.path() / "t.db";
  auto reader = OpenDatabase(path, 1000);
  REQUIRE(reader->Exec("CREATE TABLE t(x)").ok());
  auto other = OpenDatabase(path, 1000);

  REQUIRE(reader->BeginReadSnapshot());
  CHECK_FALSE(reader->InWriteTransaction());
  auto count = [&](sql::Database& db) {
    auto select = db.Prepare("SELECT count(*) FROM t");
    REQUIRE(select.ok());
    REQUIRE(select->Step().value());
    return select->Int(0);
  };
  CHECK(count(*reader) == 0);  // the snapshot is taken here
  REQUIRE(other->Exec("INSERT INTO t VALUES (1)").ok());
  CHECK(count(*reader) == 0);  // still the same state
  // Upgrading the snapshot would fail (another connection wrote since): the write starts anew.
  auto write = sql::Transaction::Begin(*reader);
  REQUIRE(write.ok());
  CHECK(reader->InWriteTransaction());
  REQUIRE(reader->Exec("INSERT INTO t VALUES (2)").ok());
  REQUIRE(write->Commit().ok());
  reader->EndReadSnapshot();  // already ended: nothing to do
  CHECK(count(*other) == 2);
  CHECK_FALSE(reader->InTransaction());
  // Inside a transaction, no snapshot is begun.
  auto outer = sql::Transaction::Begin(*reader);
  REQUIRE(outer.ok());
  CHECK_FALSE(reader->BeginReadSnapshot());
  REQUIRE(outer->Commit().ok());
}

TEST_CASE("reads recorded inside a read snapshot are buffered, or written after it ends",
          "[sqlite][audit]") {
  StoreFixture fixture;
  auto put = fixture.Put("", "note.txt", "texte");
  REQUIRE(put.ok());
  auto written = [&] {
    auto entries = fixture.store->ListAudit(put->document_id, 10);
    REQUIRE(entries.ok());
    int reads = 0;
    for (const AuditEntry& entry : *entries) reads += entry.action == "document.read";
    return reads;
  };
  auto other = Store::Open(fixture.dir.path() / "data", Store::OpenMode::kMustExist);
  REQUIRE(other.ok());
  {
    // Without a buffer: written at once, out of the snapshot, though another wrote since.
    auto read = fixture.store->BeginRead();
    CHECK(fixture.store->GetDocument(put->document_id).ok());
    REQUIRE((*other)->AddTag(fixture.actor, put->document_id, "urgent").ok());
    REQUIRE(fixture.store->RecordRead(fixture.actor, put->document_id, 1, "download").ok());
  }
  CHECK(written() == 1);
  {
    // With one: buffered, not written inside the snapshot.
    auto pending = PendingReads::Enable(fixture.dir.path() / "data");
    auto read = fixture.store->BeginRead();
    CHECK(fixture.store->GetDocument(put->document_id).ok());
    REQUIRE(fixture.store->RecordRead(fixture.actor, put->document_id, 1, "webdav").ok());
    CHECK(pending->size() == 1);
    read.End();
    CHECK(written() == 2);  // the listing wrote it
  }
}

namespace {

int64_t SafetyLevel(sql::Database& db) {  // PRAGMA synchronous: 1 NORMAL, 2 FULL
  auto level = db.Prepare("PRAGMA synchronous");
  REQUIRE(level.ok());
  REQUIRE(*level->Step());
  return level->Int(0);
}

}  // namespace

TEST_CASE(
    "commits of several writers at once all land, and leave their connection waiting for "
    "the disk",
    "[sqlite]") {
  TempDir dir;
  std::filesystem::path path = dir.path() / "group.db";
  REQUIRE(OpenDatabase(path, 15000)->Exec("CREATE TABLE t (writer INTEGER, n INTEGER)").ok());
  constexpr int kWriters = 4, kCommits = 50;
  std::vector<std::unique_ptr<sql::Database>> connections;
  for (int w = 0; w < kWriters; ++w) connections.push_back(OpenDatabase(path, 15000));
  std::atomic<int> failed{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      sql::Database& db = *connections[w];
      for (int n = 0; n < kCommits; ++n) {
        auto transaction = sql::Transaction::Begin(db);
        bool ok =
            transaction.ok() &&
            db.Exec("INSERT INTO t VALUES (" + std::to_string(w) + ", " + std::to_string(n) + ")")
                .ok() &&
            transaction->Commit().ok();
        if (!ok) ++failed;
      }
    });
  }
  for (auto& writer : writers) writer.join();
  CHECK(failed == 0);
  // The commits did not wait for the disk inside the write lock; what their connections do
  // outside a transaction does, as before.
  for (auto& connection : connections) CHECK(SafetyLevel(*connection) == 2);
  auto db = OpenDatabase(path, 15000);
  auto count = db->Prepare("SELECT COUNT(*) FROM t");
  REQUIRE(count.ok());
  REQUIRE(*count->Step());
  CHECK(count->Int(0) == kWriters * kCommits);

  // A transaction rolled back leaves it so too; one of a connection told not to wait keeps NORMAL.
  {
    auto transaction = sql::Transaction::Begin(*db);
    REQUIRE(transaction.ok());
  }
  CHECK(SafetyLevel(*db) == 2);
  REQUIRE(db->SetWaitForDisk(false).ok());
  {
    auto transaction = sql::Transaction::Begin(*db);
    REQUIRE(transaction.ok());
    REQUIRE(transaction->Commit().ok());
  }
  CHECK(SafetyLevel(*db) == 1);
  REQUIRE(db->SetWaitForDisk(true).ok());
  CHECK(SafetyLevel(*db) == 2);
}
