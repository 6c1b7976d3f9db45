#include "indexer/index/spelling_words.h"

#include <xapian.h>

#include <catch2/catch.hpp>
#include <vector>

#include "indexer/index/index_writer.h"
#include "temp_dir.h"

using namespace synaps::indexer::index;
using synaps::test::TempDir;

TEST_CASE("Only plain words without digits are spelling words", "[index][spelling]") {
  CHECK(IsSpellingWord("prefectoral"));
  CHECK(IsSpellingWord("vehicule"));
  CHECK(IsSpellingWord("\xC3\xA9t\xC3\xA9"));  // non-ASCII bytes are word bytes
  CHECK_FALSE(IsSpellingWord("a"));            // Xapian ignores one-letter words anyway
  CHECK_FALSE(IsSpellingWord("Zprefectoral"));
  CHECK_FALSE(IsSpellingWord("Sarrete"));
  CHECK_FALSE(IsSpellingWord("XFILEarrete"));
  CHECK_FALSE(IsSpellingWord("2024"));
  CHECK_FALSE(IsSpellingWord("rfc2047"));
  CHECK_FALSE(IsSpellingWord(std::string(kMaxSpellingWordBytes + 1, 'e')));
}

TEST_CASE("The recorder sums frequencies and writes each word once", "[index][spelling]") {
  TempDir dir;
  Xapian::WritableDatabase db(dir.path(), Xapian::DB_CREATE_OR_OPEN);
  SpellingRecorder recorder;
  recorder.Add({{"circulation", 2}, {"vehicule", 1}});
  recorder.Add({{"circulation", 3}});
  CHECK(recorder.pending_words() == 2);
  recorder.Flush(db);
  CHECK(recorder.pending_words() == 0);
  db.commit();
  CHECK(db.get_spelling_suggestion("circulatoin") == "circulation");
  std::map<std::string, Xapian::doccount> freq;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    freq[*it] = it.get_termfreq();
  }
  CHECK(freq == std::map<std::string, Xapian::doccount>{{"circulation", 5}, {"vehicule", 1}});
}

TEST_CASE("Indexed documents feed suggestions, numbers do not", "[index][spelling]") {
  TempDir dir;
  {
    std::unique_ptr<IndexWriter> writer;
    IndexWriter::Options options;
    options.commit_every = 0;
    options.build_threads = 2;
    REQUIRE(IndexWriter::Open(dir.path(), options, &writer).ok());
    std::vector<IndexableDocument> docs(3);
    for (std::size_t i = 0; i < docs.size(); ++i) {
      docs[i].id = std::to_string(i);
      docs[i].service = "DDT";
      docs[i].title = "Arrêté préfectoral";
      docs[i].body = "La circulation des véhicules est réglementée par l'arrêté 2024-117.";
    }
    REQUIRE(writer->IndexAll(docs).ok());
    REQUIRE(writer->Commit().ok());
  }
  Xapian::Database db(dir.path());
  CHECK(db.get_spelling_suggestion("circulatoin") == "circulation");
  CHECK(db.get_spelling_suggestion("prefectorak") == "prefectoral");
  bool has_number = false;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    if ((*it).find_first_of("0123456789") != std::string::npos) has_number = true;
  }
  CHECK_FALSE(has_number);
  CHECK(db.term_exists("2024"));  // still searchable, only not a correction
}

TEST_CASE("Only the start of a long body feeds spelling; phrases run across", "[index][spelling]") {
  TempDir dir;
  IndexableDocument d;
  d.id = "1";
  d.service = "DDT";
  d.title = "Quintessence";
  d.body = "Zorglub ouvre le dossier. ";
  while (d.body.size() + 4 <= kSpellingBodyBytes - 4) d.body += "mot ";
  d.body.resize(kSpellingBodyBytes - 4, ' ');
  d.body += "rouge vert bleu. Bidulex ferme le dossier.";  // the cut falls after "rouge"
  {
    std::unique_ptr<IndexWriter> writer;
    REQUIRE(IndexWriter::Open(dir.path(), {}, &writer).ok());
    REQUIRE(writer->Index(d).ok());
  }
  Xapian::Database db(dir.path());
  CHECK(db.get_spelling_suggestion("zorglob") == "zorglub");
  CHECK(db.get_spelling_suggestion("quintesence") == "quintessence");
  CHECK(db.get_spelling_suggestion("bidulix").empty());
  CHECK(db.term_exists("bidulex"));  // searchable all the same
  const std::vector<Xapian::Query> words{Xapian::Query("rouge"), Xapian::Query("vert"),
                                         Xapian::Query("bleu")};
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end()));
  CHECK(enquire.get_mset(0, 10).size() == 1);
}

TEST_CASE("CollectSpellingWords leaves out words seen only in the skipped positions",
          "[index][spelling]") {
  Xapian::Document doc;
  doc.add_posting("debut", 1);
  doc.add_posting("milieu", 5);
  doc.add_posting("partout", 2);
  doc.add_posting("partout", 6);
  doc.add_posting("titre", 20);
  doc.add_posting("Sprefixe", 20);
  SpellingWords all = CollectSpellingWords(doc);
  CHECK(all.size() == 4);
  SpellingWords kept = CollectSpellingWords(doc, 3, 10);
  CHECK(kept == SpellingWords{{"debut", 1}, {"partout", 2}, {"titre", 1}});
}
