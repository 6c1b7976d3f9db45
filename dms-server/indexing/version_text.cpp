#include "dms-server/indexing/version_text.h"

#include <filesystem>
#include <utility>

namespace synaps::indexing {

store::Result<ExtractedVersionText> VersionText(documents::DocumentService& documents,
                                                const documents::Caller& caller, int64_t id,
                                                int number, std::string_view how,
                                                indexer::ExtractionWorker& worker) {
  SYNAPS_ASSIGN_OR_RETURN(documents::DocumentVersion found, documents.Version(caller, id, number));
  SYNAPS_ASSIGN_OR_RETURN(std::filesystem::path file,
                          documents.ContentFile(caller, found.version, how));
  indexer::ExtractedDocument extracted = worker.Extract(file, found.document.name);
  ExtractedVersionText version;
  version.document_id = id;
  version.number = found.version.number;
  version.mime_type = extracted.mime_type;
  version.status = std::string(indexer::StatusName(extracted.status));
  version.reason = extracted.status_reason;
  if (extracted.status != indexer::ExtractionStatus::kFailed) {
    version.text = std::move(extracted.text);
  }
  return version;
}

}  // namespace synaps::indexing
