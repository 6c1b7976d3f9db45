#include "indexer/index/build_pool.h"

#include <xapian.h>

#include <catch2/catch.hpp>
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
