// QueryBuilder: an agent's query string → a Xapian query over the Synaps schema.
//
// Folds the string like indexed text (query_string.h), then parses it with one Xapian
// QueryParser per stemming language (fr, en, none) and restricts each parse to the documents of
// that language (schema.h explains why). Default operator AND; phrases; AND/OR/NOT and
// ET/OU/SAUF; +/-; trailing wildcards; field prefixes in French and English:
//   titre: title:  auteur: author:  chemin: path:  fichier: filename:  de: from:  a: à: to:
//   objet: subject:  (free text)   tag:  service:  type: (MIME type or extension)  ext:
//   annee: year:  (exact)          date:A..B (range, see date_range_processor.h)
// Internal to indexer/query. Not thread-safe (owns QueryParsers bound to one database).
#pragma once

#include <xapian.h>

#include <memory>
#include <string>

namespace synaps::indexer::query {

class QueryBuilder {
 public:
  // `db` is used for wildcard expansion and spelling (spelling_corrector.h); it must outlive the
  // builder.
  explicit QueryBuilder(const Xapian::Database& db);
  ~QueryBuilder();
  QueryBuilder(const QueryBuilder&) = delete;
  QueryBuilder& operator=(const QueryBuilder&) = delete;

  struct Parsed {
    Xapian::Query query;    // MatchAll for an empty string
    std::string prepared;   // the folded string given to QueryParser
    std::string corrected;  // spelling-corrected `prepared`, "" if no correction
  };

  // Parses `raw`. Throws Xapian::QueryParserError on a syntax error (e.g. a bad date range);
  // the caller turns it into a status.
  Parsed Parse(const std::string& raw, bool want_correction);

 private:
  struct Parsers;
  std::unique_ptr<Parsers> parsers_;
};

}  // namespace synaps::indexer::query
