// Store: tags and free metadata.
#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::store {

namespace {

Status ValidateMetadataKey(std::string_view key) {
  if (key.empty() || key.size() > 64)
    return Status::Invalid("a metadata key has 1 to 64 characters");
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == ':';
    if (!ok) {
      return Status::Invalid("metadata key '" + EscapeForDisplay(key) +
                             "' may only use letters, digits, '_', '-', '.' and ':'");
    }
  }
  return Status::Ok();
}

}  // namespace

Status Store::AddTagInTransaction(const Actor& actor, int64_t document_id, std::string_view tag,
                                  bool* added) {
  SYNAPS_RETURN_IF_ERROR(ValidateLabel("tag", tag, 100));
  SYNAPS_ASSIGN_OR_RETURN(auto insert_tag,
                          db_->Prepare("INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO "
                                       "UPDATE SET name = name RETURNING id"));
  insert_tag.Bind(1, tag);
  SYNAPS_ASSIGN_OR_RETURN(bool row, insert_tag.Step());
  if (!row) return Status::Internal("tag insert returned no id");
  int64_t tag_id = insert_tag.Int(0);
  SYNAPS_RETURN_IF_ERROR(insert_tag.Run());
  SYNAPS_ASSIGN_OR_RETURN(
      auto link,
      db_->Prepare("INSERT OR IGNORE INTO document_tags(document_id, tag_id) VALUES (?, ?)"));
  link.Bind(1, document_id).Bind(2, tag_id);
  SYNAPS_RETURN_IF_ERROR(link.Run());
  *added = db_->Changes() > 0;
  if (*added)
    SYNAPS_RETURN_IF_ERROR(Audit(actor, "document.tag", document_id, "+" + std::string(tag)));
  return Status::Ok();
}

Status Store::AddTag(const Actor& actor, int64_t document_id, std::string_view tag) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_RETURN_IF_ERROR(GetDocument(document_id).status());
  bool added = false;
  SYNAPS_RETURN_IF_ERROR(AddTagInTransaction(actor, document_id, tag, &added));
  if (added) SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(document_id));
  return transaction.Commit();
}

Status Store::RemoveTag(const Actor& actor, int64_t document_id, std::string_view tag) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_RETURN_IF_ERROR(GetDocument(document_id).status());
  SYNAPS_ASSIGN_OR_RETURN(auto remove,
                          db_->Prepare("DELETE FROM document_tags WHERE document_id = ? AND "
                                       "tag_id = (SELECT id FROM tags WHERE name = ?)"));
  remove.Bind(1, document_id).Bind(2, tag);
  SYNAPS_RETURN_IF_ERROR(remove.Run());
  if (db_->Changes() == 0) {
    return Status::NotFound("document " + std::to_string(document_id) + " has no tag '" +
                            std::string(tag) + "'");
  }
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "document.untag", document_id, "-" + std::string(tag)));
  SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(document_id));
  return transaction.Commit();
}

Result<std::vector<std::pair<std::string, int64_t>>> Store::ListTags() {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db_->Prepare("SELECT t.name, COUNT(d.id) FROM tags t JOIN document_tags dt ON "
                                "dt.tag_id = t.id JOIN documents d ON d.id = dt.document_id AND "
                                "d.trashed_at IS NULL GROUP BY t.id ORDER BY t.name"));
  std::vector<std::pair<std::string, int64_t>> tags;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    tags.emplace_back(select.Text(0), select.Int(1));
  }
  return tags;
}

Status Store::SetMetadata(const Actor& actor, int64_t document_id, std::string_view key,
                          std::string_view value) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_RETURN_IF_ERROR(GetDocument(document_id).status());
  SYNAPS_RETURN_IF_ERROR(SetMetadataInTransaction(actor, document_id, key, value));
  return transaction.Commit();
}

Status Store::SetMetadataInTransaction(const Actor& actor, int64_t document_id,
                                       std::string_view key, std::string_view value) {
  SYNAPS_RETURN_IF_ERROR(ValidateMetadataKey(key));
  SYNAPS_RETURN_IF_ERROR(ValidateLabel("metadata value", value, 4096));
  SYNAPS_ASSIGN_OR_RETURN(
      auto upsert, db_->Prepare("INSERT INTO metadata(document_id, key, value) VALUES "
                                "(?, ?, ?) ON CONFLICT DO UPDATE SET value = excluded.value"));
  upsert.Bind(1, document_id).Bind(2, key).Bind(3, value);
  SYNAPS_RETURN_IF_ERROR(upsert.Run());
  SYNAPS_RETURN_IF_ERROR(
      Audit(actor, "document.meta", document_id, std::string(key) + "=" + std::string(value)));
  return EnqueueIndexWork(document_id);
}

Status Store::RemoveMetadata(const Actor& actor, int64_t document_id, std::string_view key) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(auto remove,
                          db_->Prepare("DELETE FROM metadata WHERE document_id = ? AND key = ?"));
  remove.Bind(1, document_id).Bind(2, key);
  SYNAPS_RETURN_IF_ERROR(remove.Run());
  if (db_->Changes() == 0) {
    return Status::NotFound("document " + std::to_string(document_id) + " has no metadata '" +
                            std::string(key) + "'");
  }
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "document.meta", document_id, "-" + std::string(key)));
  SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(document_id));
  return transaction.Commit();
}

Result<std::map<std::string, std::string>> Store::GetMetadata(int64_t document_id) {
  SYNAPS_RETURN_IF_ERROR(GetDocument(document_id).status());
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare("SELECT key, value FROM metadata WHERE "
                                                    "document_id = ? ORDER BY key"));
  select.Bind(1, document_id);
  std::map<std::string, std::string> metadata;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    metadata[select.Text(0)] = select.Text(1);
  }
  return metadata;
}

}  // namespace synaps::store
