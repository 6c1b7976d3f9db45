// The permission component: roles, admins, and that other services' objects look missing.
#include "dms-server/permissions/permissions.h"

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

using namespace synaps;
using permissions::Action;
using permissions::Permissions;
using synaps::testing::StoreFixture;

namespace {

store::User MakeUser(StoreFixture& f, const std::string& login,
                     std::vector<store::Membership> memberships, bool admin = false) {
  store::NewUser user;
  user.login = login;
  user.password = "password-" + login;
  user.is_admin = admin;
  user.memberships = std::move(memberships);
  auto added = f.store->AddUser(f.actor, user);
  REQUIRE(added.ok());
  return *added;
}

}  // namespace

TEST_CASE("roles grant read, write and manage on their own service only", "[permissions]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  auto cab_doc = f.Put("notes", "a.txt", "cabinet")->document_id;
  auto ddt_doc = f.Put("", "b.txt", "ddt", "DDT")->document_id;
  auto reader = MakeUser(f, "reader", {{"CAB", store::Role::kReader}});
  auto editor = MakeUser(f, "editor", {{"CAB", store::Role::kEditor}});
  auto manager = MakeUser(f, "manager", {{"CAB", store::Role::kManager}});
  auto admin = MakeUser(f, "root", {}, true);
  auto nobody = MakeUser(f, "nobody", {});
  Permissions p(*f.store);

  CHECK(p.Document(reader, cab_doc, Action::kRead).ok());
  CHECK(p.Document(reader, cab_doc, Action::kWrite).status().code() ==
        store::ErrorCode::kPermissionDenied);
  CHECK(p.Document(editor, cab_doc, Action::kWrite).ok());
  CHECK(p.Document(editor, cab_doc, Action::kManage).status().code() ==
        store::ErrorCode::kPermissionDenied);
  CHECK(p.Document(manager, cab_doc, Action::kManage).ok());
  CHECK(p.Document(manager, cab_doc, Action::kAdmin).status().code() ==
        store::ErrorCode::kPermissionDenied);
  for (auto action : {Action::kRead, Action::kWrite, Action::kManage, Action::kAdmin}) {
    CHECK(p.Document(admin, ddt_doc, action).ok());
    CHECK(Permissions::MayOnService(admin, "DDT", action));
  }
  CHECK(!Permissions::MayOnService(nobody, "CAB", Action::kRead));
  CHECK(!Permissions::MayOnService(manager, "DDT", Action::kRead));
  CHECK(p.MayWriteInService(editor, "CAB").ok());
  CHECK(p.MayWriteInService(reader, "CAB").code() == store::ErrorCode::kPermissionDenied);
  CHECK(p.MayWriteInService(editor, "DDT").code() == store::ErrorCode::kNotFound);
  CHECK(p.MayWriteInService(admin, "NOPE").code() == store::ErrorCode::kNotFound);
}

TEST_CASE("another service's document is indistinguishable from a missing one", "[permissions]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  auto ddt_doc = f.Put("secret", "b.txt", "ddt", "DDT")->document_id;
  auto cab_manager = MakeUser(f, "cab", {{"CAB", store::Role::kManager}});
  Permissions p(*f.store);

  for (auto action : {Action::kRead, Action::kWrite, Action::kManage}) {
    auto invisible = p.Document(cab_manager, ddt_doc, action);
    auto missing = p.Document(cab_manager, ddt_doc + 1000, action);
    REQUIRE(invisible.status().code() == store::ErrorCode::kNotFound);
    REQUIRE(missing.status().code() == store::ErrorCode::kNotFound);
    // Same words but the id: nothing tells the two apart.
    CHECK(invisible.status().message() == "no document " + std::to_string(ddt_doc));
    CHECK(missing.status().message() == "no document " + std::to_string(ddt_doc + 1000));
    auto folder = p.Folder(cab_manager, "/DDT/secret", action);
    auto missing_folder = p.Folder(cab_manager, "/DDT/nothing", action);
    CHECK(folder.status().code() == store::ErrorCode::kNotFound);
    CHECK(missing_folder.status().code() == store::ErrorCode::kNotFound);
  }
  CHECK(p.Folder(cab_manager, "/CAB", Action::kManage).ok());
  CHECK(p.Folder(cab_manager, "/CAB/../DDT", Action::kRead).status().code() ==
        store::ErrorCode::kInvalidArgument);
}

TEST_CASE("search sees the member's services, every service for an admin", "[permissions]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  REQUIRE(f.store->AddService(f.actor, "DREAL", "DREAL").ok());
  auto both = MakeUser(f, "both", {{"CAB", store::Role::kReader}, {"DDT", store::Role::kEditor}});
  auto admin = MakeUser(f, "root", {}, true);
  auto nobody = MakeUser(f, "nobody", {});
  Permissions p(*f.store);

  auto services = p.ReadableServices(both);
  REQUIRE(services.ok());
  std::sort(services->begin(), services->end());
  CHECK(*services == std::vector<std::string>{"CAB", "DDT"});
  auto all = p.ReadableServices(admin);
  REQUIRE(all.ok());
  CHECK(all->size() == 3);
  auto none = p.ReadableServices(nobody);
  REQUIRE(none.ok());
  CHECK(none->empty());
}

TEST_CASE("shares grant read or write to the shared-with service or to everyone", "[permissions]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  REQUIRE(f.store->AddService(f.actor, "DREAL", "DREAL").ok());
  auto note = f.Put("notes", "note.txt", "n")->document_id;
  store::PutRequest put;
  put.service_code = "CAB";
  put.folder = {"projets", "pont"};
  put.name = "plan.txt";
  put.blob = f.WriteBlob("p");
  auto planned = f.store->PutDocument(f.actor, put);
  REQUIRE(planned.ok());
  auto plan = planned->document_id;
  auto memo = f.Put("", "memo.txt", "m")->document_id;
  auto ddt = MakeUser(f, "ddt", {{"DDT", store::Role::kManager}});
  auto dreal = MakeUser(f, "dreal", {{"DREAL", store::Role::kEditor}});
  Permissions p(*f.store);

  // Nothing shared yet: invisible.
  CHECK(p.Document(ddt, note, Action::kRead).status().code() == store::ErrorCode::kNotFound);

  // A read share of one document, with DDT only.
  REQUIRE(f.store->ShareDocument(f.actor, note, "DDT", store::ShareMode::kRead).ok());
  CHECK(p.Document(ddt, note, Action::kRead).ok());
  CHECK(p.Document(ddt, note, Action::kWrite).status().code() ==
        store::ErrorCode::kPermissionDenied);
  CHECK(p.Document(ddt, note, Action::kManage).status().code() ==
        store::ErrorCode::kPermissionDenied);
  CHECK(p.Document(dreal, note, Action::kRead).status().code() == store::ErrorCode::kNotFound);
  CHECK(p.MayPut(ddt, *store::ParseStorePath("/CAB/notes/note.txt")).code() ==
        store::ErrorCode::kPermissionDenied);

  // A write share of a folder reaches the documents below it, and new documents there.
  auto folder = f.store->FindFolder("/CAB/projets");
  REQUIRE(folder.ok());
  REQUIRE(f.store->ShareFolder(f.actor, folder->id, "DREAL", store::ShareMode::kWrite).ok());
  CHECK(p.Document(dreal, plan, Action::kWrite).ok());
  CHECK(p.Document(dreal, plan, Action::kManage).status().code() ==
        store::ErrorCode::kPermissionDenied);
  CHECK(p.Document(ddt, plan, Action::kRead).status().code() == store::ErrorCode::kNotFound);
  CHECK(p.MayPut(dreal, *store::ParseStorePath("/CAB/projets/pont/plan.txt")).ok());
  CHECK(p.MayPut(dreal, *store::ParseStorePath("/CAB/projets/pont/neuf/new.txt")).ok());
  CHECK(p.MayPut(dreal, *store::ParseStorePath("/CAB/notes/x.txt")).code() ==
        store::ErrorCode::kNotFound);
  CHECK(p.MayPut(dreal, *store::ParseStorePath("/CAB/x.txt")).code() ==
        store::ErrorCode::kNotFound);
  CHECK(p.Folder(dreal, "/CAB/projets/pont", Action::kWrite).ok());
  CHECK(p.Folder(dreal, "/CAB/projets/pont", Action::kManage).status().code() ==
        store::ErrorCode::kPermissionDenied);
  CHECK(p.Folder(dreal, "/CAB/notes", Action::kRead).status().code() ==
        store::ErrorCode::kNotFound);

  // Shared with everyone: every user reads it, nobody writes through it.
  REQUIRE(f.store->ShareDocument(f.actor, memo, "", store::ShareMode::kRead).ok());
  CHECK(p.Document(ddt, memo, Action::kRead).ok());
  CHECK(p.Document(dreal, memo, Action::kRead).ok());
  CHECK(p.Document(dreal, memo, Action::kWrite).status().code() ==
        store::ErrorCode::kPermissionDenied);

  // Removing a share takes the access away.
  auto shares = f.store->EffectiveShares(note);
  REQUIRE(shares.ok());
  REQUIRE(shares->size() == 1);
  REQUIRE(f.store->RemoveShare(f.actor, shares->front().id).ok());
  CHECK(p.Document(ddt, note, Action::kRead).status().code() == store::ErrorCode::kNotFound);
}

TEST_CASE("administration: admins everywhere, managers for their own service's members",
          "[permissions]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  auto reader = MakeUser(f, "reader", {{"CAB", store::Role::kReader}});
  auto editor = MakeUser(f, "editor", {{"CAB", store::Role::kEditor}});
  auto manager = MakeUser(f, "manager", {{"CAB", store::Role::kManager}});
  auto admin = MakeUser(f, "root", {}, true);
  Permissions p(*f.store);

  CHECK(Permissions::MayAdminister(admin));
  for (const auto& user : {reader, editor, manager}) CHECK_FALSE(Permissions::MayAdminister(user));
  CHECK(p.MayManageMembers(admin, "DDT").ok());
  CHECK(p.MayManageMembers(manager, "CAB").ok());
  CHECK(p.MayManageMembers(manager, "DDT").code() == store::ErrorCode::kPermissionDenied);
  CHECK(p.MayManageMembers(editor, "CAB").code() == store::ErrorCode::kPermissionDenied);
  CHECK(p.MayManageMembers(reader, "CAB").code() == store::ErrorCode::kPermissionDenied);
  CHECK(p.MayManageMembers(manager, "NOPE").code() == store::ErrorCode::kNotFound);
  CHECK(p.MayManageMembers(admin, "NOPE").code() == store::ErrorCode::kNotFound);
}

TEST_CASE("the audit log: admins read it all, managers their services', nobody else",
          "[permissions]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  REQUIRE(f.store->AddService(f.actor, "DCL", "DCL").ok());
  auto cab_doc = f.Put("", "a.txt", "cabinet")->document_id;
  auto ddt_doc = f.Put("", "b.txt", "ddt", "DDT")->document_id;
  auto shared_doc = f.Put("", "c.txt", "ddt shared", "DDT")->document_id;
  REQUIRE(f.store->ShareDocument(f.actor, shared_doc, "CAB", store::ShareMode::kWrite).ok());
  auto reader = MakeUser(f, "reader", {{"CAB", store::Role::kReader}});
  auto editor = MakeUser(f, "editor", {{"CAB", store::Role::kEditor}});
  auto manager = MakeUser(f, "manager",
                          {{"CAB", store::Role::kManager},
                           {"DCL", store::Role::kManager},
                           {"DDT", store::Role::kReader}});
  auto cab_manager = MakeUser(f, "cabman", {{"CAB", store::Role::kManager}});
  auto admin = MakeUser(f, "root", {}, true);
  Permissions p(*f.store);

  auto everything = p.AuditServices(admin, std::nullopt);
  REQUIRE(everything.ok());
  CHECK_FALSE(everything->has_value());
  auto managed = p.AuditServices(manager, std::nullopt);
  REQUIRE(managed.ok());
  CHECK(**managed == std::vector<std::string>{"CAB", "DCL"});
  CHECK(**p.AuditServices(manager, "DCL") == std::vector<std::string>{"DCL"});
  CHECK(**p.AuditServices(admin, "DDT") == std::vector<std::string>{"DDT"});
  CHECK(p.AuditServices(manager, "DDT").status().code() == store::ErrorCode::kPermissionDenied);
  CHECK(p.AuditServices(manager, "NOPE").status().code() == store::ErrorCode::kNotFound);
  for (const auto& user : {reader, editor}) {
    CHECK(p.AuditServices(user, std::nullopt).status().code() ==
          store::ErrorCode::kPermissionDenied);
    CHECK(p.AuditServices(user, "CAB").status().code() == store::ErrorCode::kPermissionDenied);
    CHECK(p.MayReadDocumentAudit(user, cab_doc).code() == store::ErrorCode::kPermissionDenied);
    CHECK(p.MayReadDocumentAudit(user, ddt_doc).code() == store::ErrorCode::kNotFound);
  }

  CHECK(p.MayReadDocumentAudit(admin, ddt_doc).ok());
  CHECK(p.MayReadDocumentAudit(cab_manager, cab_doc).ok());
  // Invisible: looks missing. Shared with write: readable, but its log stays its owner's.
  CHECK(p.MayReadDocumentAudit(cab_manager, ddt_doc).code() == store::ErrorCode::kNotFound);
  CHECK(p.MayReadDocumentAudit(cab_manager, ddt_doc + 1000).code() == store::ErrorCode::kNotFound);
  CHECK(p.MayReadDocumentAudit(cab_manager, shared_doc).code() ==
        store::ErrorCode::kPermissionDenied);
  // A reader of DDT who manages other services: DDT's document is readable, not managed.
  CHECK(p.MayReadDocumentAudit(manager, ddt_doc).code() == store::ErrorCode::kPermissionDenied);
}

TEST_CASE("folders by id, shares, listings and moves follow the same rules", "[permissions]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  auto note = f.Put("partage", "note.txt", "n")->document_id;
  auto secret = f.Put("secret", "s.txt", "s")->document_id;
  auto ddt_doc = f.Put("", "d.txt", "d", "DDT")->document_id;
  auto partage = *f.store->FindFolder("/CAB/partage");
  auto secret_folder = *f.store->FindFolder("/CAB/secret");
  auto cab_root = *f.store->FindFolder("/CAB");
  auto ddt_root = *f.store->FindFolder("/DDT");
  auto reader = MakeUser(f, "reader", {{"CAB", store::Role::kReader}});
  auto editor = MakeUser(f, "editor", {{"CAB", store::Role::kEditor}});
  auto manager =
      MakeUser(f, "manager", {{"CAB", store::Role::kManager}, {"DDT", store::Role::kEditor}});
  auto ddt = MakeUser(f, "ddt", {{"DDT", store::Role::kManager}});
  auto share = f.store->ShareFolder(f.actor, partage.id, "DDT", store::ShareMode::kWrite);
  REQUIRE(share.ok());
  Permissions p(*f.store);
  using store::ErrorCode;

  // Folder by id: missing and invisible alike, same words.
  CHECK(p.Folder(reader, partage.id, Action::kRead)->path == "/CAB/partage");
  CHECK(p.Folder(reader, partage.id, Action::kWrite).status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(p.Folder(ddt, partage.id, Action::kWrite).ok());
  CHECK(p.Folder(ddt, partage.id, Action::kManage).status().code() == ErrorCode::kPermissionDenied);
  auto invisible = p.Folder(ddt, secret_folder.id, Action::kRead);
  auto missing = p.Folder(ddt, secret_folder.id + 1000, Action::kRead);
  CHECK(invisible.status().code() == ErrorCode::kNotFound);
  CHECK(invisible.status().message() == "no folder " + std::to_string(secret_folder.id));
  CHECK(missing.status().code() == ErrorCode::kNotFound);

  // A share is visible with its target, managed by the target's managers only.
  CHECK(p.Share(manager, share->id, Action::kManage).ok());
  CHECK(p.Share(editor, share->id, Action::kManage).status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(p.Share(ddt, share->id, Action::kManage).status().code() == ErrorCode::kPermissionDenied);
  auto doc_share = f.store->ShareDocument(f.actor, ddt_doc, "CAB", store::ShareMode::kRead);
  REQUIRE(doc_share.ok());
  auto hidden_share = p.Share(reader, doc_share->id + 1, Action::kRead);
  CHECK(hidden_share.status().code() == ErrorCode::kNotFound);
  auto ddt_only = f.store->ShareDocument(f.actor, secret, "DDT", store::ShareMode::kRead);
  REQUIRE(ddt_only.ok());
  CHECK(p.Share(ddt, ddt_only->id, Action::kRead).ok());
  auto other = MakeUser(f, "other", {});
  CHECK(p.Share(other, ddt_only->id, Action::kRead).status().message() ==
        "no share " + std::to_string(ddt_only->id));

  // Listings keep what the user may see.
  std::vector<store::Document> all = {*f.store->GetDocument(note), *f.store->GetDocument(secret),
                                      *f.store->GetDocument(ddt_doc)};
  auto for_reader = p.Allowed(reader, all, Action::kRead);
  REQUIRE(for_reader.ok());
  CHECK(for_reader->size() == 3);  // CAB's two and the DDT document shared with CAB
  auto writable = p.Allowed(reader, all, Action::kWrite);
  CHECK(writable->empty());
  auto for_ddt = p.Allowed(ddt, all, Action::kRead);
  CHECK(for_ddt->size() == 3);  // shared folder, shared document, its own
  CHECK(p.Allowed(other, all, Action::kRead)->empty());

  // Creating folders: writers of the service, or through a write share of a folder above.
  CHECK(p.MayCreateFolder(editor, *store::ParseStorePath("/CAB/new")).ok());
  CHECK(p.MayCreateFolder(reader, *store::ParseStorePath("/CAB/new")).code() ==
        ErrorCode::kPermissionDenied);
  CHECK(p.MayCreateFolder(ddt, *store::ParseStorePath("/CAB/partage/sub/deeper")).ok());
  CHECK(p.MayCreateFolder(ddt, *store::ParseStorePath("/CAB/new")).code() == ErrorCode::kNotFound);
  CHECK(p.MayCreateFolder(manager, *store::ParseStorePath("/NOPE/x")).code() ==
        ErrorCode::kNotFound);

  // Moving a document: write on it and at the destination; leaving the service needs manage.
  CHECK(p.MayMoveDocument(editor, note, std::nullopt).ok());
  CHECK(p.MayMoveDocument(editor, note, secret_folder.id).ok());
  CHECK(p.MayMoveDocument(reader, note, std::nullopt).status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(p.MayMoveDocument(ddt, note, std::nullopt).ok());  // write share
  CHECK(p.MayMoveDocument(ddt, note, secret_folder.id).status().code() == ErrorCode::kNotFound);
  CHECK(p.MayMoveDocument(ddt, secret, std::nullopt).status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(p.MayMoveDocument(editor, note, ddt_root.id).status().code() == ErrorCode::kNotFound);
  CHECK(p.MayMoveDocument(manager, note, ddt_root.id).ok());
  CHECK(p.MayMoveDocument(ddt, note, ddt_root.id).status().code() == ErrorCode::kPermissionDenied);

  // Renaming or moving a folder: managers of the folder and of the new parent.
  CHECK(p.MayMoveFolder(manager, secret_folder.id, partage.id).ok());
  CHECK(p.MayMoveFolder(editor, secret_folder.id, std::nullopt).status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(p.MayMoveFolder(ddt, partage.id, std::nullopt).status().code() ==
        ErrorCode::kPermissionDenied);
  CHECK(p.MayMoveFolder(ddt, secret_folder.id, std::nullopt).status().code() ==
        ErrorCode::kNotFound);
  CHECK(p.MayMoveFolder(manager, partage.id, cab_root.id).ok());
  CHECK(p.MayMoveFolder(ddt, ddt_root.id, partage.id).status().code() ==
        ErrorCode::kPermissionDenied);
}
