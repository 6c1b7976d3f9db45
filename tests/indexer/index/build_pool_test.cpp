#include "indexer/index/build_pool.h"

#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "indexer/index/document_builder.h"
#include "indexer/index/schema.h"

using namespace synaps::indexer::index;

namespace {

std::vector<IndexableDocument> Docs(int n) {
  std::vector<IndexableDocument> docs;
  for (int i = 0; i < n; ++i) {
    IndexableDocument d;
    d.id = std::to_string(i);
    d.service = "DDT";
    d.title = "Arrêté numéro " + std::to_string(i);
    for (int k = 0; k <= i % 7; ++k) {
      d.body += "L'arrêté préfectoral réglemente la circulation des véhicules lourds. ";
    }
    d.body += "Mot" + std::to_string(i);
    docs.push_back(d);
  }
  return docs;
}

// Everything Xapian keeps of a document, as one string.
std::string Describe(const Xapian::Document& doc) {
  std::string out = doc.get_data() + "\n";
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    out += *it + ":" + std::to_string(it.get_wdf()) + "@";
    for (auto pos = it.positionlist_begin(); pos != it.positionlist_end(); ++pos) {
      out += std::to_string(*pos) + ",";
    }
    out += "\n";
  }
  for (auto it = doc.values_begin(); it != doc.values_end(); ++it) {
    out += std::to_string(it.get_valueno()) + "=" + *it + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("The pool hands documents over in order, built as one builder would", "[index]") {
  const std::vector<IndexableDocument> docs = Docs(40);
  DocumentBuilder reference;
  for (int threads : {1, 2, 4}) {
    INFO("threads " << threads);
    BuildPool pool(threads);
    CHECK(pool.threads() == threads);
    std::vector<std::size_t> order;
    pool.Run(docs, [&](std::size_t i, BuiltDocument&& built) {
      order.push_back(i);
      BuiltDocument expected = reference.Build(docs[i]);
      CHECK(built.id_term == schema::IdTerm(docs[i].id));
      CHECK(Describe(built.document) == Describe(expected.document));
      return true;
    });
    REQUIRE(order.size() == docs.size());
    for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == i);
  }
}

TEST_CASE("The pool stops when the writer says so and can run again", "[index]") {
  const std::vector<IndexableDocument> docs = Docs(30);
  BuildPool pool(3);
  std::size_t calls = 0;
  pool.Run(docs, [&](std::size_t i, BuiltDocument&&) {
    ++calls;
    return i < 4;
  });
  CHECK(calls == 5);

  CHECK_THROWS_AS(pool.Run(docs,
                           [&](std::size_t i, BuiltDocument&&) {
                             if (i == 7) throw std::runtime_error("disk full");
                             return true;
                           }),
                  std::runtime_error);

  calls = 0;
  pool.Run(docs, [&](std::size_t, BuiltDocument&&) { return ++calls > 0; });
  CHECK(calls == docs.size());
  pool.Run({}, [&](std::size_t, BuiltDocument&&) { return false; });
}

namespace {

std::vector<std::string> ListedTerms(const BuiltDocument& built) {
  std::vector<std::string> terms;
  for (const StemGroupMember& member : built.stem_groups) terms.push_back(member.term);
  return terms;
}

}  // namespace

TEST_CASE("A builder lists a word in its stem group once, until told to forget", "[index]") {
  IndexableDocument doc;
  doc.id = "1";
  doc.service = "DDT";
  doc.body = "Les arrêtés préfectoraux réglementent la circulation des véhicules.";
  DocumentBuilder builder;
  const BuiltDocument first = builder.Build(doc);
  const std::vector<std::string> listed = ListedTerms(first);
  CHECK(std::find(listed.begin(), listed.end(), "arretes") != listed.end());
  for (const StemGroupMember& member : first.stem_groups) {
    if (member.term == "arretes") CHECK(member.key == "Z" + Xapian::Stem("french")("arretes"));
  }
  CHECK(builder.Build(doc).stem_groups.empty());  // every word already listed
  builder.ForgetListedWords();
  CHECK(ListedTerms(builder.Build(doc)) == listed);
}

TEST_CASE("A pool told to forget lists the words of documents it did not write again", "[index]") {
  const std::vector<IndexableDocument> docs = Docs(12);
  for (int threads : {1, 3}) {
    INFO("threads " << threads);
    BuildPool pool(threads);
    std::set<std::string> listed;
    std::size_t members = 0;
    auto collect = [&](std::size_t, BuiltDocument&& built) {
      for (const StemGroupMember& member : built.stem_groups) listed.insert(member.term);
      members += built.stem_groups.size();
      return true;
    };
    pool.Run(docs, collect);
    const std::set<std::string> first_time = listed;
    REQUIRE(first_time.count("reglemente") == 1);
    if (threads == 1) {  // one builder, which has seen every word
      members = 0;
      pool.Run(docs, collect);
      CHECK(members == 0);
    }
    pool.ForgetListedWords();
    listed.clear();
    pool.Run(docs, collect);
    CHECK(listed == first_time);
  }
}
