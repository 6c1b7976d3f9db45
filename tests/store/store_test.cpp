#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/store/store_fixture.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;

TEST_CASE("services and users", "[store]") {
  StoreFixture f;
  auto duplicate = f.store->AddService(f.actor, "CAB", "again");
  CHECK(duplicate.status().code() == ErrorCode::kAlreadyExists);
  CHECK(f.store->AddService(f.actor, "bad code", "x").status().code() ==
        ErrorCode::kInvalidArgument);
  REQUIRE(f.store->AddService(f.actor, "DDT", "Direction départementale des territoires").ok());
  auto services = f.store->ListServices();
  REQUIRE(services.ok());
  REQUIRE(services->size() == 2);
  CHECK((*services)[0].code == "CAB");

  NewUser user{
      "marie.dupont", "Marie Dupont", "correct horse battery", false, {{"CAB", Role::kEditor}}};
  auto added = f.store->AddUser(f.actor, user);
  REQUIRE(added.ok());
  CHECK(added->memberships.size() == 1);
  CHECK(added->memberships[0].role == Role::kEditor);
  CHECK(f.store->Authenticate("marie.dupont", "correct horse battery").ok());
  auto wrong = f.store->Authenticate("marie.dupont", "wrong password");
  CHECK(wrong.status().code() == ErrorCode::kPermissionDenied);
  auto unknown = f.store->Authenticate("nobody", "correct horse battery");
  CHECK(unknown.status().message() == wrong.status().message());
  CHECK(f.store->AddUser(f.actor, user).status().code() == ErrorCode::kAlreadyExists);
  user.login = "short.password";
  user.password = "123";
  CHECK(f.store->AddUser(f.actor, user).status().code() == ErrorCode::kInvalidArgument);
  user.password = "long enough";
  user.memberships = {{"NOPE", Role::kReader}};
  CHECK(f.store->AddUser(f.actor, user).status().code() == ErrorCode::kNotFound);
  CHECK(f.store->FindUser("short.password").status().code() == ErrorCode::kNotFound);
}

TEST_CASE("putting content creates a document, then versions only when content changes",
          "[store]") {
  StoreFixture f;
  auto created = f.Put("notes", "arrêté.txt", "version one");
  REQUIRE(created.ok());
  CHECK(created->outcome == PutOutcome::kCreated);
  CHECK(created->version == 1);
  auto same = f.Put("notes", "arrêté.txt", "version one");
  REQUIRE(same.ok());
  CHECK(same->outcome == PutOutcome::kUnchanged);
  CHECK(same->document_id == created->document_id);
  auto changed = f.Put("notes", "arrêté.txt", "version two");
  REQUIRE(changed.ok());
  CHECK(changed->outcome == PutOutcome::kNewVersion);
  CHECK(changed->version == 2);
  CHECK(f.Content(created->document_id, 1) == "version one");
  CHECK(f.Content(created->document_id, 2) == "version two");
  CHECK(f.Content(created->document_id, 0) == "version two");

  auto document = f.store->FindDocument("/CAB/notes/arrêté.txt");
  REQUIRE(document.ok());
  CHECK(document->id == created->document_id);
  CHECK(document->current_version == 2);
  CHECK(f.store->FindDocument(std::to_string(document->id))->path() == "/CAB/notes/arrêté.txt");
  CHECK(f.store->FindDocument("/CAB/notes/absent.txt").status().code() == ErrorCode::kNotFound);
  CHECK(f.store->FindDocument("/CAB/../CAB/notes/arrêté.txt").status().code() ==
        ErrorCode::kInvalidArgument);
  CHECK(f.Put("notes", "..", "x").status().code() == ErrorCode::kInvalidArgument);
  CHECK(f.Put("", "x", "x", "NOPE").status().code() == ErrorCode::kNotFound);
}

TEST_CASE("identical content is stored once across services", "[store]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  REQUIRE(f.Put("", "a.txt", "same bytes").ok());
  REQUIRE(f.Put("", "b.txt", "same bytes", "DDT").ok());
  auto stats = f.store->Stats();
  REQUIRE(stats.ok());
  CHECK(stats->documents == 2);
  CHECK(stats->blobs == 1);
  CHECK(stats->logical_bytes == 20);
  CHECK(stats->stored_bytes == 10);
}

TEST_CASE("restore makes a new version with the old content", "[store]") {
  StoreFixture f;
  auto v1 = f.Put("", "note.txt", "first");
  REQUIRE(f.Put("", "note.txt", "second").ok());
  auto restored = f.store->RestoreVersion(f.actor, v1->document_id, 1, "");
  REQUIRE(restored.ok());
  CHECK(restored->version == 3);
  auto versions = f.store->ListVersions(v1->document_id);
  REQUIRE(versions.ok());
  REQUIRE(versions->size() == 3);
  CHECK((*versions)[2].comment == "restored from version 1");
  CHECK((*versions)[2].author == "tester");
  CHECK(f.Content(v1->document_id, 0) == "first");
  CHECK(f.Content(v1->document_id, 2) == "second");
  CHECK(f.store->RestoreVersion(f.actor, v1->document_id, 9, "").status().code() ==
        ErrorCode::kNotFound);
}

TEST_CASE("a client's modification time is kept with its version, and set again alone", "[store]") {
  StoreFixture f;
  auto stored = f.Put("", "note.txt", "first");
  REQUIRE(stored.ok());
  auto document = f.store->GetDocument(stored->document_id);
  CHECK(document->modified_at == f.store->GetVersion(stored->document_id, 1)->created_at);
  PutRequest request;
  request.service_code = "CAB";
  request.name = "note.txt";
  request.blob = f.WriteBlob("second");
  request.modified_at = 1500000000000;
  REQUIRE(f.store->PutDocument(f.actor, request)->version == 2);
  CHECK(f.store->GetDocument(stored->document_id)->modified_at == 1500000000000);
  CHECK(f.store->GetVersion(stored->document_id, 2)->modified_at == 1500000000000);
  // The same content with another time: no version, the time kept, audited.
  request.modified_at = 1600000000000;
  auto again = f.store->PutDocument(f.actor, request);
  REQUIRE(again.ok());
  CHECK(again->outcome == PutOutcome::kUnchanged);
  CHECK(f.store->GetVersion(stored->document_id, 2)->modified_at == 1600000000000);
  auto touched = f.store->SetModifiedTime(f.actor, stored->document_id, 1700000000000);
  REQUIRE(touched.ok());
  CHECK(touched->modified_at == 1700000000000);
  CHECK(touched->current_version == 2);
  CHECK(f.store->GetVersion(stored->document_id, 1)->modified_at ==
        f.store->GetVersion(stored->document_id, 1)->created_at);
  auto audit = f.store->ListAudit(stored->document_id, 10);
  REQUIRE(audit.ok());
  CHECK(std::count_if(audit->begin(), audit->end(), [](const AuditEntry& entry) {
          return entry.action == "document.modified_time";
        }) == 2);
  REQUIRE(f.store->TrashDocument(f.actor, stored->document_id).ok());
  CHECK(f.store->SetModifiedTime(f.actor, stored->document_id, 1).status().code() ==
        ErrorCode::kInvalidArgument);
}

TEST_CASE("a content's SHA-1 and MD5: kept when given, computed from the blob once otherwise",
          "[store]") {
  StoreFixture f;
  auto stored = f.Put("", "abc.txt", "abc");
  REQUIRE(stored.ok());
  auto version = f.store->GetVersion(stored->document_id, 0);
  auto digests = f.store->Digests(*version);
  REQUIRE(digests.ok());
  CHECK(digests->sha1 == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(digests->md5 == "900150983cd24fb0d6963f7d28e17f72");
  // Kept: a blob whose file went is still answered (the digests are not computed again).
  auto other = f.Put("", "def.txt", "def");
  auto other_version = f.store->GetVersion(other->document_id, 0);
  REQUIRE(f.store->RecordDigests(other_version->blob, {"1111", "2222"}).ok());
  REQUIRE(f.store->RecordDigests(other_version->blob, {"3333", "4444"}).ok());  // first one stays
  std::filesystem::remove(f.store->blobs().PathOf(other_version->blob));
  CHECK(f.store->Digests(*other_version)->sha1 == "1111");
  CHECK(f.store->Digests(*version)->md5 == "900150983cd24fb0d6963f7d28e17f72");
}

TEST_CASE("moves and renames keep the id and the history", "[store]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  auto put = f.Put("inbox", "report.txt", "v1");
  REQUIRE(f.Put("inbox", "report.txt", "v2").ok());
  int64_t id = put->document_id;
  auto renamed = f.store->MoveDocument(f.actor, id, "/CAB/inbox/rapport final.txt");
  REQUIRE(renamed.ok());
  CHECK(renamed->id == id);
  CHECK(renamed->path() == "/CAB/inbox/rapport final.txt");
  REQUIRE(f.store->EnsureFolder(f.actor, "CAB", {"archive"}).ok());
  auto moved = f.store->MoveDocument(f.actor, id, "/CAB/archive");
  REQUIRE(moved.ok());
  CHECK(moved->path() == "/CAB/archive/rapport final.txt");
  auto other_service = f.store->MoveDocument(f.actor, id, "/DDT/recus/");
  REQUIRE(other_service.ok());
  CHECK(other_service->path() == "/DDT/recus/rapport final.txt");
  CHECK(other_service->service_code == "DDT");
  CHECK(f.store->ListVersions(id)->size() == 2);
  REQUIRE(f.Put("recus", "taken.txt", "x", "DDT").ok());
  CHECK(f.store->MoveDocument(f.actor, id, "/DDT/recus/taken.txt").status().code() ==
        ErrorCode::kAlreadyExists);
  CHECK(f.store->MoveDocument(f.actor, id, "/DDT/../CAB/x").status().code() ==
        ErrorCode::kInvalidArgument);
  auto check = f.store->Check();
  REQUIRE(check.ok());
  CHECK(check->healthy());
}

TEST_CASE("trash, restore from trash, purge and garbage collection", "[store]") {
  StoreFixture f;
  auto put = f.Put("", "old.txt", "to be purged");
  int64_t id = put->document_id;
  REQUIRE(f.store->TrashDocument(f.actor, id).ok());
  CHECK(f.store->FindDocument("/CAB/old.txt").status().code() == ErrorCode::kNotFound);
  CHECK(f.store->GetDocument(id)->trashed_at.has_value());
  CHECK(f.store->ListTrash()->size() == 1);
  // The name is free again; restoring onto it is refused with a clear message.
  REQUIRE(f.Put("", "old.txt", "a newcomer").ok());
  auto clash = f.store->RestoreFromTrash(f.actor, id);
  CHECK(clash.code() == ErrorCode::kAlreadyExists);
  REQUIRE(
      f.store->MoveDocument(f.actor, f.store->FindDocument("/CAB/old.txt")->id, "/CAB/newcomer.txt")
          .ok());
  REQUIRE(f.store->RestoreFromTrash(f.actor, id).ok());
  CHECK(f.Content(id, 0) == "to be purged");

  CHECK(f.store->PurgeTrash(f.actor, id).status().code() == ErrorCode::kInvalidArgument);
  REQUIRE(f.store->TrashDocument(f.actor, id).ok());
  auto purged = f.store->PurgeTrash(f.actor, std::nullopt);
  REQUIRE(purged.ok());
  CHECK(*purged == 1);
  CHECK(f.store->GetDocument(id).status().code() == ErrorCode::kNotFound);
  auto before = f.store->Check();
  REQUIRE(before.ok());
  CHECK(before->healthy());
  CHECK_FALSE(before->notes.empty());  // one blob no longer used
  auto gc = f.store->CollectGarbage();
  REQUIRE(gc.ok());
  CHECK(gc->blobs_removed == 1);
  CHECK(gc->bytes_freed == 12);
  CHECK(f.store->Stats()->blobs == 1);
  CHECK(f.Content(f.store->FindDocument("/CAB/newcomer.txt")->id, 0) == "a newcomer");
}

TEST_CASE("tags and metadata", "[store]") {
  StoreFixture f;
  int64_t id = f.Put("", "a.txt", "a")->document_id;
  REQUIRE(f.store->AddTag(f.actor, id, "urgent").ok());
  REQUIRE(f.store->AddTag(f.actor, id, "élections 2026").ok());
  REQUIRE(f.store->AddTag(f.actor, id, "urgent").ok());  // idempotent
  CHECK(f.store->GetDocument(id)->tags == std::vector<std::string>{"urgent", "élections 2026"});
  auto tags = f.store->ListTags();
  REQUIRE(tags.ok());
  CHECK(tags->size() == 2);
  REQUIRE(f.store->RemoveTag(f.actor, id, "urgent").ok());
  CHECK(f.store->RemoveTag(f.actor, id, "urgent").code() == ErrorCode::kNotFound);
  CHECK(f.store->AddTag(f.actor, id, "bad\ntag").code() == ErrorCode::kInvalidArgument);
  REQUIRE(f.store->SetMetadata(f.actor, id, "numero_arrete", "2024-118").ok());
  REQUIRE(f.store->SetMetadata(f.actor, id, "numero_arrete", "2024-119").ok());
  CHECK(f.store->GetMetadata(id)->at("numero_arrete") == "2024-119");
  CHECK(f.store->SetMetadata(f.actor, id, "bad key", "x").code() == ErrorCode::kInvalidArgument);
  REQUIRE(f.store->RemoveMetadata(f.actor, id, "numero_arrete").ok());
  CHECK(f.store->GetMetadata(id)->empty());
}

TEST_CASE("every mutation is audited and queued for the indexer", "[store]") {
  StoreFixture f;
  int64_t id = f.Put("dossiers", "a.txt", "a")->document_id;
  auto work = f.store->PendingIndexWork(10);
  REQUIRE(work.ok());
  REQUIRE(work->size() == 1);
  CHECK((*work)[0].document_id == id);
  // A change after the indexer read the queue keeps the entry alive.
  REQUIRE(f.store->AddTag(f.actor, id, "x").ok());
  REQUIRE(f.store->CompleteIndexWork((*work)[0]).ok());
  auto still = f.store->PendingIndexWork(10);
  REQUIRE(still->size() == 1);
  CHECK((*still)[0].sequence > (*work)[0].sequence);
  REQUIRE(f.store->CompleteIndexWork((*still)[0]).ok());
  CHECK(f.store->PendingIndexWork(10)->empty());
  REQUIRE(f.store->TrashDocument(f.actor, id).ok());
  CHECK(f.store->PendingIndexWork(10)->size() == 1);

  auto audit = f.store->ListAudit(id, 10);
  REQUIRE(audit.ok());
  std::vector<std::string> actions;
  for (const auto& entry : *audit) actions.push_back(entry.action);
  CHECK(actions == std::vector<std::string>{"document.trash", "document.tag", "document.create"});
  CHECK((*audit)[2].actor == "tester");
  CHECK((*audit)[2].detail == "/CAB/dossiers/a.txt");
  REQUIRE(f.store->EnqueueAllDocuments().ok());
  CHECK(f.store->PendingIndexWork(10)->size() == 1);
}

TEST_CASE("a batch commits its good items even when one fails", "[store]") {
  StoreFixture f;
  std::vector<PutRequest> batch(3);
  for (int i = 0; i < 3; ++i) {
    batch[i].service_code = "CAB";
    batch[i].name = "file" + std::to_string(i) + ".txt";
    batch[i].blob = f.WriteBlob("content " + std::to_string(i));
    batch[i].mime_type = "text/plain";
  }
  batch[1].service_code = "NOPE";
  auto results = f.store->PutDocuments(f.actor, batch);
  REQUIRE(results.ok());
  CHECK((*results)[0].ok());
  CHECK((*results)[1].status().code() == ErrorCode::kNotFound);
  CHECK((*results)[2].ok());
  CHECK(f.store->Stats()->documents == 2);
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("check reports a damaged blob and a missing one", "[store][fault]") {
  StoreFixture f;
  auto put = f.Put("", "a.txt", "precious");
  REQUIRE(f.store->Check()->healthy());
  auto version = f.store->GetVersion(put->document_id, 1);
  std::filesystem::path blob = f.store->blobs().PathOf(version->blob);
  std::filesystem::permissions(blob, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  synaps::testing::WriteFile(blob, "precioux");
  auto damaged = f.store->Check();
  REQUIRE(damaged.ok());
  CHECK_FALSE(damaged->healthy());
  REQUIRE(damaged->problems.size() == 1);
  CHECK(damaged->problems[0].find("hashes to") != std::string::npos);
  std::filesystem::remove(blob);
  auto missing = f.store->Check();
  CHECK(missing->problems[0].find("missing") != std::string::npos);
  CHECK(f.store->OpenContent(*version).status().code() == ErrorCode::kCorruption);
}

TEST_CASE("check flags orphan blob files as notes and gc removes them", "[store]") {
  StoreFixture f;
  f.WriteBlob("written but never committed");  // as after a crash between blob and commit
  auto report = f.store->Check();
  REQUIRE(report.ok());
  CHECK(report->healthy());
  REQUIRE(report->notes.size() == 1);
  auto gc = f.store->CollectGarbage();
  REQUIRE(gc.ok());
  CHECK(gc->blobs_removed == 1);
  CHECK(f.store->Check()->notes.empty());
}

TEST_CASE("shares on documents and folders, inherited and queued for the index",
          "[store][shares]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  int64_t doc = f.Put("crise", "note.txt", "note")->document_id;
  int64_t deep = f.Put("crise", "x", "x")->document_id;
  REQUIRE(f.store->MoveDocument(f.actor, deep, "/CAB/crise/2026/bilan.txt").ok());
  auto pending = f.store->PendingIndexWork(10);
  REQUIRE(pending.ok());
  for (const auto& work : *pending) REQUIRE(f.store->CompleteIndexWork(work).ok());

  auto one = f.store->ShareDocument(f.actor, doc, "DDT", ShareMode::kRead);
  REQUIRE(one.ok());
  CHECK(one->service_code == "DDT");
  CHECK(f.store->PendingIndexWork(10)->size() == 1);
  auto again = f.store->ShareDocument(f.actor, doc, "DDT", ShareMode::kWrite);
  REQUIRE(again.ok());
  CHECK(again->id == one->id);
  CHECK(again->mode == ShareMode::kWrite);
  CHECK(f.store->ShareDocument(f.actor, doc, "CAB", ShareMode::kRead).status().code() ==
        ErrorCode::kInvalidArgument);
  CHECK(f.store->ShareDocument(f.actor, doc, "NOPE", ShareMode::kRead).status().code() ==
        ErrorCode::kNotFound);

  auto folder = f.store->FindFolder("/CAB/crise");
  REQUIRE(folder.ok());
  auto everyone = f.store->ShareFolder(f.actor, folder->id, "", ShareMode::kRead);
  REQUIRE(everyone.ok());
  CHECK(everyone->service_code.empty());
  CHECK(f.store->PendingIndexWork(10)->size() == 2);  // both documents under the folder
  auto effective = f.store->EffectiveShares(deep);
  REQUIRE(effective.ok());
  REQUIRE(effective->size() == 1);
  CHECK(effective->front().folder_id == folder->id);
  CHECK(f.store->EffectiveShares(doc)->size() == 2);
  CHECK(f.store->ListShares(std::nullopt, folder->id)->size() == 1);

  REQUIRE(f.store->RemoveShare(f.actor, everyone->id).ok());
  CHECK(f.store->EffectiveShares(deep)->empty());
  CHECK(f.store->RemoveShare(f.actor, everyone->id).code() == ErrorCode::kNotFound);
  REQUIRE(f.store->TrashDocument(f.actor, doc).ok());
  REQUIRE(f.store->PurgeTrash(f.actor, std::nullopt).ok());
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("personal API tokens are shown once, stored hashed, and revocable", "[store][tokens]") {
  StoreFixture f;
  NewUser user{"script.nuit", "", "un mot de passe long", false, {{"CAB", Role::kEditor}}};
  REQUIRE(f.store->AddUser(f.actor, user).ok());
  auto token = f.store->CreateApiToken(f.actor, "script.nuit", "ingestion");
  REQUIRE(token.ok());
  CHECK(token->rfind("synaps_", 0) == 0);
  CHECK(token->size() == 7 + 64);
  CHECK(f.store->AuthenticateToken(*token)->login == "script.nuit");
  CHECK(f.store->AuthenticateToken("synaps_wrong").status().code() == ErrorCode::kPermissionDenied);
  CHECK(f.store->CreateApiToken(f.actor, "script.nuit", "ingestion").status().code() ==
        ErrorCode::kAlreadyExists);
  CHECK(f.store->ListApiTokens("script.nuit")->size() == 1);
  REQUIRE(f.store->RevokeApiToken(f.actor, "script.nuit", "ingestion").ok());
  CHECK_FALSE(f.store->AuthenticateToken(*token).ok());
}
