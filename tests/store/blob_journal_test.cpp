// The blob journal: small blobs published without waiting for the disk, their bytes committed
// with the put, made durable later; and what a power cut may leave of them.
#include <catch2/catch.hpp>

#include "dms-server/store/sqlite.h"
#include "tests/store/store_fixture.h"

using namespace synaps::store;
using synaps::testing::ReadFile;
using synaps::testing::StoreFixture;
using synaps::testing::TempDir;
using synaps::testing::WriteFile;

namespace {

StagedBlob Stage(const BlobStore& blobs, const std::string& content) {
  auto writer = blobs.NewWriter();
  REQUIRE(writer.ok());
  REQUIRE(writer->Append(content.data(), content.size()).ok());
  auto staged = writer->Finish();
  REQUIRE(staged.ok());
  return std::move(staged).value();
}

BlobInfo PublishToJournal(const BlobStore& blobs, const std::string& content) {
  std::vector<StagedBlob> staged;
  staged.push_back(Stage(blobs, content));
  REQUIRE(blobs.PublishToJournal(staged).ok());
  return staged.front().info();
}

// A put whose blob was published to the journal, as a WebDAV or API save does it.
int64_t PutJournaled(StoreFixture& f, const std::string& name, const std::string& content) {
  PutRequest request;
  request.service_code = "CAB";
  request.name = name;
  request.blob = PublishToJournal(f.store->blobs(), content);
  request.mime_type = "text/plain";
  auto put = f.store->PutDocument(f.actor, request);
  REQUIRE(put.ok());
  return put->document_id;
}

int64_t JournalRows(const StoreFixture& f) {
  auto db = sql::Database::Open(f.store->data_dir() / "synaps.db", false);
  REQUIRE(db.ok());
  auto count = (*db)->Prepare("SELECT COUNT(*) FROM blob_journal");
  REQUIRE(count.ok());
  auto row = count->Step();
  REQUIRE(row.ok());
  return count->Int(0);
}

void Reopen(StoreFixture& f) {
  std::filesystem::path data_dir = f.store->data_dir();
  f.store.reset();
  auto opened = Store::Open(data_dir, Store::OpenMode::kMustExist);
  REQUIRE(opened.ok());
  f.store = std::move(opened).value();
}

}  // namespace

TEST_CASE("a small blob published to the journal is in place at once and commits with its put",
          "[blob_journal]") {
  StoreFixture f;
  BlobInfo blob = PublishToJournal(f.store->blobs(), "Note au préfet");
  CHECK(blob.newly_stored);
  REQUIRE(blob.journal_bytes);
  CHECK(*blob.journal_bytes == "Note au préfet");
  CHECK(ReadFile(f.store->blobs().PathOf(blob.sha256)) == "Note au préfet");
  CHECK(JournalRows(f) == 0);  // nothing references it yet: nothing to keep

  int64_t id = PutJournaled(f, "note.txt", "Note au préfet");
  CHECK(JournalRows(f) == 1);
  CHECK(f.Content(id, 1) == "Note au préfet");
  // The same bytes saved again while they wait: kept once.
  PutJournaled(f, "copie.txt", "Note au préfet");
  CHECK(JournalRows(f) == 1);

  auto synced = f.store->SyncBlobJournal();
  REQUIRE(synced.ok());
  CHECK(*synced == 1);
  CHECK(JournalRows(f) == 0);
  synced = f.store->SyncBlobJournal();
  REQUIRE(synced.ok());
  CHECK(*synced == 0);
  CHECK(f.Content(id, 1) == "Note au préfet");
}

TEST_CASE("a blob over the journal's limit is published on disk as before", "[blob_journal]") {
  StoreFixture f;
  std::string large(BlobStore::kJournalLimit + 1, 'x');
  BlobInfo blob = PublishToJournal(f.store->blobs(), large);
  CHECK_FALSE(blob.journal_bytes);
  CHECK(ReadFile(f.store->blobs().PathOf(blob.sha256)) == large);
  std::string at_limit(BlobStore::kJournalLimit, 'y');
  CHECK(PublishToJournal(f.store->blobs(), at_limit).journal_bytes);
}

TEST_CASE("journaled blobs a power cut lost or damaged are mended when the store opens",
          "[blob_journal]") {
  StoreFixture f;
  int64_t lost = PutJournaled(f, "perdu.txt", "Arrêté préfectoral n° 1");
  int64_t emptied = PutJournaled(f, "vide.txt", "Arrêté préfectoral n° 2");
  int64_t scrambled = PutJournaled(f, "abime.txt", "Arrêté préfectoral n° 3");
  auto path = [&](int64_t id) {
    auto version = f.store->GetVersion(id, 1);
    REQUIRE(version.ok());
    return f.store->blobs().PathOf(version->blob);
  };
  // What a file system may show after a power cut of files never synced: no name, no bytes,
  // or blocks that held something else.
  std::filesystem::remove(path(lost));
  WriteFile(path(emptied), "");
  WriteFile(path(scrambled), std::string(ReadFile(path(scrambled)).size(), '\0'));

  Reopen(f);
  CHECK(JournalRows(f) == 0);
  CHECK(f.Content(lost, 1) == "Arrêté préfectoral n° 1");
  CHECK(f.Content(emptied, 1) == "Arrêté préfectoral n° 2");
  CHECK(f.Content(scrambled, 1) == "Arrêté préfectoral n° 3");
  auto check = f.store->Check();
  REQUIRE(check.ok());
  CHECK(check->healthy());
}

TEST_CASE("a damaged blob nothing references is written again by the next save of its bytes",
          "[blob_journal]") {
  TempDir dir;
  BlobStore blobs(dir.path() / "blobs");
  REQUIRE(blobs.Initialize().ok());
  // Left by a save published to the journal whose put never committed, then a power cut.
  BlobInfo first = PublishToJournal(blobs, "Compte rendu de réunion");
  WriteFile(blobs.PathOf(first.sha256), "Compte rendu de r");

  SECTION("published on disk") {
    std::vector<StagedBlob> staged;
    staged.push_back(Stage(blobs, "Compte rendu de réunion"));
    CHECK_FALSE(staged.front().temp_path().empty());  // not taken for stored
    REQUIRE(blobs.Publish(staged).ok());
    CHECK(staged.front().info().newly_stored);
  }
  SECTION("published to the journal") {
    CHECK(PublishToJournal(blobs, "Compte rendu de réunion").newly_stored);
  }
  CHECK(ReadFile(blobs.PathOf(first.sha256)) == "Compte rendu de réunion");
  CHECK(blobs.Verify(first.sha256, first.size).ok());
}

TEST_CASE("garbage collection forgets the journaled bytes of the blobs it removes",
          "[blob_journal]") {
  StoreFixture f;
  int64_t id = PutJournaled(f, "brouillon.txt", "brouillon à jeter");
  auto version = f.store->GetVersion(id, 1);
  REQUIRE(version.ok());
  REQUIRE(f.store->TrashDocument(f.actor, id).ok());
  REQUIRE(f.store->PurgeTrash(f.actor, id).ok());
  auto collected = f.store->CollectGarbage();
  REQUIRE(collected.ok());
  CHECK(collected->blobs_removed == 1);
  CHECK(JournalRows(f) == 0);
  // Nothing puts it back.
  REQUIRE(f.store->SyncBlobJournal().ok());
  CHECK_FALSE(f.store->blobs().Exists(version->blob));
}
