// DocumentBuilder: turns an IndexableDocument into the Xapian document described in schema.h.
//
// Internal to the index writer (exposed for tests). Building is the costly part of indexing
// (folding, tokenising, stemming, language detection, snippet packing) and needs no database,
// so the writer runs one builder per thread (build_pool.h). A builder is not thread-safe: it
// owns a TermGenerator and a language detector.
#pragma once

#include <xapian.h>

#include <map>
#include <string>

#include "indexer/index/indexable_document.h"
#include "indexer/text/language_detector.h"

namespace synaps::indexer::index {

// A document ready to be written: nothing in it refers to the builder that made it, so it may be
// handed to another thread.
struct BuiltDocument {
  std::string id_term;        // schema::IdTerm of the document's id
  Xapian::Document document;  // terms, values and data
};

class DocumentBuilder {
 public:
  DocumentBuilder();
  DocumentBuilder(const DocumentBuilder&) = delete;
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;

  // Returns the stemming language chosen for `doc`: "fr", "en" or "none" (see schema.h).
  std::string ChooseLanguage(const IndexableDocument& doc) const;

  // Returns the Xapian document for `doc`, whose id and service must be non-empty. Throws only
  // std::bad_alloc or Xapian::Error.
  BuiltDocument Build(const IndexableDocument& doc);

 private:
  text::LanguageDetector detector_;
  Xapian::TermGenerator generator_;
  std::map<std::string, Xapian::Stem> stemmers_;  // caching stemmers, by language
};

}  // namespace synaps::indexer::index
