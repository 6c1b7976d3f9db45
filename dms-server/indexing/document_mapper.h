// DocumentMapper: turns a stored document and what extraction found in its current version into
// the documents the index keeps (the document itself, then its archive members and mail
// attachments, each linked to its parent).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dms-server/store/model.h"
#include "indexer/extract/extract.h"
#include "indexer/index/indexable_document.h"

namespace synaps::indexing {

struct StoredDocument {
  store::Document document;
  store::Version version;
  std::map<std::string, std::string> metadata;
  std::vector<store::Share> shares;  // effective ones (the document's and its folders')
};

// Parent first, then children depth first. Never empty.
std::vector<indexer::index::IndexableDocument> MapForIndex(
    const StoredDocument& stored, const indexer::ExtractedDocument& extracted);

// Parses the dates extraction reports ("2024-03-05T10:00:00Z", "2024-03-05", or a mail's
// "Tue, 05 Mar 2024 10:00:00 +0100") into Unix seconds; 0 when it cannot.
int64_t ParseDocumentDate(const std::string& text);

}  // namespace synaps::indexing
