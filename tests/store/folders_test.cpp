// The store's folder tree: creating, renaming and moving folders, and the all-or-nothing
// operations the API builds on (moves into a folder by id, atomic groups of puts, purges).
#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;

namespace {

// Clears the index queue, as the indexer would after indexing everything.
void DrainQueue(Store& store) {
  auto pending = store.PendingIndexWork(1000);
  REQUIRE(pending.ok());
  for (const auto& work : *pending) REQUIRE(store.CompleteIndexWork(work).ok());
}

std::vector<int64_t> QueuedIds(Store& store) {
  auto pending = store.PendingIndexWork(1000);
  REQUIRE(pending.ok());
  std::vector<int64_t> ids;
  for (const auto& work : *pending) ids.push_back(work.document_id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

int64_t AuditCount(Store& store) {
  auto entries = store.ListAudit(std::nullopt, 10000);
  REQUIRE(entries.ok());
  return static_cast<int64_t>(entries->size());
}

}  // namespace

TEST_CASE("creating a folder makes the missing ones above it, once", "[store][folders]") {
  StoreFixture f;
  auto created = f.store->CreateFolder(f.actor, "CAB", {"dossiers", "2026"});
  REQUIRE(created.ok());
  CHECK(created->path == "/CAB/dossiers/2026");
  CHECK(f.store->FindFolder("/CAB/dossiers")->id == *created->parent_id);
  CHECK(f.store->GetFolder(created->id)->path == "/CAB/dossiers/2026");
  CHECK(f.store->GetFolder(created->id + 100).status().code() == ErrorCode::kNotFound);

  CHECK(f.store->CreateFolder(f.actor, "CAB", {"dossiers", "2026"}).status().code() ==
        ErrorCode::kAlreadyExists);
  REQUIRE(f.Put("", "note.txt", "x").ok());
  CHECK(f.store->CreateFolder(f.actor, "CAB", {"note.txt"}).status().code() ==
        ErrorCode::kAlreadyExists);
  CHECK(f.store->CreateFolder(f.actor, "NOPE", {"a"}).status().code() == ErrorCode::kNotFound);
  int64_t audited = AuditCount(*f.store);
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{}, {".."}, {"a/b"}, {"ok", ""}, {"bad\xff"}, {"tab\there"}}) {
    CHECK(f.store->CreateFolder(f.actor, "CAB", bad).status().code() ==
          ErrorCode::kInvalidArgument);
  }
  CHECK(f.store->FindFolder("/CAB/ok").status().code() == ErrorCode::kNotFound);
  CHECK(AuditCount(*f.store) == audited);
}

TEST_CASE("renaming or moving a folder carries its documents, shares and history",
          "[store][folders]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  int64_t top = f.Put("crise", "note.txt", "note")->document_id;
  int64_t deep = f.Put("crise", "bilan.txt", "bilan")->document_id;
  REQUIRE(f.store->MoveDocument(f.actor, deep, "/CAB/crise/2026/bilan.txt").ok());
  int64_t trashed = f.Put("crise", "old.txt", "old")->document_id;
  REQUIRE(f.store->TrashDocument(f.actor, trashed).ok());
  int64_t elsewhere = f.Put("autre", "x.txt", "x")->document_id;
  Folder crise = *f.store->FindFolder("/CAB/crise");
  auto share = f.store->ShareFolder(f.actor, crise.id, "DDT", ShareMode::kRead);
  REQUIRE(share.ok());
  DrainQueue(*f.store);

  auto renamed = f.store->MoveFolder(f.actor, crise.id, std::nullopt, "crise sanitaire");
  REQUIRE(renamed.ok());
  CHECK(renamed->id == crise.id);
  CHECK(renamed->path == "/CAB/crise sanitaire");
  CHECK(f.store->GetDocument(top)->path() == "/CAB/crise sanitaire/note.txt");
  CHECK(f.store->GetDocument(deep)->path() == "/CAB/crise sanitaire/2026/bilan.txt");
  CHECK(f.store->FindDocument("/CAB/crise/note.txt").status().code() == ErrorCode::kNotFound);
  // Every document beneath, trashed ones too, is re-indexed (its path changed); no other one.
  CHECK(QueuedIds(*f.store) == std::vector<int64_t>{top, deep, trashed});
  auto history = f.store->ListAudit(deep, 10);
  REQUIRE(history.ok());
  CHECK(history->front().action == "document.move");
  CHECK(history->front().detail ==
        "/CAB/crise/2026/bilan.txt -> /CAB/crise sanitaire/2026/bilan.txt");
  auto all = f.store->ListAudit(std::nullopt, 100);
  bool folder_entry = false;
  for (const auto& entry : *all) {
    folder_entry = folder_entry || (entry.action == "folder.rename" &&
                                    entry.detail == "/CAB/crise -> /CAB/crise sanitaire");
  }
  CHECK(folder_entry);
  DrainQueue(*f.store);

  // Move under another folder: the share goes along, versions stay.
  Folder archives = *f.store->CreateFolder(f.actor, "CAB", {"archives"});
  auto moved = f.store->MoveFolder(f.actor, crise.id, archives.id, std::nullopt);
  REQUIRE(moved.ok());
  CHECK(moved->path == "/CAB/archives/crise sanitaire");
  CHECK(*moved->parent_id == archives.id);
  CHECK(f.store->GetDocument(deep)->path() == "/CAB/archives/crise sanitaire/2026/bilan.txt");
  CHECK(f.store->EffectiveShares(deep)->size() == 1);
  CHECK(f.store->ListVersions(deep)->size() == 1);
  CHECK(f.Content(deep, 0) == "bilan");
  CHECK(QueuedIds(*f.store) == std::vector<int64_t>{top, deep, trashed});
  CHECK(f.store->GetDocument(elsewhere)->path() == "/CAB/autre/x.txt");
  // Nothing to do: nothing changes, nothing is queued.
  DrainQueue(*f.store);
  int64_t audited = AuditCount(*f.store);
  REQUIRE(f.store->MoveFolder(f.actor, crise.id, archives.id, "crise sanitaire").ok());
  CHECK(AuditCount(*f.store) == audited);
  CHECK(QueuedIds(*f.store).empty());
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("a folder's path stays the read snapshot's until it ends, then the new one shows",
          "[store][folders]") {
  StoreFixture f;
  const int64_t id = f.Put("notes", "note.txt", "texte")->document_id;
  const int64_t notes = f.store->FindFolder("/CAB/notes")->id;
  auto other = Store::Open(f.dir.path() / "data", Store::OpenMode::kMustExist);
  REQUIRE(other.ok());

  {
    auto read = f.store->BeginRead();
    CHECK(f.store->GetDocument(id)->path() == "/CAB/notes/note.txt");
    // Renamed by another connection: this snapshot keeps seeing the old state.
    REQUIRE((*other)->MoveFolder(f.actor, notes, std::nullopt, "dossiers").ok());
    CHECK(f.store->GetDocument(id)->path() == "/CAB/notes/note.txt");
  }
  // A new snapshot, and reads outside any, see the rename.
  {
    auto read = f.store->BeginRead();
    CHECK(f.store->GetDocument(id)->path() == "/CAB/dossiers/note.txt");
  }
  CHECK(f.store->GetDocument(id)->path() == "/CAB/dossiers/note.txt");

  // A change made by this connection inside a snapshot ends it: what follows sees the change.
  {
    auto read = f.store->BeginRead();
    CHECK(f.store->GetDocument(id)->path() == "/CAB/dossiers/note.txt");
    REQUIRE(f.store->MoveFolder(f.actor, notes, std::nullopt, "archives").ok());
    CHECK(f.store->GetDocument(id)->path() == "/CAB/archives/note.txt");
  }
}

TEST_CASE("folder moves that would break the tree are refused and change nothing",
          "[store][folders]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  Folder a = *f.store->CreateFolder(f.actor, "CAB", {"a"});
  Folder b = *f.store->CreateFolder(f.actor, "CAB", {"a", "b"});
  Folder c = *f.store->CreateFolder(f.actor, "CAB", {"c"});
  REQUIRE(f.Put("c", "taken.txt", "x").ok());
  REQUIRE(f.store->CreateFolder(f.actor, "CAB", {"c", "b"}).ok());
  Folder cab_root = *f.store->FindFolder("/CAB");
  Folder ddt = *f.store->CreateFolder(f.actor, "DDT", {"d"});
  int64_t audited = AuditCount(*f.store);
  DrainQueue(*f.store);

  auto code = [&](int64_t id, std::optional<int64_t> parent, std::optional<std::string> name) {
    return f.store->MoveFolder(f.actor, id, parent, name).status().code();
  };
  CHECK(code(cab_root.id, std::nullopt, "renamed") == ErrorCode::kInvalidArgument);
  CHECK(code(a.id, a.id, std::nullopt) == ErrorCode::kInvalidArgument);
  CHECK(code(a.id, b.id, std::nullopt) == ErrorCode::kInvalidArgument);
  CHECK(code(a.id, ddt.id, std::nullopt) == ErrorCode::kInvalidArgument);
  CHECK(code(b.id, c.id, std::nullopt) == ErrorCode::kAlreadyExists);  // c/b exists
  CHECK(code(a.id, c.id, "taken.txt") == ErrorCode::kAlreadyExists);
  CHECK(code(a.id, std::nullopt, "c") == ErrorCode::kAlreadyExists);
  CHECK(code(a.id, std::nullopt, "..") == ErrorCode::kInvalidArgument);
  CHECK(code(a.id, std::nullopt, "x/y") == ErrorCode::kInvalidArgument);
  CHECK(code(a.id + 1000, std::nullopt, "z") == ErrorCode::kNotFound);
  CHECK(code(a.id, a.id + 1000, std::nullopt) == ErrorCode::kNotFound);
  CHECK(f.store->GetFolder(a.id)->path == "/CAB/a");
  CHECK(f.store->GetFolder(b.id)->path == "/CAB/a/b");
  CHECK(AuditCount(*f.store) == audited);
  CHECK(QueuedIds(*f.store).empty());

  // Moving up to the root is fine.
  auto up = f.store->MoveFolder(f.actor, b.id, cab_root.id, "b2");
  REQUIRE(up.ok());
  CHECK(up->path == "/CAB/b2");
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("a document moves into a folder by id, and names stay unique", "[store][folders]") {
  StoreFixture f;
  int64_t id = f.Put("inbox", "rapport.txt", "r")->document_id;
  Folder archive = *f.store->CreateFolder(f.actor, "CAB", {"archive"});
  REQUIRE(f.store->CreateFolder(f.actor, "CAB", {"archive", "sub"}).ok());
  REQUIRE(f.Put("archive", "taken.txt", "t").ok());

  auto moved = f.store->MoveDocumentTo(f.actor, id, archive.id, "rapport final.txt");
  REQUIRE(moved.ok());
  CHECK(moved->id == id);
  CHECK(moved->path() == "/CAB/archive/rapport final.txt");
  CHECK(f.store->MoveDocumentTo(f.actor, id, archive.id, "taken.txt").status().code() ==
        ErrorCode::kAlreadyExists);
  CHECK(f.store->MoveDocumentTo(f.actor, id, archive.id, "sub").status().code() ==
        ErrorCode::kAlreadyExists);
  CHECK(f.store->MoveDocumentTo(f.actor, id, archive.id, "..").status().code() ==
        ErrorCode::kInvalidArgument);
  CHECK(f.store->MoveDocumentTo(f.actor, id, archive.id + 100, "x").status().code() ==
        ErrorCode::kNotFound);
  REQUIRE(f.store->TrashDocument(f.actor, id).ok());
  CHECK(f.store->MoveDocumentTo(f.actor, id, archive.id, "x.txt").status().code() ==
        ErrorCode::kInvalidArgument);
  CHECK(f.store->GetDocument(id)->path() == "/CAB/archive/rapport final.txt");
}

TEST_CASE("an atomic group of puts stores all or nothing", "[store][folders]") {
  StoreFixture f;
  std::vector<PutRequest> group(3);
  for (int i = 0; i < 3; ++i) {
    group[i].service_code = "CAB";
    group[i].folder = {"lot"};
    group[i].name = "file" + std::to_string(i) + ".txt";
    group[i].blob = f.WriteBlob("content " + std::to_string(i));
    group[i].mime_type = "text/plain";
  }
  group[2].name = "..";
  CHECK(f.store->PutDocumentsAtomically(f.actor, group).status().code() ==
        ErrorCode::kInvalidArgument);
  CHECK(f.store->Stats()->documents == 0);
  CHECK(f.store->FindFolder("/CAB/lot").status().code() == ErrorCode::kNotFound);
  group[2].name = "file0.txt";  // the same name twice: a second version
  auto results = f.store->PutDocumentsAtomically(f.actor, group);
  REQUIRE(results.ok());
  REQUIRE(results->size() == 3);
  CHECK((*results)[0].outcome == PutOutcome::kCreated);
  CHECK((*results)[2].outcome == PutOutcome::kNewVersion);
  CHECK((*results)[2].document_id == (*results)[0].document_id);
  CHECK(f.store->Stats()->documents == 2);
}

TEST_CASE("purging a list of documents is all or nothing, and shares are found by id",
          "[store][folders]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  int64_t a = f.Put("", "a.txt", "a")->document_id;
  int64_t b = f.Put("", "b.txt", "b")->document_id;
  REQUIRE(f.store->TrashDocument(f.actor, a).ok());
  CHECK(f.store->PurgeDocuments(f.actor, {a, b}).status().code() == ErrorCode::kInvalidArgument);
  CHECK(f.store->GetDocument(a).ok());
  REQUIRE(f.store->TrashDocument(f.actor, b).ok());
  CHECK(*f.store->PurgeDocuments(f.actor, {a, b}) == 2);
  CHECK(f.store->Stats()->documents == 0);

  Folder folder = *f.store->CreateFolder(f.actor, "CAB", {"partage"});
  CHECK(f.store->ShareFolder(f.actor, folder.id, "CAB", ShareMode::kRead).status().code() ==
        ErrorCode::kInvalidArgument);
  auto share = f.store->ShareFolder(f.actor, folder.id, "DDT", ShareMode::kWrite);
  REQUIRE(share.ok());
  auto found = f.store->GetShare(share->id);
  REQUIRE(found.ok());
  CHECK(found->folder_id == folder.id);
  CHECK(found->service_code == "DDT");
  CHECK(found->mode == ShareMode::kWrite);
  CHECK(f.store->GetShare(share->id + 1).status().code() == ErrorCode::kNotFound);
}

TEST_CASE("only an empty folder is deleted, with its shares, in one audited step",
          "[store][folders]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  Folder parent = *f.store->CreateFolder(f.actor, "CAB", {"a", "b"});
  Folder a = *f.store->FindFolder("/CAB/a");
  int64_t live = f.Put("c", "note.txt", "note")->document_id;
  Folder c = *f.store->FindFolder("/CAB/c");
  int64_t trashed = f.Put("t", "old.txt", "old")->document_id;
  REQUIRE(f.store->TrashDocument(f.actor, trashed).ok());
  Folder t = *f.store->FindFolder("/CAB/t");
  Folder root = *f.store->FindFolder("/CAB");
  DrainQueue(*f.store);
  int64_t audited = AuditCount(*f.store);

  auto refused = [&](int64_t id) { return f.store->DeleteFolder(f.actor, id); };
  Status with_subfolder = refused(a.id);
  CHECK(with_subfolder.code() == ErrorCode::kConflict);
  CHECK(with_subfolder.message() == "/CAB/a is not empty: it holds 1 subfolder");
  CHECK(refused(c.id).message() == "/CAB/c is not empty: it holds 1 document");
  // A trashed document keeps its folder: restoring it must find the folder again.
  Status with_trash = refused(t.id);
  CHECK(with_trash.code() == ErrorCode::kConflict);
  CHECK(with_trash.message() == "/CAB/t is not empty: it holds 1 document in the trash");
  REQUIRE(f.Put("c", "other.txt", "other").ok());
  REQUIRE(f.store->CreateFolder(f.actor, "CAB", {"c", "sub"}).ok());
  REQUIRE(f.store->TrashDocument(f.actor, live).ok());
  CHECK(refused(c.id).message() ==
        "/CAB/c is not empty: it holds 1 document, 1 document in the trash and 1 subfolder");
  CHECK(refused(root.id).code() == ErrorCode::kInvalidArgument);
  CHECK(refused(t.id + 1000).code() == ErrorCode::kNotFound);
  audited += 3;  // the put, the subfolder and the trashing; nothing for the refusals
  CHECK(AuditCount(*f.store) == audited);
  CHECK(f.store->GetFolder(a.id).ok());
  REQUIRE(f.store->RestoreFromTrash(f.actor, trashed).ok());
  CHECK(f.store->GetDocument(trashed)->path() == "/CAB/t/old.txt");

  // An empty folder goes, with its shares; nothing is queued (no document's visibility changed).
  DrainQueue(*f.store);
  auto share = f.store->ShareFolder(f.actor, parent.id, "DDT", ShareMode::kWrite);
  REQUIRE(share.ok());
  REQUIRE(f.store->DeleteFolder(f.actor, parent.id).ok());
  CHECK(f.store->GetFolder(parent.id).status().code() == ErrorCode::kNotFound);
  CHECK(f.store->FindFolder("/CAB/a/b").status().code() == ErrorCode::kNotFound);
  CHECK(f.store->GetShare(share->id).status().code() == ErrorCode::kNotFound);
  CHECK(QueuedIds(*f.store).empty());
  auto entries = f.store->ListAudit(std::nullopt, 2);
  REQUIRE(entries->size() == 2);
  CHECK((*entries)[0].action == "folder.delete");
  CHECK((*entries)[0].detail == "/CAB/a/b");
  CHECK((*entries)[0].service_code == "CAB");
  CHECK((*entries)[1].action == "share.remove");
  CHECK((*entries)[1].service_code == "CAB");
  // Then its parent, now empty; and a name freed can be used again.
  REQUIRE(f.store->DeleteFolder(f.actor, a.id).ok());
  CHECK(f.store->CreateFolder(f.actor, "CAB", {"a"}).ok());
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("entries about folders belong to the folder's service", "[store][folders]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  Folder crise = *f.store->CreateFolder(f.actor, "CAB", {"crise"});
  Folder archives = *f.store->CreateFolder(f.actor, "CAB", {"archives"});
  REQUIRE(f.store->MoveFolder(f.actor, crise.id, std::nullopt, "crise 2026").ok());
  REQUIRE(f.store->MoveFolder(f.actor, crise.id, archives.id, std::nullopt).ok());
  auto share = f.store->ShareFolder(f.actor, crise.id, "DDT", ShareMode::kRead);
  REQUIRE(share.ok());
  REQUIRE(f.store->RemoveShare(f.actor, share->id).ok());
  REQUIRE(f.store->DeleteFolder(f.actor, crise.id).ok());
  REQUIRE(f.store->CreateFolder(f.actor, "DDT", {"routes"}).ok());

  auto actions = [&](const std::string& service) {
    AuditQuery query;
    query.services = std::vector<std::string>{service};
    auto entries = f.store->ListAudit(query);
    REQUIRE(entries.ok());
    std::vector<std::string> listed;
    for (const auto& entry : *entries) {
      if (entry.action.rfind("service.", 0) != 0) listed.push_back(entry.action);
    }
    return listed;
  };
  CHECK(actions("CAB") == std::vector<std::string>{"folder.delete", "share.remove", "share.add",
                                                   "folder.move", "folder.rename", "folder.create",
                                                   "folder.create"});
  CHECK(actions("DDT") == std::vector<std::string>{"folder.create"});
}
