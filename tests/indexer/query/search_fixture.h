// A small French (and one English) corpus indexed in a temporary directory, and helpers to
// search it as a user of given services.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "indexer/index/index_writer.h"
#include "indexer/query/searcher.h"
#include "tests/support/temp_dir.h"

namespace synaps::test {

using synaps::testing::TempDir;

using indexer::index::IndexableDocument;
using indexer::index::IndexWriter;
using indexer::query::PermissionFilter;
using indexer::query::Searcher;
using indexer::query::SearchRequest;
using indexer::query::SearchResult;

inline IndexableDocument MakeDoc(const std::string& id, const std::string& service,
                                 std::int64_t date, const std::string& title,
                                 const std::string& body) {
  IndexableDocument d;
  d.id = id;
  d.service = service;
  d.date = date;
  d.title = title;
  d.body = body;
  d.size = 1000 + body.size();
  return d;
}

// Dates (UTC): 2024-03-03, 2023-05-10, 2024-07-01, 2024-02-01, 2024-01-15, 2022-12-31, 2024-04-04.
inline std::vector<IndexableDocument> Corpus() {
  std::vector<IndexableDocument> docs;
  IndexableDocument d1 = MakeDoc("1", "DDT", 1709424000, "Arrêté préfectoral de circulation",
                                 "L'arrêté préfectoral du 3 mars réglemente la circulation des "
                                 "véhicules lourds dans le centre-ville pendant les travaux.");
  d1.tags = {"Urgent", "Voirie"};
  d1.mime_type = "application/pdf";
  d1.file_name = "arrete_circulation.pdf";
  d1.path = "/Voirie/2024/arrete_circulation.pdf";
  d1.author = "Jean Dupont";
  docs.push_back(d1);

  // Decomposed accents (NFD), as some PDFs produce, and a typographic apostrophe.
  IndexableDocument d2 = MakeDoc("2", "ddt", 1683676800, "Archive des décisions",
                                 "La pre\xCC\x81"
                                 "fecture a publie\xCC\x81 l\xE2\x80\x99"
                                 "archive "
                                 "des de\xCC\x81"
                                 "cisions de la commission.");
  d2.tags = {"Voirie"};
  d2.mime_type = "text/plain";
  docs.push_back(d2);

  IndexableDocument d3 = MakeDoc("3", "cabinet", 1719792000, "Note du cabinet",
                                 "Note confidentielle du cabinet sur le budget secret zorglub "
                                 "pour les associations.");
  d3.tags = {"Confidentiel"};
  d3.mime_type = "application/msword";
  docs.push_back(d3);

  IndexableDocument d4 = MakeDoc("4", "cabinet", 1706745600, "Compte rendu",
                                 "Compte rendu de la réunion sur les Œuvres d'art et le cœur de "
                                 "ville, avec les élus.");
  d4.tags = {"Culture", "Mise en demeure"};
  d4.mime_type = "application/pdf";
  d4.shared_with_services = {"DDT"};
  docs.push_back(d4);

  IndexableDocument d5 = MakeDoc("5", "dreal", 1705276800, "Inspection report",
                                 "The environmental committees were running inspections of the "
                                 "industrial sites near the river during the whole summer.");
  d5.mime_type = "application/pdf";
  d5.shared_with_everyone = true;
  docs.push_back(d5);

  IndexableDocument d6 = MakeDoc("6", "ddt", 1672444800, "<b>Titre</b>",
                                 "Attention <script>alert('xss')</script> les pommes mangées & "
                                 "les poires.");
  d6.mime_type = "text/html";
  docs.push_back(d6);

  IndexableDocument d7 = MakeDoc("7", "ddt", 1712188800, "",
                                 "Bonjour, voici la demande de subvention pour l'association "
                                 "sportive du quartier.");
  d7.mail_from = "Marie Curie <marie.curie@interieur.gouv.fr>";
  d7.mail_to = "prefet@example.fr";
  d7.mail_subject = "Demande de subvention";
  d7.mime_type = "message/rfc822";
  docs.push_back(d7);

  IndexableDocument d8 = MakeDoc("7!/piece.pdf", "ddt", 1712188800, "piece.pdf",
                                 "Pièce jointe : budget prévisionnel de l'association sportive.");
  d8.parent_id = "7";
  d8.file_name = "piece.pdf";
  d8.mime_type = "application/pdf";
  docs.push_back(d8);
  return docs;
}

class SearchFixture {
 public:
  SearchFixture() {
    {
      std::unique_ptr<IndexWriter> writer;
      REQUIRE(IndexWriter::Open(dir_.path(), {}, &writer).ok());
      for (const IndexableDocument& d : Corpus()) REQUIRE(writer->Index(d).ok());
      REQUIRE(writer->Commit().ok());
    }
    REQUIRE(Searcher::Open(dir_.path(), &searcher_).ok());
  }

  SearchResult Run(const std::string& query, const std::vector<std::string>& services,
                   SearchRequest request = {}) {
    request.query = query;
    SearchResult result;
    auto status = searcher_->Search(request, PermissionFilter(services), &result);
    INFO(query << ": " << status.message());
    REQUIRE(status.ok());
    return result;
  }

  // Ids of every hit of `query` for a user of `services` (default: DDT).
  std::set<std::string> Ids(const std::string& query,
                            const std::vector<std::string>& services = {"ddt"}) {
    SearchRequest request;
    request.page_size = 100;
    std::set<std::string> ids;
    for (const auto& hit : Run(query, services, request).hits) ids.insert(hit.id);
    return ids;
  }

  const std::string& path() { return path_ = dir_.path(); }
  Searcher& searcher() { return *searcher_; }

 protected:
  TempDir dir_;
  std::string path_;
  std::unique_ptr<Searcher> searcher_;
};

using IdSet = std::set<std::string>;

}  // namespace synaps::test
