#include "indexer/query/query_builder.h"

#include <array>
#include <string_view>
#include <vector>

#include "indexer/index/schema.h"
#include "indexer/query/date_range_processor.h"
#include "indexer/query/query_string.h"
#include "indexer/query/spelling_corrector.h"
#include "indexer/text/folding_stemmer.h"

namespace synaps::indexer::query {
namespace {

namespace schema = index::schema;

// Dropped from the non-phrase parts of queries (kept when a query has nothing else), so that
// "arrêté de la préfecture" does not require "de" and "la". Folded forms.
constexpr std::array<std::string_view, 46> kStopWords = {
    "le",  "la", "les", "de",  "des", "du",    "un",   "une", "et",   "ou",  "en",  "au",
    "aux", "a",  "ce",  "ces", "cet", "cette", "dans", "par", "pour", "sur", "que", "qui",
    "se",  "sa", "son", "ses", "est", "il",    "elle", "the", "of",   "and", "or",  "to",
    "in",  "on", "for", "is",  "an",  "by",    "with", "at",  "be",   "as"};

constexpr std::array<std::string_view, 3> kLanguages = {schema::kLangFrench, schema::kLangEnglish,
                                                        schema::kLangNone};

// FLAG_AUTO_SYNONYMS: a stemmed word ("Z" + prefix + stem) is searched as its stem group, the
// words of the index that have that stem (schema.h).
constexpr unsigned kParseFlags =
    Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
    Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_AUTO_SYNONYMS;

// A wildcard such as "a*" must not expand to the whole vocabulary.
constexpr Xapian::termcount kMaxWildcardExpansion = 200;

void Configure(Xapian::QueryParser& qp, const Xapian::Database& db, std::string_view language,
               const Xapian::Stopper* stopper) {
  qp.set_database(db);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.set_stemmer(text::MakeStemmer(language));
  qp.set_stemming_strategy(text::IsStemmedLanguage(language) ? Xapian::QueryParser::STEM_SOME
                                                             : Xapian::QueryParser::STEM_NONE);
  qp.set_stopper(stopper);
  qp.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);

  const std::string p_title(schema::kTitle), p_author(schema::kAuthor), p_path(schema::kPath),
      p_file(schema::kFileName), p_from(schema::kMailFrom), p_to(schema::kMailTo),
      p_subject(schema::kMailSubject);
  for (const char* name : {"titre", "title"}) qp.add_prefix(name, p_title);
  for (const char* name : {"auteur", "author"}) qp.add_prefix(name, p_author);
  for (const char* name : {"chemin", "path"}) qp.add_prefix(name, p_path);
  for (const char* name : {"fichier", "filename"}) qp.add_prefix(name, p_file);
  for (const char* name : {"de", "from"}) qp.add_prefix(name, p_from);
  for (const char* name : {"a", "to"}) qp.add_prefix(name, p_to);
  for (const char* name : {"objet", "subject"}) qp.add_prefix(name, p_subject);

  qp.add_boolean_prefix("tag", std::string(schema::kTag));
  for (const char* name : {"fil", "thread"}) {
    qp.add_boolean_prefix(name, std::string(schema::kMailThread));
  }
  qp.add_boolean_prefix("service", std::string(schema::kService));
  qp.add_boolean_prefix("type", std::string(schema::kMime));
  qp.add_boolean_prefix("type", std::string(schema::kExtension));
  qp.add_boolean_prefix("ext", std::string(schema::kExtension));
  for (const char* name : {"annee", "year"})
    qp.add_boolean_prefix(name, std::string(schema::kYear));

  qp.add_rangeprocessor((new DateRangeProcessor(schema::kSlotDate, "date:"))->release());
}

}  // namespace

struct QueryBuilder::Parsers {
  explicit Parsers(const Xapian::Database& database) : db(database) {
    stopper = (new Xapian::SimpleStopper(kStopWords.begin(), kStopWords.end()))->release();
    for (std::size_t i = 0; i < kLanguages.size(); ++i) {
      Configure(parsers[i], db, kLanguages[i], stopper);
      // append(), not operator+: avoids a GCC 12 -Wrestrict false positive at -O3.
      const std::string language_term = std::string(schema::kLanguage).append(kLanguages[i]);
      if (db.get_termfreq(language_term) > 0) present.push_back(i);
    }
    if (present.empty()) present = {0, 1, 2};  // an empty index: any parse will do
  }
  Xapian::Database db;
  Xapian::Stopper* stopper;  // reference-counted by the parsers
  std::array<Xapian::QueryParser, kLanguages.size()> parsers;
  // The languages the index has documents in, as of its revision when this was built (the
  // Searcher builds a new QueryBuilder when it reopens): a language without documents needs
  // no parse, and a single language needs no language filter.
  std::vector<std::size_t> present;
};

QueryBuilder::QueryBuilder(const Xapian::Database& db) : parsers_(std::make_unique<Parsers>(db)) {}

QueryBuilder::~QueryBuilder() = default;

QueryBuilder::Parsed QueryBuilder::Parse(const std::string& raw, bool want_correction) {
  Parsed parsed;
  parsed.prepared = PrepareQueryString(raw);
  if (parsed.prepared.empty()) {
    parsed.query = Xapian::Query::MatchAll;
    return parsed;
  }
  std::vector<Xapian::Query> branches;
  bool all_same = true;
  std::string first_serialised;
  for (std::size_t i : parsers_->present) {
    Xapian::Query q = parsers_->parsers[i].parse_query(parsed.prepared, kParseFlags);
    if (branches.empty()) {
      first_serialised = q.serialise();
    } else if (all_same && q.serialise() != first_serialised) {
      all_same = false;
    }
    branches.push_back(std::move(q));
  }
  // The index's words are language-neutral (folded, unstemmed): one correction for all parses.
  if (want_correction) parsed.corrected = CorrectQueryString(parsers_->db, parsed.prepared);
  // A query without stemmed words (phrases, exact fields, ranges) reads the same in every
  // language; and an index in one language has only that language's documents.
  if (all_same) {
    parsed.query = branches.front();
    return parsed;
  }
  std::vector<Xapian::Query> restricted;
  for (std::size_t k = 0; k < branches.size(); ++k) {
    const std::size_t i = parsers_->present[k];
    const std::string language_term = std::string(schema::kLanguage).append(kLanguages[i]);
    restricted.emplace_back(Xapian::Query::OP_FILTER, branches[k], Xapian::Query(language_term));
  }
  parsed.query = Xapian::Query(Xapian::Query::OP_OR, restricted.begin(), restricted.end());
  return parsed;
}

}  // namespace synaps::indexer::query
