// AccountService: the searches an account keeps under a name, its own only.
#include "dms-server/accounts/account_service.h"

namespace synaps::accounts {

using store::Result;
using store::Status;

Result<std::vector<store::SavedSearch>> AccountService::ListOwnSavedSearches(const Caller& caller) {
  SYNAPS_RETURN_IF_ERROR(RequireAccount(caller));
  return store_.ListSavedSearches(caller.user().login);
}

Result<store::SavedSearch> AccountService::SaveSearch(const Caller& caller, std::string_view name,
                                                      std::string_view query) {
  SYNAPS_RETURN_IF_ERROR(RequireAccount(caller));
  return store_.AddSavedSearch(caller.actor(), caller.user().login, name, query);
}

Status AccountService::ForgetSavedSearch(const Caller& caller, int64_t id) {
  SYNAPS_RETURN_IF_ERROR(RequireAccount(caller));
  return store_.RemoveSavedSearch(caller.actor(), caller.user().login, id);
}

Result<store::SavedSearch> AccountService::VisitSavedSearch(const Caller& caller, int64_t id) {
  SYNAPS_RETURN_IF_ERROR(RequireAccount(caller));
  return store_.MarkSavedSearchVisited(caller.user().login, id, store::NowMs());
}

}  // namespace synaps::accounts
