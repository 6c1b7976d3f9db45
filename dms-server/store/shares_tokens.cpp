// Store: shares across services and personal API tokens.
#include <openssl/rand.h>

#include <algorithm>
#include <tuple>

#include "dms-server/store/names.h"
#include "dms-server/store/sha256.h"
#include "dms-server/store/store.h"

namespace synaps::store {

const char* ShareModeName(ShareMode mode) {
  return mode == ShareMode::kWrite ? "write" : "read";
}

const char* ShareAccessName(ShareMode mode) {
  return mode == ShareMode::kWrite ? "read-write" : "read";
}

namespace {

constexpr const char* kShareColumns =
    "SELECT sh.id, sh.document_id, sh.folder_id, COALESCE(s.code, ''), sh.mode, sh.created_by, "
    "sh.created_at FROM shares sh LEFT JOIN services s ON s.id = sh.service_id ";

Share ReadShare(const sql::Statement& row) {
  Share share;
  share.id = row.Int(0);
  if (!row.IsNull(1)) share.document_id = row.Int(1);
  if (!row.IsNull(2)) share.folder_id = row.Int(2);
  share.service_code = row.Text(3);
  share.mode = row.Int(4) == 2 ? ShareMode::kWrite : ShareMode::kRead;
  share.created_by = row.Text(5);
  share.created_at = row.Int(6);
  return share;
}

Result<std::vector<Share>> ReadShares(sql::Statement& select) {
  std::vector<Share> shares;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return shares;
    shares.push_back(ReadShare(select));
  }
}

std::string HashToken(std::string_view token) {
  Sha256 hash;
  hash.Update(token.data(), token.size());
  return hash.HexDigest();
}

}  // namespace

Status Store::EnqueueFolderTree(int64_t folder_id) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare("WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL SELECT f.id FROM folders f "
                   "JOIN tree t ON f.parent_id = t.id) "
                   "SELECT d.id FROM documents d JOIN tree t ON d.folder_id = t.id"));
  select.Bind(1, folder_id);
  SYNAPS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, select.AllInts());
  for (int64_t id : ids) SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(id));
  return Status::Ok();
}

Result<Share> Store::AddShareInTransaction(const Actor& actor, std::optional<int64_t> document_id,
                                           std::optional<int64_t> folder_id,
                                           std::string_view with_service, ShareMode mode,
                                           const std::string& target) {
  std::optional<int64_t> service_id;
  std::string with = "everyone";
  if (!with_service.empty()) {
    SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(with_service));
    service_id = service.id;
    with = service.code;
  }
  SYNAPS_ASSIGN_OR_RETURN(
      auto upsert,
      db_->Prepare("INSERT INTO shares(document_id, folder_id, service_id, mode, created_by, "
                   "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET mode = "
                   "excluded.mode RETURNING id"));
  upsert.Bind(1, document_id).Bind(2, folder_id).Bind(3, service_id);
  upsert.Bind(4, static_cast<int>(mode)).Bind(5, actor.login).Bind(6, NowMs());
  SYNAPS_ASSIGN_OR_RETURN(bool row, upsert.Step());
  if (!row) return Status::Internal("share insert returned no id");
  int64_t id = upsert.Int(0);
  SYNAPS_RETURN_IF_ERROR(upsert.Run());
  std::string detail = target + " with " + with + " (" + ShareModeName(mode) + ")";
  if (folder_id) {
    SYNAPS_ASSIGN_OR_RETURN(int64_t folder_service, FolderServiceId(*folder_id));
    SYNAPS_RETURN_IF_ERROR(AuditFolder(actor, "share.add", folder_service, detail));
  } else {
    SYNAPS_RETURN_IF_ERROR(Audit(actor, "share.add", document_id, detail));
  }
  if (document_id) SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(*document_id));
  if (folder_id) SYNAPS_RETURN_IF_ERROR(EnqueueFolderTree(*folder_id));
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare(std::string(kShareColumns) + "WHERE sh.id = ?"));
  select.Bind(1, id);
  SYNAPS_ASSIGN_OR_RETURN(bool found, select.Step());
  if (!found) return Status::Internal("share vanished");
  return ReadShare(select);
}

Result<Share> Store::ShareDocument(const Actor& actor, int64_t document_id,
                                   std::string_view with_service, ShareMode mode) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(document_id));
  if (SameServiceCode(document.service_code, with_service)) {
    return Status::Invalid(document.path() + " already belongs to " + std::string(with_service));
  }
  SYNAPS_ASSIGN_OR_RETURN(Share share, AddShareInTransaction(actor, document_id, std::nullopt,
                                                             with_service, mode, document.path()));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return share;
}

Result<Share> Store::ShareFolder(const Actor& actor, int64_t folder_id,
                                 std::string_view with_service, ShareMode mode) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Folder folder, LoadFolder(folder_id));
  if (!with_service.empty()) {
    SYNAPS_ASSIGN_OR_RETURN(Service with, FindService(with_service));
    if (with.id == folder.service_id) {
      return Status::Invalid(folder.path + " already belongs to " + std::string(with_service));
    }
  }
  SYNAPS_ASSIGN_OR_RETURN(
      Share share,
      AddShareInTransaction(actor, std::nullopt, folder_id, with_service, mode, folder.path + "/"));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return share;
}

Result<Share> Store::GetShare(int64_t share_id) {
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare(std::string(kShareColumns) + "WHERE sh.id = ?"));
  select.Bind(1, share_id);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no share " + std::to_string(share_id));
  return ReadShare(select);
}

Status Store::RemoveShare(const Actor& actor, int64_t share_id) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare(std::string(kShareColumns) + "WHERE sh.id = ?"));
  select.Bind(1, share_id);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no share " + std::to_string(share_id));
  Share share = ReadShare(select);
  SYNAPS_RETURN_IF_ERROR(select.Run());
  SYNAPS_ASSIGN_OR_RETURN(auto remove, db_->Prepare("DELETE FROM shares WHERE id = ?"));
  remove.Bind(1, share_id);
  SYNAPS_RETURN_IF_ERROR(remove.Run());
  std::string with = share.service_code.empty() ? "everyone" : share.service_code;
  std::string detail = "share " + std::to_string(share_id) + " with " + with;
  if (share.folder_id) {
    SYNAPS_ASSIGN_OR_RETURN(int64_t folder_service, FolderServiceId(*share.folder_id));
    SYNAPS_RETURN_IF_ERROR(AuditFolder(actor, "share.remove", folder_service, detail));
  } else {
    SYNAPS_RETURN_IF_ERROR(Audit(actor, "share.remove", share.document_id, detail));
  }
  if (share.document_id) SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(*share.document_id));
  if (share.folder_id) SYNAPS_RETURN_IF_ERROR(EnqueueFolderTree(*share.folder_id));
  return transaction.Commit();
}

Result<std::vector<IncomingShare>> Store::ListSharesGivenTo(
    const std::vector<std::string>& services) {
  std::string sql = std::string(kShareColumns) +
                    "LEFT JOIN documents d ON d.id = sh.document_id "
                    "WHERE (d.id IS NULL OR d.trashed_at IS NULL) AND (sh.service_id IS NULL";
  if (!services.empty()) {
    sql += " OR s.code IN (";
    for (size_t i = 0; i < services.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
  }
  sql += ")";
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare(sql));
  for (size_t i = 0; i < services.size(); ++i) {
    select.Bind(static_cast<int>(i + 1), ServiceCodeForLookup(services[i]));
  }
  SYNAPS_ASSIGN_OR_RETURN(std::vector<Share> shares, ReadShares(select));
  std::vector<IncomingShare> incoming;
  for (Share& share : shares) {
    IncomingShare entry;
    if (share.folder_id) {
      SYNAPS_ASSIGN_OR_RETURN(Folder folder, LoadFolder(*share.folder_id));
      entry.path = folder.path;
      SYNAPS_ASSIGN_OR_RETURN(StorePath parsed, ParseStorePath(folder.path));
      entry.owner_service = parsed.service_code;
    } else {
      SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(*share.document_id));
      entry.path = document.path();
      entry.owner_service = document.service_code;
    }
    entry.share = std::move(share);
    incoming.push_back(std::move(entry));
  }
  std::sort(incoming.begin(), incoming.end(), [](const auto& a, const auto& b) {
    return std::tie(a.path, a.share.id) < std::tie(b.path, b.share.id);
  });
  return incoming;
}

Result<std::vector<Share>> Store::EffectiveShares(int64_t document_id) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare(std::string("WITH RECURSIVE chain(id) AS (SELECT folder_id FROM documents "
                               "WHERE id = ?1 UNION ALL SELECT f.parent_id FROM folders f JOIN "
                               "chain c ON f.id = c.id WHERE f.parent_id IS NOT NULL) ") +
                   kShareColumns +
                   "WHERE sh.document_id = ?1 OR sh.folder_id IN (SELECT id FROM chain) "
                   "ORDER BY sh.id"));
  select.Bind(1, document_id);
  return ReadShares(select);
}

Result<std::vector<Share>> Store::ListShares(std::optional<int64_t> document_id,
                                             std::optional<int64_t> folder_id) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare(std::string(kShareColumns) + "WHERE sh.document_id IS ?1 AND sh.folder_id IS ?2 "
                                                "ORDER BY sh.id"));
  select.Bind(1, document_id).Bind(2, folder_id);
  return ReadShares(select);
}

Result<std::string> Store::CreateApiToken(const Actor& actor, std::string_view login,
                                          std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(ValidateLabel("token name", name, 100));
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) return Status::Internal("no randomness for a token");
  std::string token = "synaps_" + HexEncode(random, sizeof random);
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  SYNAPS_ASSIGN_OR_RETURN(auto insert,
                          db_->Prepare("INSERT INTO api_tokens(user_id, name, token_sha256, "
                                       "created_at) VALUES (?, ?, ?, ?)"));
  insert.Bind(1, user.id).Bind(2, name).Bind(3, HashToken(token)).Bind(4, NowMs());
  Status inserted = insert.Run();
  if (inserted.code() == ErrorCode::kConflict) {
    return Status::AlreadyExists(user.login + " already has a token named " + std::string(name));
  }
  SYNAPS_RETURN_IF_ERROR(inserted);
  SYNAPS_RETURN_IF_ERROR(
      Audit(actor, "token.create", std::nullopt, user.login + " \"" + std::string(name) + "\""));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return token;
}

Result<User> Store::AuthenticateToken(std::string_view token) {
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare("SELECT u.login FROM api_tokens t JOIN users u ON "
                                       "u.id = t.user_id WHERE t.token_sha256 = ? AND "
                                       "u.disabled_at IS NULL"));
  select.Bind(1, HashToken(token));
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::Denied("unknown or revoked API token");
  return FindUser(select.Text(0));
}

Result<std::vector<ApiToken>> Store::ListApiTokens(std::string_view login) {
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare("SELECT id, name, created_at FROM api_tokens "
                                                    "WHERE user_id = ? ORDER BY name"));
  select.Bind(1, user.id);
  std::vector<ApiToken> tokens;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    tokens.push_back({select.Int(0), user.login, select.Text(1), select.Int(2)});
  }
  return tokens;
}

Status Store::RevokeApiToken(const Actor& actor, std::string_view login, std::string_view name) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  SYNAPS_ASSIGN_OR_RETURN(auto remove,
                          db_->Prepare("DELETE FROM api_tokens WHERE user_id = ? AND name = ?"));
  remove.Bind(1, user.id).Bind(2, name);
  SYNAPS_RETURN_IF_ERROR(remove.Run());
  if (db_->Changes() == 0) {
    return Status::NotFound(user.login + " has no token named " + std::string(name));
  }
  SYNAPS_RETURN_IF_ERROR(
      Audit(actor, "token.revoke", std::nullopt, user.login + " \"" + std::string(name) + "\""));
  return transaction.Commit();
}

}  // namespace synaps::store
