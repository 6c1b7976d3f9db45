// Caller: who asks the document service for something. Either an authenticated account (the
// HTTP API, WebDAV, the portal) or the administrator acting from the command line, named
// explicitly ("cli:root") so that the audit log says who did it.
//
// A value type: cheap to copy, thread-safe to share read-only.
#pragma once

#include <string>
#include <utility>

#include "dms-server/store/model.h"

namespace synaps::documents {

class Caller {
 public:
  // An authenticated account: everything it asks is decided by permissions.h.
  static Caller Account(store::User user) { return Caller(std::move(user)); }
  // The administrator, as the CLI acts (`actor` is "cli:<unix user>"): allowed everything, as
  // any administrator is, and audited under that name.
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

 private:
  explicit Caller(store::User user) : user_(std::move(user)) {}
  store::User user_;
};

}  // namespace synaps::documents
