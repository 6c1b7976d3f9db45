// PDF pages drawn to PNG: in this process, in the real worker, and by fake workers that lie.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "indexer/extract/extract.h"
#include "indexer/extract/worker_protocol.h"
#include "tests/indexer/extract/test_util.h"

namespace synaps::indexer {
namespace {

using test::Fixture;
namespace protocol = worker_protocol;

ExtractionWorker::Options RealWorker() {
  ExtractionWorker::Options options;
  options.program = test::WorkerProgram();
  return options;
}

bool StartsAsPng(const std::string& bytes) {
  return bytes.rfind(std::string("\x89PNG\r\n\x1a\n", 8), 0) == 0;
}

// A PNG header (signature and IHDR) announcing `width` x `height`, and nothing after it.
std::string PngHeader(uint32_t width, uint32_t height) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  auto u32 = [&png](uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) png.push_back(static_cast<char>(v >> shift));
  };
  u32(13);
  png += "IHDR";
  u32(width);
  u32(height);
  png += std::string("\x08\x02\x00\x00\x00", 5);
  u32(0);  // the CRC, which only a decoder reads
  return png;
}

TEST_CASE("A PDF page is drawn to a PNG of the width asked", "[extract][render]") {
  RenderedPage page = RenderPdfPage(Fixture("sample.pdf"), 1, 400, {});
  INFO(page.reason);
  REQUIRE(page.status == RenderedPage::Status::kOk);
  CHECK(page.pages == 2);
  CHECK(page.width == 400);
  CHECK(page.height > 400);  // an upright page
  CHECK(StartsAsPng(page.png));
  RenderedPage decoded;
  REQUIRE(protocol::DecodeRenderedPage(protocol::EncodeRenderedPage(page), &decoded));
  CHECK(decoded.png == page.png);

  RenderedPage beyond = RenderPdfPage(Fixture("sample.pdf"), 3, 400, {});
  CHECK(beyond.status == RenderedPage::Status::kNoSuchPage);
  CHECK(beyond.pages == 2);
  CHECK(beyond.png.empty());
  CHECK(RenderPdfPage(Fixture("sample.pdf"), 1, 5000, {}).status == RenderedPage::Status::kFailed);
}

TEST_CASE("The worker draws pages between extractions, in the same process", "[extract][render]") {
  ExtractionWorker worker(RealWorker());
  REQUIRE(worker.Extract(Fixture("sample.pdf"), "").status == ExtractionStatus::kOk);
  const pid_t pid = worker.worker_pid();
  RenderedPage page = worker.RenderPage(Fixture("sample.pdf"), 2, 200);
  INFO(page.reason);
  REQUIRE(page.status == RenderedPage::Status::kOk);
  CHECK(page.width == 200);
  CHECK(page.pages == 2);
  CHECK(StartsAsPng(page.png));
  CHECK(page.png == RenderPdfPage(Fixture("sample.pdf"), 2, 200, {}).png);
  CHECK(worker.RenderPage(Fixture("sample.pdf"), 9, 200).status ==
        RenderedPage::Status::kNoSuchPage);
  CHECK(worker.Extract(Fixture("reunion.eml"), "").status == ExtractionStatus::kOk);
  CHECK(worker.worker_pid() == pid);
}

TEST_CASE("Hostile and damaged files are refused with a reason, and the worker goes on",
          "[extract][render]") {
  ExtractionWorker worker(RealWorker());
  for (const char* name :
       {"corrupted.pdf", "truncated.pdf", "reference-loop.pdf", "hostile/pdf-header-only.pdf",
        "hostile/pdf-without-catalog.pdf", "reunion.eml", "zip-bomb.zip"}) {
    RenderedPage page = worker.RenderPage(Fixture(name), 1, 400);
    INFO(name << ": " << page.reason);
    if (page.status == RenderedPage::Status::kOk) {
      // Poppler repairs some damage: then what comes out is a real image.
      CHECK(StartsAsPng(page.png));
      continue;
    }
    CHECK(page.png.empty());
    CHECK(page.reason.rfind("rendering failed: ", 0) == 0);
    CHECK(test::VagueReasonProblem(page.reason).empty());
  }
  RenderedPage encrypted = worker.RenderPage(Fixture("encrypted.pdf"), 1, 400);
  CHECK(encrypted.status == RenderedPage::Status::kEncrypted);
  CHECK(encrypted.reason == "encrypted PDF: password required, no page can be drawn");
  CHECK(worker.RenderPage("/nonexistent.pdf", 1, 400).status == RenderedPage::Status::kFailed);
  // The same worker still draws a good page.
  CHECK(worker.RenderPage(Fixture("sample.pdf"), 1, 400).status == RenderedPage::Status::kOk);
}

TEST_CASE("Render requests and replies are checked before they are believed",
          "[extract][render][protocol]") {
  std::string path;
  int page = 0, width = 0;
  REQUIRE(protocol::DecodeRenderRequest(protocol::EncodeRenderRequest("/tmp/a.pdf", 2, 800), &path,
                                        &page, &width));
  CHECK(path == "/tmp/a.pdf");
  CHECK(page == 2);
  CHECK(width == 800);
  CHECK(protocol::KindOf(protocol::EncodeRenderRequest("/a", 1, 800)) ==
        protocol::RequestKind::kRender);
  CHECK(protocol::KindOf(protocol::EncodeRequest("/a", "a")) == protocol::RequestKind::kExtract);
  CHECK_FALSE(protocol::DecodeRenderRequest(protocol::EncodeRenderRequest("/a", 0, 800), &path,
                                            &page, &width));
  CHECK_FALSE(protocol::DecodeRenderRequest(
      protocol::EncodeRenderRequest("/a", 1, kMaxRenderWidth + 1), &path, &page, &width));
  CHECK_FALSE(
      protocol::DecodeRenderRequest(protocol::EncodeRequest("/a", "a"), &path, &page, &width));
  CHECK_FALSE(protocol::DecodeRequest(protocol::EncodeRenderRequest("/a", 1, 800), &path, &path));

  RenderedPage good;
  good.status = RenderedPage::Status::kOk;
  good.pages = 3;
  good.width = 10;
  good.height = 20;
  good.png = PngHeader(10, 20);
  RenderedPage decoded;
  REQUIRE(protocol::DecodeRenderedPage(protocol::EncodeRenderedPage(good), &decoded));
  CHECK(decoded.width == 10);
  const std::string encoded = protocol::EncodeRenderedPage(good);
  for (std::size_t cut = 0; cut < encoded.size(); ++cut) {
    CHECK_FALSE(protocol::DecodeRenderedPage(std::string_view(encoded).substr(0, cut), &decoded));
  }
  RenderedPage lying = good;
  lying.height = 21;  // the header says 20
  CHECK_FALSE(protocol::DecodeRenderedPage(protocol::EncodeRenderedPage(lying), &decoded));
  lying = good;
  lying.png = "GIF89a" + good.png.substr(6);
  CHECK_FALSE(protocol::DecodeRenderedPage(protocol::EncodeRenderedPage(lying), &decoded));
  lying = good;
  lying.width = kMaxRenderWidth + 1;
  lying.png = PngHeader(kMaxRenderWidth + 1, 20);
  CHECK_FALSE(protocol::DecodeRenderedPage(protocol::EncodeRenderedPage(lying), &decoded));
  lying = good;
  lying.status = RenderedPage::Status::kFailed;  // a failure carries no image
  CHECK_FALSE(protocol::DecodeRenderedPage(protocol::EncodeRenderedPage(lying), &decoded));
}

TEST_CASE("A worker that crashes or lies while drawing fails that page alone",
          "[extract][render]") {
  test::TempDir dir;
  auto fake = [&dir](const std::string& body) {
    std::filesystem::path script = dir / "fake-worker.sh";
    synaps::testing::WriteFile(script, "#!/bin/sh\n" + body + "\n");
    ::chmod(script.c_str(), 0755);
    ExtractionWorker::Options options;
    options.program = script;
    return options;
  };
  const std::pair<std::string, std::string> cases[] = {
      {"kill -SEGV $$",
       "rendering failed: worker crashed (SIGSEGV) while reading application/pdf: the file is "
       "malformed in a way its reader does not survive"},
      // A "P" reply of three bytes: no page there.
      {"printf '\\003\\000\\000\\000\\000\\000\\000\\000Pxx'; sleep 5",
       "rendering failed: malformed reply from the worker: is synaps-extract-worker from the "
       "same build as this program?"},
      // Announces an image of 2^62 bytes: refused without reading or allocating it.
      {"printf '\\000\\000\\000\\000\\000\\000\\000\\100'; sleep 5",
       "rendering failed: the worker's image exceeds 64 MiB"},
  };
  for (const auto& [script, reason] : cases) {
    INFO(script);
    RenderedPage page = ExtractionWorker(fake(script)).RenderPage(Fixture("sample.pdf"), 1, 400);
    CHECK(page.status == RenderedPage::Status::kFailed);
    CHECK(page.png.empty());
    CHECK(page.reason == reason);
  }
  ExtractionWorker::Options slow = fake("exec sleep 30");
  slow.limits.wall_seconds = 1;
  CHECK(ExtractionWorker(slow).RenderPage(Fixture("sample.pdf"), 1, 400).reason ==
        "rendering failed: timed out after 1 s");
}

}  // namespace
}  // namespace synaps::indexer
