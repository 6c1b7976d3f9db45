// Store: the searches an account keeps under a name.
#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::store {

Result<SavedSearch> Store::AddSavedSearch(const Actor& actor, std::string_view login,
                                          std::string_view name, std::string_view query) {
  SYNAPS_RETURN_IF_ERROR(ValidateLabel("saved search name", name, 100));
  SYNAPS_RETURN_IF_ERROR(ValidateLabel("saved search query", query, 2000));
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  const int64_t now = NowMs();
  SavedSearch saved{0, user.login, std::string(name), std::string(query), now, now};
  SYNAPS_ASSIGN_OR_RETURN(auto insert,
                          db_->Prepare("INSERT INTO saved_searches(user_id, name, query, "
                                       "created_at, visited_at) VALUES (?, ?, ?, ?, ?)"));
  insert.Bind(1, user.id).Bind(2, name).Bind(3, query).Bind(4, now).Bind(5, now);
  Status inserted = insert.Run();
  if (inserted.code() == ErrorCode::kConflict) {
    return Status::AlreadyExists(user.login + " already has a saved search named " +
                                 std::string(name));
  }
  SYNAPS_RETURN_IF_ERROR(inserted);
  saved.id = db_->LastInsertId();
  SYNAPS_RETURN_IF_ERROR(
      Audit(actor, "search.save", std::nullopt, user.login + " \"" + std::string(name) + "\""));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return saved;
}

Result<std::vector<SavedSearch>> Store::ListSavedSearches(std::string_view login) {
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare("SELECT id, name, query, created_at, visited_at FROM "
                                       "saved_searches WHERE user_id = ? ORDER BY name, id"));
  select.Bind(1, user.id);
  std::vector<SavedSearch> saved;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    saved.push_back(
        {select.Int(0), user.login, select.Text(1), select.Text(2), select.Int(3), select.Int(4)});
  }
  return saved;
}

Status Store::RemoveSavedSearch(const Actor& actor, std::string_view login, int64_t id) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  SYNAPS_ASSIGN_OR_RETURN(auto remove,
                          db_->Prepare("DELETE FROM saved_searches WHERE user_id = ? AND id = ? "
                                       "RETURNING name"));
  remove.Bind(1, user.id).Bind(2, id);
  SYNAPS_ASSIGN_OR_RETURN(bool row, remove.Step());
  if (!row) return Status::NotFound("no saved search " + std::to_string(id));
  std::string name = remove.Text(0);
  SYNAPS_RETURN_IF_ERROR(remove.Run());  // to its end, as RETURNING asks
  SYNAPS_RETURN_IF_ERROR(
      Audit(actor, "search.forget", std::nullopt, user.login + " \"" + name + "\""));
  return transaction.Commit();
}

Result<SavedSearch> Store::MarkSavedSearchVisited(std::string_view login, int64_t id, int64_t at) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare("SELECT name, query, created_at, visited_at FROM "
                                       "saved_searches WHERE user_id = ? AND id = ?"));
  select.Bind(1, user.id).Bind(2, id);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no saved search " + std::to_string(id));
  SavedSearch saved{id, user.login, select.Text(0), select.Text(1), select.Int(2), select.Int(3)};
  SYNAPS_ASSIGN_OR_RETURN(auto update,
                          db_->Prepare("UPDATE saved_searches SET visited_at = ? WHERE id = ?"));
  update.Bind(1, at).Bind(2, id);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return saved;
}

}  // namespace synaps::store
