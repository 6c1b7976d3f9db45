// AccountService: personal API tokens, the caller's own and, for administrators, anyone's.
#include "dms-server/accounts/account_service.h"

namespace synaps::accounts {

using store::Result;
using store::Status;

Result<std::vector<store::ApiToken>> AccountService::ListOwnTokens(const Caller& caller) {
  SYNAPS_RETURN_IF_ERROR(RequireAccount(caller));
  return store_.ListApiTokens(caller.user().login);
}

Result<std::string> AccountService::CreateOwnToken(const Caller& caller, std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(RequireAccount(caller));
  return store_.CreateApiToken(caller.actor(), caller.user().login, name);
}

Status AccountService::RevokeOwnToken(const Caller& caller, std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(RequireAccount(caller));
  return store_.RevokeApiToken(caller.actor(), caller.user().login, name);
}

Result<std::vector<store::ApiToken>> AccountService::ListTokensOf(const Caller& caller,
                                                                  std::string_view login) {
  SYNAPS_RETURN_IF_ERROR(RequireAdministrator(caller));
  return store_.ListApiTokens(login);
}

Result<std::string> AccountService::CreateTokenFor(const Caller& caller, std::string_view login,
                                                   std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(RequireAdministrator(caller));
  return store_.CreateApiToken(caller.actor(), login, name);
}

Status AccountService::RevokeTokenOf(const Caller& caller, std::string_view login,
                                     std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(RequireAdministrator(caller));
  return store_.RevokeApiToken(caller.actor(), login, name);
}

}  // namespace synaps::accounts
