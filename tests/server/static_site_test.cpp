// The portal's files served by the real server at "/": validators, ranges, types, folders, and
// every way out of the web root or into the API's place refused.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/server/server_fixture.h"

namespace synaps::testing {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// A server whose web root is a folder of the test, beside a secret file.
struct Site {
  TempDir dir;
  fs::path root = dir / "web";
  std::unique_ptr<ServerProcess> server;
  explicit Site(bool with_files = true) {
    if (with_files) {
      Write(root / "index.html", "<!doctype html><title>Synaps</title>");
      Write(root / "js" / "app.js", "console.log('synaps');\n");
      Write(root / "aide" / "index.html", "aide");
      // Files where the API lives: never served.
      Write(root / "api" / "v1" / "services", "[\"faux\"]");
      Write(root / "api" / "v1" / "config.json", "{}");
      Write(root / "healthz" / "index.html", "faux");
      Write(root / "dav" / "index.html", "faux");
      Write(root / "metrics.html", "le fichier");
    }
    Write(dir / "secret.txt", "le secret");
    fs::create_directories(root);
    fs::create_symlink(dir / "secret.txt", root / "secret.txt");
    server = std::make_unique<ServerProcess>("synaps.web.root = " + root.string() + "\n");
  }
};

// The status code of a raw answer ("HTTP/1.1 404 Not Found..." → 404).
int StatusOf(const std::string& answer) {
  return answer.size() > 12 ? std::stoi(answer.substr(9, 3)) : 0;
}

TEST_CASE("the portal's files are served at / with ETag, 304, Range and their type",
          "[server][static]") {
  Site site;
  ServerProcess& server = *site.server;
  Reply index = server.Call("GET", "/");
  REQUIRE(index.status == 200);
  CHECK(index.body == "<!doctype html><title>Synaps</title>");
  CHECK(index.Header("Content-Type") == "text/html; charset=utf-8");
  CHECK(index.Header("Cache-Control") == "no-cache");
  CHECK(index.Header("X-Content-Type-Options") == "nosniff");
  CHECK(index.Header("Accept-Ranges") == "bytes");
  const std::string etag = index.Header("ETag");
  REQUIRE(etag.size() > 2);
  CHECK(server.Call("GET", "/index.html").body == index.body);

  CHECK(server.Call("GET", "/", nullptr, "", {{"If-None-Match", etag}}).status == 304);
  CHECK(server.Call("GET", "/", nullptr, "", {{"If-Modified-Since", index.Header("Last-Modified")}})
            .status == 304);
  Reply script = server.Call("GET", "/js/app.js?v=2");
  CHECK(script.status == 200);
  CHECK(script.Header("Content-Type") == "text/javascript; charset=utf-8");
  Reply part = server.Call("GET", "/js/app.js", nullptr, "", {{"Range", "bytes=0-6"}});
  CHECK(part.status == 206);
  CHECK(part.body == "console");
  CHECK(part.Header("Content-Range") == "bytes 0-6/23");
  CHECK(server.Call("GET", "/js/app.js", nullptr, "", {{"Range", "bytes=99-"}}).status == 416);
  Reply head = server.Call("HEAD", "/js/app.js");
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.response.getContentLength64() == 23);

  // A folder is asked for with its final slash.
  Reply folder = server.Call("GET", "/aide");
  CHECK(folder.status == 301);
  CHECK(folder.Header("Location") == "/aide/");
  CHECK(server.Call("GET", "/aide/").body == "aide");

  CHECK(server.Call("GET", "/absent.html").status == 404);
  CHECK(ErrorCode(server.Call("GET", "/absent.html")) == "not_found");
  Reply post = server.Call("POST", "/index.html", nullptr, "x");
  CHECK(post.status == 405);
  CHECK(post.Header("Allow") == "GET, HEAD");
}

TEST_CASE("the portal's files: compressed copies, a year for fingerprinted files, a strict policy",
          "[server][static]") {
  Site site;
  ServerProcess& server = *site.server;
  const fs::path assets = site.root / "assets" / "0123456789abcdef";
  Write(assets / "app.js", "console.log('plain');\n");
  Write(assets / "app.js.br", "brotli bytes");
  Write(assets / "app.js.gz", "gzip bytes");
  Write(site.root / "index.html.gz", "gzip index");

  Reply plain = server.Call("GET", "/assets/0123456789abcdef/app.js");
  CHECK(plain.body == "console.log('plain');\n");
  CHECK_FALSE(plain.response.has("Content-Encoding"));
  CHECK(plain.Header("Vary") == "Accept-Encoding");
  CHECK(plain.Header("Cache-Control") == "public, max-age=31536000, immutable");
  Reply brotli = server.Call("GET", "/assets/0123456789abcdef/app.js", nullptr, "",
                             {{"Accept-Encoding", "gzip, deflate, br"}});
  CHECK(brotli.body == "brotli bytes");
  CHECK(brotli.Header("Content-Encoding") == "br");
  CHECK(brotli.Header("Content-Type") == "text/javascript; charset=utf-8");
  CHECK(brotli.Header("ETag") != plain.Header("ETag"));
  Reply gzip = server.Call("GET", "/assets/0123456789abcdef/app.js", nullptr, "",
                           {{"Accept-Encoding", "gzip;q=0.8, br;q=0"}});
  CHECK(gzip.body == "gzip bytes");
  CHECK(gzip.Header("Content-Encoding") == "gzip");
  // The copies are never served under their own names.
  CHECK(server.Call("GET", "/assets/0123456789abcdef/app.js.br").status == 404);

  Reply index = server.Call("GET", "/", nullptr, "", {{"Accept-Encoding", "gzip"}});
  CHECK(index.body == "gzip index");
  CHECK(index.Header("Cache-Control") == "no-cache");
  const std::string policy = index.Header("Content-Security-Policy");
  CHECK(policy.find("script-src 'self';") != std::string::npos);
  CHECK(policy.find("unsafe") == std::string::npos);
  CHECK(policy.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(index.Header("X-Frame-Options") == "DENY");
  // A file outside a fingerprinted folder is revalidated; one without copies does not vary.
  Reply script = server.Call("GET", "/js/app.js", nullptr, "", {{"Accept-Encoding", "br"}});
  CHECK(script.Header("Cache-Control") == "no-cache");
  CHECK_FALSE(script.response.has("Vary"));
  CHECK_FALSE(script.response.has("Content-Encoding"));
}

TEST_CASE("the portal's files never answer for the API, WebDAV, /healthz or /metrics",
          "[server][static]") {
  Site site;
  ServerProcess& server = *site.server;
  for (const char* uri : {"/api/v1/services", "/api/v1/config.json", "/api/", "/healthz/index.html",
                          "/dav/", "/dav/index.html"}) {
    INFO(uri);
    Reply reply = server.Call("GET", uri);
    CHECK(reply.body.find("faux") == std::string::npos);
    CHECK(reply.body != "{}");
  }
  CHECK(server.Call("GET", "/api/v1/services").status == 401);  // the API's own answer
  CHECK(server.Call("GET", "/dav/").status == 401);             // WebDAV's
  Reply unknown = server.Call("GET", "/api/v1/config.json");
  CHECK(unknown.status == 404);
  CHECK(ErrorMessage(unknown) == "no such route");
  CHECK(server.Call("GET", "/healthz").body.find("\"ok\"") != std::string::npos);
  CHECK(server.Call("GET", "/healthz/").body.find("\"ok\"") != std::string::npos);
  CHECK(server.Call("GET", "/metrics").body.find("synaps_http_requests_total") !=
        std::string::npos);
  CHECK(server.Call("GET", "/metrics.html").body == "le fichier");  // only the exact name is theirs
}

TEST_CASE("no request reaches a file outside the web root", "[server][static]") {
  Site site;
  ServerProcess& server = *site.server;
  struct Case {
    std::string target;
    int status;
  };
  for (const Case& c : {Case{"/../secret.txt", 400}, Case{"/js/../../secret.txt", 400},
                        Case{"/%2e%2e/secret.txt", 400}, Case{"/js/%2E%2E/%2E%2E/secret.txt", 400},
                        Case{"/..%2fsecret.txt", 400}, Case{"/js%2F..%2F..%2Fsecret.txt", 400},
                        Case{"/%5c..%5csecret.txt", 400}, Case{"/index.html%00.txt", 400},
                        Case{"/secret.txt", 404}, Case{"/.%2e/secret.txt", 400}}) {
    INFO(c.target);
    std::string answer =
        RawExchange(server, "GET " + c.target + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    CHECK(StatusOf(answer) == c.status);
    CHECK(answer.find("le secret") == std::string::npos);
  }
}

TEST_CASE("a web root without an index, or no web root at all, answers 404 cleanly",
          "[server][static]") {
  Site site(/*with_files=*/false);
  ServerProcess& server = *site.server;
  Reply empty = server.Call("GET", "/");
  CHECK(empty.status == 404);
  CHECK(ErrorCode(empty) == "not_found");
  CHECK(server.Call("GET", "/healthz").status == 200);

  ServerProcess nowhere("synaps.web.root = " + (site.dir / "absent").string() + "\n");
  CHECK(nowhere.Call("GET", "/").status == 404);
  CHECK(nowhere.Call("GET", "/index.html").status == 404);
}

}  // namespace
}  // namespace synaps::testing
