// The document service on a real store: what a caller may do, what the audit log keeps, and
// that a write gate (WebDAV's locks) is asked before each change.
#include "dms-server/documents/document_service.h"

#include <catch2/catch.hpp>

#include "tests/documents/service_fixture.h"

namespace synaps::testing {
namespace {

using documents::Caller;
using documents::DocumentService;
using documents::NewContent;
using documents::PutPlace;
using store::ErrorCode;

// CAB (with a document) and DDT, an editor of each, a reader of CAB.
struct Services : ServiceFixture {
  Services() {
    REQUIRE(store->AddService(actor, "DDT", "Direction départementale des territoires").ok());
    cab_editor = AddUser("cab-editor", "CAB", store::Role::kEditor);
    cab_reader = AddUser("cab-reader", "CAB", store::Role::kReader);
    ddt_editor = AddUser("ddt-editor", "DDT", store::Role::kEditor);
    note = Put("notes", "note.txt", "version 1")->document_id;
    notes_folder = store->FindFolder("/CAB/notes")->id;
    ddt_root = store->FindFolder("/DDT")->id;
  }

  int64_t AuditCount(const std::string& action) {
    int64_t count = 0;
    auto entries = store->ListAudit(std::nullopt, 10000);
    REQUIRE(entries.ok());
    for (const auto& entry : *entries) count += entry.action == action;
    return count;
  }

  Caller cab_editor = Caller::Administrator("unset");
  Caller cab_reader = Caller::Administrator("unset");
  Caller ddt_editor = Caller::Administrator("unset");
  int64_t note = 0, notes_folder = 0, ddt_root = 0;
};

TEST_CASE("another service's document is missing to its callers, with the same message",
          "[documents]") {
  Services s;
  DocumentService service(*s.store);
  auto invisible = service.Document(s.ddt_editor, s.note);
  auto missing = service.Document(s.ddt_editor, 999999);
  REQUIRE(invisible.status().code() == ErrorCode::kNotFound);
  CHECK(invisible.status().message() == "no document " + std::to_string(s.note));
  CHECK(missing.status().code() == ErrorCode::kNotFound);
  CHECK(service.Find(s.ddt_editor, "/CAB/notes/note.txt").status().message() ==
        "no document /CAB/notes/note.txt");
  CHECK(service.Trash(s.ddt_editor, s.note).code() == ErrorCode::kNotFound);
  CHECK(service.Trash(s.cab_reader, s.note).code() == ErrorCode::kPermissionDenied);
  CHECK(s.store->GetDocument(s.note)->trashed_at == std::nullopt);
}

TEST_CASE("a put by folder id decides on that folder, and the folder share by id allows it",
          "[documents]") {
  Services s;
  DocumentService service(*s.store);
  PutPlace place = PutPlace::InFolder(s.notes_folder, "from-ddt.txt");
  CHECK(service.MayPut(s.ddt_editor, place).code() == ErrorCode::kNotFound);
  CHECK(service.Put(s.ddt_editor, place, s.Text("x")).status().code() == ErrorCode::kNotFound);
  REQUIRE(service
              .ShareFolder(Caller::Administrator("cli:root"), s.notes_folder, "DDT",
                           store::ShareMode::kWrite)
              .ok());
  auto put = service.Put(s.ddt_editor, place, s.Text("from DDT"));
  REQUIRE(put.ok());
  CHECK(put->outcome == store::PutOutcome::kCreated);
  CHECK(s.store->GetDocument(put->document_id)->path() == "/CAB/notes/from-ddt.txt");
  CHECK(s.Content(put->document_id, 0) == "from DDT");
}

TEST_CASE("a put by folder id over a document shared on its own is decided by its share",
          "[documents]") {
  Services s;
  DocumentService service(*s.store);
  Caller admin = Caller::Administrator("cli:root");
  PutPlace place = PutPlace::InFolder(s.notes_folder, "note.txt");
  CHECK(service.MayPut(s.ddt_editor, place).code() == ErrorCode::kNotFound);
  auto share = service.ShareDocument(admin, s.note, "DDT", store::ShareMode::kRead);
  REQUIRE(share.ok());
  CHECK(service.MayPut(s.ddt_editor, place).code() == ErrorCode::kPermissionDenied);
  CHECK(service.Put(s.ddt_editor, place, s.Text("x")).status().code() ==
        ErrorCode::kPermissionDenied);
  // Another name in that folder stays invisible.
  CHECK(service.MayPut(s.ddt_editor, PutPlace::InFolder(s.notes_folder, "other.txt")).code() ==
        ErrorCode::kNotFound);
  REQUIRE(service.ShareDocument(admin, s.note, "DDT", store::ShareMode::kWrite).ok());
  auto put = service.Put(s.ddt_editor, place, s.Text("version 2, by DDT"));
  REQUIRE(put.ok());
  CHECK(put->outcome == store::PutOutcome::kNewVersion);
  CHECK(s.Content(s.note, 0) == "version 2, by DDT");
}

TEST_CASE("a modification time is set by writers only, checksums are read by readers",
          "[documents]") {
  Services s;
  DocumentService service(*s.store);
  CHECK(service.SetModifiedTime(s.cab_reader, s.note, 1500000000000).status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(service.SetModifiedTime(s.ddt_editor, s.note, 1500000000000).status().code() ==
        ErrorCode::kNotFound);
  auto set = service.SetModifiedTime(s.cab_editor, s.note, 1500000000000);
  REQUIRE(set.ok());
  CHECK(set->modified_at == 1500000000000);
  auto version = service.Version(s.cab_reader, s.note, 0);
  REQUIRE(version.ok());
  CHECK(version->version.modified_at == 1500000000000);
  auto digests = service.Digests(s.cab_reader, version->version);
  REQUIRE(digests.ok());
  CHECK(digests->sha1.size() == 40);
  CHECK(service.Digests(s.ddt_editor, version->version).status().code() == ErrorCode::kNotFound);
  // A put may carry them, computed while the content streamed in, with its time.
  NewContent content = s.Text("version 2");
  content.modified_at = 1600000000000;
  content.digests = store::ContentDigests{"sha1-of-version-2", "md5-of-version-2"};
  REQUIRE(service.Put(s.cab_editor, PutPlace::InFolder(s.notes_folder, "note.txt"), content).ok());
  auto second = service.Version(s.cab_reader, s.note, 2);
  CHECK(second->version.modified_at == 1600000000000);
  CHECK(service.Digests(s.cab_reader, second->version)->sha1 == "sha1-of-version-2");
}

TEST_CASE("a put left open takes the caller's next save, writers seal their own", "[documents]") {
  Services s;
  DocumentService service(*s.store);
  NewContent placeholder = s.Text("");
  placeholder.open_until = store::NowMs() + 60000;
  auto opened =
      service.Put(s.cab_editor, PutPlace::InFolder(s.notes_folder, "scan.txt"), placeholder);
  REQUIRE(opened.ok());
  auto filled =
      service.Put(s.cab_editor, PutPlace::InFolder(s.notes_folder, "scan.txt"), s.Text("le scan"));
  REQUIRE(filled.ok());
  CHECK(filled->outcome == store::PutOutcome::kSavedAgain);
  CHECK(filled->version == 1);

  NewContent open = s.Text("sous verrou");
  open.open_until = store::NowMs() + 60000;
  REQUIRE(service.Put(s.cab_editor, PutPlace::InFolder(s.notes_folder, "note.txt"), open).ok());
  CHECK(service.SealVersion(s.cab_reader, s.note).code() == ErrorCode::kPermissionDenied);
  CHECK(service.SealVersion(s.ddt_editor, s.note).code() == ErrorCode::kNotFound);
  CHECK(s.store->GetVersion(s.note, 0)->open(store::NowMs()));
  REQUIRE(service.SealVersion(s.cab_editor, s.note).ok());
  CHECK_FALSE(s.store->GetVersion(s.note, 0)->open_until.has_value());
  auto next =
      service.Put(s.cab_editor, PutPlace::InFolder(s.notes_folder, "note.txt"), s.Text("après"));
  REQUIRE(next.ok());
  CHECK(next->outcome == store::PutOutcome::kNewVersion);
  CHECK(next->version == 3);
}

TEST_CASE("a multi-file put stores all or nothing", "[documents]") {
  Services s;
  DocumentService service(*s.store);
  std::vector<std::pair<std::string, NewContent>> files = {{"a.txt", s.Text("a")},
                                                           {"b.txt", s.Text("b")}};
  auto stored = service.PutAll(s.cab_editor, s.notes_folder, files);
  REQUIRE(stored.ok());
  CHECK(stored->size() == 2);
  files = {{"c.txt", s.Text("c")}, {"bad/name", s.Text("d")}};
  CHECK(!service.PutAll(s.cab_editor, s.notes_folder, files).ok());
  CHECK(!s.store->FindDocument("/CAB/notes/c.txt").ok());
}

TEST_CASE("copy makes a new document with the content and tags, where the caller may write",
          "[documents]") {
  Services s;
  DocumentService service(*s.store);
  Caller admin = Caller::Administrator("cli:root");
  REQUIRE(service.AddTag(admin, s.note, "crise").ok());
  CHECK(service.Copy(s.ddt_editor, s.note, s.ddt_root, "copie.txt").status().code() ==
        ErrorCode::kNotFound);  // cannot read it
  CHECK(service.Copy(s.cab_editor, s.note, s.ddt_root, "copie.txt").status().code() ==
        ErrorCode::kNotFound);  // cannot see DDT's root
  auto copied = service.Copy(s.cab_editor, s.note, s.notes_folder, "copie.txt");
  REQUIRE(copied.ok());
  CHECK(copied->document_id != s.note);
  auto copy = s.store->GetDocument(copied->document_id);
  CHECK(copy->tags == std::vector<std::string>{"crise"});
  CHECK(s.Content(copied->document_id, 0) == "version 1");
  CHECK(s.store->ListVersions(copied->document_id)->front().comment ==
        "copy of /CAB/notes/note.txt");
}

TEST_CASE("opening content is audited as a read, reading metadata is not", "[documents]") {
  Services s;
  DocumentService service(*s.store);
  REQUIRE(service.Document(s.cab_reader, s.note).ok());
  REQUIRE(service.Versions(s.cab_reader, s.note).ok());
  auto version = service.Version(s.cab_reader, s.note, 1);
  REQUIRE(version.ok());
  CHECK(s.AuditCount("document.read") == 0);
  REQUIRE(service.OpenContent(s.cab_reader, version->version, "download").ok());
  auto entries = *s.store->ListAudit(s.note, 1);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].action == "document.read");
  CHECK(entries[0].actor == "cab-reader");
  CHECK(entries[0].detail == "v1 download");
  // Someone who may not read it opens nothing, and nothing is recorded.
  CHECK(service.OpenContent(s.ddt_editor, version->version, "download").status().code() ==
        ErrorCode::kNotFound);
  CHECK(s.AuditCount("document.read") == 1);
}

struct RefuseAll : documents::WriteGate {
  store::Status MayChange(const Caller&, const store::Document& document) override {
    ++asked;
    return store::Status::Conflict(document.path() + " is locked");
  }
  int asked = 0;
};

TEST_CASE("the write gate is asked before a document changes, and its refusal changes nothing",
          "[documents]") {
  Services s;
  DocumentService service(*s.store);
  RefuseAll gate;
  service.SetWriteGate(&gate);
  CHECK(service.Trash(s.cab_editor, s.note).code() == ErrorCode::kConflict);
  CHECK(service.Move(s.cab_editor, s.note, std::nullopt, "renamed.txt").status().code() ==
        ErrorCode::kConflict);
  CHECK(service.Put(s.cab_editor, PutPlace::AtPath("/CAB/notes/note.txt"), s.Text("v2"))
            .status()
            .code() == ErrorCode::kConflict);
  CHECK(service.SealVersion(s.cab_editor, s.note).code() == ErrorCode::kConflict);
  CHECK(gate.asked == 4);
  auto document = s.store->GetDocument(s.note);
  CHECK(document->name == "note.txt");
  CHECK(document->current_version == 1);
  CHECK(!document->trashed_at);
  // A new document is no one's to lock.
  CHECK(service.Put(s.cab_editor, PutPlace::AtPath("/CAB/notes/new.txt"), s.Text("n")).ok());
}

TEST_CASE("WebDAV's dead properties: read by readers, changed by writers the gate lets through",
          "[documents][webdav]") {
  Services s;
  DocumentService service(*s.store);
  const store::DavItem note = store::DavItem::Document(s.note);
  const store::DavItem notes = store::DavItem::Folder(s.notes_folder);
  REQUIRE(service.ChangeDeadProperties(s.cab_editor, note, {{"{urn:x}n", "1"}}).ok());
  REQUIRE(service.ChangeDeadProperties(s.cab_editor, notes, {{"{urn:x}f", "2"}}).ok());
  CHECK(service.DeadProperties(s.cab_reader, note).value().at("{urn:x}n") == "1");
  CHECK(service.DeadPropertiesIn(s.cab_reader, s.notes_folder).value().size() == 2);
  // Another service's agent sees neither, and changes neither.
  CHECK(service.DeadProperties(s.ddt_editor, note).status().code() == ErrorCode::kNotFound);
  CHECK(service.DeadPropertiesIn(s.ddt_editor, s.notes_folder).status().code() ==
        ErrorCode::kNotFound);
  CHECK(service.ChangeDeadProperties(s.ddt_editor, note, {{"{urn:x}n", "3"}}).code() ==
        ErrorCode::kNotFound);
  CHECK(service.ChangeDeadProperties(s.cab_reader, notes, {{"{urn:x}f", "3"}}).code() ==
        ErrorCode::kPermissionDenied);
  CHECK(service.CopyDeadProperties(s.ddt_editor, note, store::DavItem::Folder(s.ddt_root)).code() ==
        ErrorCode::kNotFound);
  // A document locked by someone else keeps its properties as they are.
  RefuseAll gate;
  service.SetWriteGate(&gate);
  CHECK(service.ChangeDeadProperties(s.cab_editor, note, {{"{urn:x}n", std::nullopt}}).code() ==
        ErrorCode::kConflict);
  CHECK(s.store->DeadProperties(note).value().size() == 1);
}

TEST_CASE("members and administrators read a service whole, a share does not make one a reader",
          "[documents]") {
  Services s;
  DocumentService service(*s.store);
  REQUIRE(service
              .ShareFolder(Caller::Administrator("cli:root"), s.notes_folder, "DDT",
                           store::ShareMode::kRead)
              .ok());
  CHECK(DocumentService::ReadsWholeService(s.cab_editor, "CAB"));
  CHECK(DocumentService::ReadsWholeService(s.cab_reader, "cab"));  // any case
  CHECK(DocumentService::ReadsWholeService(Caller::Administrator("cli:root"), "DDT"));
  CHECK(!DocumentService::ReadsWholeService(s.ddt_editor, "CAB"));  // its share only
  CHECK(!DocumentService::ReadsWholeService(s.cab_editor, "DDT"));
  CHECK(!DocumentService::ReadsWholeService(s.cab_editor, "XYZ"));
}

TEST_CASE(
    "a folder is copied with all it holds and its properties in one transaction or not at all",
    "[documents][webdav]") {
  Services s;
  int commits = 0;
  DocumentService service(*s.store, [&] { ++commits; });
  auto sub = service.CreateFolderIn(s.cab_editor, s.notes_folder, "sub");
  REQUIRE(sub.ok());
  REQUIRE(
      service.Put(s.cab_editor, PutPlace::InFolder(sub->id, "sub.txt"), s.Text("dessous")).ok());
  const store::DavItem notes = store::DavItem::Folder(s.notes_folder);
  REQUIRE(service.ChangeDeadProperties(s.cab_editor, notes, {{"{urn:x}f", "2"}}).ok());
  REQUIRE(
      service
          .ChangeDeadProperties(s.cab_editor, store::DavItem::Document(s.note), {{"{urn:x}n", "1"}})
          .ok());
  const int64_t cab_root = s.store->FindFolder("/CAB")->id;
  commits = 0;

  CHECK(service.CopyFolder(s.cab_reader, s.notes_folder, cab_root, "copie", true).status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(
      service.CopyFolder(s.ddt_editor, s.notes_folder, s.ddt_root, "copie", true).status().code() ==
      ErrorCode::kNotFound);  // cannot read it
  CHECK(service.CopyFolder(s.cab_editor, s.notes_folder, sub->id, "copie", true).status().code() ==
        ErrorCode::kInvalidArgument);  // into itself
  {
    // Refused at the first document's properties: the folder made before is undone with it.
    RefuseAll gate;
    service.SetWriteGate(&gate);
    CHECK(
        service.CopyFolder(s.cab_editor, s.notes_folder, cab_root, "copie", true).status().code() ==
        ErrorCode::kConflict);
    CHECK(gate.asked == 1);
    CHECK(s.store->FindFolder("/CAB/copie").status().code() == ErrorCode::kNotFound);
    service.SetWriteGate(nullptr);
  }
  CHECK(commits == 0);

  auto copy = service.CopyFolder(s.cab_editor, s.notes_folder, cab_root, "copie", true);
  REQUIRE(copy.ok());
  CHECK(commits == 1);
  CHECK(copy->path == "/CAB/copie");
  auto note = s.store->FindDocument("/CAB/copie/note.txt");
  REQUIRE(note.ok());
  CHECK(s.Content(note->id, 0) == "version 1");
  CHECK(s.Content(s.store->FindDocument("/CAB/copie/sub/sub.txt")->id, 0) == "dessous");
  CHECK(s.store->DeadProperties(store::DavItem::Folder(copy->id)).value().at("{urn:x}f") == "2");
  CHECK(s.store->DeadProperties(store::DavItem::Document(note->id)).value().at("{urn:x}n") == "1");
  // Depth 0: the folder and its properties alone.
  auto shallow = service.CopyFolder(s.cab_editor, s.notes_folder, cab_root, "vide", false);
  REQUIRE(shallow.ok());
  auto listing = service.Folder(s.cab_editor, shallow->id);
  CHECK((listing->documents.empty() && listing->subfolders.empty()));
  CHECK(s.store->DeadProperties(store::DavItem::Folder(shallow->id)).value().size() == 1);
}

TEST_CASE("WebDAV's locks are kept by their holders and read back by the server alone",
          "[documents][webdav]") {
  Services s;
  DocumentService service(*s.store);
  store::DavLock lock;
  lock.token = "opaquelocktoken:a";
  lock.path = "/CAB/notes/note.txt";
  lock.login = "cab-editor";
  lock.timeout_seconds = 600;
  lock.expires_at = store::NowMs() + 600000;
  CHECK(service.KeepLocks(s.ddt_editor, {lock}).code() == ErrorCode::kPermissionDenied);
  REQUIRE(service.KeepLocks(s.cab_editor, {lock}).ok());
  CHECK(service.HeldLocks(s.cab_editor).status().code() == ErrorCode::kPermissionDenied);
  CHECK(service.DropLocks(s.ddt_editor, {lock.token}).code() == ErrorCode::kPermissionDenied);
  const Caller server = Caller::Administrator("synaps-server");
  REQUIRE(service.HeldLocks(server).value().size() == 1);
  REQUIRE(service.DropLocks(s.cab_editor, {lock.token}).ok());
  CHECK(service.HeldLocks(server).value().empty());
}

TEST_CASE("state rules: the trash, root folders, folders not empty", "[documents]") {
  Services s;
  DocumentService service(*s.store);
  REQUIRE(service.Trash(s.cab_editor, s.note).ok());
  CHECK(service.Trash(s.cab_editor, s.note).code() == ErrorCode::kConflict);
  CHECK(service.Move(s.cab_editor, s.note, std::nullopt, "x.txt").status().code() ==
        ErrorCode::kConflict);
  Caller admin = Caller::Administrator("cli:root");
  store::Status not_empty = service.DeleteFolder(admin, s.notes_folder);
  CHECK(not_empty.code() == ErrorCode::kConflict);
  CHECK(!documents::IsRootFolderConflict(not_empty));
  store::Status root = service.DeleteFolder(admin, s.ddt_root);
  CHECK(documents::IsRootFolderConflict(root));
  REQUIRE(service.RestoreFromTrash(s.cab_editor, s.note).ok());
  CHECK(service.RestoreFromTrash(s.cab_editor, s.note).status().code() == ErrorCode::kConflict);
}

TEST_CASE("mv to a path creates the missing folders and keeps the id", "[documents]") {
  Services s;
  DocumentService service(*s.store);
  auto moved = service.MoveToPath(s.cab_editor, s.note, "/CAB/archives/2024/");
  REQUIRE(moved.ok());
  CHECK(moved->id == s.note);
  CHECK(moved->path() == "/CAB/archives/2024/note.txt");
  moved = service.MoveToPath(s.cab_editor, s.note, "/CAB/archives/renamed.txt");
  REQUIRE(moved.ok());
  CHECK(moved->path() == "/CAB/archives/renamed.txt");
  // Into another service: the editor cannot see it.
  CHECK(service.MoveToPath(s.cab_editor, s.note, "/DDT/x.txt").status().code() ==
        ErrorCode::kNotFound);
}

}  // namespace
}  // namespace synaps::testing

namespace synaps::testing {
namespace {

TEST_CASE("deleting a folder tree trashes its documents, restorable into the service's root",
          "[documents]") {
  Services s;
  DocumentService service(*s.store);
  Caller admin = Caller::Administrator("cli:root");
  REQUIRE(service.Put(admin, PutPlace::AtPath("/CAB/notes/2024/deep.txt"), s.Text("deep")).ok());
  CHECK(service.DeleteFolderTree(s.cab_editor, s.notes_folder).code() ==
        ErrorCode::kPermissionDenied);  // the shape of the tree is the managers'
  REQUIRE(service.DeleteFolderTree(admin, s.notes_folder).ok());
  CHECK(!s.store->FindFolder("/CAB/notes").ok());
  auto trashed = service.TrashContents(admin);
  REQUIRE(trashed.ok());
  CHECK(trashed->size() == 2);
  auto details = service.Document(admin, s.note);
  REQUIRE(details.ok());
  CHECK(details->metadata.at("synaps.deleted_from") == "/CAB/notes");
  auto restored = service.RestoreFromTrash(admin, s.note);
  REQUIRE(restored.ok());
  CHECK(restored->path() == "/CAB/note.txt");
  CHECK(documents::IsRootFolderConflict(service.DeleteFolderTree(admin, s.ddt_root)));
}

}  // namespace
}  // namespace synaps::testing
