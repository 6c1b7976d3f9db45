// Fuzzes the query side (indexer/query): what an agent types in the search box.
//   * PrepareQueryString: output is valid UTF-8 (spacing is not a contract: control characters
//     inside a word fold to spaces, which QueryParser ignores);
//   * ParseDatePeriod (the "date:A..B" bounds): a parsed period has first <= last;
//   * QueryBuilder::Parse against a tiny in-memory index (so that wildcards and spelling
//     correction have a vocabulary): no crash, no exception other than the documented
//     Xapian::QueryParserError, and the resulting query runs.
#include <stdlib.h>
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "indexer/index/schema.h"
#include "indexer/query/date_range_processor.h"
#include "indexer/query/query_builder.h"
#include "indexer/query/query_string.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using synaps::fuzz::Preview;

// A fresh directory under $TMPDIR for the tiny index, removed at exit.
std::string MakeIndexDir() {
  std::string dir = (std::filesystem::temp_directory_path() / "synaps-fuzz-query-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  static const std::string to_remove = dir;
  std::atexit([] {
    std::error_code ignored;
    std::filesystem::remove_all(to_remove, ignored);
  });
  return dir;
}

// Built once, on disk (the in-memory backend has no spelling table): a few folded words in
// plain and prefixed forms with their stem groups (indexer/index/schema.h), a date value and a
// spelling dictionary.
struct TinyIndex {
  TinyIndex() : db(MakeIndexDir(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS) {
    const char* const texts[] = {"arrete prefectoral archive reunion", "budget communes subvention",
                                 "proces verbal conseil municipal", "the annual report meeting"};
    double date = 1.7e9;
    for (const char* text : texts) {
      Xapian::Document doc;
      Xapian::TermGenerator generator;
      generator.set_document(doc);
      generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);  // stems: groups
      generator.set_database(db);
      generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
      generator.index_text(text);
      generator.index_text(text, 1, "S");
      for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
        const std::string term = *it;
        std::string_view prefix, word;
        if (!synaps::indexer::index::schema::SplitFreeTextTerm(term, &prefix, &word)) continue;
        db.add_synonym(synaps::indexer::index::schema::StemGroupKey(
                           prefix, Xapian::Stem("french")(std::string(word))),
                       term);
      }
      doc.add_boolean_term("Lfr");
      doc.add_boolean_term("XSERVICECAB");
      doc.add_value(0, Xapian::sortable_serialise(date));
      date += 86400 * 40;
      db.add_document(doc);
    }
    db.commit();
    builder = std::make_unique<synaps::indexer::query::QueryBuilder>(db);
  }
  Xapian::WritableDatabase db;
  std::unique_ptr<synaps::indexer::query::QueryBuilder> builder;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace query = synaps::indexer::query;
  if (size > 4096) return -1;  // Search boxes are short; long inputs only slow the run.
  const std::string input(reinterpret_cast<const char*>(data), size);

  const std::string prepared = query::PrepareQueryString(input);
  const std::string where = "query '" + Preview(input) + "' prepared '" + Preview(prepared) + "'";
  FUZZ_CHECK(synaps::fuzz::IsStrictUtf8(prepared), where + ": invalid UTF-8");

  if (auto period = query::ParseDatePeriod(input)) {
    FUZZ_CHECK(period->first <= period->last, "date period '" + Preview(input) + "' is reversed");
  }

  static TinyIndex index;
  try {
    for (bool want_correction : {false, true}) {
      query::QueryBuilder::Parsed parsed = index.builder->Parse(input, want_correction);
      FUZZ_CHECK(parsed.prepared == prepared, where + ": Parse prepared it differently");
      FUZZ_CHECK(synaps::fuzz::IsStrictUtf8(parsed.corrected), where + ": corrected not UTF-8");
      Xapian::Enquire enquire(index.db);
      enquire.set_query(parsed.query);
      (void)enquire.get_mset(0, 10);
      (void)parsed.query.get_description();
    }
  } catch (const Xapian::QueryParserError&) {
    // Documented: a syntax error the caller reports.
  } catch (const Xapian::Error& e) {
    // Searcher turns any Xapian::Error into a status (GuardXapian), so only a contract note.
    if (!synaps::fuzz::Ignored("xapian-error")) {
      synaps::fuzz::Fail(__FILE__, __LINE__, "QueryBuilder threw a non-parser Xapian error",
                         where + ": " + e.get_description());
    }
  }
  return 0;
}
