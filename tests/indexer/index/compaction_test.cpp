#include <xapian.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <vector>

#include "indexer/index/index_compaction.h"
#include "indexer/index/index_writer.h"
#include "tests/support/temp_dir.h"

using namespace synaps::indexer::index;
namespace base = synaps::base;
using synaps::testing::TempDir;
namespace fs = std::filesystem;

namespace {

std::uintmax_t DirectoryBytes(const std::string& dir) {
  std::uintmax_t total = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

IndexableDocument Numbered(int i) {
  IndexableDocument d;
  d.id = std::to_string(i);
  d.service = "DDT";
  d.title = "Arrêté numéro " + std::to_string(i);
  for (int k = 0; k < 30; ++k) {
    d.body += "La circulation des véhicules lourds est réglementée rue " +
              std::to_string(i * 31 + k) + " pendant les travaux de voirie. ";
  }
  return d;
}

}  // namespace

TEST_CASE("Compaction shrinks the index, which stays searchable and writable", "[index]") {
  TempDir dir;
  const std::string path = (dir / "index").string();
  std::unique_ptr<IndexWriter> writer;
  IndexWriter::Options options;
  options.commit_every = 25;  // frequent commits leave free space behind
  REQUIRE(IndexWriter::Open(path, options, &writer).ok());
  for (int i = 0; i < 400; ++i) REQUIRE(writer->Index(Numbered(i)).ok());
  REQUIRE(writer->Commit().ok());
  const std::uintmax_t before = DirectoryBytes(path);

  // A reader open on the old index keeps working, then sees the compacted one.
  Xapian::Database reader(path);
  REQUIRE(writer->Compact().ok());
  CHECK(reader.get_doccount() == 400);

  const std::uintmax_t after = DirectoryBytes(path);
  INFO("before " << before << " after " << after);
  CHECK(after < before * 3 / 4);
  CHECK_FALSE(fs::exists(CompactionScratchDirectory(path)));
  {
    Xapian::Database db(path);
    CHECK(db.get_doccount() == 400);
    CHECK(db.term_exists("Q399"));
    Xapian::Enquire enquire(db);
    const std::vector<Xapian::Query> words{Xapian::Query("vehicules"), Xapian::Query("lourds")};
    enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end()));
    CHECK(enquire.get_mset(0, 10).get_matches_estimated() == 400);
  }

  // The writer goes on with the compacted index.
  REQUIRE(writer->Index(Numbered(1000)).ok());
  REQUIRE(writer->Remove("0").ok());
  REQUIRE(writer->Commit().ok());
  Xapian::Database db(path);
  CHECK(db.get_doccount() == 400);
  CHECK(db.term_exists("Q1000"));
  CHECK_FALSE(db.term_exists("Q0"));
}

TEST_CASE("Compaction keeps the writer lock and the uncommitted changes", "[index]") {
  TempDir dir;
  const std::string path = (dir / "index").string();
  std::unique_ptr<IndexWriter> writer;
  REQUIRE(IndexWriter::Open(path, {}, &writer).ok());
  REQUIRE(writer->Index(Numbered(1)).ok());  // not committed yet: Compact() commits it
  REQUIRE(writer->Compact().ok());
  CHECK(writer->pending() == 0);
  CHECK(Xapian::Database(path).get_doccount() == 1);
  std::unique_ptr<IndexWriter> second;
  CHECK(IndexWriter::Open(path, {}, &second).code() == base::ErrorCode::kBusy);
}

TEST_CASE("A leftover scratch directory does not stop compaction", "[index]") {
  TempDir dir;
  const std::string path = (dir / "index").string();
  std::unique_ptr<IndexWriter> writer;
  REQUIRE(IndexWriter::Open(path, {}, &writer).ok());
  REQUIRE(writer->Index(Numbered(1)).ok());
  fs::create_directories(CompactionScratchDirectory(path) + "/junk");
  REQUIRE(writer->Compact().ok());
  CHECK_FALSE(fs::exists(CompactionScratchDirectory(path)));
  CHECK(CompactionScratchDirectory(path + "/") == CompactionScratchDirectory(path));
  CHECK(Xapian::Database(path).get_doccount() == 1);
}
