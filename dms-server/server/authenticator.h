// Authenticator: answers "whose password is this?" for a login and a password.
//
// The local implementation checks the scrypt hashes the store keeps. A directory (LDAP, Active
// Directory) can implement the same interface later: the routes only ever call CheckPassword()
// (authentication.h), which keeps login throttling, the limit on concurrent password checks and
// the cache of verified credentials around whichever Authenticator the server was given. Roles
// and the admin flag always come from the store, whoever checked the password.
//
// Thread-safety: implementations are called from every request thread at once.
#pragma once

#include <string_view>

#include "dms-server/store/store.h"

namespace synaps::server {

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // The account of `login` when `password` is its password, read from `store` (the calling
  // thread's). PermissionDenied when the password is wrong, the login unknown or the account
  // disabled, with the same message for all three; another error when the store or the
  // directory fails.
  virtual store::Result<store::User> Authenticate(store::Store& store, std::string_view login,
                                                  std::string_view password) = 0;

  // Whether Synaps keeps the passwords, so that they may be changed through it (a directory
  // keeps its own).
  virtual bool ManagesPasswords() const = 0;
};

// Passwords as the store keeps them (Store::Authenticate).
class LocalAuthenticator final : public Authenticator {
 public:
  store::Result<store::User> Authenticate(store::Store& store, std::string_view login,
                                          std::string_view password) override {
    return store.Authenticate(login, password);
  }
  bool ManagesPasswords() const override { return true; }
};

}  // namespace synaps::server
