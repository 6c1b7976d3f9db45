// Store: documents and their versions (create, new version, restore, move, read).
#include "dms-server/store/content_digests.h"
#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::store {

Result<std::optional<int64_t>> Store::FindLiveDocumentId(int64_t folder_id, std::string_view name) {
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare("SELECT id FROM documents WHERE folder_id = ? AND name = ? "
                                       "AND trashed_at IS NULL"));
  select.Bind(1, folder_id).Bind(2, name);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(select.Int(0));
}

namespace {

// A document with its current version's size, type and times: GetDocument() by id, and
// FindDocument() by folder and name, read the same columns.
constexpr std::string_view kDocumentColumns =
    "SELECT d.id, d.service_id, s.code, d.folder_id, d.name, d.current_version, "
    "d.created_at, d.updated_at, d.trashed_at, v.size, v.mime_type, "
    "COALESCE(v.modified_at, v.created_at), v.saves "
    "FROM documents d JOIN services s ON s.id = d.service_id "
    "JOIN versions v ON v.document_id = d.id AND v.number = d.current_version ";

}  // namespace

Result<Document> Store::ReadDocument(sql::Statement& select, const std::string* folder_path) {
  Document document;
  document.id = select.Int(0);
  document.service_id = select.Int(1);
  document.service_code = select.Text(2);
  document.folder_id = select.Int(3);
  document.name = select.Text(4);
  document.current_version = static_cast<int>(select.Int(5));
  document.created_at = select.Int(6);
  document.updated_at = select.Int(7);
  if (!select.IsNull(8)) document.trashed_at = select.Int(8);
  document.size = select.Int(9);
  document.mime_type = select.Text(10);
  document.modified_at = select.Int(11);
  document.current_saves = static_cast<int>(select.Int(12));
  if (folder_path) {
    document.folder_path = *folder_path;
  } else {
    SYNAPS_ASSIGN_OR_RETURN(document.folder_path, FolderPath(document.folder_id));
  }
  SYNAPS_ASSIGN_OR_RETURN(
      auto tags, db_->Prepare("SELECT t.name FROM document_tags dt JOIN tags t ON "
                              "t.id = dt.tag_id WHERE dt.document_id = ? ORDER BY t.name"));
  tags.Bind(1, document.id);
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool tag_row, tags.Step());
    if (!tag_row) break;
    document.tags.push_back(tags.Text(0));
  }
  if (SnapshotMemo* memo = memo_.Use(*db_)) memo->KeepDocument(document);
  return document;
}

Result<Document> Store::GetDocument(int64_t id) {
  SnapshotMemo* memo = memo_.Use(*db_);
  if (memo) {
    if (auto found = memo->documents.find(id); found != memo->documents.end()) {
      return found->second;
    }
  }
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare(std::string(kDocumentColumns) + "WHERE d.id = ?"));
  select.Bind(1, id);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no document " + std::to_string(id));
  return ReadDocument(select);
}

Result<Document> Store::FindDocument(std::string_view ref) {
  if (auto id = ParseDocumentId(ref)) return GetDocument(*id);
  SYNAPS_ASSIGN_OR_RETURN(StorePath parsed, ParseStorePath(ref));
  if (parsed.names.empty()) {
    return Status::Invalid(std::string(ref) + " is a service, not a document");
  }
  std::string name = parsed.names.back();
  std::string folder_path = "/" + parsed.service_code;
  for (size_t i = 0; i + 1 < parsed.names.size(); ++i) folder_path += "/" + parsed.names[i];
  auto folder = FindFolder(folder_path);
  if (!folder.ok()) {
    if (folder.status().code() == ErrorCode::kNotFound) {
      return Status::NotFound("no document " + std::string(ref));
    }
    return folder.status();
  }
  // The folder's path is known: not rebuilt.
  SYNAPS_ASSIGN_OR_RETURN(auto document, ReadLiveDocument(folder->id, name, &folder->path));
  if (!document) return Status::NotFound("no document " + std::string(ref));
  return std::move(*document);
}

Result<std::optional<Document>> Store::ReadLiveDocument(int64_t folder_id, std::string_view name,
                                                        const std::string* folder_path) {
  // Read whole at once, not its id and then the document.
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db_->Prepare(std::string(kDocumentColumns) +
                                "WHERE d.folder_id = ? AND d.name = ? AND d.trashed_at IS NULL"));
  select.Bind(1, folder_id).Bind(2, name);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return std::optional<Document>();
  SYNAPS_ASSIGN_OR_RETURN(Document document, ReadDocument(select, folder_path));
  return std::optional<Document>(std::move(document));
}

Result<PutResult> Store::AddVersionInTransaction(const Actor& actor, const Document& document,
                                                 const BlobInfo& blob, std::string_view mime_type,
                                                 std::string_view comment,
                                                 std::optional<int64_t> modified_at,
                                                 std::optional<int64_t> open_until) {
  SYNAPS_RETURN_IF_ERROR(ValidateComment(comment));
  SYNAPS_ASSIGN_OR_RETURN(auto blob_row,
                          db_->Prepare("INSERT OR IGNORE INTO blobs(sha256, size) VALUES (?, ?)"));
  blob_row.Bind(1, blob.sha256).Bind(2, blob.size);
  SYNAPS_RETURN_IF_ERROR(blob_row.Run());
  int number = document.current_version + 1;
  int64_t now = NowMs();
  SYNAPS_ASSIGN_OR_RETURN(
      auto version,
      db_->Prepare("INSERT INTO versions(document_id, number, blob_sha256, size, mime_type, "
                   "author, created_at, comment, modified_at, open_until) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  version.Bind(1, document.id).Bind(2, number).Bind(3, blob.sha256).Bind(4, blob.size);
  version.Bind(5, mime_type).Bind(6, actor.login).Bind(7, now).Bind(8, comment);
  version.Bind(9, modified_at).Bind(10, open_until);
  SYNAPS_RETURN_IF_ERROR(version.Run());
  if (number > 1) {
    // A version that another follows is sealed, whoever left it open.
    SYNAPS_ASSIGN_OR_RETURN(
        auto seal, db_->Prepare("UPDATE versions SET open_until = NULL WHERE "
                                "document_id = ? AND number = ? AND open_until IS NOT NULL"));
    seal.Bind(1, document.id).Bind(2, number - 1);
    SYNAPS_RETURN_IF_ERROR(seal.Run());
  }
  SYNAPS_ASSIGN_OR_RETURN(auto update, db_->Prepare("UPDATE documents SET current_version = ?, "
                                                    "updated_at = ? WHERE id = ?"));
  update.Bind(1, number).Bind(2, now).Bind(3, document.id);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(document.id));
  return PutResult{document.id, number,
                   number == 1 ? PutOutcome::kCreated : PutOutcome::kNewVersion};
}

Result<PutResult> Store::PutIntoDocument(const Actor& actor, const PutRequest& request) {
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(*request.document_id));
  if (document.trashed_at) {
    return Status::Conflict("document " + std::to_string(document.id) + " is in the trash");
  }
  return PutIntoExisting(actor, document, request);
}

Result<PutResult> Store::SaveAgainInTransaction(const Actor& actor, const Document& document,
                                                const Version& current, const PutRequest& request) {
  SYNAPS_RETURN_IF_ERROR(ValidateComment(request.comment));
  SYNAPS_ASSIGN_OR_RETURN(auto blob_row,
                          db_->Prepare("INSERT OR IGNORE INTO blobs(sha256, size) VALUES (?, ?)"));
  blob_row.Bind(1, request.blob.sha256).Bind(2, request.blob.size);
  SYNAPS_RETURN_IF_ERROR(blob_row.Run());
  // The blob it held stays as it was (blobs are immutable): referenced by nothing now, it goes
  // with the next garbage collection unless another version holds it.
  int64_t now = NowMs();
  SYNAPS_ASSIGN_OR_RETURN(
      auto update,
      db_->Prepare("UPDATE versions SET blob_sha256 = ?, size = ?, mime_type = ?, created_at = ?, "
                   "comment = ?, modified_at = ?, open_until = ?, saves = saves + 1, "
                   "extraction_status = NULL, extraction_detail = '' "
                   "WHERE document_id = ? AND number = ?"));
  update.Bind(1, request.blob.sha256).Bind(2, request.blob.size).Bind(3, request.mime_type);
  update.Bind(4, now).Bind(5, request.comment.empty() ? current.comment : request.comment);
  update.Bind(6, request.modified_at).Bind(7, request.open_until);
  update.Bind(8, document.id).Bind(9, current.number);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  SYNAPS_ASSIGN_OR_RETURN(auto touch,
                          db_->Prepare("UPDATE documents SET updated_at = ? WHERE id = ?"));
  touch.Bind(1, now).Bind(2, document.id);
  SYNAPS_RETURN_IF_ERROR(touch.Run());
  SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(document.id));
  SYNAPS_RETURN_IF_ERROR(
      Audit(actor, "document.version", document.id,
            document.path() + " v" + std::to_string(current.number) + " saved again"));
  return PutResult{document.id, current.number, PutOutcome::kSavedAgain, current.saves + 1};
}

Result<PutResult> Store::PutIntoExisting(const Actor& actor, const Document& document,
                                         const PutRequest& request) {
  SYNAPS_ASSIGN_OR_RETURN(Version current, GetVersion(document.id, 0));
  bool open = current.open(NowMs()) && current.author == actor.login;
  if (current.blob == request.blob.sha256) {
    // The same content, saved again with another modification time: the time is kept.
    if (request.modified_at && *request.modified_at != current.modified_at) {
      SYNAPS_RETURN_IF_ERROR(SetModifiedTimeInTransaction(actor, document, *request.modified_at));
    }
    if (open && request.open_until != current.open_until) {
      // Still open for as long as this put says (or sealed).
      SYNAPS_ASSIGN_OR_RETURN(auto keep, db_->Prepare("UPDATE versions SET open_until = ? "
                                                      "WHERE document_id = ? AND number = ?"));
      keep.Bind(1, request.open_until).Bind(2, document.id).Bind(3, current.number);
      SYNAPS_RETURN_IF_ERROR(keep.Run());
    }
    return PutResult{document.id, document.current_version, PutOutcome::kUnchanged, current.saves};
  }
  if (open) return SaveAgainInTransaction(actor, document, current, request);
  SYNAPS_ASSIGN_OR_RETURN(
      PutResult result,
      AddVersionInTransaction(actor, document, request.blob, request.mime_type, request.comment,
                              request.modified_at, request.open_until));
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "document.version", document.id,
                               document.path() + " v" + std::to_string(result.version)));
  return result;
}

Result<PutResult> Store::PutInTransaction(const Actor& actor, const PutRequest& request) {
  // Here as well as where versions are added: refused even when the content is unchanged.
  SYNAPS_RETURN_IF_ERROR(ValidateComment(request.comment));
  if (!IsBlobName(request.blob.sha256)) return Status::Invalid("not a blob name");
  if (request.blob.journal_bytes) {
    SYNAPS_RETURN_IF_ERROR(JournalBlob(request.blob.sha256, *request.blob.journal_bytes));
  }
  PutResult result;
  if (request.document_id) {
    SYNAPS_ASSIGN_OR_RETURN(result, PutIntoDocument(actor, request));
  } else {
    SYNAPS_ASSIGN_OR_RETURN(result, PutAtPath(actor, request));
  }
  bool any_tag_added = false;
  for (const std::string& tag : request.tags) {
    bool added = false;
    SYNAPS_RETURN_IF_ERROR(AddTagInTransaction(actor, result.document_id, tag, &added));
    any_tag_added = any_tag_added || added;
  }
  if (any_tag_added && result.outcome == PutOutcome::kUnchanged) {
    SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(result.document_id));
  }
  return result;
}

Result<PutResult> Store::PutAtPath(const Actor& actor, const PutRequest& request) {
  SYNAPS_RETURN_IF_ERROR(ValidateName(request.name));
  Service service;
  Folder folder;
  if (request.folder_id) {
    SYNAPS_ASSIGN_OR_RETURN(folder, LoadFolder(*request.folder_id));
    service.id = folder.service_id;
  } else {
    SYNAPS_ASSIGN_OR_RETURN(service, FindService(request.service_code));
    SYNAPS_ASSIGN_OR_RETURN(folder, EnsureFolderInTransaction(actor, service, request.folder));
  }
  std::string path = folder.path + "/" + request.name;
  SYNAPS_ASSIGN_OR_RETURN(auto existing_id, FindLiveDocumentId(folder.id, request.name));
  PutResult result;
  if (!existing_id) {
    SYNAPS_ASSIGN_OR_RETURN(auto clash,
                            db_->Prepare("SELECT 1 FROM folders WHERE parent_id = ? AND name = ?"));
    clash.Bind(1, folder.id).Bind(2, request.name);
    SYNAPS_ASSIGN_OR_RETURN(bool is_folder, clash.Step());
    if (is_folder) return Status::AlreadyExists(path + " is a folder");
    int64_t now = NowMs();
    SYNAPS_ASSIGN_OR_RETURN(
        auto insert,
        db_->Prepare("INSERT INTO documents(service_id, folder_id, name, current_version, "
                     "created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)"));
    insert.Bind(1, service.id).Bind(2, folder.id).Bind(3, request.name).Bind(4, now).Bind(5, now);
    SYNAPS_RETURN_IF_ERROR(insert.Run());
    Document fresh;
    fresh.id = db_->LastInsertId();
    SYNAPS_ASSIGN_OR_RETURN(
        result, AddVersionInTransaction(actor, fresh, request.blob, request.mime_type,
                                        request.comment, request.modified_at, request.open_until));
    SYNAPS_RETURN_IF_ERROR(Audit(actor, "document.create", fresh.id, path));
  } else {
    SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(*existing_id));
    SYNAPS_ASSIGN_OR_RETURN(result, PutIntoExisting(actor, document, request));
  }
  return result;
}

Result<std::vector<Result<PutResult>>> Store::PutDocuments(
    const Actor& actor, const std::vector<PutRequest>& requests) {
  return EachInSavepoint<PutResult>(
      requests, [&](const PutRequest& request) { return PutInTransaction(actor, request); });
}

Result<std::vector<PutResult>> Store::PutDocumentsAtomically(
    const Actor& actor, const std::vector<PutRequest>& requests) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  std::vector<PutResult> results;
  results.reserve(requests.size());
  for (const PutRequest& request : requests) {
    // A failure returns before the commit: the transaction's destructor undoes the group.
    SYNAPS_ASSIGN_OR_RETURN(PutResult result, PutInTransaction(actor, request));
    results.push_back(result);
  }
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return results;
}

Result<PutResult> Store::PutDocument(const Actor& actor, const PutRequest& request) {
  SYNAPS_ASSIGN_OR_RETURN(auto results, PutDocuments(actor, {request}));
  return std::move(results.front());
}

namespace {

Version ReadVersion(const sql::Statement& row) {
  Version version;
  version.document_id = row.Int(0);
  version.number = static_cast<int>(row.Int(1));
  version.blob = row.Text(2);
  version.size = row.Int(3);
  version.mime_type = row.Text(4);
  version.author = row.Text(5);
  version.created_at = row.Int(6);
  version.comment = row.Text(7);
  version.extraction_status = row.Text(8);
  version.extraction_detail = row.Text(9);
  version.modified_at = row.Int(10);
  if (!row.IsNull(11)) version.open_until = row.Int(11);
  version.saves = static_cast<int>(row.Int(12));
  return version;
}

constexpr const char* kVersionColumns =
    "SELECT document_id, number, blob_sha256, size, mime_type, author, created_at, comment, "
    "COALESCE(extraction_status, ''), extraction_detail, COALESCE(modified_at, created_at), "
    "open_until, saves FROM versions ";

}  // namespace

Result<std::optional<Version>> Store::CurrentVersionAt(std::string_view service_code,
                                                       const std::vector<std::string>& folder,
                                                       std::string_view name) {
  std::string path = "/" + std::string(service_code);
  for (const std::string& part : folder) path += "/" + part;
  path += "/" + std::string(name);
  auto document = FindDocument(path);
  if (!document.ok()) {
    if (document.status().code() == ErrorCode::kNotFound) return std::optional<Version>();
    return document.status();
  }
  SYNAPS_ASSIGN_OR_RETURN(Version version, GetVersion(document->id, 0));
  return std::optional<Version>(std::move(version));
}

Result<std::vector<Version>> Store::ListVersions(int64_t document_id) {
  SYNAPS_RETURN_IF_ERROR(GetDocument(document_id).status());
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare(std::string(kVersionColumns) +
                                                    "WHERE document_id = ? ORDER BY number"));
  select.Bind(1, document_id);
  std::vector<Version> versions;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    versions.push_back(ReadVersion(select));
  }
  return versions;
}

Result<Version> Store::GetVersion(int64_t document_id, int number) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db_->Prepare(std::string(kVersionColumns) +
                                "WHERE document_id = ?1 AND number = CASE WHEN ?2 > 0 THEN ?2 ELSE "
                                "(SELECT current_version FROM documents WHERE id = ?1) END"));
  select.Bind(1, document_id).Bind(2, number);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) {
    return Status::NotFound("document " + std::to_string(document_id) + " has no version " +
                            std::to_string(number));
  }
  return ReadVersion(select);
}

Result<UniqueFd> Store::OpenContent(const Version& version) {
  auto fd = blobs_.Open(version.blob);
  if (!fd.ok() && fd.status().code() == ErrorCode::kNotFound) {
    return Status::Corruption("content of document " + std::to_string(version.document_id) +
                              " version " + std::to_string(version.number) + " (blob " +
                              version.blob + ") is missing: run `synaps check`");
  }
  return fd;
}

Result<PutResult> Store::RestoreVersion(const Actor& actor, int64_t document_id, int number,
                                        std::string_view comment) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(document_id));
  if (number <= 0) return Status::Invalid("a version number starts at 1");
  SYNAPS_ASSIGN_OR_RETURN(Version old, GetVersion(document_id, number));
  std::string note =
      comment.empty() ? "restored from version " + std::to_string(number) : std::string(comment);
  BlobInfo blob;
  blob.sha256 = old.blob;
  blob.size = old.size;
  SYNAPS_ASSIGN_OR_RETURN(PutResult result,
                          AddVersionInTransaction(actor, document, blob, old.mime_type, note, {}));
  SYNAPS_RETURN_IF_ERROR(Audit(
      actor, "document.restore_version", document_id,
      document.path() + " v" + std::to_string(result.version) + " = v" + std::to_string(number)));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return result;
}

Status Store::SealVersion(const Actor& actor, int64_t document_id) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto seal, db_->Prepare("UPDATE versions SET open_until = NULL WHERE document_id = ?1 AND "
                              "number = (SELECT current_version FROM documents WHERE id = ?1) "
                              "AND author = ?2 AND open_until IS NOT NULL"));
  seal.Bind(1, document_id).Bind(2, actor.login);
  return seal.Run();
}

Result<Document> Store::MoveInTransaction(const Actor& actor, const Document& document,
                                          const Folder& folder, std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(ValidateName(name));
  if (document.trashed_at) {
    return Status::Invalid("document " + std::to_string(document.id) +
                           " is in the trash: restore it first");
  }
  if (folder.id == document.folder_id && name == document.name) return document;
  std::string path = folder.path + "/" + std::string(name);
  SYNAPS_RETURN_IF_ERROR(CheckNameFree(folder.id, name, path));
  SYNAPS_ASSIGN_OR_RETURN(auto update,
                          db_->Prepare("UPDATE documents SET service_id = ?, folder_id = ?, "
                                       "name = ?, updated_at = ? WHERE id = ?"));
  update.Bind(1, folder.service_id).Bind(2, folder.id).Bind(3, name).Bind(4, NowMs());
  update.Bind(5, document.id);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  SYNAPS_RETURN_IF_ERROR(
      Audit(actor, "document.move", document.id, document.path() + " -> " + path));
  SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(document.id));
  return GetDocument(document.id);
}

Result<Document> Store::MoveDocument(const Actor& actor, int64_t document_id,
                                     std::string_view destination) {
  SYNAPS_ASSIGN_OR_RETURN(StorePath target, ParseStorePath(destination));
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(document_id));
  if (document.trashed_at) {
    return Status::Invalid("document " + std::to_string(document_id) +
                           " is in the trash: restore it first");
  }
  SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(target.service_code));
  std::vector<std::string> folder_names = target.names;
  std::string new_name = document.name;
  bool into_folder =
      destination.back() == '/' || target.names.empty() || FindFolder(destination).ok();
  if (!into_folder) {
    new_name = folder_names.back();
    folder_names.pop_back();
  }
  SYNAPS_ASSIGN_OR_RETURN(Folder folder, EnsureFolderInTransaction(actor, service, folder_names));
  SYNAPS_ASSIGN_OR_RETURN(Document moved, MoveInTransaction(actor, document, folder, new_name));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return moved;
}

Result<Document> Store::MoveDocumentTo(const Actor& actor, int64_t document_id, int64_t folder_id,
                                       std::string_view name) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(document_id));
  SYNAPS_ASSIGN_OR_RETURN(Folder folder, LoadFolder(folder_id));
  SYNAPS_ASSIGN_OR_RETURN(Document moved, MoveInTransaction(actor, document, folder, name));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return moved;
}

Status Store::SetModifiedTimeInTransaction(const Actor& actor, const Document& document,
                                           int64_t modified_at) {
  SYNAPS_ASSIGN_OR_RETURN(auto update, db_->Prepare("UPDATE versions SET modified_at = ? WHERE "
                                                    "document_id = ? AND number = ?"));
  update.Bind(1, modified_at).Bind(2, document.id).Bind(3, document.current_version);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  return Audit(actor, "document.modified_time", document.id,
               document.path() + " v" + std::to_string(document.current_version) + " modified " +
                   std::to_string(modified_at / 1000));
}

Result<Document> Store::SetModifiedTime(const Actor& actor, int64_t document_id,
                                        int64_t modified_at) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(document_id));
  if (document.trashed_at) {
    return Status::Invalid("document " + std::to_string(document_id) +
                           " is in the trash: restore it first");
  }
  if (modified_at != document.modified_at) {
    SYNAPS_RETURN_IF_ERROR(SetModifiedTimeInTransaction(actor, document, modified_at));
  }
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return GetDocument(document_id);
}

Status Store::RecordDigests(const std::string& blob, const ContentDigests& digests) {
  SYNAPS_ASSIGN_OR_RETURN(auto update, db_->Prepare("UPDATE blobs SET sha1 = ?, md5 = ? WHERE "
                                                    "sha256 = ? AND sha1 IS NULL"));
  update.Bind(1, digests.sha1).Bind(2, digests.md5).Bind(3, blob);
  return update.Run();
}

Result<ContentDigests> Store::Digests(const Version& version) {
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare("SELECT sha1, md5 FROM blobs WHERE sha256 = ? AND sha1 IS "
                                       "NOT NULL AND md5 IS NOT NULL"));
  select.Bind(1, version.blob);
  SYNAPS_ASSIGN_OR_RETURN(bool known, select.Step());
  if (known) return ContentDigests{select.Text(0), select.Text(1)};
  SYNAPS_ASSIGN_OR_RETURN(UniqueFd fd, OpenContent(version));
  ContentDigester digester;
  std::vector<char> buffer(1 << 20);
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(
        size_t got, ReadSome(fd.get(), buffer.data(), buffer.size(), "blob " + version.blob));
    if (got == 0) break;
    digester.Update(buffer.data(), got);
  }
  ContentDigests digests = digester.Finish();
  SYNAPS_RETURN_IF_ERROR(RecordDigests(version.blob, digests));
  return digests;
}

}  // namespace synaps::store
