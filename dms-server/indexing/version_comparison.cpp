#include "dms-server/indexing/version_comparison.h"

#include <utility>

namespace synaps::indexing {

namespace {

// The extracted text of one version (empty when extraction failed), and how it went.
store::Result<std::pair<ComparedVersion, std::string>> TextOf(documents::DocumentService& documents,
                                                              const documents::Caller& caller,
                                                              int64_t id, int number,
                                                              indexer::ExtractionWorker& worker) {
  SYNAPS_ASSIGN_OR_RETURN(documents::DocumentVersion found, documents.Version(caller, id, number));
  SYNAPS_ASSIGN_OR_RETURN(std::filesystem::path file,
                          documents.ContentFile(caller, found.version, "compare"));
  indexer::ExtractedDocument extracted = worker.Extract(file, found.document.name);
  ComparedVersion version;
  version.number = found.version.number;
  version.status = std::string(indexer::StatusName(extracted.status));
  version.reason = extracted.status_reason;
  if (extracted.status == indexer::ExtractionStatus::kFailed) extracted.text.clear();
  version.lines = SplitLines(extracted.text).size();
  return std::make_pair(std::move(version), std::move(extracted.text));
}

}  // namespace

store::Result<VersionComparison> CompareVersions(documents::DocumentService& documents,
                                                 const documents::Caller& caller, int64_t id,
                                                 int from, int to,
                                                 indexer::ExtractionWorker& worker,
                                                 const LineDiffOptions& options) {
  SYNAPS_ASSIGN_OR_RETURN(auto before, TextOf(documents, caller, id, from, worker));
  SYNAPS_ASSIGN_OR_RETURN(auto after, TextOf(documents, caller, id, to, worker));
  VersionComparison comparison;
  comparison.document_id = id;
  comparison.from = std::move(before.first);
  comparison.to = std::move(after.first);
  comparison.diff = DiffLines(before.second, after.second, options);
  return comparison;
}

}  // namespace synaps::indexing
