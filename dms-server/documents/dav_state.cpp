// DocumentService: WebDAV's state kept in the store, its clients' dead properties and the
// durable copy of its locks.
#include <algorithm>

#include "dms-server/documents/service_internal.h"

namespace synaps::documents {

namespace {

// Ok when `caller` may read (`action` kRead) or change (kWrite) `item`.
Status MayReach(Permissions& permissions, const Caller& caller, const store::DavItem& item,
                Action action) {
  if (item.document_id) {
    return permissions.Document(caller.user(), *item.document_id, action).status();
  }
  if (item.folder_id) return permissions.Folder(caller.user(), *item.folder_id, action).status();
  return Status::Invalid("a WebDAV property belongs to one document or one folder");
}

}  // namespace

Result<store::DavProperties> DocumentService::DeadProperties(const Caller& caller,
                                                             const store::DavItem& item) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(MayReach(permissions, caller, item, Action::kRead));
  return store_.DeadProperties(item);
}

Result<std::map<store::DavItem, store::DavProperties>> DocumentService::DeadPropertiesIn(
    const Caller& caller, int64_t folder_id) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(permissions.Folder(caller.user(), folder_id, Action::kRead).status());
  return store_.DeadPropertiesIn(folder_id);
}

Status DocumentService::ChangeDeadProperties(const Caller& caller, const store::DavItem& item,
                                             const std::vector<store::DavPropertyChange>& changes) {
  return InTransaction([&]() -> Status {
    Permissions permissions(store_);
    SYNAPS_RETURN_IF_ERROR(MayReach(permissions, caller, item, Action::kWrite));
    if (item.document_id) SYNAPS_RETURN_IF_ERROR(MayChange(caller, *item.document_id));
    return store_.ChangeDeadProperties(caller.actor(), item, changes);
  });
}

Status DocumentService::CopyDeadProperties(const Caller& caller, const store::DavItem& from,
                                           const store::DavItem& to) {
  return InTransaction(
      [&]() -> Status { return CopyDeadPropertiesInTransaction(caller, from, to); });
}

Status DocumentService::CopyDeadPropertiesInTransaction(const Caller& caller,
                                                        const store::DavItem& from,
                                                        const store::DavItem& to) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(MayReach(permissions, caller, from, Action::kRead));
  SYNAPS_RETURN_IF_ERROR(MayReach(permissions, caller, to, Action::kWrite));
  if (to.document_id) SYNAPS_RETURN_IF_ERROR(MayChange(caller, *to.document_id));
  return store_.CopyDeadProperties(caller.actor(), from, to);
}

Result<std::vector<store::DavLock>> DocumentService::HeldLocks(const Caller& caller) {
  if (!Permissions::MayAdminister(caller.user())) {
    return Status::Denied("the locks of every service: administrators only");
  }
  return InTransaction([&]() -> Result<std::vector<store::DavLock>> {
    int64_t now = store::NowMs();
    SYNAPS_RETURN_IF_ERROR(store_.DropDavLocks(caller.actor(), {}, now));
    return store_.ListDavLocks(now);
  });
}

Status DocumentService::KeepLocks(const Caller& caller, const std::vector<store::DavLock>& locks) {
  return InTransaction([&]() -> Status {
    for (const store::DavLock& lock : locks) {
      if (lock.login != caller.user().login) {
        return Status::Denied("the lock " + lock.token + " is someone else's");
      }
      SYNAPS_RETURN_IF_ERROR(store_.KeepDavLock(caller.actor(), lock));
    }
    return Status::Ok();
  });
}

Status DocumentService::DropLocks(const Caller& caller, const std::vector<std::string>& tokens) {
  return InTransaction([&]() -> Status {
    int64_t now = store::NowMs();
    if (!Permissions::MayAdminister(caller.user())) {
      SYNAPS_ASSIGN_OR_RETURN(std::vector<store::DavLock> held, store_.ListDavLocks(now));
      for (const store::DavLock& lock : held) {
        bool dropped = std::find(tokens.begin(), tokens.end(), lock.token) != tokens.end();
        if (dropped && lock.login != caller.user().login) {
          return Status::Denied("the lock " + lock.token + " is someone else's");
        }
      }
    }
    return store_.DropDavLocks(caller.actor(), tokens, now);
  });
}

}  // namespace synaps::documents
