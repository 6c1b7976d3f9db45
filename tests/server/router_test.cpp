// The router on its own: pattern routes, prefix routes, and where one kind ends and the other
// begins (the portal's files at "/" never answer for the API).
#include "dms-server/server/router.h"

#include <catch2/catch.hpp>
#include <string>

namespace synaps::server {
namespace {

// Each handler is told apart by the route it was added with.
Router TestRouter() {
  Router router;
  router.Add("GET", "/api/v1/documents/{id}", {});
  router.Add("DELETE", "/api/v1/documents/{id}", {});
  router.Add("GET", "/api/v1/documents/{id}/content", {});
  router.Add("PUT", "/api/v1/documents/content", {});
  router.Add("GET", "/healthz", {});
  router.Add("GET", "/metrics", {});
  router.AddPrefix("GET", "/", {});
  router.AddPrefix("GET", "/dav", {});
  router.AddPrefix("PUT", "/dav/", {});
  router.AddPrefix("/webdav", {});
  return router;
}

TEST_CASE("pattern routes: the most literal pattern wins, HEAD is GET, 405 says Allow",
          "[server][router]") {
  const Router router = TestRouter();
  Router::Match document = router.Resolve("GET", "/api/v1/documents/42?version=2&tag=a&tag=b");
  REQUIRE(document.route != nullptr);
  CHECK(document.pattern == "/api/v1/documents/{id}");
  CHECK(document.params.at("id") == "42");
  CHECK(document.query.Get("version") == "2");
  CHECK(document.query.GetAll("tag") == std::vector<std::string>{"a", "b"});
  CHECK(document.subpath.empty());

  CHECK(router.Resolve("PUT", "/api/v1/documents/content").pattern == "/api/v1/documents/content");
  CHECK(router.Resolve("HEAD", "/api/v1/documents/7/content").route != nullptr);
  CHECK(router.Resolve("GET", "/api/v1/documents/%C3%A9").params.at("id") == "é");

  Router::Match refused = router.Resolve("POST", "/api/v1/documents/42");
  CHECK(refused.route == nullptr);
  CHECK(refused.error.status == 405);
  CHECK(refused.allowed == "GET, HEAD, DELETE");
  CHECK(router.Resolve("GET", "/api/v1/documents/%zz").error.status == 400);
}

TEST_CASE("prefix routes take every path below them, the longest prefix first",
          "[server][router]") {
  const Router router = TestRouter();
  struct Case {
    std::string uri, pattern, subpath;
  };
  for (const Case& c :
       {Case{"/", "/...", "/"}, Case{"/index.html", "/...", "/index.html"},
        Case{"/css/app.css?v=3", "/...", "/css/app.css"}, Case{"/docs/", "/...", "/docs/"},
        Case{"//a//b", "/...", "/a/b"}, Case{"/dav", "/dav/...", "/"},
        Case{"/dav/", "/dav/...", "/"}, Case{"/dav/CAB/notes/", "/dav/...", "/CAB/notes/"},
        Case{"/dav/CAB/arr%C3%AAt%C3%A9%20un.pdf", "/dav/...", "/CAB/arrêté un.pdf"},
        Case{"/davx", "/...", "/davx"}, Case{"/metrics.html", "/...", "/metrics.html"},
        Case{"/a/../b", "/...", "/a/../b"}}) {
    INFO(c.uri);
    Router::Match match = router.Resolve("GET", c.uri);
    REQUIRE(match.route != nullptr);
    CHECK(match.pattern == c.pattern);
    CHECK(match.subpath == c.subpath);
    CHECK(match.params.empty());
  }
  CHECK(router.Resolve("HEAD", "/index.html").route != nullptr);
  CHECK(router.Resolve("PUT", "/dav/CAB/a.txt").route != nullptr);
  Router::Match refused = router.Resolve("POST", "/index.html");
  CHECK(refused.error.status == 405);
  CHECK(refused.allowed == "GET, HEAD");
  CHECK(router.Resolve("DELETE", "/dav/x").allowed == "GET, HEAD, PUT");
  for (const char* method : {"PROPFIND", "MKCOL", "HEAD", "LOCK", "OPTIONS"}) {
    INFO(method);
    Router::Match any = router.Resolve(method, "/webdav/CAB/a.txt");
    REQUIRE(any.route != nullptr);
    CHECK(any.pattern == "/webdav/...");
    CHECK(any.subpath == "/CAB/a.txt");
  }
}

TEST_CASE("a prefix route never answers where pattern routes live", "[server][router]") {
  const Router router = TestRouter();
  for (const char* uri : {"/api", "/api/", "/api/v1", "/api/v1/nope", "/api/v2/documents/1",
                          "/healthz/x", "/metrics/index.html"}) {
    INFO(uri);
    Router::Match match = router.Resolve("GET", uri);
    CHECK(match.route == nullptr);
    CHECK(match.error.status == 404);
    CHECK(match.error.message == "no such route");
  }
  // The exact paths stay theirs, whatever the method.
  CHECK(router.Resolve("GET", "/healthz").pattern == "/healthz");
  CHECK(router.Resolve("POST", "/metrics").error.status == 405);
  CHECK(router.Resolve("POST", "/metrics").allowed == "GET, HEAD");
}

TEST_CASE("below a prefix, an encoded slash is refused", "[server][router]") {
  const Router router = TestRouter();
  for (const char* uri : {"/a%2Fb", "/a%2f..%2f..%2fetc", "/dav/CAB%2Fnotes"}) {
    INFO(uri);
    Router::Match match = router.Resolve("GET", uri);
    CHECK(match.route == nullptr);
    CHECK(match.error.status == 400);
  }
  CHECK(router.Resolve("GET", "/a?next=%2Fb").route != nullptr);  // in the query, it is data
}

TEST_CASE("without prefix routes, an unknown path is 404", "[server][router]") {
  Router router;
  router.Add("GET", "/healthz", {});
  CHECK(router.Resolve("GET", "/").error.status == 404);
  CHECK(router.Resolve("GET", "/index.html").error.status == 404);
}

}  // namespace
}  // namespace synaps::server
