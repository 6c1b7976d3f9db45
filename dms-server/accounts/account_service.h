// AccountService: the one set of operations on services, accounts, API tokens and the audit log
// under every front end (ARCHITECTURE invariant 6). The HTTP API, the CLI and the server itself
// change services, memberships, accounts and tokens, and read or prune the audit log, only
// through here; none of them calls a mutating Store method or repeats a permission rule.
//
// Every operation takes the Caller (an account, or an explicit administrator: the CLI, the
// server), makes the permission decision through permissions::Permissions (whose header states
// the rules: administrators administer; a service's managers set its members' roles and read
// its audit log), applies the rules of accounts, calls the store and returns a Status that each
// front end translates (REST into a JSON error, the CLI into one line). A change is one store
// transaction with its audit entry, under the caller's name.
//
// Errors, everywhere: PermissionDenied when the caller may not do it ("only administrators may
// do this", "only the managers of CAB and administrators manage its members"); NotFound for an
// unknown service, account or token; InvalidArgument for a bad code, name, role or password
// (under 8 characters); AlreadyExists when a code, login or token name is taken; Conflict when
// passwords are kept by a directory rather than by Synaps (see Options), or when a change would
// leave no enabled administrator; Busy or IoError when the store fails. Nothing here throws.
//
// Thread-safety: like the Store it borrows, an AccountService is for one thread at a time;
// build one per request or command (it is cheap). Ownership: it borrows the Store, which must
// outlive it; what it returns belongs to the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dms-server/permissions/caller.h"
#include "dms-server/store/store.h"

namespace synaps::accounts {

// Who asks: permissions/caller.h, the same for every service.
using permissions::Caller;

// The account the server creates on its first start, when the store has none.
inline constexpr const char* kFirstAdministratorLogin = "admin";

// How long audit entries are kept when the settings do not say (synaps.audit.retention_days).
inline constexpr int kDefaultAuditRetentionDays = 365;

// A service as a caller sees it: its members only for those who manage it.
struct ServiceView {
  store::Service service;
  // The members, by login, when the caller manages the service (its managers, administrators);
  // nullopt for everyone else.
  std::optional<std::vector<store::ServiceMember>> members;
};

// Which audit entries to read, newest first.
struct AuditRequest {
  std::optional<int64_t> document_id;  // only the entries about this document
  // Only the entries of these services (codes in any case); empty: every entry the caller may
  // read (everything for an administrator, the managed services' for a manager).
  std::vector<std::string> services;
  std::optional<int64_t> before_id;  // only entries older than this one: the last id of a page
  int limit = 50;                    // 1 to 10000
};

class AccountService {
 public:
  struct Options {
    // Whether Synaps keeps the passwords (the store's scrypt hashes). False when a directory
    // keeps them: setting a password then gives Conflict, and so does creating an account.
    bool manages_passwords = true;
  };

  explicit AccountService(store::Store& store) : AccountService(store, Options{}) {}
  AccountService(store::Store& store, Options options) : store_(store), options_(options) {}
  AccountService(const AccountService&) = delete;
  AccountService& operator=(const AccountService&) = delete;

  // --- Services and their members (services.cpp) -----------------------------------------
  // Every service, by code: any caller may list them (it reveals no document).
  store::Result<std::vector<store::Service>> ListServices(const Caller& caller);
  // One service (any caller), with its members when the caller manages it. NotFound.
  store::Result<ServiceView> GetService(const Caller& caller, std::string_view code);
  // Administrators. InvalidArgument for a bad code or name, AlreadyExists for a code taken.
  store::Result<store::Service> CreateService(const Caller& caller, std::string_view code,
                                              std::string_view name);
  // Administrators: a new name; the code, which every path starts with, never changes.
  store::Result<store::Service> RenameService(const Caller& caller, std::string_view code,
                                              std::string_view name);
  // The members of a service, by login: its managers and administrators. NotFound for an
  // unknown service, PermissionDenied for anyone else.
  store::Result<std::vector<store::ServiceMember>> ListMembers(const Caller& caller,
                                                               std::string_view code);
  // Gives `login` the role `role` in the service (adding the membership or changing its role):
  // its managers and administrators, for that service only; never the admin flag. NotFound for
  // an unknown service (checked first) or account.
  store::Status SetMembership(const Caller& caller, std::string_view login, std::string_view code,
                              store::Role role);
  // Ends a membership: its managers and administrators. NotFound for an unknown service or
  // account, or when `login` is no member.
  store::Status RemoveMembership(const Caller& caller, std::string_view login,
                                 std::string_view code);

  // --- Accounts (users.cpp) --------------------------------------------------------------
  // Administrators, for every operation of this section but the caller's own password.
  store::Result<std::vector<store::User>> ListUsers(const Caller& caller);
  store::Result<store::User> GetUser(const Caller& caller, std::string_view login);
  // Creates an account with its memberships (each audited under its service). Conflict when a
  // directory keeps the passwords.
  store::Result<store::User> CreateUser(const Caller& caller, const store::NewUser& user);
  // Changes an account, all or nothing: display name, admin flag, disabled, a password reset
  // (Conflict when a directory keeps the passwords). A new password or disabling the account
  // moves its credential generation on: its sessions and cached credentials end. Conflict when
  // the change would leave no enabled administrator.
  store::Result<store::User> UpdateUser(const Caller& caller, std::string_view login,
                                        const store::UserChanges& changes);
  // Whether the caller may change its own password: an account (PermissionDenied for an
  // Administrator(), which has none), while Synaps keeps the passwords (Conflict otherwise).
  // Front ends ask before they verify the current password, which costs a throttled hash.
  store::Status MayChangeOwnPassword(const Caller& caller) const;
  // Sets the caller's own password, after MayChangeOwnPassword(). The front end has verified
  // that the caller knows the current one (throttled like a login): a session or a token alone
  // must not be enough to take over an account. Returns the account, whose credential
  // generation moved on.
  store::Result<store::User> ChangeOwnPassword(const Caller& caller, std::string_view password);
  // On the first start of a store without any account, creates the administrator
  // kFirstAdministratorLogin ("Administrateur") with a generated password, and returns that
  // password, the only time it is known. Returns "" when accounts exist already (or another
  // server starting at the same instant created it). Administrators (the server names itself).
  store::Result<std::string> EnsureFirstAdministrator(const Caller& caller);

  // --- API tokens (tokens.cpp) -----------------------------------------------------------
  // A token is made by the account that will use it, and shown once; administrators list and
  // revoke anyone's. Front ends decide which of these they offer (the API makes tokens only
  // for the caller; a token never manages tokens: that is the front end's to refuse, since
  // only it knows how the caller authenticated).
  //
  // The caller's own tokens: any account (PermissionDenied for an Administrator()).
  store::Result<std::vector<store::ApiToken>> ListOwnTokens(const Caller& caller);
  // Returns the token in clear, the only time it is known. InvalidArgument for a bad name,
  // AlreadyExists when the caller has a token of that name.
  store::Result<std::string> CreateOwnToken(const Caller& caller, std::string_view name);
  // NotFound when the caller has no token of that name.
  store::Status RevokeOwnToken(const Caller& caller, std::string_view name);
  // Anyone's tokens (one's own included): administrators only. NotFound for an unknown login.
  store::Result<std::vector<store::ApiToken>> ListTokensOf(const Caller& caller,
                                                           std::string_view login);
  // Makes a token for `login` (the CLI's `token create`, for a script's account), returned in
  // clear once: administrators only.
  store::Result<std::string> CreateTokenFor(const Caller& caller, std::string_view login,
                                            std::string_view name);
  // Revokes `login`'s token: administrators only. It stops working at once.
  store::Status RevokeTokenOf(const Caller& caller, std::string_view login, std::string_view name);

  // --- Saved searches (saved_searches.cpp) -----------------------------------------------
  // Each account keeps its own searches; nobody reads or deletes another's (an administrator
  // neither: they are personal). PermissionDenied for an Administrator(), which has no account.
  // What a saved search finds is counted by the search edge when it runs, for the caller, so
  // that a count never includes a document the caller may not read.
  //
  // The caller's saved searches, by name.
  store::Result<std::vector<store::SavedSearch>> ListOwnSavedSearches(const Caller& caller);
  // Keeps `query` (the API's query string, already checked by the front end) under `name`.
  // InvalidArgument for a bad name or query, AlreadyExists when the caller has one of that name.
  store::Result<store::SavedSearch> SaveSearch(const Caller& caller, std::string_view name,
                                               std::string_view query);
  // NotFound when the caller has no saved search `id`.
  store::Status ForgetSavedSearch(const Caller& caller, int64_t id);
  // Notes that the caller runs saved search `id` now: its next listing counts what is new from
  // here. Returns it as it was (its previous visited_at). NotFound as for ForgetSavedSearch.
  store::Result<store::SavedSearch> VisitSavedSearch(const Caller& caller, int64_t id);

  // --- The audit log (audit.cpp) ---------------------------------------------------------
  // The entries `request` selects, newest first, among those the caller may read: everything
  // for administrators, the entries of the services they manage for managers (permissions.h).
  // With a document: its entries, for administrators (purged documents included) and the
  // managers of its service; NotFound when the caller may not read the document (like a missing
  // one), PermissionDenied when it reads but does not manage it. With services: NotFound for an
  // unknown one, PermissionDenied for one the caller does not manage, InvalidArgument for a
  // code that is not UTF-8. PermissionDenied for a caller who manages no service.
  // InvalidArgument for a limit out of range.
  store::Result<std::vector<store::AuditEntry>> ListAudit(const Caller& caller,
                                                          const AuditRequest& request);
  // Deletes the entries older than `retention_days` days, in one transaction audited as one
  // entry "audit.prune" with their number; 0 keeps everything (and deletes nothing).
  // Administrators only (the server, daily; the CLI's `audit prune`). Returns how many entries
  // were deleted. InvalidArgument for a negative number of days.
  store::Result<int64_t> PruneAudit(const Caller& caller, int retention_days);

 private:
  // PermissionDenied unless the caller administers accounts and services.
  store::Status RequireAdministrator(const Caller& caller) const;
  // Conflict when a directory keeps the passwords.
  store::Status RequireLocalPasswords() const;
  // PermissionDenied for a caller that is not an account (an Administrator()).
  store::Status RequireAccount(const Caller& caller) const;
  // The caller as the store knows it now: its account read again (an Administrator() as it
  // is), so that an administrator demoted, a manager removed from a service or an account
  // disabled since it authenticated is decided on as it now stands. PermissionDenied for an
  // account disabled or removed since.
  store::Result<Caller> Current(const Caller& caller);
  // Runs `change(current caller)` in one write transaction: the caller read again, the
  // permission check made on it and the store mutation see one state, so a role taken away by
  // another process between the check and the change cannot slip in. Commits when `change`
  // succeeds.
  template <typename Change>
  auto InTransaction(const Caller& caller, Change&& change) -> decltype(change(caller));

  store::Store& store_;
  Options options_;
};

}  // namespace synaps::accounts
