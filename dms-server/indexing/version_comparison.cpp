#include "dms-server/indexing/version_comparison.h"

namespace synaps::indexing {

namespace {

ComparedVersion Summary(const ExtractedVersionText& text) {
  ComparedVersion version;
  version.number = text.number;
  version.status = text.status;
  version.reason = text.reason;
  version.lines = SplitLines(text.text).size();
  return version;
}

}  // namespace

store::Result<VersionComparison> CompareVersions(documents::DocumentService& documents,
                                                 const documents::Caller& caller, int64_t id,
                                                 int from, int to,
                                                 indexer::ExtractionWorker& worker,
                                                 const LineDiffOptions& options) {
  SYNAPS_ASSIGN_OR_RETURN(ExtractedVersionText before,
                          VersionText(documents, caller, id, from, "compare", worker));
  SYNAPS_ASSIGN_OR_RETURN(ExtractedVersionText after,
                          VersionText(documents, caller, id, to, "compare", worker));
  VersionComparison comparison;
  comparison.document_id = id;
  comparison.from = Summary(before);
  comparison.to = Summary(after);
  comparison.diff = DiffLines(before.text, after.text, options);
  return comparison;
}

}  // namespace synaps::indexing
