// What the files that implement DocumentService share: the names they use, and InTransaction.
// Private to dms-server/documents/.
#pragma once

#include <utility>

#include "dms-server/documents/document_service.h"
#include "dms-server/permissions/permissions.h"
#include "dms-server/store/names.h"

namespace synaps::documents {

using permissions::Action;
using permissions::Permissions;
using store::Result;
using store::Status;

// The message of the Conflict that DeleteFolder() gives for a service's root folder.
std::string RootFolderConflictMessage(const std::string& path);

// The permission check made inside `change` and the store mutation after it run in one write
// transaction (the mutation's own transaction nests as a savepoint): what the check saw is what
// the change applies to. A failed change undoes everything; the indexer is woken, and the write
// gate told of the paths left (LeavePath), only after a commit.
template <typename Change>
auto DocumentService::InTransaction(Change&& change) -> decltype(change()) {
  left_.clear();
  auto transaction = store_.BeginWrite();
  if (!transaction.ok()) return transaction.status();
  auto result = change();
  if (!result.ok()) return result;
  store::Status committed = transaction->Commit();
  if (!committed.ok()) return committed;
  for (const std::string& path : std::exchange(left_, {})) {
    if (gate_) gate_->Left(path);
  }
  if (changed_) changed_();
  return result;
}

}  // namespace synaps::documents
