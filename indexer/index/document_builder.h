// DocumentBuilder: turns an IndexableDocument into the Xapian document described in schema.h.
//
// Internal to the index writer (exposed for tests). Not thread-safe: it owns a TermGenerator and a
// language detector.
#pragma once

#include <xapian.h>

#include <string>

#include "indexer/index/indexable_document.h"
#include "indexer/text/language_detector.h"

namespace synaps::indexer::index {

class DocumentBuilder {
 public:
  // `spelling_db`, if not null, receives the spelling data of the documents built (words for
  // "did you mean"); it must outlive the builder.
  explicit DocumentBuilder(Xapian::WritableDatabase* spelling_db);
  DocumentBuilder(const DocumentBuilder&) = delete;
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;

  // Returns the stemming language chosen for `doc`: "fr", "en" or "none" (see schema.h).
  std::string ChooseLanguage(const IndexableDocument& doc) const;

  // Returns the Xapian document for `doc`, whose id and service must be non-empty. May throw
  // Xapian::Error when recording spelling data fails.
  Xapian::Document Build(const IndexableDocument& doc);

 private:
  text::LanguageDetector detector_;
  Xapian::TermGenerator generator_;
};

}  // namespace synaps::indexer::index
