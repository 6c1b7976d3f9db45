// CompareVersions: what changed in a document's text between two of its versions — its
// extracted text, whatever the format (a PDF, a Word file, a mail), compared line by line.
//
// Both versions' texts come from VersionText() (version_text.h): decided and audited
// ("compare") by the document service, parsed by the isolated extraction worker; a version
// whose extraction fails is compared as an empty text and says why.
//
// Thread-safety: as the document service and the worker given (one worker per thread).
#pragma once

#include <cstdint>
#include <string>

#include "dms-server/documents/document_service.h"
#include "dms-server/indexing/line_diff.h"
#include "dms-server/indexing/version_text.h"
#include "dms-server/store/status.h"
#include "indexer/extract/extract.h"

namespace synaps::indexing {

struct ComparedVersion {
  int number = 0;
  std::string status;  // "ok", "partial", "encrypted", "unsupported" or "failed"
  std::string reason;  // why, when not "ok"
  size_t lines = 0;    // lines of extracted text
};

struct VersionComparison {
  int64_t document_id = 0;
  ComparedVersion from, to;
  LineDiffResult diff;
};

// Compares versions `from` and `to` of document `id` (0 names the current version). Errors:
// the document service's (NotFound for a document or version the caller may not read or that
// does not exist).
store::Result<VersionComparison> CompareVersions(documents::DocumentService& documents,
                                                 const documents::Caller& caller, int64_t id,
                                                 int from, int to,
                                                 indexer::ExtractionWorker& worker,
                                                 const LineDiffOptions& options = {});

}  // namespace synaps::indexing
