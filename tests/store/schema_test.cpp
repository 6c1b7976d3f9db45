#include "dms-server/store/schema.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "dms-server/store/store.h"
#include "tests/support/temp_dir.h"

using namespace synaps::store;
using synaps::testing::TempDir;

TEST_CASE("an older data directory is upgraded in place", "[schema]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  {
    // Build a version-1 database by hand, as an older Synaps left it, with data in it.
    auto db = sql::Database::Open(dir.path() / "data" / "synaps.db", true);
    REQUIRE(db.ok());
    REQUIRE(Migrate(**db, 1).ok());
    CHECK(*SchemaVersion(**db) == 1);
    REQUIRE((*db)
                ->Exec("INSERT INTO services(code, name, created_at) VALUES ('CAB', 'Cabinet', 1);"
                       "INSERT INTO folders(service_id, parent_id, name, created_at) VALUES (1, "
                       "NULL, '', 1);"
                       "INSERT INTO blobs VALUES ('" +
                       std::string(64, 'a') +
                       "', 3);"
                       "INSERT INTO documents(service_id, folder_id, name, current_version, "
                       "created_at, updated_at) VALUES (1, 1, 'old.txt', 1, 1, 1);"
                       "INSERT INTO versions(document_id, number, blob_sha256, size, mime_type, "
                       "author, created_at) VALUES (1, 1, '" +
                       std::string(64, 'a') + "', 3, 'text/plain', 'x', 1);")
                .ok());
  }
  auto store = Store::Open(dir.path() / "data", Store::OpenMode::kMustExist);
  REQUIRE(store.ok());
  auto stats = (*store)->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->schema_version == LatestSchemaVersion());
  CHECK(stats->documents == 1);
  CHECK((*store)->FindDocument("/CAB/old.txt").ok());
  CHECK((*store)->SetExtractionStatus(1, 1, "ok", "").ok());  // a column of migration 2
}

TEST_CASE("accounts of a version-3 data directory are enabled after the upgrade", "[schema]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  {
    auto db = sql::Database::Open(dir.path() / "data" / "synaps.db", true);
    REQUIRE(db.ok());
    REQUIRE(Migrate(**db, 3).ok());
    REQUIRE((*db)
                ->Exec("INSERT INTO users(login, display_name, password_hash, is_admin, "
                       "created_at) VALUES ('root', 'Root', 'x', 1, 1);"
                       "INSERT INTO audit_log(at, actor, action, detail) VALUES (1, 'x', "
                       "'user.create', 'root')")
                .ok());
  }
  auto store = Store::Open(dir.path() / "data", Store::OpenMode::kMustExist);
  REQUIRE(store.ok());
  auto root = (*store)->FindUser("root");
  REQUIRE(root.ok());
  CHECK_FALSE(root->disabled);
  CHECK(root->credential_generation == 0);
  auto entries = (*store)->ListAudit(AuditQuery{});
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 1);
  CHECK(entries->front().service_code.empty());
}

TEST_CASE("folder entries of a version-5 data directory join their service", "[schema]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  {
    auto db = sql::Database::Open(dir.path() / "data" / "synaps.db", true);
    REQUIRE(db.ok());
    REQUIRE(Migrate(**db, 5).ok());
    // As Synaps wrote them before: folder entries without a service.
    REQUIRE((*db)
                ->Exec("INSERT INTO services(code, name, created_at) VALUES ('CAB', 'Cabinet', 1),"
                       "('DDT', 'DDT', 1);"
                       "INSERT INTO audit_log(at, actor, action, detail) VALUES "
                       "(1, 'x', 'folder.create', '/CAB/crise'),"
                       "(2, 'x', 'folder.rename', '/CAB/crise -> /CAB/crise 2026'),"
                       "(3, 'x', 'folder.move', '/DDT/a -> /DDT/b/a'),"
                       "(4, 'x', 'share.add', '/CAB/ with DDT (read)'),"
                       "(5, 'x', 'share.remove', 'share 1 with DDT'),"
                       "(6, 'x', 'token.create', 'root \"nightly\"'),"
                       "(7, 'x', 'user.create', 'root'),"
                       "(8, 'x', 'folder.create', '/GONE/x')")
                .ok());
  }
  auto store = Store::Open(dir.path() / "data", Store::OpenMode::kMustExist);
  REQUIRE(store.ok());
  auto entries = (*store)->ListAudit(AuditQuery{});
  REQUIRE(entries.ok());
  std::vector<std::string> services;
  for (const auto& entry : *entries) services.push_back(entry.service_code);
  // Newest first.
  CHECK(services == std::vector<std::string>{"", "", "", "", "CAB", "DDT", "CAB", "CAB"});
}

// The migrations as they shipped are the history of every data directory in use: a migration
// added in the middle of the list would run again on a directory that already has it, and the
// new one never would. tests/fixtures/store/schema-v11.sql is the schema a released Synaps left.
TEST_CASE("a data directory left at schema version 11 by a released Synaps is upgraded",
          "[schema]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  {
    auto db = sql::Database::Open(dir.path() / "data" / "synaps.db", true);
    REQUIRE(db.ok());
    std::ifstream in(std::filesystem::path(SYNAPS_FIXTURES_DIR) / "store" / "schema-v11.sql");
    const std::string schema((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    REQUIRE(schema.find("CREATE TABLE saved_searches") != std::string::npos);
    REQUIRE((*db)->Exec(schema).ok());
    REQUIRE(*SchemaVersion(**db) == 11);
    REQUIRE((*db)
                ->Exec("INSERT INTO users(login, display_name, password_hash, is_admin, "
                       "created_at) VALUES ('agent', 'Agent', 'x', 0, 1);"
                       "INSERT INTO saved_searches(user_id, name, query, created_at) VALUES "
                       "(1, 'Crues', 'q=crue', 5000)")
                .ok());
  }
  auto store = Store::Open(dir.path() / "data", Store::OpenMode::kMustExist);
  REQUIRE(store.ok());
  auto stats = (*store)->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->schema_version == LatestSchemaVersion());
  // Migration 12's tables are there; a search saved before 13 was last visited when saved.
  CHECK((*store)->ListDavLocks(0).ok());
  auto saved = (*store)->ListSavedSearches("agent");
  REQUIRE(saved.ok());
  REQUIRE(saved->size() == 1);
  CHECK(saved->front().visited_at == 5000);
}

TEST_CASE("a data directory from a newer Synaps is refused", "[schema]") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "data");
  {
    auto db = sql::Database::Open(dir.path() / "data" / "synaps.db", true);
    REQUIRE(db.ok());
    REQUIRE((*db)->Exec("PRAGMA user_version = 999").ok());
  }
  auto store = Store::Open(dir.path() / "data", Store::OpenMode::kMustExist);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().message().find("newer") != std::string::npos);
  // The message gives both versions and the way back.
  CHECK(store.status().message().find("schema version 999") != std::string::npos);
  CHECK(store.status().message().find("up to " + std::to_string(LatestSchemaVersion())) !=
        std::string::npos);
  CHECK(store.status().message().find("Synaps " SYNAPS_TEST_VERSION) != std::string::npos);
  CHECK(store.status().message().find("snapshot") != std::string::npos);
}

TEST_CASE("an upgrade keeps a snapshot of the database as the older program left it", "[schema]") {
  TempDir dir;
  auto data = dir.path() / "data";
  std::filesystem::create_directories(data);
  {
    auto db = sql::Database::Open(data / "synaps.db", true);
    REQUIRE(db.ok());
    REQUIRE(Migrate(**db, 3).ok());
    REQUIRE(
        (*db)->Exec("INSERT INTO services(code, name, created_at) VALUES ('CAB', 'Cab', 1)").ok());
  }
  auto snapshot = data / "upgrade-snapshots" / "synaps.db.schema-3";
  {
    auto store = Store::Open(data, Store::OpenMode::kMustExist);
    REQUIRE(store.ok());
  }
  REQUIRE(std::filesystem::exists(snapshot));
  // The snapshot is the old database, whole: schema 3 and its data.
  auto old = sql::Database::Open(snapshot, false);
  REQUIRE(old.ok());
  CHECK(*SchemaVersion(**old) == 3);
  auto services = (*old)->Prepare("SELECT code FROM services");
  REQUIRE(services.ok());
  REQUIRE(*services->Step());
  CHECK(services->Text(0) == "CAB");
  // A data directory already at the latest schema makes none.
  TempDir fresh;
  REQUIRE(Store::Open(fresh.path() / "data", Store::OpenMode::kCreateIfMissing).ok());
  REQUIRE(Store::Open(fresh.path() / "data", Store::OpenMode::kMustExist).ok());
  CHECK_FALSE(std::filesystem::exists(fresh.path() / "data" / "upgrade-snapshots"));
}

TEST_CASE("opening a missing data directory says how to create one", "[schema]") {
  TempDir dir;
  auto store = Store::Open(dir.path() / "nowhere", Store::OpenMode::kMustExist);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == ErrorCode::kNotFound);
  CHECK(store.status().message().find("synaps init") != std::string::npos);
}
