// How a route reaches services, members, accounts, API tokens and the audit log: the account
// service over the thread's Store, told whether the server's Authenticator lets Synaps keep
// the passwords. Route handlers use it and never a mutating Store method
// (accounts/account_service.h).
#pragma once

#include "dms-server/accounts/account_service.h"
#include "dms-server/server/http_exchange.h"

namespace synaps::server {

// The account service for this request. Cheap: build one per request.
inline accounts::AccountService Accounts(Exchange& x) {
  return accounts::AccountService(
      x.store(), accounts::AccountService::Options{x.context.authenticator->ManagesPasswords()});
}

}  // namespace synaps::server
