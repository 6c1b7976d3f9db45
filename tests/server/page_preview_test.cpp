// A PDF's first pages as images (GET /api/v1/documents/{id}/preview?page=N): drawn by the
// isolated worker, kept under <data>/previews, revalidated with 304; readers only, audited;
// clear refusals for other types, pages beyond the end and PDFs that cannot be drawn.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/server/organize_client.h"

using namespace synaps;
using namespace synaps::testing;

namespace {

std::string FixtureBytes(const std::string& name) {
  return ReadFile(std::filesystem::path(SYNAPS_FIXTURES_DIR) / "extract" / name);
}

bool IsPng(const std::string& bytes) {
  return bytes.rfind(std::string("\x89PNG\r\n\x1a\n", 8), 0) == 0;
}

// The images kept under the data directory, by path, with their inode (a new rendering is a
// new file, renamed into place).
std::map<std::string, ino_t> KeptImages(const ServerProcess& server) {
  std::map<std::string, ino_t> images;
  std::error_code error;
  for (std::filesystem::recursive_directory_iterator it(server.data_dir() / "previews", error), end;
       !error && it != end; it.increment(error)) {
    struct stat info {};
    if (it->path().extension() == ".png" && ::stat(it->path().c_str(), &info) == 0) {
      images[it->path().filename().string()] = info.st_ino;
    }
  }
  return images;
}

// Stores the two-page sample PDF in CAB; its id.
int64_t UploadSample(const ServerProcess& server) {
  return Upload(server, kCabEditor, "/CAB/arrete.pdf", FixtureBytes("sample.pdf"));
}

std::string PreviewUri(int64_t id) {
  return "/api/v1/documents/" + std::to_string(id) + "/preview";
}

}  // namespace

TEST_CASE("a PDF page previewed as an image: drawn once, kept, revalidated with 304",
          "[server][preview][image]") {
  ServerProcess server;
  const int64_t id = UploadSample(server);
  const std::string uri = PreviewUri(id);

  Reply first = server.Call("GET", uri + "?page=1", &kCabReader);
  INFO(first.body.substr(0, 300));
  REQUIRE(first.status == 200);
  CHECK(first.Header("Content-Type") == "image/png");
  CHECK(first.Header("Cache-Control") == "private, no-cache");
  CHECK(first.Header("X-Synaps-Preview-Cache") == "miss");
  CHECK(IsPng(first.body));
  const std::string etag = first.Header("ETag");
  CHECK(etag.size() == 2 + 64 + 8);  // "<sha256>-p1-w800"
  CHECK(etag.find("-p1-w800\"") != std::string::npos);
  const auto kept = KeptImages(server);
  REQUIRE(kept.size() == 1);

  // The second request is answered from the directory: same bytes, same file.
  Reply second = server.Call("GET", uri + "?page=1", &kCabReader);
  REQUIRE(second.status == 200);
  CHECK(second.Header("X-Synaps-Preview-Cache") == "hit");
  CHECK(second.body == first.body);
  CHECK(second.Header("ETag") == etag);
  CHECK(KeptImages(server) == kept);

  // A browser that has it is answered 304, without a body.
  Reply unchanged = server.Call("GET", uri + "?page=1", &kCabReader, "", {{"If-None-Match", etag}});
  CHECK(unchanged.status == 304);
  CHECK(unchanged.body.empty());
  CHECK(unchanged.Header("ETag") == etag);

  // Another page, another width: other images; the first version named explicitly is the same.
  Reply page_two = server.Call("GET", uri + "?page=2&width=200", &kCabReader);
  REQUIRE(page_two.status == 200);
  CHECK(IsPng(page_two.body));
  CHECK(page_two.Header("ETag").find("-p2-w200\"") != std::string::npos);
  CHECK(page_two.body.size() < first.body.size());
  CHECK(server.Call("GET", uri + "?page=1&version=1", &kCabReader).body == first.body);
  CHECK(KeptImages(server).size() == 2);

  // The text preview is still there without `page`.
  Reply text = server.Call("GET", uri, &kCabReader);
  REQUIRE(text.status == 200);
  CHECK(Json(text)->getValue<std::string>("mime_type") == "application/pdf");

  // Handing out an image is a read, and the log says so.
  Credentials admin{"admin", server.admin_password()};
  CHECK(server.Call("GET", "/api/v1/audit?document=" + std::to_string(id), &admin)
            .body.find("preview") != std::string::npos);
}

TEST_CASE("a page preview never shows what the caller may not read", "[server][preview][image]") {
  ServerProcess server;
  const std::string uri = PreviewUri(UploadSample(server)) + "?page=1";
  Reply drawn = server.Call("GET", uri, &kCabReader);
  REQUIRE(drawn.status == 200);
  const std::string etag = drawn.Header("ETag");

  // Another service's agent gets what an unknown document gets, kept image, validator or not.
  Reply other = server.Call("GET", uri, &kDdtEditor);
  Reply unknown = server.Call("GET", "/api/v1/documents/999999/preview?page=1", &kDdtEditor);
  CHECK(other.status == 404);
  CHECK(unknown.status == 404);
  CHECK(ErrorCode(other) == ErrorCode(unknown));
  CHECK_FALSE(IsPng(other.body));
  Reply revalidated = server.Call("GET", uri, &kDdtEditor, "", {{"If-None-Match", etag}});
  CHECK(revalidated.status == 404);
  CHECK(server.Call("GET", uri).status == 401);

  // The same content in another service is drawn for its own readers from the kept image.
  const int64_t copy = Upload(server, kDdtEditor, "/DDT/copie.pdf", FixtureBytes("sample.pdf"));
  Reply shared = server.Call("GET", "/api/v1/documents/" + std::to_string(copy) + "/preview?page=1",
                             &kDdtEditor);
  REQUIRE(shared.status == 200);
  CHECK(shared.Header("X-Synaps-Preview-Cache") == "hit");
  CHECK(shared.body == drawn.body);
}

TEST_CASE("page previews refuse other types, pages beyond the end and PDFs they cannot draw",
          "[server][preview][image]") {
  ServerProcess server;
  const std::string uri = PreviewUri(UploadSample(server));

  Reply beyond = server.Call("GET", uri + "?page=3", &kCabReader);
  CHECK(beyond.status == 404);
  CHECK(ErrorCode(beyond) == "not_found");
  CHECK(ErrorMessage(beyond).find("has 2 page(s)") != std::string::npos);
  // Known now: asked again, the answer needs no worker, and is the same.
  CHECK(server.Call("GET", uri + "?page=4", &kCabReader).status == 404);
  for (const char* query :
       {"?page=0", "?page=6", "?page=x", "?page=1&width=123", "?page=1&width=5000"}) {
    INFO(query);
    CHECK(server.Call("GET", uri + query, &kCabReader).status == 400);
  }

  const int64_t text = Upload(server, kCabEditor, "/CAB/note.txt", "Bonjour.\n");
  Reply not_pdf = server.Call("GET", PreviewUri(text) + "?page=1", &kCabReader);
  CHECK(not_pdf.status == 415);
  CHECK(ErrorCode(not_pdf) == "unsupported_media_type");
  CHECK(ErrorMessage(not_pdf).find("text/plain") != std::string::npos);

  // Damaged and encrypted PDFs: a reason, and the server goes on.
  for (const char* name : {"encrypted.pdf", "truncated.pdf", "hostile/pdf-header-only.pdf"}) {
    const int64_t id = Upload(
        server, kCabEditor, std::string("/CAB/") + std::filesystem::path(name).filename().string(),
        FixtureBytes(name));
    Reply refused = server.Call("GET", PreviewUri(id) + "?page=1", &kCabReader);
    INFO(name << ": " << refused.body);
    CHECK(refused.status == 422);
    CHECK(ErrorCode(refused) == "preview_failed");
    const std::string message = ErrorMessage(refused);
    CHECK((message.find("rendering failed") != std::string::npos ||
           message.find("encrypted PDF") != std::string::npos));
  }
  CHECK(server.Call("GET", uri + "?page=1", &kCabReader).status == 200);
}
