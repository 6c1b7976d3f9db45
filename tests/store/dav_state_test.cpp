// WebDAV's state in the store: dead properties kept by document and folder id (a move keeps
// them, a copy copies them, a purge or a folder's deletion removes them), and locks kept until
// released or expired.
#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;

TEST_CASE("dead properties stay with their document or folder until it goes", "[store][webdav]") {
  StoreFixture f;
  auto put = f.Put("notes", "a.odt", "a");
  REQUIRE(put.ok());
  const DavItem document = DavItem::Document(put->document_id);
  auto folder = f.store->FindFolder("/CAB/notes");
  REQUIRE(folder.ok());
  const DavItem notes = DavItem::Folder(folder->id);
  const std::string attributes = "{urn:schemas-microsoft-com:}Win32FileAttributes";
  REQUIRE(f.store
              ->ChangeDeadProperties(f.actor, document,
                                     {{attributes, "00000020"}, {"{urn:x}n", "<x:b>c</x:b>"}})
              .ok());
  REQUIRE(f.store->ChangeDeadProperties(f.actor, notes, {{"{urn:x}colour", "blue"}}).ok());
  // Set again, removed: in order, all or none.
  REQUIRE(f.store
              ->ChangeDeadProperties(f.actor, document,
                                     {{attributes, "00000021"}, {"{urn:x}n", std::nullopt}})
              .ok());
  CHECK(f.store->ChangeDeadProperties(f.actor, document, {{"{urn:x}m", "1"}, {"", "2"}}).code() ==
        ErrorCode::kInvalidArgument);
  CHECK(f.store->DeadProperties(document).value() == DavProperties{{attributes, "00000021"}});
  CHECK(
      f.store->ChangeDeadProperties(f.actor, DavItem::Document(999), {{"{urn:x}n", "1"}}).code() ==
      ErrorCode::kNotFound);

  // One query for a folder's listing: the folder, its subfolders, its live documents.
  REQUIRE(f.store->CreateFolder(f.actor, "CAB", {"notes", "sub"}).ok());
  auto sub = f.store->FindFolder("/CAB/notes/sub");
  REQUIRE(
      f.store->ChangeDeadProperties(f.actor, DavItem::Folder(sub->id), {{"{urn:x}s", "1"}}).ok());
  auto listed = f.store->DeadPropertiesIn(folder->id);
  REQUIRE(listed.ok());
  CHECK(listed->size() == 3);
  CHECK(listed->at(notes).at("{urn:x}colour") == "blue");

  // A move keeps them (the id stays); a copy gets them instead of its own.
  REQUIRE(f.store->MoveDocumentTo(f.actor, put->document_id, sub->id, "b.odt").ok());
  CHECK(f.store->DeadProperties(document).value().size() == 1);
  auto other = f.Put("", "c.odt", "c");
  const DavItem copy = DavItem::Document(other->document_id);
  REQUIRE(f.store->ChangeDeadProperties(f.actor, copy, {{"{urn:x}own", "1"}}).ok());
  REQUIRE(f.store->CopyDeadProperties(f.actor, document, copy).ok());
  CHECK(f.store->DeadProperties(copy).value() == DavProperties{{attributes, "00000021"}});

  // In the trash they stay (a restore shows them again); a purge removes them.
  REQUIRE(f.store->TrashDocument(f.actor, put->document_id).ok());
  CHECK(f.store->DeadProperties(document).value().size() == 1);
  REQUIRE(f.store->PurgeTrash(f.actor, put->document_id).ok());
  CHECK(f.store->DeadProperties(document).value().empty());
  // A deleted folder's go with it.
  REQUIRE(f.store->DeleteFolder(f.actor, sub->id).ok());
  CHECK(f.store->DeadProperties(DavItem::Folder(sub->id)).value().empty());
  CHECK(f.store->DeadProperties(notes).value().size() == 1);
}

TEST_CASE("WebDAV locks are kept until released, and expired ones are dropped", "[store][webdav]") {
  StoreFixture f;
  DavLock lock;
  lock.token = "opaquelocktoken:1";
  lock.path = "/CAB/notes";
  lock.infinite = true;
  lock.owner_xml = "<D:href>mailto:a@example.fr</D:href>";
  lock.login = "alice";
  lock.timeout_seconds = 600;
  lock.expires_at = NowMs() + 600000;
  lock.saved_documents = {4, 12};
  REQUIRE(f.store->KeepDavLock(f.actor, lock).ok());
  DavLock expired = lock;
  expired.token = "opaquelocktoken:2";
  expired.expires_at = NowMs() - 1;
  REQUIRE(f.store->KeepDavLock(f.actor, expired).ok());
  lock.saved_documents.push_back(13);  // a save noted: the same token, replaced
  REQUIRE(f.store->KeepDavLock(f.actor, lock).ok());

  auto held = f.store->ListDavLocks(NowMs());
  REQUIRE(held.ok());
  REQUIRE(held->size() == 1);
  CHECK(held->at(0).token == lock.token);
  CHECK(held->at(0).infinite);
  CHECK(held->at(0).exclusive);
  CHECK(held->at(0).owner_xml == lock.owner_xml);
  CHECK(held->at(0).login == "alice");
  CHECK(held->at(0).expires_at == lock.expires_at);
  CHECK(held->at(0).saved_documents == std::vector<int64_t>{4, 12, 13});

  REQUIRE(f.store->DropDavLocks(f.actor, {}, NowMs()).ok());  // the expired one goes
  CHECK(f.store->ListDavLocks(0).value().size() == 1);
  REQUIRE(f.store->DropDavLocks(f.actor, {lock.token}, NowMs()).ok());
  CHECK(f.store->ListDavLocks(0).value().empty());
}
