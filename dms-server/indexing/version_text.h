// VersionText: the text of one version of a document, as the indexer extracts it, for the
// people who read it on a page: a preview, a comparison of two versions.
//
// The caller must be allowed to read the document: the version is looked up and its content
// named through the document service, which decides (a document the caller may not read is
// NotFound, as everywhere) and records the read with `how` ("preview", "compare"). The bytes
// are parsed by the isolated extraction worker, with its limits, since they come from outside;
// a version whose extraction fails has an empty text and says why.
//
// Thread-safety: as the document service and the worker given (one worker per thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dms-server/documents/document_service.h"
#include "dms-server/store/status.h"
#include "indexer/base/utf8.h"
#include "indexer/extract/extract.h"

namespace synaps::indexing {

struct ExtractedVersionText {
  int64_t document_id = 0;
  int number = 0;         // the version's number (never 0: the current one is named)
  std::string mime_type;  // as detected from the content
  std::string status;     // "ok", "partial", "encrypted", "unsupported" or "failed"
  std::string reason;     // why, when not "ok"
  std::string text;       // UTF-8; PDF pages separated by '\f'; empty when extraction failed
};

// Version `number` of document `id` (0: the current one). Errors: the document service's.
store::Result<ExtractedVersionText> VersionText(documents::DocumentService& documents,
                                                const documents::Caller& caller, int64_t id,
                                                int number, std::string_view how,
                                                indexer::ExtractionWorker& worker);

// The longest prefix of `text` of at most `max_bytes` bytes that ends on a whole UTF-8
// character (indexer/base/utf8.h).
using base::Utf8Prefix;

}  // namespace synaps::indexing
