// The store's index queue drained through isolated extraction into Xapian, searched back.
#include <xapian.h>

#include <catch2/catch.hpp>

#include "dms-server/indexing/document_mapper.h"
#include "dms-server/indexing/index_pipeline.h"
#include "indexer/query/searcher.h"
#include "tests/store/store_fixture.h"

using namespace synaps;
using synaps::testing::ReadFile;
using synaps::testing::StoreFixture;

namespace {

std::string Fixture(const std::string& name) {
  return ReadFile(std::filesystem::path(SYNAPS_FIXTURES_DIR) / "extract" / name);
}

indexing::PipelineSummary Drain(StoreFixture& f, indexing::PipelineOptions options = {},
                                indexing::IndexPipeline::ProgressCallback progress = {}) {
  options.worker_program = std::string(SYNAPS_BIN_DIR) + "/synaps-extract-worker";
  options.extraction_workers = 2;
  auto pipeline = indexing::IndexPipeline::Open(*f.store, options);
  REQUIRE(pipeline.ok());
  if (progress) (*pipeline)->set_progress_callback(std::move(progress));
  auto summary = (*pipeline)->Drain();
  INFO(summary.status().message());
  REQUIRE(summary.ok());
  return *summary;
}

std::vector<std::string> Search(StoreFixture& f, const std::string& query,
                                std::vector<std::string> services = {"CAB", "DDT"}) {
  std::unique_ptr<indexer::query::Searcher> searcher;
  REQUIRE(indexer::query::Searcher::Open(indexing::IndexDirectory(f.store->data_dir()).string(),
                                         &searcher)
              .ok());
  indexer::query::SearchRequest request;
  request.query = query;
  indexer::query::SearchResult result;
  auto status = searcher->Search(request, indexer::query::PermissionFilter(services), &result);
  INFO(status.message());
  REQUIRE(status.ok());
  std::vector<std::string> paths;
  for (const auto& hit : result.hits) paths.push_back(hit.path);
  std::sort(paths.begin(), paths.end());
  return paths;
}

using Paths = std::vector<std::string>;

}  // namespace

TEST_CASE("queued documents are extracted, indexed and found, and the queue empties",
          "[indexing]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  REQUIRE(f.Put("arretes", "sample.pdf", Fixture("sample.pdf")).ok());
  REQUIRE(f.Put("courrier", "reunion.eml", Fixture("reunion.eml")).ok());
  REQUIRE(f.Put("", "dossier.zip", Fixture("dossier.zip"), "DDT").ok());
  REQUIRE(f.Put("", "note.docx", Fixture("note.docx"), "DDT").ok());
  auto summary = Drain(f);
  CHECK(summary.indexed == 4);
  CHECK(summary.sub_documents >= 2);
  CHECK(summary.extraction_failed == 0);
  CHECK(f.store->PendingIndexWork(10)->empty());

  // The mail carries the same zip as an attachment: found inside it too.
  CHECK(Search(f, "circulation interdite") ==
        Paths{"/CAB/arretes/sample.pdf",
              "/CAB/courrier/reunion.eml!/dossier.zip!/dossier/arrete.pdf",
              "/DDT/dossier.zip!/dossier/arrete.pdf"});
  CHECK(Search(f, "fermeture exceptionnelle") == Paths{"/DDT/note.docx"});
  CHECK(Search(f, "de:lefevre") == Paths{"/CAB/courrier/reunion.eml"});
  CHECK(Search(f, "circulation interdite", {"DDT"}) ==
        Paths{"/DDT/dossier.zip!/dossier/arrete.pdf"});
  auto version = f.store->GetVersion(f.store->FindDocument("/CAB/arretes/sample.pdf")->id, 0);
  CHECK(version->extraction_status == "ok");
}

TEST_CASE("new versions, moves, trash and purge reach the index", "[indexing]") {
  StoreFixture f;
  auto put = f.Put("", "note.txt", "Le comité de pilotage se réunit jeudi.");
  int64_t id = put->document_id;
  Drain(f);
  CHECK(Search(f, "pilotage") == Paths{"/CAB/note.txt"});

  REQUIRE(f.Put("", "note.txt", "La commission départementale se réunit vendredi.").ok());
  Drain(f);
  CHECK(Search(f, "pilotage").empty());
  CHECK(Search(f, "commission") == Paths{"/CAB/note.txt"});

  REQUIRE(f.store->MoveDocument(f.actor, id, "/CAB/archives/compte-rendu.txt").ok());
  REQUIRE(f.store->AddTag(f.actor, id, "urgent").ok());
  Drain(f);
  CHECK(Search(f, "commission") == Paths{"/CAB/archives/compte-rendu.txt"});
  CHECK(Search(f, "tag:urgent") == Paths{"/CAB/archives/compte-rendu.txt"});

  REQUIRE(f.store->TrashDocument(f.actor, id).ok());
  auto summary = Drain(f);
  CHECK(summary.removed == 1);
  CHECK(Search(f, "commission").empty());
  REQUIRE(f.store->RestoreFromTrash(f.actor, id).ok());
  Drain(f);
  CHECK(Search(f, "commission").size() == 1);
  REQUIRE(f.store->TrashDocument(f.actor, id).ok());
  REQUIRE(f.store->PurgeTrash(f.actor, std::nullopt).ok());
  Drain(f);
  CHECK(Search(f, "commission").empty());
}

TEST_CASE("a document whose extraction fails stays findable by name, with the reason stored",
          "[indexing][fault]") {
  StoreFixture f;
  auto put = f.Put("", "rapport-annuel-corrompu.pdf", Fixture("corrupted.pdf"));
  REQUIRE(f.Put("", "bombe.zip", Fixture("zip-bomb.zip")).ok());
  auto summary = Drain(f);
  CHECK(summary.indexed == 2);
  CHECK(summary.extraction_failed >= 1);
  auto version = f.store->GetVersion(put->document_id, 0);
  CHECK(version->extraction_status == "failed");
  CHECK_FALSE(version->extraction_detail.empty());
  CHECK(Search(f, "corrompu") == Paths{"/CAB/rapport-annuel-corrompu.pdf"});
  CHECK(Search(f, "bombe") == Paths{"/CAB/bombe.zip"});
}

TEST_CASE(
    "a mail whose parts are documents of their own is indexed without them, fil: finds a "
    "thread",
    "[indexing][mail]") {
  StoreFixture f;
  auto mail = f.Put("courrier", "reunion.eml", Fixture("reunion.eml"));
  auto part = f.Put("courrier", "reunion - dossier.zip", Fixture("dossier.zip"));
  auto other = f.Put("courrier", "autre.txt", "circulation sans rapport");
  REQUIRE((mail.ok() && part.ok() && other.ok()));
  // What a mail source records (connectors/mail/mail_message.h).
  REQUIRE(f.store->SetMetadata(f.actor, mail->document_id, "synaps.parts", "documents").ok());
  for (int64_t id : {mail->document_id, part->document_id}) {
    REQUIRE(f.store->SetMetadata(f.actor, id, "mail.thread", "crise-2026@prefecture.gouv.fr").ok());
  }
  Drain(f);
  CHECK(Search(f, "circulation interdite") ==
        Paths{"/CAB/courrier/reunion - dossier.zip!/dossier/arrete.pdf"});
  CHECK(Search(f, "fil:crise-2026@prefecture.gouv.fr") ==
        Paths{"/CAB/courrier/reunion - dossier.zip", "/CAB/courrier/reunion.eml"});
  CHECK(Search(f, "thread:crise-2026@prefecture.gouv.fr de:lefevre") ==
        Paths{"/CAB/courrier/reunion.eml"});
}

TEST_CASE("metadata and dates are indexed", "[indexing]") {
  StoreFixture f;
  auto put = f.Put("", "a.txt", "texte sans rapport");
  REQUIRE(f.store->SetMetadata(f.actor, put->document_id, "numero", "2026-118").ok());
  Drain(f);
  CHECK(Search(f, "2026-118") == Paths{"/CAB/a.txt"});
  CHECK(indexing::ParseDocumentDate("2024-03-05T10:00:00Z") == 1709632800);
  CHECK(indexing::ParseDocumentDate("2024-03-05") == 1709596800);
  CHECK(indexing::ParseDocumentDate("Tue, 05 Mar 2024 11:00:00 +0100") == 1709632800);
  CHECK(indexing::ParseDocumentDate("n'importe quoi") == 0);
}

TEST_CASE("shares make documents visible to other services in search, and unsharing hides them",
          "[indexing][shares]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  REQUIRE(f.store->AddService(f.actor, "DCL", "DCL").ok());
  int64_t note = f.Put("crise", "note.txt", "Épisode de crue sur la Vallière")->document_id;
  REQUIRE(f.Put("interne", "rh.txt", "Crue des effectifs du service").ok());
  Drain(f);
  CHECK(Search(f, "crue", {"DDT"}).empty());

  REQUIRE(f.store->ShareDocument(f.actor, note, "DDT", store::ShareMode::kRead).ok());
  Drain(f);
  CHECK(Search(f, "crue", {"DDT"}) == Paths{"/CAB/crise/note.txt"});
  CHECK(Search(f, "crue", {"DCL"}).empty());

  auto folder = f.store->FindFolder("/CAB/crise");
  auto everyone = f.store->ShareFolder(f.actor, folder->id, "", store::ShareMode::kRead);
  REQUIRE(everyone.ok());
  REQUIRE(f.Put("crise", "bilan.txt", "Bilan de la crue").ok());  // added after the share
  Drain(f);
  CHECK(Search(f, "crue", {"DCL"}) == Paths{"/CAB/crise/bilan.txt", "/CAB/crise/note.txt"});

  REQUIRE(f.store->RemoveShare(f.actor, everyone->id).ok());
  Drain(f);
  CHECK(Search(f, "crue", {"DCL"}).empty());
  CHECK(Search(f, "crue", {"DDT"}) == Paths{"/CAB/crise/note.txt"});
}

TEST_CASE("a drain over many small batches and commits indexes everything once", "[indexing]") {
  StoreFixture f;
  for (int i = 0; i < 20; ++i) {
    REQUIRE(f.Put("lot", "doc" + std::to_string(i) + ".txt",
                  "dossier numéro " + std::to_string(i) + " de la série")
                .ok());
  }
  indexing::PipelineOptions options;
  options.batch_size = 3;
  options.commit_documents = 4;
  auto summary = Drain(f, options);
  CHECK(summary.indexed == 20);
  CHECK(f.store->PendingIndexWork(100)->empty());
  CHECK(Search(f, "série").size() == 20);
  CHECK(Search(f, "numéro 17") == Paths{"/CAB/lot/doc17.txt"});
  CHECK(Drain(f).indexed == 0);
}

TEST_CASE("a drain stopped after a batch leaves the batches extracted ahead queued", "[indexing]") {
  StoreFixture f;
  for (int i = 0; i < 10; ++i) {
    REQUIRE(
        f.Put("lot", "doc" + std::to_string(i) + ".txt", "pièce numéro " + std::to_string(i)).ok());
  }
  indexing::PipelineOptions options;
  options.batch_size = 2;
  options.batches_ahead = 3;  // three batches extracted while the first is indexed
  options.stop_requested = [] { return true; };
  auto summary = Drain(f, options);
  CHECK(summary.indexed == 2);
  CHECK(f.store->PendingIndexWork(100)->size() == 8);
  CHECK(Search(f, "pièce").size() == 2);
  CHECK(Drain(f).indexed == 8);
  CHECK(f.store->PendingIndexWork(100)->empty());
  CHECK(Search(f, "pièce").size() == 10);
}

TEST_CASE("progress after each batch counts the documents and the failures so far",
          "[indexing][fault]") {
  StoreFixture f;
  REQUIRE(f.Put("", "a-corrompu.pdf", Fixture("corrupted.pdf")).ok());
  REQUIRE(f.Put("", "b-lisible.txt", "une note lisible").ok());
  REQUIRE(f.Put("", "c-lisible.txt", "une autre note").ok());
  indexing::PipelineOptions options;
  options.batch_size = 1;
  struct Step {
    int64_t done, total, indexed, failed;
  };
  std::vector<Step> steps;
  auto summary = Drain(f, options, [&](int64_t done, int64_t total, const auto& so_far) {
    steps.push_back({done, total, so_far.indexed, so_far.extraction_failed});
  });
  CHECK(summary.extraction_failed == 1);
  REQUIRE(steps.size() == 3);
  // The failure is known after the first batch, not only when the drain ends.
  CHECK(steps[0].done == 1);
  CHECK(steps[0].total == 3);
  CHECK(steps[0].indexed == 1);
  CHECK(steps[0].failed == 1);
  CHECK(steps[2].done == 3);
  CHECK(steps[2].indexed == 3);
  CHECK(steps[2].failed == 1);
}

TEST_CASE("a large drain ends by compacting the index, a small one does not", "[indexing]") {
  StoreFixture f;
  for (int i = 0; i < 12; ++i) {
    REQUIRE(f.Put("lot", "doc" + std::to_string(i) + ".txt",
                  "rapport numéro " + std::to_string(i) + " sur la voirie départementale")
                .ok());
  }
  indexing::PipelineOptions options;
  options.batch_size = 4;
  options.compact_after_documents = 10;
  auto summary = Drain(f, options);
  CHECK(summary.indexed == 12);
  CHECK(summary.compacted);
  CHECK(summary.compaction_error.empty());
  CHECK(Search(f, "voirie départementale").size() == 12);

  REQUIRE(f.Put("lot", "doc0.txt", "rapport révisé sur la voirie communale").ok());
  auto small = Drain(f, options);
  CHECK(small.indexed == 1);
  CHECK_FALSE(small.compacted);
  CHECK(Search(f, "voirie communale") == Paths{"/CAB/lot/doc0.txt"});
  CHECK(Search(f, "voirie départementale").size() == 11);
}

TEST_CASE("an index of another schema version is rebuilt from the store", "[indexing]") {
  StoreFixture f;
  REQUIRE(f.Put("notes", "crue.txt", "Arrêté relatif à la crue de la Loire.").ok());
  REQUIRE(f.Put("notes", "secheresse.txt", "Mesures de restriction des usages de l'eau.").ok());
  Drain(f);
  auto directory = indexing::IndexDirectory(f.store->data_dir()).string();
  {
    // As a Synaps whose documents held other terms would have left it.
    Xapian::WritableDatabase db(directory, Xapian::DB_OPEN);
    CHECK(db.get_metadata("synaps.schema_version") == "1");
    db.set_metadata("synaps.schema_version", "0");
    db.add_document(Xapian::Document());  // a leftover the old schema had
    db.commit();
  }
  auto summary = Drain(f);
  CHECK(summary.indexed == 2);  // every document, though none changed
  CHECK(Search(f, "crue") == Paths{"/CAB/notes/crue.txt"});
  Xapian::Database db(directory);
  CHECK(db.get_doccount() == 2);  // the leftover went with the old index
  CHECK(db.get_metadata("synaps.schema_version") == "1");
}

TEST_CASE("a text file that libmagic takes for an HP-GL plot is indexed as text and found",
          "[indexing]") {
  StoreFixture f;
  auto put = f.Put("manuels", "passwd.1.txt", Fixture("manuel-hpgl.txt"));
  Drain(f);
  CHECK(Search(f, "\"robuste mélange majuscules\"") == Paths{"/CAB/manuels/passwd.1.txt"});
  auto version = f.store->GetVersion(put->document_id, 0);
  CHECK(version->extraction_status == "ok");
}

TEST_CASE("archive members' ids and paths never climb out of the archive", "[indexing][text]") {
  indexing::StoredDocument stored;
  stored.document.id = 7;
  stored.document.service_code = "CAB";
  stored.document.folder_path = "/CAB/depot";
  stored.document.name = "envoi.zip";
  indexer::ExtractedDocument archive;
  archive.mime_type = "application/zip";
  for (const char* name : {"../../etc/x", "a//./b.txt", "..\\..\\win.ini", ".."}) {
    indexer::ExtractedChild child;
    child.name = name;
    child.doc.mime_type = "text/plain";
    archive.children.push_back(child);
  }
  indexer::ExtractedChild inner;
  inner.name = "in/./inner.zip";
  inner.doc.mime_type = "application/zip";
  indexer::ExtractedChild deep;
  deep.name = "/../../deep.txt";
  inner.doc.children.push_back(deep);
  archive.children.push_back(inner);

  auto docs = indexing::MapForIndex(stored, archive);
  std::vector<std::string> ids;
  for (size_t i = 1; i < docs.size(); ++i) {
    ids.push_back(docs[i].id);
    for (const std::string& text : {docs[i].id, docs[i].path}) {
      INFO(text);
      CHECK(text.find("/../") == std::string::npos);
      CHECK(text.find("!/..") == std::string::npos);
      CHECK(text.find("//") == std::string::npos);
      CHECK(text.find("/./") == std::string::npos);
      CHECK(text.find('\\') == std::string::npos);
    }
  }
  CHECK(ids == std::vector<std::string>{"7!/etc/x", "7!/a/b.txt", "7!/win.ini", "7!/unnamed",
                                        "7!/in/inner.zip", "7!/in/inner.zip!/deep.txt"});
  CHECK(docs[1].path == "/CAB/depot/envoi.zip!/etc/x");
  CHECK(docs[1].file_name == "x");
}
