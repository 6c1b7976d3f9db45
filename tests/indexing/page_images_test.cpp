// The directory of preview images (dms-server/indexing/page_images.h): drawn once by the real
// worker, then taken from the directory; pages past the last known without the worker; other
// types refused; the directory kept under its bound, the least recently used images first.
#include "dms-server/indexing/page_images.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/store/store_fixture.h"

using namespace synaps;
using synaps::testing::ReadFile;
using synaps::testing::StoreFixture;

namespace {

struct Previews {
  StoreFixture f;
  documents::DocumentService service{*f.store};
  documents::Caller caller = documents::Caller::Administrator("tester");
  indexer::ExtractionWorker worker{[] {
    indexer::ExtractionWorker::Options options;
    options.program = std::string(SYNAPS_BIN_DIR) + "/synaps-extract-worker";
    return options;
  }()};

  // Stores `content` as `name` of type `mime_type`; its current version.
  documents::DocumentVersion Put(const std::string& name, const std::string& content,
                                 const std::string& mime_type) {
    store::PutRequest request;
    request.service_code = "CAB";
    request.name = name;
    request.blob = f.WriteBlob(content);
    request.mime_type = mime_type;
    auto put = f.store->PutDocument(f.actor, request);
    REQUIRE(put.ok());
    auto found = service.Version(caller, put->document_id, 0);
    REQUIRE(found.ok());
    return *found;
  }

  indexing::PageImage Get(indexing::PageImages& images, const documents::DocumentVersion& found,
                          int page, int width) {
    auto image = images.Get(service, caller, found.document, found.version, page, width, worker);
    INFO(image.status().message());
    REQUIRE(image.ok());
    return std::move(*image);
  }
};

std::string SamplePdf() {
  return ReadFile(std::filesystem::path(SYNAPS_FIXTURES_DIR) / "extract" / "sample.pdf");
}

}  // namespace

TEST_CASE("a page is drawn once, then taken from the directory", "[indexing][preview]") {
  Previews p;
  indexing::PageImages images({p.f.dir / "previews"});
  const auto pdf = p.Put("arrete.pdf", SamplePdf(), "application/pdf");
  indexing::PageImage drawn = p.Get(images, pdf, 1, 200);
  REQUIRE(drawn.outcome == indexing::PageImage::Outcome::kOk);
  CHECK_FALSE(drawn.cached);
  CHECK(drawn.pages == 2);
  CHECK(drawn.size > 0);
  const pid_t worker = p.worker.worker_pid();
  indexing::PageImage kept = p.Get(images, pdf, 1, 200);
  CHECK(kept.cached);
  CHECK(kept.size == drawn.size);
  CHECK(p.worker.worker_pid() == worker);

  indexing::PageImage beyond = p.Get(images, pdf, 3, 200);
  CHECK(beyond.outcome == indexing::PageImage::Outcome::kNoSuchPage);
  CHECK(beyond.reason.find("has 2 page(s)") != std::string::npos);

  const auto text = p.Put("note.txt", "Bonjour.\n", "text/plain");
  CHECK(p.Get(images, text, 1, 200).outcome == indexing::PageImage::Outcome::kNotPdf);
  CHECK_FALSE(images.Get(p.service, p.caller, pdf.document, pdf.version, 6, 200, p.worker).ok());
  CHECK_FALSE(images.Get(p.service, p.caller, pdf.document, pdf.version, 1, 300, p.worker).ok());
  CHECK(indexing::PageImages::ETag(pdf.version, 2, 400) == "\"" + pdf.version.blob + "-p2-w400\"");
}

TEST_CASE("the directory stays under its bound, the least recently used first",
          "[indexing][preview]") {
  Previews p;
  const auto pdf = p.Put("arrete.pdf", SamplePdf(), "application/pdf");
  // The sizes of the three images drawn below give the bound: all three do not fit.
  indexing::PageImages probe({p.f.dir / "probe"});
  const int64_t first = p.Get(probe, pdf, 1, 400).size;
  const int64_t second = p.Get(probe, pdf, 2, 400).size;
  const int64_t small = p.Get(probe, pdf, 1, 200).size;
  const auto bound = static_cast<uint64_t>(first + second + small - 1);
  indexing::PageImages images({p.f.dir / "previews", bound});
  p.Get(images, pdf, 1, 400);
  p.Get(images, pdf, 2, 400);
  // Files' times move by the kernel's tick: one apart, so that the order below is certain.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(p.Get(images, pdf, 1, 400).cached);  // used again: more recent than page 2
  indexing::PageImage newest = p.Get(images, pdf, 1, 200);
  REQUIRE(newest.outcome == indexing::PageImage::Outcome::kOk);
  CHECK_FALSE(newest.cached);
  CHECK(images.DiskBytes() <= bound * 3 / 4);
  // Page 2, the least recently used, went; the one used again and the newest stay.
  CHECK(p.Get(images, pdf, 1, 200).cached);
  CHECK(p.Get(images, pdf, 1, 400).cached);
  CHECK_FALSE(p.Get(images, pdf, 2, 400).cached);
  CHECK(images.DiskBytes() <= bound);
}
