#include "indexer/index/index_writer.h"

#include <xapian.h>

#include <catch2/catch.hpp>

#include "indexer/index/schema.h"
#include "indexer/index/snippet_text.h"
#include "tests/support/temp_dir.h"

using namespace synaps::indexer::index;
namespace base = synaps::base;
using synaps::testing::TempDir;

namespace {

IndexableDocument Doc(const std::string& id, const std::string& body) {
  IndexableDocument d;
  d.id = id;
  d.service = "DDT";
  d.title = "Document " + id;
  d.body = body;
  d.date = 1718000000;  // 2024-06-10
  return d;
}

std::unique_ptr<IndexWriter> OpenWriter(const std::string& path, std::size_t commit_every = 0) {
  std::unique_ptr<IndexWriter> writer;
  IndexWriter::Options options;
  options.commit_every = commit_every;
  base::Status st = IndexWriter::Open(path, options, &writer);
  REQUIRE(st.ok());
  return writer;
}

bool HasTerm(const std::string& path, const std::string& term) {
  Xapian::Database db(path);
  return db.term_exists(term);
}

// True if the stem group `key` (schema.h: a synonym-table entry) lists `term`.
bool GroupLists(const Xapian::Database& db, const std::string& key, const std::string& term) {
  for (auto it = db.synonyms_begin(key); it != db.synonyms_end(key); ++it) {
    if (*it == term) return true;
  }
  return false;
}

bool AnyGroupLists(const Xapian::Database& db, const std::string& term) {
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    if (GroupLists(db, *key, term)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("Index stores terms, values and data following the schema", "[index]") {
  TempDir dir;
  {
    auto writer = OpenWriter(dir.path());
    IndexableDocument d = Doc("42", "L'arrêté préfectoral est publié.");
    d.tags = {"Urgent", "Voirie"};
    d.mime_type = "Application/PDF";
    d.file_name = "arrete_voirie.PDF";
    d.shared_with_services = {"Cabinet"};
    REQUIRE(writer->Index(d).ok());
    REQUIRE(writer->Commit().ok());
  }
  Xapian::Database db(dir.path());
  REQUIRE(db.get_doccount() == 1);
  for (const char* term :
       {"Q42", "XSERVICEddt", "XSHAREcabinet", "Kurgent", "Kvoirie", "Tapplication/pdf", "Epdf",
        "XYEAR2024", "Lfr", "arrete", "prefectoral", "Sdocument", "XFILEvoirie"}) {
    INFO(term);
    CHECK(db.term_exists(term));
  }
  // Stems are not terms of the document: each word is listed in its stem group instead.
  CHECK_FALSE(db.term_exists("Zprefectoral"));
  const Xapian::Stem french("french");
  CHECK(GroupLists(db, "Z" + french("prefectoral"), "prefectoral"));
  CHECK(GroupLists(db, "Z" + french("arrete"), "arrete"));
  CHECK(GroupLists(db, "ZS" + french("document"), "Sdocument"));
  CHECK(GroupLists(db, "ZXFILE" + french("voirie"), "XFILEvoirie"));
  CHECK_FALSE(AnyGroupLists(db, "Kurgent"));  // boolean terms have no stems
  CHECK_FALSE(AnyGroupLists(db, "Q42"));
  CHECK_FALSE(db.term_exists("l"));  // elided article dropped
  CHECK_FALSE(db.term_exists("XEVERYONE"));
  Xapian::Document doc = db.get_document(*db.postlist_begin("Q42"));
  CHECK(doc.get_value(schema::kSlotId) == "42");
  CHECK(doc.get_value(schema::kSlotYear) == "2024");
  CHECK(UnpackSnippetText(doc.get_value(schema::kSlotSnippetText)) ==
        "L'arrêté préfectoral est publié.");
  CHECK(doc.get_data().find("\"id\":\"42\"") != std::string::npos);
  // No spelling table: suggestions come from the index's words (query/spelling_corrector.h).
  CHECK(db.spellings_begin() == db.spellings_end());
}

TEST_CASE("Re-indexing a document replaces its old terms", "[index]") {
  TempDir dir;
  auto writer = OpenWriter(dir.path());
  REQUIRE(writer->Index(Doc("1", "ancien contenu")).ok());
  REQUIRE(writer->Commit().ok());
  CHECK(HasTerm(dir.path(), "ancien"));
  REQUIRE(writer->Index(Doc("1", "nouveau texte")).ok());
  REQUIRE(writer->Commit().ok());
  Xapian::Database db(dir.path());
  CHECK(db.get_doccount() == 1);
  CHECK_FALSE(db.term_exists("ancien"));
  CHECK(db.term_exists("nouveau"));
}

TEST_CASE("Sub-documents are linked to and removed with their parent", "[index]") {
  TempDir dir;
  auto writer = OpenWriter(dir.path());
  IndexableDocument parent = Doc("7", "archive zip");
  IndexableDocument child = Doc("7!/a.zip", "membre zip");
  child.parent_id = "7";
  IndexableDocument grandchild = Doc("7!/a.zip!/b.pdf", "document dans le zip");
  grandchild.parent_id = "7!/a.zip";
  REQUIRE(writer->Index(parent).ok());
  REQUIRE(writer->Index(child).ok());
  REQUIRE(writer->Index(grandchild).ok());
  REQUIRE(writer->Index(Doc("8", "autre document")).ok());
  REQUIRE(writer->Commit().ok());
  CHECK(writer->document_count() == 4);
  CHECK(HasTerm(dir.path(), "XPARENT7"));

  SECTION("re-indexing the parent drops its old sub-documents") {
    REQUIRE(writer->Index(parent).ok());
    REQUIRE(writer->Commit().ok());
    Xapian::Database db(dir.path());
    CHECK(db.get_doccount() == 2);
    CHECK(db.term_exists("Q7"));
    CHECK_FALSE(db.term_exists("Q7!/a.zip"));
    CHECK_FALSE(db.term_exists("Q7!/a.zip!/b.pdf"));
  }
  SECTION("removing the parent removes every descendant") {
    REQUIRE(writer->Remove("7").ok());
    REQUIRE(writer->Commit().ok());
    Xapian::Database db(dir.path());
    CHECK(db.get_doccount() == 1);
    CHECK(db.term_exists("Q8"));
  }
  SECTION("removing before a commit sees the uncommitted sub-documents") {
    REQUIRE(writer->Index(parent).ok());
    REQUIRE(writer->Index(child).ok());
    REQUIRE(writer->Remove("7").ok());
    REQUIRE(writer->Commit().ok());
    CHECK(Xapian::Database(dir.path()).get_doccount() == 1);
  }
}

TEST_CASE("Removing an unknown id is not an error", "[index]") {
  TempDir dir;
  auto writer = OpenWriter(dir.path());
  CHECK(writer->Remove("nope").ok());
  CHECK(writer->Remove("").code() == base::ErrorCode::kInvalidArgument);
}

TEST_CASE("Invalid documents are refused", "[index]") {
  TempDir dir;
  auto writer = OpenWriter(dir.path());
  IndexableDocument no_id = Doc("", "x");
  CHECK(writer->Index(no_id).code() == base::ErrorCode::kInvalidArgument);
  IndexableDocument no_service = Doc("1", "x");
  no_service.service.clear();
  CHECK(writer->Index(no_service).code() == base::ErrorCode::kInvalidArgument);
}

TEST_CASE("Commits happen every N changes", "[index]") {
  TempDir dir;
  auto writer = OpenWriter(dir.path(), 3);
  REQUIRE(writer->Index(Doc("1", "un")).ok());
  REQUIRE(writer->Index(Doc("2", "deux")).ok());
  CHECK(writer->pending() == 2);
  CHECK(Xapian::Database(dir.path()).get_doccount() == 0);
  REQUIRE(writer->Index(Doc("3", "trois")).ok());
  CHECK(writer->pending() == 0);
  CHECK(Xapian::Database(dir.path()).get_doccount() == 3);
}

TEST_CASE("The destructor commits pending changes", "[index]") {
  TempDir dir;
  {
    auto writer = OpenWriter(dir.path());
    REQUIRE(writer->Index(Doc("1", "un")).ok());
  }
  CHECK(Xapian::Database(dir.path()).get_doccount() == 1);
}

TEST_CASE("A second writer is refused while the first holds the lock", "[index]") {
  TempDir dir;
  auto writer = OpenWriter(dir.path());
  std::unique_ptr<IndexWriter> second;
  base::Status st = IndexWriter::Open(dir.path(), {}, &second);
  CHECK(st.code() == base::ErrorCode::kBusy);
  CHECK(second == nullptr);
}

TEST_CASE("Opening an index where none can be created fails cleanly", "[index]") {
  std::unique_ptr<IndexWriter> writer;
  base::Status st = IndexWriter::Open("/nonexistent/dir/index", {}, &writer);
  CHECK_FALSE(st.ok());
  CHECK(writer == nullptr);
}

TEST_CASE("Language is detected and decides the stemmer", "[index]") {
  TempDir dir;
  {
    auto writer = OpenWriter(dir.path());
    REQUIRE(writer
                ->Index(Doc("en",
                            "The committees were running several meetings about the "
                            "regional transport policies and their funding."))
                .ok());
    REQUIRE(writer
                ->Index(Doc("de",
                            "Die Ausschüsse haben mehrere Sitzungen über die regionale "
                            "Verkehrspolitik und deren Finanzierung abgehalten."))
                .ok());
    REQUIRE(writer->Index(Doc("short", "Arrêté")).ok());
    IndexableDocument given = Doc("given", "Arrêté");
    given.language = "en-GB";  // the caller knows better than detection
    REQUIRE(writer->Index(given).ok());
  }
  Xapian::Database db(dir.path());
  auto doc_has = [&](const std::string& id, const std::string& term) {
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      if (db.get_document(*it).get_value(schema::kSlotId) == id) return true;
    }
    return false;
  };
  CHECK(doc_has("en", "Len"));
  CHECK(GroupLists(db, "Zrun", "running"));          // English stem of "running"
  CHECK(GroupLists(db, "Zcommitte", "committees"));  // English stem of "committees"
  CHECK(GroupLists(db, "Zmeet", "meetings"));
  const std::string french_key = "Z" + Xapian::Stem("french")("meetings");
  REQUIRE(french_key != "Zmeet");
  CHECK_FALSE(GroupLists(db, french_key, "meetings"));  // not grouped as French
  CHECK(doc_has("de", "Lnone"));  // German: indexed unstemmed, never as French
  CHECK(doc_has("de", "ausschusse"));
  CHECK_FALSE(AnyGroupLists(db, "ausschusse"));
  CHECK(doc_has("short", "Lfr"));
  CHECK(doc_has("given", "Len"));  // too short to detect: the appliance's language
}

TEST_CASE("IndexAll indexes a sequence in order, as Index() on each would", "[index]") {
  TempDir dir;
  std::unique_ptr<IndexWriter> writer;
  IndexWriter::Options options;
  options.commit_every = 0;
  options.build_threads = 3;
  REQUIRE(IndexWriter::Open(dir.path(), options, &writer).ok());
  std::vector<IndexableDocument> docs;
  for (int i = 0; i < 20; ++i)
    docs.push_back(Doc(std::to_string(i), "texte numéro " + std::to_string(i)));
  IndexableDocument child = Doc("3!/piece.pdf", "pièce jointe");
  child.parent_id = "3";
  docs.insert(docs.begin() + 4, child);  // right after its parent, as the pipeline orders them
  REQUIRE(writer->IndexAll(docs).ok());
  CHECK(writer->pending() == docs.size());
  REQUIRE(writer->Commit().ok());
  {
    Xapian::Database db(dir.path());
    CHECK(db.get_doccount() == 21);
    CHECK(db.term_exists("XPARENT3"));
    CHECK(db.term_exists("jointe"));
  }

  SECTION("re-indexing the parent in a batch drops its old sub-document") {
    REQUIRE(
        writer->IndexAll(std::vector<IndexableDocument>{Doc("3", "nouveau"), Doc("5", "x")}).ok());
    REQUIRE(writer->Commit().ok());
    Xapian::Database db(dir.path());
    CHECK(db.get_doccount() == 20);
    CHECK_FALSE(db.term_exists("Q3!/piece.pdf"));
  }
  SECTION("an invalid document refuses the whole batch") {
    std::vector<IndexableDocument> bad{Doc("30", "a"), Doc("31", "b")};
    bad[1].service.clear();
    CHECK(writer->IndexAll(bad).code() == base::ErrorCode::kInvalidArgument);
    CHECK(writer->pending() == 0);
  }
}

TEST_CASE("Only the start of a long body is kept for snippets", "[index]") {
  TempDir dir;
  IndexableDocument d = Doc("1", "");
  while (d.body.size() < 3 * schema::kSnippetTextBytes) d.body += "Arrêté préfectoral n° 12. ";
  {
    auto writer = OpenWriter(dir.path());
    REQUIRE(writer->Index(d).ok());
  }
  Xapian::Database db(dir.path());
  const std::string stored = UnpackSnippetText(
      db.get_document(*db.postlist_begin("Q1")).get_value(schema::kSlotSnippetText));
  CHECK(stored.size() <= schema::kSnippetTextBytes);
  CHECK(stored.size() > schema::kSnippetTextBytes - 4);  // cut at a character boundary only
  CHECK(d.body.compare(0, stored.size(), stored) == 0);
}
