// AccountService::InTransaction, shared by the files that implement the account service.
// Private to dms-server/accounts/.
#pragma once

#include "dms-server/accounts/account_service.h"

namespace synaps::accounts {

template <typename Change>
auto AccountService::InTransaction(const Caller& caller, Change&& change)
    -> decltype(change(caller)) {
  auto transaction = store_.BeginWrite();
  if (!transaction.ok()) return transaction.status();
  auto current = Current(caller);
  if (!current.ok()) return current.status();
  auto result = change(*current);
  if (!result.ok()) return result;
  store::Status committed = transaction->Commit();
  if (!committed.ok()) return committed;
  return result;
}

}  // namespace synaps::accounts
