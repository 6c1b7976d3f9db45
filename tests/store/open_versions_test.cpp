// Open versions: a version kept open for a while takes its author's next saves in place of new
// versions (WebDAV's saves under a lock, Windows' empty placeholder), until it is sealed or its
// time passes; a new blob per save, the one replaced left to garbage collection.
#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;

namespace {

// A put of `content` at /CAB/notes/<name> by `login`, kept open until `open_until`.
Result<PutResult> PutAs(StoreFixture& f, const std::string& login, const std::string& name,
                        const std::string& content, std::optional<int64_t> open_until) {
  PutRequest request;
  request.service_code = "CAB";
  request.folder = {"notes"};
  request.name = name;
  request.blob = f.WriteBlob(content);
  request.mime_type = "text/plain";
  request.open_until = open_until;
  return f.store->PutDocument(Actor{login}, request);
}

// The same, which must do `outcome` and leave `version` current.
void PutExpecting(StoreFixture& f, const std::string& login, const std::string& name,
                  const std::string& content, std::optional<int64_t> open_until, PutOutcome outcome,
                  int version) {
  auto put = PutAs(f, login, name, content, open_until);
  REQUIRE(put.ok());
  CHECK(put->outcome == outcome);
  CHECK(put->version == version);
}

int64_t InTenMinutes() {
  return NowMs() + 10 * 60 * 1000;
}

}  // namespace

TEST_CASE("an open version takes its author's next saves, and only theirs", "[store][open]") {
  StoreFixture f;
  auto placeholder = PutAs(f, "marie", "rapport.docx", "", InTenMinutes());
  REQUIRE(placeholder.ok());
  CHECK(placeholder->outcome == PutOutcome::kCreated);
  auto open = f.store->GetVersion(placeholder->document_id, 0);
  REQUIRE(open.ok());
  CHECK(open->open(NowMs()));
  CHECK(open->saves == 1);

  // The same author, while it is open: the version's content is replaced, still version 1.
  auto filled = PutAs(f, "marie", "rapport.docx", "le vrai contenu", InTenMinutes());
  REQUIRE(filled.ok());
  CHECK(filled->outcome == PutOutcome::kSavedAgain);
  CHECK(filled->version == 1);
  CHECK(filled->saves == 2);
  CHECK(f.Content(filled->document_id, 0) == "le vrai contenu");  // readable while open
  auto versions = f.store->ListVersions(filled->document_id);
  REQUIRE(versions.ok());
  CHECK(versions->size() == 1);
  CHECK(versions->front().size == 15);
  auto document = f.store->GetDocument(filled->document_id);
  REQUIRE(document.ok());
  CHECK(document->current_saves == 2);
  CHECK(document->size == 15);

  // Another account's save is a version of its own, and seals the open one.
  auto other = PutAs(f, "paul", "rapport.docx", "la relecture de Paul", std::nullopt);
  REQUIRE(other.ok());
  CHECK(other->outcome == PutOutcome::kNewVersion);
  CHECK(other->version == 2);
  auto first = f.store->GetVersion(other->document_id, 1);
  REQUIRE(first.ok());
  CHECK_FALSE(first->open_until.has_value());
  CHECK(f.Content(other->document_id, 1) == "le vrai contenu");
  // ... and Marie's next save no longer replaces anything.
  PutExpecting(f, "marie", "rapport.docx", "encore", std::nullopt, PutOutcome::kNewVersion, 3);
}

TEST_CASE("a sealed version, or one whose time passed, takes no more saves", "[store][open]") {
  StoreFixture f;
  auto put = PutAs(f, "marie", "note.txt", "sous verrou", InTenMinutes());
  REQUIRE(put.ok());
  REQUIRE(f.store->SealVersion(Actor{"paul"}, put->document_id).ok());  // not Paul's to seal
  CHECK(f.store->GetVersion(put->document_id, 0)->open(NowMs()));
  REQUIRE(f.store->SealVersion(Actor{"marie"}, put->document_id).ok());
  CHECK_FALSE(f.store->GetVersion(put->document_id, 0)->open_until.has_value());
  REQUIRE(f.store->SealVersion(Actor{"marie"}, put->document_id).ok());  // nothing to seal
  PutExpecting(f, "marie", "note.txt", "après le déverrouillage", std::nullopt,
               PutOutcome::kNewVersion, 2);

  // Open until a time already past: sealed.
  PutExpecting(f, "marie", "vieux.txt", "", NowMs() - 1, PutOutcome::kCreated, 1);
  PutExpecting(f, "marie", "vieux.txt", "plus tard", std::nullopt, PutOutcome::kNewVersion, 2);
}

TEST_CASE("a save into an open version seals it unless asked to stay open", "[store][open]") {
  StoreFixture f;
  auto placeholder = PutAs(f, "marie", "photo.jpg", "", InTenMinutes());
  REQUIRE(placeholder.ok());
  auto content = PutAs(f, "marie", "photo.jpg", "les octets de la photo", std::nullopt);
  REQUIRE(content.ok());
  CHECK(content->outcome == PutOutcome::kSavedAgain);
  CHECK_FALSE(f.store->GetVersion(content->document_id, 0)->open_until.has_value());
  PutExpecting(f, "marie", "photo.jpg", "retouchée", std::nullopt, PutOutcome::kNewVersion, 2);
  // The same content again while open changes nothing but how long it stays open.
  PutExpecting(f, "marie", "photo.jpg", "retouchée encore", InTenMinutes(), PutOutcome::kNewVersion,
               3);
  PutExpecting(f, "marie", "photo.jpg", "retouchée encore", std::nullopt, PutOutcome::kUnchanged,
               3);
  CHECK_FALSE(f.store->GetVersion(content->document_id, 0)->open_until.has_value());
}

TEST_CASE("saving again is audited and queued for the indexer, the replaced blob is collected",
          "[store][open]") {
  StoreFixture f;
  auto put = PutAs(f, "marie", "compte-rendu.txt", "brouillon éphémère", InTenMinutes());
  REQUIRE(put.ok());
  auto first_blob = f.store->GetVersion(put->document_id, 0)->blob;
  auto pending = f.store->PendingIndexWork(10);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 1);
  REQUIRE(f.store->CompleteIndexWork(pending->front()).ok());

  auto again = PutAs(f, "marie", "compte-rendu.txt", "texte définitif", InTenMinutes());
  REQUIRE(again.ok());
  CHECK(again->outcome == PutOutcome::kSavedAgain);
  pending = f.store->PendingIndexWork(10);
  REQUIRE(pending.ok());
  CHECK(pending->size() == 1);  // the indexer sees the latest content
  auto audit = f.store->ListAudit(put->document_id, 10);
  REQUIRE(audit.ok());
  REQUIRE(audit->size() == 2);
  CHECK(audit->front().detail.find("v1 saved again") != std::string::npos);

  // The first blob is referenced by nothing: garbage collection takes it, the store stays whole.
  CHECK(f.store->blobs().Exists(first_blob));
  auto gc = f.store->CollectGarbage();
  REQUIRE(gc.ok());
  CHECK(gc->blobs_removed == 1);
  CHECK_FALSE(f.store->blobs().Exists(first_blob));
  CHECK(f.Content(put->document_id, 0) == "texte définitif");
  auto check = f.store->Check();
  REQUIRE(check.ok());
  CHECK(check->healthy());
}
