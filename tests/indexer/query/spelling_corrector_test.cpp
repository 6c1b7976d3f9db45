#include "indexer/query/spelling_corrector.h"

#include <xapian.h>

#include <catch2/catch.hpp>

#include "tests/support/temp_dir.h"

using synaps::indexer::query::CorrectQueryString;
using synaps::indexer::query::EditDistance;
using synaps::testing::TempDir;

namespace {

// An index whose words are those of `texts`, one document each.
class WordIndex {
 public:
  explicit WordIndex(const std::vector<std::string>& texts) {
    Xapian::WritableDatabase db(dir_.path(), Xapian::DB_CREATE_OR_OPEN);
    Xapian::TermGenerator generator;
    for (const std::string& text : texts) {
      Xapian::Document doc;
      generator.set_document(doc);
      generator.index_text(text);
      generator.index_text(text, 1, "S");  // prefixed terms are not words
      db.add_document(doc);
    }
    db.commit();
  }
  Xapian::Database db() const { return Xapian::Database(dir_.path()); }

 private:
  TempDir dir_;
};

}  // namespace

TEST_CASE("Edit distance counts a swap of neighbours as one", "[query][spelling]") {
  CHECK(EditDistance(U"circulation", U"circulation", 2) == 0);
  CHECK(EditDistance(U"circulatoin", U"circulation", 2) == 1);
  CHECK(EditDistance(U"circultion", U"circulation", 2) == 1);
  CHECK(EditDistance(U"circullation", U"circulation", 2) == 1);
  CHECK(EditDistance(U"cirkulasion", U"circulation", 2) == 2);
  CHECK(EditDistance(U"cirkulasyon", U"circulation", 2) == 3);  // over the limit
  CHECK(EditDistance(U"", U"abc", 5) == 3);
}

TEST_CASE("Words in no document get the nearest, most frequent word", "[query][spelling]") {
  WordIndex index({"circulation des vehicules", "circulation alternee", "circulaire du prefet",
                   "prefectoral", "aujourd'hui"});
  const Xapian::Database db = index.db();
  CHECK(CorrectQueryString(db, "circulatoin") == "circulation");
  CHECK(CorrectQueryString(db, "circulation").empty());  // nothing to correct
  CHECK(CorrectQueryString(db, "circulatoin AND vehicuels") == "circulation AND vehicules");
  CHECK(CorrectQueryString(db, "\"circulatoin des vehicules\"") == "\"circulation des vehicules\"");
  CHECK(CorrectQueryString(db, "prefectorak") == "prefectoral");
  CHECK(CorrectQueryString(db, "aujourd'hiu") == "aujourd'hui");
  // Left alone: field names and values, wildcards, numbers, operators, unknown first letters.
  CHECK(CorrectQueryString(db, "titer:circulation").empty());
  CHECK(CorrectQueryString(db, "tag:circulatoin").empty());
  CHECK(CorrectQueryString(db, "circulatio*").empty());
  CHECK(CorrectQueryString(db, "circulatoin2024").empty());
  CHECK(CorrectQueryString(db, "NAER").empty());
  CHECK(CorrectQueryString(db, "xirculation").empty());
  CHECK(CorrectQueryString(db, "zzzzzz").empty());
  // Short words: one edit at most.
  CHECK(CorrectQueryString(db, "dus") == "des");
  CHECK(CorrectQueryString(db, "dxs") == "des");
  CHECK(CorrectQueryString(db, "dxy").empty());
}
