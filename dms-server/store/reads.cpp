// Lookups by folder id and the audit of reads: what the document service needs beyond the
// path-based lookups of documents.cpp.
#include "dms-server/store/store.h"

namespace synaps::store {

Result<std::optional<Document>> Store::LiveDocumentIn(int64_t folder_id, std::string_view name) {
  SYNAPS_ASSIGN_OR_RETURN(auto id, FindLiveDocumentId(folder_id, name));
  if (!id) return std::optional<Document>();
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(*id));
  return std::optional<Document>(std::move(document));
}

Status Store::RecordRead(const Actor& actor, int64_t document_id, int version,
                         std::string_view how) {
  // One statement: SQLite makes it atomic without an explicit transaction, and a read does not
  // queue the document for the indexer.
  return Audit(actor, "document.read", document_id,
               "v" + std::to_string(version) + " " + std::string(how));
}

}  // namespace synaps::store
