// Permissions: THE one place that decides what a user may do (ARCHITECTURE invariant 6).
//
// Rules:
//  - an administrator may do everything, on every service;
//  - a member of a service may, on that service's folders and documents: read (reader),
//    read + write (editor), read + write + manage (manager);
//  - a share of a document, or of a folder (and so of everything under it), grants read, or
//    read + write, to the members of the shared-with service, or to everyone when it names no
//    service. Shares never grant manage;
//  - nobody else sees anything of a service.
//
// Administration:
//  - administrators create services and accounts, rename them, and change any account (admin
//    flag, password, disabled);
//  - a service's managers, and administrators, see its members and give, change or take their
//    roles in that service (any role, manager included); never the admin flag, never another
//    service;
//  - a service's audit log is read by its managers and by administrators. It holds the entries
//    about the service's documents (wherever they are shared: shares never grant manage), about
//    its folders (creation, renaming, moves, shares, deletion) and about the service itself
//    (name, members). Administrators read the whole log.
//
// A document or folder a user may not read is indistinguishable from a missing one: the lookups
// below return NotFound for both, with the same message, so callers answer 404 and never leak
// existence. A readable object on which the action is not allowed gives PermissionDenied (403).
//
// Thread-safety: a Permissions borrows a Store, which is not thread-safe: one per thread, like
// the Store. The static functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::permissions {

enum class Action { kRead, kWrite, kManage, kAdmin };

const char* ActionName(Action action);

class Permissions {
 public:
  explicit Permissions(store::Store& store) : store_(store) {}
  Permissions(const Permissions&) = delete;
  Permissions& operator=(const Permissions&) = delete;

  // True when `user` may do `action` on the service `service_code` (any case) as a whole (its
  // folders and the documents in them). kAdmin is for administrators only. Pure: no store
  // access.
  static bool MayOnService(const store::User& user, std::string_view service_code, Action action);

  // The document `document_id` when `user` may do `action` on it. NotFound (same message as a
  // missing document) when the user may not even read it; PermissionDenied when the user may
  // read it but not do `action`; another error when the store fails.
  store::Result<store::Document> Document(const store::User& user, int64_t document_id,
                                          Action action);

  // The folder at store path `path` ("/CAB/a/b"), with the same rules as Document().
  store::Result<store::Folder> Folder(const store::User& user, std::string_view path,
                                      Action action);
  // The folder `folder_id`, with the same rules ("no folder N" for missing and invisible alike).
  store::Result<store::Folder> Folder(const store::User& user, int64_t folder_id, Action action);

  // The share `share_id` when `user` may do `action` on what it shares (its document or
  // folder). NotFound ("no share N") when it is missing or its target is not readable.
  store::Result<store::Share> Share(const store::User& user, int64_t share_id, Action action);

  // The documents among `documents` on which `user` may do `action` (for listings: the trash).
  store::Result<std::vector<store::Document>> Allowed(const store::User& user,
                                                      std::vector<store::Document> documents,
                                                      Action action);

  // Whether `user` may create the folder at `path` (and the missing ones above it): a writer of
  // the service, or a write share of a folder above it. NotFound when the place is invisible,
  // PermissionDenied when it is visible but not writable.
  store::Status MayCreateFolder(const store::User& user, const store::StorePath& path);

  // The document `document_id` when `user` may rename it and file it in folder
  // `destination_id` (nullopt: where it is): write on the document and in the destination, and
  // manage on the document when the destination belongs to another service, since the document
  // then leaves the service that owns it.
  store::Result<store::Document> MayMoveDocument(const store::User& user, int64_t document_id,
                                                 std::optional<int64_t> destination_id);

  // The folder `folder_id` when `user` may rename it and move it under `new_parent_id`
  // (nullopt: where it is): manage on the folder and on the new parent. Renaming or moving a
  // folder changes the path of everything beneath it and which folder shares apply to it,
  // which is administering the service's tree: managers only (see model.h, Role), never shares.
  store::Result<store::Folder> MayMoveFolder(const store::User& user, int64_t folder_id,
                                             std::optional<int64_t> new_parent_id);

  // The folder `folder_id` when `user` may delete it: manage on the folder, like renaming and
  // moving it (the shape of the service's tree is the managers'), and since the shares set on
  // it go with it, which only managers may remove. Never through a share. Whether the folder is
  // empty is the store's to say.
  store::Result<store::Folder> MayDeleteFolder(const store::User& user, int64_t folder_id);

  // Whether `user` may create documents under service `service_code` (the folder may not exist
  // yet). NotFound when the service is unknown or invisible to the user, PermissionDenied when
  // it is readable but not writable. Memberships only: see MayPut() for shares.
  store::Status MayWriteInService(const store::User& user, std::string_view service_code);

  // Whether `user` may store content at `path` (a new document or a new version): a writer of
  // the service, or a write share of the existing document or of the deepest existing folder
  // on the path (or one above it). NotFound when nothing on the path is visible to the user,
  // PermissionDenied when it is visible but not writable.
  store::Status MayPut(const store::User& user, const store::StorePath& path);
  // The same for `name` in the existing folder `folder_id`, by id: a writer of the folder's
  // service, or a write share of the live document `name` there or of the folder or one above
  // it. NotFound ("no folder N") when the folder is missing or invisible, unless the live
  // document `name` there is shared with the user on its own (its share then decides).
  store::Status MayPutIn(const store::User& user, int64_t folder_id, std::string_view name);

  // The services whose documents `user` may see in search: every service for an administrator,
  // else the services the user is a member of (any role). Shares are matched by the index's
  // shared-with fields against these same codes. Empty (denies all) for a user with none.
  store::Result<std::vector<std::string>> ReadableServices(const store::User& user);

  // Whether `user` may administer accounts and services (see the rules above). Pure.
  static bool MayAdminister(const store::User& user);

  // Whether `user` may see the members of service `service_code` and set their roles. NotFound
  // for an unknown service; PermissionDenied for a user who does not manage it (every user sees
  // the list of services, so saying it exists reveals nothing).
  store::Status MayManageMembers(const store::User& user, std::string_view service_code);

  // The services whose audit entries `user` may read: nullopt for every entry (administrators),
  // else the services the user manages. With `service_code`, only that service: NotFound when
  // it does not exist, PermissionDenied when the user does not manage it. PermissionDenied for
  // a user who manages no service.
  store::Result<std::optional<std::vector<std::string>>> AuditServices(
      const store::User& user, std::optional<std::string_view> service_code);

  // Whether `user` may read the audit entries of document `document_id`: administrators always
  // (purged documents included), managers of its service. NotFound when the user may not read
  // the document (like everywhere else); PermissionDenied when it is readable but not managed
  // by the user (a share, a reader's or an editor's role).
  store::Status MayReadDocumentAudit(const store::User& user, int64_t document_id);

  // What was shared with `user` ("shared with me"): the shares given to a service the user is
  // a member of, or to everyone, on folders and documents of the services the user is not a
  // member of (the user's roles already reach those). Every one grants the user read, so all
  // of it is readable. Administrators are answered by their memberships too: they read
  // everything anyway, and want what was shared with their services.
  store::Result<std::vector<store::IncomingShare>> SharedWith(const store::User& user);

 private:
  // Decides from the service role and the shares that apply (`shares`), see the rules above.
  store::Status Decide(const store::User& user, std::string_view service_code,
                       const std::vector<store::Share>& shares, Action action,
                       const std::string& not_found_message);
  // The shares of folder `path` and of every folder above it.
  store::Result<std::vector<store::Share>> FolderShares(const store::StorePath& path);
  // The shares of `folder` and of every folder above it, by id.
  store::Result<std::vector<store::Share>> FolderShares(const store::Folder& folder);
  // Decide() for an already loaded document.
  store::Status DecideDocument(const store::User& user, const store::Document& document,
                               Action action);
  store::Store& store_;
};

}  // namespace synaps::permissions
