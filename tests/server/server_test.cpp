// synaps-server end to end: the real binary, real HTTP through Poco's client.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/server/server_fixture.h"

using namespace synaps;
using Poco::JSON::Array;
using Poco::JSON::Object;
using synaps::testing::Credentials;
using synaps::testing::Encode;
using synaps::testing::ErrorCode;
using synaps::testing::Json;
using synaps::testing::kCabEditor;
using synaps::testing::kCabReader;
using synaps::testing::kDdtEditor;
using synaps::testing::RawExchange;
using synaps::testing::Reply;
using synaps::testing::ServerProcess;
using synaps::testing::Upload;
using synaps::testing::UploadUri;

namespace {

// Searches as `as` until `path` shows up (or 2 s pass); returns the last result.
Object::Ptr SearchUntilFound(const ServerProcess& server, const Credentials& as,
                             const std::string& query, const std::string& path) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (;;) {
    Reply reply = server.Call("GET", "/api/v1/search?q=" + Encode(query), &as);
    REQUIRE(reply.status == 200);
    auto result = Json(reply);
    auto hits = result->getArray("hits");
    for (size_t i = 0; i < hits->size(); ++i) {
      if (hits->getObject(static_cast<unsigned>(i))->getValue<std::string>("path") == path) {
        return result;
      }
    }
    if (std::chrono::steady_clock::now() > deadline) FAIL("not found within 2 s: " + reply.body);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

TEST_CASE("first start prints the admin, sessions with cookie and CSRF, Basic, throttling",
          "[server]") {
  ServerProcess server;
  std::string out = server.Out();
  CHECK(out.find("login:    admin") != std::string::npos);
  REQUIRE(server.admin_password().size() == 20);
  CHECK(out.find("URL:      http://127.0.0.1:" + std::to_string(server.port()) + "/") !=
        std::string::npos);

  // Anonymous: 401 with a Basic challenge.
  Reply anonymous = server.Call("GET", "/api/v1/me");
  CHECK(anonymous.status == 401);
  CHECK(anonymous.Header("WWW-Authenticate").find("Basic") == 0);
  CHECK(ErrorCode(anonymous) == "unauthenticated");

  // HTTP Basic.
  Credentials admin{"admin", server.admin_password()};
  Reply me = server.Call("GET", "/api/v1/me", &admin);
  REQUIRE(me.status == 200);
  CHECK(Json(me)->getValue<bool>("is_admin"));
  Credentials wrong{"admin", "not-the-password"};
  CHECK(server.Call("GET", "/api/v1/me", &wrong).status == 401);

  // Session: login gives an HttpOnly, SameSite=Strict cookie and a CSRF token.
  CHECK(server
            .Call("POST", "/api/v1/session", nullptr,
                  R"({"login":"cab_editor","password":"nope-nope"})",
                  {{"Content-Type", "application/json"}})
            .status == 401);
  Reply login = server.Call("POST", "/api/v1/session", nullptr,
                            R"({"login":"cab_editor","password":"cab_editor-password"})",
                            {{"Content-Type", "application/json"}});
  REQUIRE(login.status == 200);
  std::string cookie = login.Header("Set-Cookie");
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  std::string session_cookie = cookie.substr(0, cookie.find(';'));
  std::string csrf = Json(login)->getValue<std::string>("csrf_token");
  REQUIRE(csrf.size() == 64);

  Reply mine = server.Call("GET", "/api/v1/me", nullptr, "", {{"Cookie", session_cookie}});
  REQUIRE(mine.status == 200);
  CHECK(Json(mine)->getValue<std::string>("login") == "cab_editor");

  // A page loaded again finds its session and token with the cookie alone; Basic has none.
  Reply again = server.Call("GET", "/api/v1/session", nullptr, "", {{"Cookie", session_cookie}});
  REQUIRE(again.status == 200);
  CHECK(Json(again)->getValue<std::string>("csrf_token") == csrf);
  CHECK(Json(again)->getObject("user")->getValue<std::string>("login") == "cab_editor");
  Credentials cab_editor{"cab_editor", "cab_editor-password"};
  Reply basic_session = server.Call("GET", "/api/v1/session", &cab_editor);
  REQUIRE(basic_session.status == 200);
  CHECK_FALSE(Json(basic_session)->has("csrf_token"));
  // Without a session: 401, with the Basic challenge unless the portal asks (no dialog).
  Reply no_session = server.Call("GET", "/api/v1/session");
  CHECK(no_session.status == 401);
  CHECK(no_session.Header("WWW-Authenticate") == "Basic realm=\"Synaps\"");
  Reply portal =
      server.Call("GET", "/api/v1/session", nullptr, "", {{"X-Requested-With", "XMLHttpRequest"}});
  CHECK(portal.status == 401);
  CHECK_FALSE(portal.response.has("WWW-Authenticate"));
  // No answer may be framed by another site, nor run anything if opened.
  CHECK(mine.Header("X-Frame-Options") == "DENY");
  CHECK(mine.Header("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
  CHECK(mine.Header("Content-Security-Policy").find("sandbox") != std::string::npos);

  // Writes through the cookie need the CSRF token.
  std::string uri = UploadUri("/CAB/csrf.txt");
  Reply forged = server.Call("PUT", uri, nullptr, "x", {{"Cookie", session_cookie}});
  CHECK(forged.status == 403);
  CHECK(ErrorCode(forged) == "csrf");
  CHECK(server
            .Call("PUT", uri, nullptr, "x",
                  {{"Cookie", session_cookie},
                   {"X-CSRF-Token", (csrf[0] == '0' ? "1" : "0") + csrf.substr(1)}})
            .status == 403);
  CHECK(server.Call("PUT", uri, nullptr, "x", {{"Cookie", session_cookie}, {"X-CSRF-Token", csrf}})
            .status == 201);

  // Logout needs the token too, then the cookie is dead.
  CHECK(
      server.Call("DELETE", "/api/v1/session", nullptr, "", {{"Cookie", session_cookie}}).status ==
      403);
  Reply logout = server.Call("DELETE", "/api/v1/session", nullptr, "",
                             {{"Cookie", session_cookie}, {"X-CSRF-Token", csrf}});
  CHECK(logout.status == 204);
  CHECK(logout.Header("Set-Cookie").find("Max-Age=0") != std::string::npos);
  CHECK(server.Call("GET", "/api/v1/me", nullptr, "", {{"Cookie", session_cookie}}).status == 401);

  // Repeated failures for one login are slowed down; other logins are not.
  Credentials guess{"cab_reader", "guess-guess"};
  for (int i = 0; i < 4; ++i) CHECK(server.Call("GET", "/api/v1/me", &guess).status == 401);
  Reply throttled = server.Call("GET", "/api/v1/me", &kCabReader);
  CHECK(throttled.status == 429);
  CHECK(!throttled.Header("Retry-After").empty());
  CHECK(server.Call("GET", "/api/v1/me", &kDdtEditor).status == 200);

  // The generated password is shown once: the next start prints where it listens, no password.
  server.Restart();
  CHECK(server.Out().find("listening on http://127.0.0.1:" + std::to_string(server.port()) + "/") !=
        std::string::npos);
  CHECK(server.Out().find("password") == std::string::npos);
  CHECK(server.Out().find(server.admin_password()) == std::string::npos);
  CHECK(server.Call("GET", "/api/v1/me", &admin).status == 200);
}

TEST_CASE("an editor uploads, downloads (ETag, 304, Range) and finds a document in 2 s",
          "[server]") {
  ServerProcess server;
  const std::string path = "/CAB/arrêtés/arrêté préfectoral.txt";
  const std::string content =
      "Arrêté préfectoral portant fermeture exceptionnelle du pont Wilson (zqxwvotre).\n";
  int64_t id = Upload(server, kCabEditor, path, content);

  Reply metadata = server.Call("GET", "/api/v1/documents/" + std::to_string(id), &kCabReader);
  REQUIRE(metadata.status == 200);
  CHECK(Json(metadata)->getValue<std::string>("path") == path);
  CHECK(Json(metadata)->getValue<int>("version") == 1);
  CHECK(Json(metadata)->getValue<std::string>("mime_type") == "text/plain");

  std::string content_uri = "/api/v1/documents/" + std::to_string(id) + "/content";
  Reply download = server.Call("GET", content_uri, &kCabReader);
  REQUIRE(download.status == 200);
  CHECK(download.body == content);
  std::string etag = download.Header("ETag");
  CHECK(etag.size() == 66);
  CHECK(!download.Header("Last-Modified").empty());
  CHECK(download.Header("Content-Disposition")
            .find("filename*=UTF-8''arr%C3%AAt%C3%A9%20pr%C3%A9fectoral.txt") != std::string::npos);

  CHECK(server.Call("GET", content_uri, &kCabReader, "", {{"If-None-Match", etag}}).status == 304);
  Reply head = server.Call("HEAD", content_uri, &kCabReader);
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(head.response.getContentLength64() == static_cast<int64_t>(content.size()));
  CHECK(head.Header("ETag") == etag);
  Reply part = server.Call("GET", content_uri, &kCabReader, "", {{"Range", "bytes=0-5"}});
  CHECK(part.status == 206);
  CHECK(part.body == content.substr(0, 6));
  CHECK(part.Header("Content-Range") == "bytes 0-5/" + std::to_string(content.size()));
  Reply tail = server.Call("GET", content_uri, &kCabReader, "", {{"Range", "bytes=-3"}});
  CHECK(tail.status == 206);
  CHECK(tail.body == content.substr(content.size() - 3));
  CHECK(server.Call("GET", content_uri, &kCabReader, "", {{"Range", "bytes=9999-"}}).status == 416);

  SearchUntilFound(server, kCabReader, "zqxwvotre", path);

  // A new version; the first one stays downloadable.
  Reply second = server.Call("PUT", UploadUri(path), &kCabEditor, "version deux");
  REQUIRE(second.status == 200);
  CHECK(Json(second)->getValue<int>("version") == 2);
  CHECK(server.Call("PUT", UploadUri(path), &kCabEditor, "version deux").status == 200);
  Reply versions =
      server.Call("GET", "/api/v1/documents/" + std::to_string(id) + "/versions", &kCabReader);
  REQUIRE(versions.status == 200);
  CHECK(Json(versions)->getArray("versions")->size() == 2);
  CHECK(server.Call("GET", content_uri + "?version=1", &kCabReader).body == content);
  CHECK(server.Call("GET", content_uri, &kCabReader).body == "version deux");
  CHECK(server.Call("GET", content_uri + "?version=7", &kCabReader).status == 404);
}

TEST_CASE("another service's user, a reader and an anonymous client get nothing", "[server]") {
  ServerProcess server;
  const std::string path = "/CAB/secret/note.txt";
  int64_t id = Upload(server, kCabEditor, path, "note confidentielle sur le projet kryptonia\n");
  SearchUntilFound(server, kCabEditor, "kryptonia", path);
  std::string doc = "/api/v1/documents/" + std::to_string(id);
  std::string missing = "/api/v1/documents/" + std::to_string(id + 100);
  std::vector<std::string> reads = {doc, doc + "/content", doc + "/versions", doc + "/similar"};

  SECTION("a user of another service: 404 like a missing document, absent from search") {
    for (const auto& uri : reads) {
      Reply invisible = server.Call("GET", uri, &kDdtEditor);
      CHECK(invisible.status == 404);
      CHECK(ErrorCode(invisible) == "not_found");
      Reply absent = server.Call("GET", missing + uri.substr(doc.size()), &kDdtEditor);
      CHECK(absent.status == 404);
      CHECK(ErrorCode(absent) == "not_found");
    }
    CHECK(server.Call("PUT", UploadUri(path), &kDdtEditor, "overwrite").status == 404);
    CHECK(server.Call("PUT", UploadUri("/CAB/new.txt"), &kDdtEditor, "x").status == 404);
    Reply search = server.Call("GET", "/api/v1/search?q=kryptonia", &kDdtEditor);
    REQUIRE(search.status == 200);
    auto result = Json(search);
    CHECK(result->getValue<int>("total") == 0);
    CHECK(result->getArray("hits")->size() == 0);
    // Browsing everything: the CAB document is not even counted in the facets.
    Reply all = server.Call("GET", "/api/v1/search?q=", &kDdtEditor);
    REQUIRE(all.status == 200);
    CHECK(all.body.find("cab") == std::string::npos);
    CHECK(all.body.find("CAB") == std::string::npos);
  }
  SECTION("a reader of the service: reads, but 403 on writes") {
    Reply services = server.Call("GET", "/api/v1/services", &kCabReader);
    REQUIRE(services.status == 200);
    auto list = Json(services)->getArray("services");
    REQUIRE(list->size() == 2);
    CHECK(list->getObject(0)->getValue<std::string>("code") == "CAB");
    CHECK(list->getObject(0)->getValue<std::string>("role") == "reader");
    CHECK(list->getObject(1)->isNull("role"));
    for (const auto& uri : reads) CHECK(server.Call("GET", uri, &kCabReader).status == 200);
    Reply denied = server.Call("PUT", UploadUri(path), &kCabReader, "overwrite");
    CHECK(denied.status == 403);
    CHECK(ErrorCode(denied) == "forbidden");
    CHECK(server.Call("PUT", UploadUri("/CAB/new.txt"), &kCabReader, "x").status == 403);
    CHECK(server.Call("PUT", UploadUri("/DDT/new.txt"), &kCabReader, "x").status == 404);
    CHECK(server.Call("GET", doc + "/content", &kCabReader).body ==
          "note confidentielle sur le projet kryptonia\n");
  }
  SECTION("anonymous: 401 everywhere under /api/v1 but the login") {
    for (const auto& uri : reads) CHECK(server.Call("GET", uri).status == 401);
    CHECK(server.Call("GET", "/api/v1/search?q=kryptonia").status == 401);
    CHECK(server.Call("GET", "/api/v1/services").status == 401);
    CHECK(server.Call("PUT", UploadUri("/CAB/x.txt"), nullptr, "x").status == 401);
    CHECK(server.Call("DELETE", "/api/v1/session").status == 401);
  }
  SECTION("the admin sees every service") {
    Credentials admin{"admin", server.admin_password()};
    CHECK(server.Call("GET", doc, &admin).status == 200);
    SearchUntilFound(server, admin, "kryptonia", path);
    Reply services = server.Call("GET", "/api/v1/services", &admin);
    REQUIRE(services.status == 200);
    CHECK(Json(services)->getArray("services")->size() == 2);
  }
}

TEST_CASE("malformed requests get clear 4xx answers and leave nothing behind", "[server]") {
  ServerProcess server;
  const std::map<std::string, std::string> json{{"Content-Type", "application/json"}};
  Reply bad_json = server.Call("POST", "/api/v1/session", nullptr, R"({"login": "admin", )", json);
  CHECK(bad_json.status == 400);
  CHECK(ErrorCode(bad_json) == "malformed_json");
  CHECK(server.Call("POST", "/api/v1/session", nullptr, R"(["admin"])", json).status == 400);
  CHECK(server.Call("POST", "/api/v1/session", nullptr, R"({"login": 3, "password": "x"})", json)
            .status == 400);

  // `..`, empty names and invalid UTF-8 in a document path are refused, never resolved.
  for (const char* uri : {"/api/v1/documents/content?path=/CAB/../DDT/x.txt",
                          "/api/v1/documents/content?path=/CAB/a/%2E%2E/x.txt",
                          "/api/v1/documents/content?path=/CAB/bad%FFname.txt",
                          "/api/v1/documents/content?path=/CAB", "/api/v1/documents/content"}) {
    Reply reply = server.Call("PUT", uri, &kCabEditor, "x");
    INFO(uri << " -> " << reply.body);
    CHECK(reply.status == 400);
  }
  CHECK(server.Call("GET", "/api/v1/search?q=x&page=abc", &kCabEditor).status == 400);
  CHECK(server.Call("GET", "/api/v1/search?q=caf%E9", &kCabEditor).status == 400);
  CHECK(server.Call("GET", "/api/v1/search?q=%", &kCabEditor).status == 400);
  CHECK(server.Call("GET", "/api/v1/search?q=x&sort=sideways", &kCabEditor).status == 400);
  CHECK(server.Call("GET", "/api/v1/documents/abc", &kCabEditor).status == 404);
  CHECK(server.Call("GET", "/nowhere", &kCabEditor).status == 404);
  Reply wrong_method = server.Call("DELETE", "/api/v1/search", &kCabEditor);
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.Header("Allow") == "GET, HEAD");

  // Too large (the test configuration allows 1 MiB).
  std::string auth = "Authorization: Basic " + [] {
    Poco::Net::HTTPRequest request;
    Poco::Net::HTTPBasicCredentials(kCabEditor.login, kCabEditor.password).authenticate(request);
    return request.get("Authorization").substr(6);
  }();
  // Refused from its Content-Length, before any byte of the body is read.
  std::string too_large =
      RawExchange(server, "PUT " + UploadUri("/CAB/big.bin") + " HTTP/1.1\r\nHost: x\r\n" + auth +
                              "\r\nContent-Length: 1048577\r\n\r\n");
  CHECK(too_large.rfind("HTTP/1.1 413", 0) == 0);
  // A chunked body is counted as it arrives.
  std::string chunk(600000, 'z');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  std::string chunked =
      RawExchange(server, "PUT " + UploadUri("/CAB/big.bin") + " HTTP/1.1\r\nHost: x\r\n" + auth +
                              "\r\nTransfer-Encoding: chunked\r\n\r\n" + size_line + chunk +
                              "\r\n" + size_line + chunk + "\r\n0\r\n\r\n");
  CHECK(chunked.rfind("HTTP/1.1 413", 0) == 0);
  CHECK(server.OpenStore()->FindDocument("/CAB/big.bin").status().code() ==
        store::ErrorCode::kNotFound);
  Upload(server, kCabEditor, "/CAB/exact.bin", std::string(1048576, 'y'));

  // A header beyond Poco's limits.
  std::string oversized = RawExchange(
      server, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  CHECK(oversized.rfind("HTTP/1.1 400", 0) == 0);

  // A body that stops half-way: 400, and no document.
  std::string half =
      RawExchange(server, "PUT " + UploadUri("/CAB/half.txt") + " HTTP/1.1\r\nHost: x\r\n" + auth +
                              "\r\nContent-Length: 100\r\n\r\n" + std::string(50, 'h'));
  CHECK(half.rfind("HTTP/1.1 400", 0) == 0);
  CHECK(half.find("incomplete_body") != std::string::npos);
  CHECK(server.OpenStore()->FindDocument("/CAB/half.txt").status().code() ==
        store::ErrorCode::kNotFound);

  // A body that stalls: the client is answered and dropped after the I/O timeout (2 s here).
  {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    std::string request = "PUT " + UploadUri("/CAB/stalled.txt") + " HTTP/1.1\r\nHost: x\r\n" +
                          auth + "\r\nContent-Length: 100\r\n\r\nabc";
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    auto started = std::chrono::steady_clock::now();
    char buffer[4096];
    int n = socket.receiveBytes(buffer, sizeof buffer);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    REQUIRE(n > 0);
    CHECK(std::string(buffer, static_cast<size_t>(n)).rfind("HTTP/1.1 4", 0) == 0);
    CHECK(server.OpenStore()->FindDocument("/CAB/stalled.txt").status().code() ==
          store::ErrorCode::kNotFound);
  }

  // The server is still fine.
  CHECK(server.Call("GET", "/healthz").status == 200);
}

// The nice value of each thread of process `pid` (the 19th field of /proc/PID/task/TID/stat).
std::vector<int> ThreadNiceValues(pid_t pid) {
  std::vector<int> values;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks)) {
    std::ifstream in(task.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // After the command name in parentheses: state (3rd field) ... nice (19th).
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
      if (i == 19) values.push_back(std::stoi(field));
    }
  }
  return values;
}

TEST_CASE("health, metrics, access log and a graceful stop on SIGTERM", "[server]") {
  ServerProcess server;
  Reply health = server.Call("GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(Json(health)->getValue<std::string>("status") == "ok");
  CHECK(server.Call("GET", "/api/v1/services", &kCabEditor).status == 200);
  CHECK(server.Call("GET", "/api/v1/documents/42", &kCabEditor).status == 404);

  // Keep-alive: several requests on one connection.
  auto session = server.Session();
  session->setKeepAlive(true);
  for (int i = 0; i < 3; ++i) CHECK(ServerProcess::Call(*session, "GET", "/healthz").status == 200);

  // Forty idle keep-alive connections (each holds a request thread) do not starve a new client.
  std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> idle;
  for (int i = 0; i < 40; ++i) {
    idle.push_back(server.Session());
    idle.back()->setKeepAlive(true);
    REQUIRE(ServerProcess::Call(*idle.back(), "GET", "/api/v1/me", &kCabReader).status == 200);
  }
  auto started = std::chrono::steady_clock::now();
  CHECK(server.Call("GET", "/api/v1/me", &kCabReader).status == 200);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
  idle.clear();

  Reply metrics = server.Call("GET", "/metrics");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.body.find("synaps_http_requests_total{route=\"/healthz\",status=\"200\"} 4") !=
        std::string::npos);
  CHECK(metrics.body.find(
            "synaps_http_requests_total{route=\"/api/v1/documents/{id}\",status=\"404\"} 1") !=
        std::string::npos);
  CHECK(metrics.body.find("synaps_http_request_duration_seconds_bucket{le=\"+Inf\"}") !=
        std::string::npos);
  CHECK(metrics.body.find("synaps_index_queue_length ") != std::string::npos);
  CHECK(metrics.body.find("\nsynaps_searches_waiting 0\n") != std::string::npos);

  // The background indexer's figures, counted batch by batch: a document whose extraction fails
  // is counted. The two uploads may be indexed in one batch or two: wait for both figures.
  Upload(server, kCabEditor, "/CAB/abime.pdf", "%PDF-1.7\n garbage only");
  Upload(server, kCabEditor, "/CAB/note.txt", "une note lisible");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    const std::string figures = server.Call("GET", "/metrics").body;
    const bool indexed = figures.find("\nsynaps_documents_indexed_total 2\n") != std::string::npos;
    const bool failed = figures.find("\nsynaps_extraction_failures_total 1\n") != std::string::npos;
    if (indexed && failed) break;
    INFO(figures);
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // The two saves went through the server's PutGroup, one after the other.
  const std::string figures = server.Call("GET", "/metrics").body;
  CHECK(figures.find("\nsynaps_saves_total 2\n") != std::string::npos);
  CHECK(figures.find("\nsynaps_save_transactions_total 2\n") != std::string::npos);

  // The indexer's thread (and the threads it starts) runs five steps of nice below the others:
  // request threads first.
  std::vector<int> nice_values = ThreadNiceValues(server.pid());
  REQUIRE(!nice_values.empty());
  const int requests_nice = *std::min_element(nice_values.begin(), nice_values.end());
  CHECK(std::count(nice_values.begin(), nice_values.end(), std::min(requests_nice + 5, 19)) >= 1);

  std::string log = server.Err();
  CHECK(log.find("\"method\":\"GET\",\"route\":\"/api/v1/services\",\"status\":200") !=
        std::string::npos);
  CHECK(log.find("\"user\":\"cab_editor\"") != std::string::npos);
  CHECK(log.find("\"duration_ms\":") != std::string::npos);

  CHECK(server.Terminate() == 0);
  CHECK(server.Out().find("synaps-server stopping") != std::string::npos);
}

TEST_CASE("a share lets another service read and find a document, and API tokens work",
          "[server]") {
  ServerProcess server;
  const std::string path = "/CAB/partage/compte-rendu.txt";
  int64_t id = Upload(server, kCabEditor, path, "compte rendu de la réunion xylophonique\n");
  std::string doc = "/api/v1/documents/" + std::to_string(id);
  CHECK(server.Call("GET", doc, &kDdtEditor).status == 404);
  std::string token;
  {
    auto store = server.OpenStore();
    REQUIRE(
        store->ShareDocument(store::Actor{"cab_editor"}, id, "DDT", store::ShareMode::kRead).ok());
    auto created = store->CreateApiToken(store::Actor{"tester"}, "ddt_editor", "script");
    REQUIRE(created.ok());
    token = *created;
  }
  CHECK(server.Call("GET", doc, &kDdtEditor).status == 200);
  CHECK(server.Call("GET", doc + "/content", &kDdtEditor).status == 200);
  CHECK(server.Call("PUT", UploadUri(path), &kDdtEditor, "changed").status == 403);
  SearchUntilFound(server, kDdtEditor, "xylophonique", path);

  Reply me = server.Call("GET", "/api/v1/me", nullptr, "", {{"Authorization", "Bearer " + token}});
  REQUIRE(me.status == 200);
  CHECK(Json(me)->getValue<std::string>("login") == "ddt_editor");
  CHECK(server.Call("GET", doc, nullptr, "", {{"Authorization", "Bearer " + token}}).status == 200);
  CHECK(server.Call("GET", "/api/v1/me", nullptr, "", {{"Authorization", "Bearer nope"}}).status ==
        401);
}

TEST_CASE("a client trickling its headers is dropped at the deadline, slow bodies are not",
          "[server]") {
  // Deadline: 1 s of keep-alive wait + 1 s for the headers. Each byte below comes well within
  // the 2 s I/O time-out, so only the deadline can end the trickle.
  ServerProcess server("synaps.http.keep_alive_seconds = 1\nsynaps.http.header_seconds = 1\n");
  const auto tick = std::chrono::milliseconds(400);

  Poco::Net::StreamSocket trickler(Poco::Net::SocketAddress("127.0.0.1", server.port()));
  const std::string line = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  trickler.sendBytes(line.data(), static_cast<int>(line.size()));
  const auto started = std::chrono::steady_clock::now();
  bool dropped = false;
  while (!dropped && std::chrono::steady_clock::now() - started < std::chrono::seconds(8)) {
    try {
      trickler.sendBytes("a", 1);
      if (trickler.poll(Poco::Timespan(0, 400000), Poco::Net::Socket::SELECT_READ)) {
        char buffer[512];
        dropped = trickler.receiveBytes(buffer, sizeof buffer) <= 0;
      }
    } catch (const Poco::Exception&) {
      dropped = true;  // reset by the server
    }
  }
  const auto lasted = std::chrono::steady_clock::now() - started;
  CHECK(dropped);
  CHECK(lasted >= std::chrono::milliseconds(1500));
  CHECK(lasted < std::chrono::seconds(5));

  // A body may come slowly: the deadline only watches the wait for the headers.
  Poco::Net::HTTPRequest credentials;
  Poco::Net::HTTPBasicCredentials(kCabEditor.login, kCabEditor.password).authenticate(credentials);
  Poco::Net::StreamSocket uploader(Poco::Net::SocketAddress("127.0.0.1", server.port()));
  uploader.setReceiveTimeout(Poco::Timespan(10, 0));
  const std::string headers =
      "PUT " + UploadUri("/CAB/lent.txt") +
      " HTTP/1.1\r\nHost: x\r\nAuthorization: " + credentials.get("Authorization") +
      "\r\nContent-Length: 8\r\n\r\n";
  uploader.sendBytes(headers.data(), static_cast<int>(headers.size()));
  for (int i = 0; i < 8; ++i) {  // 3.2 s in all, past the 2 s deadline
    std::this_thread::sleep_for(tick);
    uploader.sendBytes("z", 1);
  }
  char buffer[4096];
  const int n = uploader.receiveBytes(buffer, sizeof buffer);
  REQUIRE(n > 0);
  CHECK(std::string(buffer, static_cast<size_t>(n)).rfind("HTTP/1.1 201", 0) == 0);
  CHECK(server.Call("GET", "/healthz").status == 200);
}
