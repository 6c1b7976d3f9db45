// What a connection read inside a transaction is answered again from memory until something may
// have changed it: the read epoch of a connection (which statements move it on), and the Store's
// lookups that a request repeats (folders, folder paths, documents), read once per transaction.
#include "dms-server/store/snapshot_memo.h"

#include <catch2/catch.hpp>

#include "dms-server/store/sqlite.h"
#include "tests/store/store_fixture.h"
#include "tests/support/temp_dir.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;
using synaps::testing::TempDir;

TEST_CASE("the read epoch stays while nothing a transaction reads can change", "[store][memo]") {
  TempDir dir;
  auto opened = sql::Database::Open(dir.path() / "memo.db", true);
  REQUIRE(opened.ok());
  sql::Database& db = **opened;
  REQUIRE(db.Exec("CREATE TABLE t(x INTEGER PRIMARY KEY)").ok());
  SnapshotMemo memo;
  auto read = [&] {
    auto select = db.Prepare("SELECT COUNT(*) FROM t");
    REQUIRE(select.ok());
    REQUIRE(*select->Step());
  };
  auto write = [&](int x) {
    auto insert = db.Prepare("INSERT INTO t VALUES (?)");
    REQUIRE(insert.ok());
    return insert->Bind(1, x).Run();
  };

  SECTION("outside a transaction nothing is kept") {
    CHECK(memo.Use(db) == nullptr);
  }
  SECTION("a read snapshot keeps its reads until it ends") {
    REQUIRE(db.BeginReadSnapshot());
    const uint64_t epoch = db.read_epoch();
    REQUIRE(memo.Use(db) != nullptr);
    memo.folder_paths[1] = "/CAB";
    read();
    CHECK(db.read_epoch() == epoch);
    CHECK(memo.Use(db)->folder_paths.count(1) == 1);
    db.EndReadSnapshot();
    CHECK(memo.Use(db) == nullptr);
    REQUIRE(db.BeginReadSnapshot());
    CHECK(db.read_epoch() != epoch);
    CHECK(memo.Use(db)->folder_paths.empty());  // a new snapshot starts afresh
    db.EndReadSnapshot();
  }
  SECTION("in a write transaction, savepoints keep it; writes and rollbacks move it on") {
    auto transaction = sql::Transaction::Begin(db);
    REQUIRE(transaction.ok());
    uint64_t epoch = db.read_epoch();
    read();
    {
      sql::Savepoint step(db, "step");
      REQUIRE(step.status().ok());
      read();
      REQUIRE(step.Release().ok());
    }
    CHECK(db.read_epoch() == epoch);
    REQUIRE(write(1).ok());
    CHECK(db.read_epoch() != epoch);
    epoch = db.read_epoch();
    {
      sql::Savepoint undone(db, "undone");
      REQUIRE(undone.status().ok());
      CHECK(db.read_epoch() == epoch);
    }  // rolled back: what it wrote, if anything, is gone
    CHECK(db.read_epoch() != epoch);
    epoch = db.read_epoch();
    CHECK(!write(1).ok());  // a failed statement may have undone more
    CHECK(db.read_epoch() != epoch);
    REQUIRE(transaction->Commit().ok());
    CHECK(memo.Use(db) == nullptr);
  }
  SECTION("a savepoint that began the transaction ends it when released") {
    uint64_t epoch = 0;
    {
      sql::Savepoint outermost(db, "outermost");
      REQUIRE(outermost.status().ok());
      REQUIRE(db.InTransaction());
      epoch = db.read_epoch();
      read();
      REQUIRE(outermost.Release().ok());
    }
    CHECK(!db.InTransaction());
    CHECK(db.read_epoch() != epoch);  // other connections' commits show from now on
  }
}

TEST_CASE("a transaction reads a folder, its path and a document once", "[store][memo]") {
  StoreFixture f;
  const int64_t id = f.Put("notes", "note.txt", "texte")->document_id;
  auto steps_of = [&](auto&& lookups) {
    const uint64_t before = f.store->statements_stepped();
    lookups();
    return f.store->statements_stepped() - before;
  };
  auto lookups = [&] {
    CHECK(f.store->GetDocument(id)->path() == "/CAB/notes/note.txt");
    CHECK(f.store->FindFolder("/CAB/notes")->path == "/CAB/notes");
    CHECK(f.store->FindFolder("/CAB/notes/note.txt").status().code() == ErrorCode::kNotFound);
  };
  // Outside a transaction each lookup reads the database again.
  CHECK(steps_of(lookups) > 0);
  CHECK(steps_of(lookups) > 0);

  SECTION("in a read snapshot") {
    auto read = f.store->BeginRead();
    CHECK(steps_of(lookups) > 0);
    CHECK(steps_of(lookups) == 0);
  }
  SECTION("in a write transaction, until it writes") {
    // A document's path looked up as a folder walks through its parent: the parent is kept too,
    // whole (the walk read all a folder holds), and finding it then reads nothing.
    auto find_notes = [&] { CHECK(f.store->FindFolder("/CAB/notes")->name == "notes"); };
    uint64_t walked = 0;
    {
      auto first = f.store->BeginWrite();
      REQUIRE(first.ok());
      walked = steps_of(find_notes);
    }
    auto transaction = f.store->BeginWrite();
    REQUIRE(transaction.ok());
    CHECK(f.store->FindFolder("/CAB/notes/note.txt").status().code() == ErrorCode::kNotFound);
    CHECK(walked > 0);
    CHECK(steps_of(find_notes) == 0);
    CHECK(steps_of(lookups) > 0);
    CHECK(steps_of(lookups) == 0);
    // The transaction renames the folder: what it reads next is the new state.
    const int64_t notes = f.store->FindFolder("/CAB/notes")->id;
    REQUIRE(f.store->MoveFolder(f.actor, notes, std::nullopt, "dossiers").ok());
    CHECK(f.store->GetDocument(id)->path() == "/CAB/dossiers/note.txt");
    CHECK(f.store->FindFolder("/CAB/notes").status().code() == ErrorCode::kNotFound);
    CHECK(f.store->FindFolder("/CAB/dossiers")->id == notes);
  }
}
