// Store: what WebDAV keeps beside the documents, its clients' dead properties and the write
// locks held (store.h, "WebDAV's state").
#include <algorithm>
#include <charconv>

#include "dms-server/store/store.h"

namespace synaps::store {

namespace {

Status CheckItem(const DavItem& item) {
  if (item.document_id.has_value() == item.folder_id.has_value()) {
    return Status::Invalid("a WebDAV property belongs to one document or one folder");
  }
  return Status::Ok();
}

// Binds the item's document id to `index` and its folder id to `index + 1` (one is NULL).
void BindItem(sql::Statement& statement, int index, const DavItem& item) {
  statement.Bind(index, item.document_id).Bind(index + 1, item.folder_id);
}

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string text;
  for (int64_t id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
  return text;
}

std::vector<int64_t> SplitIds(const std::string& text) {
  std::vector<int64_t> ids;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  while (at < end) {
    int64_t id = 0;
    auto [next, error] = std::from_chars(at, end, id);
    if (error == std::errc()) ids.push_back(id);
    at = std::find(next, end, ',');
    if (at < end) ++at;
  }
  return ids;
}

// The item a row's document_id and folder_id (columns `column` and `column + 1`) name.
DavItem RowItem(const sql::Statement& row, int column) {
  if (!row.IsNull(column)) return DavItem::Document(row.Int(column));
  return DavItem::Folder(row.Int(column + 1));
}

}  // namespace

Result<DavProperties> Store::DeadProperties(const DavItem& item) {
  SYNAPS_RETURN_IF_ERROR(CheckItem(item));
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db_->Prepare("SELECT name, value FROM dav_properties WHERE document_id IS ? "
                                "AND folder_id IS ?"));
  BindItem(select, 1, item);
  DavProperties properties;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    properties[select.Text(0)] = select.Text(1);
  }
  return properties;
}

Result<std::map<DavItem, DavProperties>> Store::DeadPropertiesIn(int64_t folder_id) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare(
          "SELECT document_id, folder_id, name, value FROM dav_properties "
          "WHERE document_id IN (SELECT id FROM documents WHERE folder_id = ?1 AND "
          "trashed_at IS NULL) "
          "OR folder_id = ?1 OR folder_id IN (SELECT id FROM folders WHERE parent_id = ?1)"));
  select.Bind(1, folder_id);
  std::map<DavItem, DavProperties> found;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    found[RowItem(select, 0)][select.Text(2)] = select.Text(3);
  }
  return found;
}

Status Store::ChangeDeadProperties(const Actor& /*actor*/, const DavItem& item,
                                   const std::vector<DavPropertyChange>& changes) {
  SYNAPS_RETURN_IF_ERROR(CheckItem(item));
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  if (item.document_id) {
    SYNAPS_RETURN_IF_ERROR(GetDocument(*item.document_id).status());
  } else {
    SYNAPS_RETURN_IF_ERROR(GetFolder(*item.folder_id).status());
  }
  for (const DavPropertyChange& change : changes) {
    if (change.name.empty()) return Status::Invalid("a WebDAV property has a name");
    SYNAPS_ASSIGN_OR_RETURN(auto remove,
                            db_->Prepare("DELETE FROM dav_properties WHERE document_id IS ? AND "
                                         "folder_id IS ? AND name = ?"));
    BindItem(remove, 1, item);
    SYNAPS_RETURN_IF_ERROR(remove.Bind(3, change.name).Run());
    if (!change.value_xml) continue;
    SYNAPS_ASSIGN_OR_RETURN(auto insert,
                            db_->Prepare("INSERT INTO dav_properties(document_id, folder_id, "
                                         "name, value) VALUES (?, ?, ?, ?)"));
    BindItem(insert, 1, item);
    SYNAPS_RETURN_IF_ERROR(insert.Bind(3, change.name).Bind(4, *change.value_xml).Run());
  }
  return transaction.Commit();
}

Status Store::CopyDeadProperties(const Actor& actor, const DavItem& from, const DavItem& to) {
  SYNAPS_RETURN_IF_ERROR(CheckItem(from));
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(DavProperties copied, DeadProperties(from));
  SYNAPS_ASSIGN_OR_RETURN(DavProperties own, DeadProperties(to));
  std::vector<DavPropertyChange> changes;
  for (auto& [name, value] : own) {
    if (!copied.count(name)) changes.push_back({name, std::nullopt});
  }
  for (auto& [name, value] : copied) changes.push_back({name, value});
  SYNAPS_RETURN_IF_ERROR(ChangeDeadProperties(actor, to, changes));
  return transaction.Commit();
}

Result<std::vector<DavLock>> Store::ListDavLocks(int64_t now) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare("SELECT token, path, exclusive, infinite, owner_xml, login, timeout_seconds, "
                   "expires_at, saved_documents FROM dav_locks WHERE expires_at > ? "
                   "ORDER BY token"));
  select.Bind(1, now);
  std::vector<DavLock> locks;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    DavLock lock;
    lock.token = select.Text(0);
    lock.path = select.Text(1);
    lock.exclusive = select.Int(2) != 0;
    lock.infinite = select.Int(3) != 0;
    lock.owner_xml = select.Text(4);
    lock.login = select.Text(5);
    lock.timeout_seconds = select.Int(6);
    lock.expires_at = select.Int(7);
    lock.saved_documents = SplitIds(select.Text(8));
    locks.push_back(std::move(lock));
  }
  return locks;
}

Status Store::KeepDavLock(const Actor& /*actor*/, const DavLock& lock) {
  if (lock.token.empty() || lock.path.empty()) {
    return Status::Invalid("a WebDAV lock has a token and a path");
  }
  SYNAPS_ASSIGN_OR_RETURN(
      auto insert,
      db_->Prepare("INSERT OR REPLACE INTO dav_locks(token, path, exclusive, infinite, "
                   "owner_xml, login, timeout_seconds, expires_at, saved_documents) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, lock.token).Bind(2, lock.path).Bind(3, lock.exclusive ? 1 : 0);
  insert.Bind(4, lock.infinite ? 1 : 0).Bind(5, lock.owner_xml).Bind(6, lock.login);
  insert.Bind(7, lock.timeout_seconds).Bind(8, lock.expires_at);
  insert.Bind(9, JoinIds(lock.saved_documents));
  return insert.Run();
}

Status Store::DropDavLocks(const Actor& /*actor*/, const std::vector<std::string>& tokens,
                           int64_t now) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  for (const std::string& token : tokens) {
    SYNAPS_ASSIGN_OR_RETURN(auto remove, db_->Prepare("DELETE FROM dav_locks WHERE token = ?"));
    SYNAPS_RETURN_IF_ERROR(remove.Bind(1, token).Run());
  }
  SYNAPS_ASSIGN_OR_RETURN(auto expired,
                          db_->Prepare("DELETE FROM dav_locks WHERE expires_at <= ?"));
  SYNAPS_RETURN_IF_ERROR(expired.Bind(1, now).Run());
  return transaction.Commit();
}

}  // namespace synaps::store
