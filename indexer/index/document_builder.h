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
#include <unordered_set>
#include <vector>

#include "indexer/index/indexable_document.h"
#include "indexer/text/language_detector.h"

namespace synaps::indexer::index {

// One member of a stem group (schema.h): the synonym-table key and the term it lists.
struct StemGroupMember {
  std::string key;   // schema::StemGroupKey(prefix, stem)
  std::string term;  // prefix + word
  bool operator<(const StemGroupMember& other) const {
    return key != other.key ? key < other.key : term < other.term;
  }
  bool operator==(const StemGroupMember& other) const = default;
};

// A document ready to be written: nothing in it refers to the builder that made it, so it may be
// handed to another thread.
struct BuiltDocument {
  std::string id_term;        // schema::IdTerm of the document's id
  Xapian::Document document;  // terms, values and data
  // The stem-group members of the document's words that this builder had not yet seen in a
  // document of the same language; the writer adds them to the synonym table.
  std::vector<StemGroupMember> stem_groups;
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

  // Forgets which words it has listed, so that the next documents list them again: for when
  // documents it built were not written.
  void ForgetListedWords() { languages_.clear(); }

 private:
  // The words this builder has listed in stem groups, for one stemming language.
  struct Language {
    Xapian::Stem stemmer;
    std::unordered_set<std::string> seen_terms;
  };
  // Lists in built->stem_groups the free-text words of built->document not yet seen in
  // `language`.
  void ListNewStemGroupMembers(Language& language, BuiltDocument* built);

  text::LanguageDetector detector_;
  Xapian::TermGenerator generator_;
  std::map<std::string, Language> languages_;  // the stemmed languages met so far
};

}  // namespace synaps::indexer::index
