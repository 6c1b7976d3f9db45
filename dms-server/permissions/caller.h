// Caller: who asks a service (documents, accounts) for something — the one type every front end
// hands the services. Either an authenticated account (the HTTP API, WebDAV, the portal) or the
// administrator acting from the command line or the server itself, named explicitly
// ("cli:root", "synaps-server") so that the audit log says who did it.
//
// A value type: cheap to copy, thread-safe to share read-only.
#pragma once

#include <string>
#include <utility>

#include "dms-server/store/model.h"

namespace synaps::permissions {

class Caller {
 public:
  // An authenticated account: everything it asks is decided by permissions.h.
  static Caller Account(store::User user) { return Caller(std::move(user)); }
  // The administrator, as the CLI acts (`actor` is "cli:<unix user>") or the server on its own
  // behalf ("synaps-server"): allowed everything, as any administrator is, and audited under
  // that name. It has no account: operations on the caller's own account refuse it.
  static Caller Administrator(std::string actor) {
    store::User user;
    user.login = std::move(actor);
    user.display_name = user.login;
    user.is_admin = true;
    return Caller(std::move(user));
  }

  // The account the permission decision is made for.
  const store::User& user() const { return user_; }
  // The name changes are audited under.
  store::Actor actor() const { return store::Actor{user_.login}; }
  // Whether the caller is an account of the store (an Administrator() is not).
  bool has_account() const { return user_.id != 0; }

 private:
  explicit Caller(store::User user) : user_(std::move(user)) {}
  store::User user_;
};

}  // namespace synaps::permissions
