// /api/v1/admin/... over real HTTP, with the server's own indexer: administrators see the
// documents whose text could not be extracted and why, queue them for another try, and see the
// storage use; nobody else does.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "tests/server/api_client.h"

using namespace synaps;
using namespace synaps::testing;

namespace {

// The failures listed, once `ready` says they are as expected (the indexer works in the
// background), or after 30 s.
template <typename Ready>
Poco::JSON::Object::Ptr FailuresWhen(const ServerProcess& server, const Credentials& admin,
                                     Ready ready) {
  Poco::JSON::Object::Ptr listed;
  for (int attempt = 0; attempt < 300; ++attempt) {
    Reply reply = server.Call("GET", "/api/v1/admin/extraction-failures", &admin);
    REQUIRE(reply.status == 200);
    listed = Json(reply);
    if (ready(*listed)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return listed;
}

}  // namespace

TEST_CASE(
    "administrators see the extraction failures with their reason, retry them, and see "
    "the storage use",
    "[server][operations]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};
  Credentials cab_editor{"cab_editor", "cab_editor-password"};
  // A PDF cut short fails each time; a note whose extraction was cut short (a time-out, say)
  // succeeds when tried again.
  Reply broken = server.Call("PUT", "/api/v1/documents/content?path=/CAB/casse.pdf", &cab_editor,
                             "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R");
  REQUIRE(broken.status / 100 == 2);
  Reply note = server.Call("PUT", "/api/v1/documents/content?path=/CAB/note.txt", &cab_editor,
                           "une note sur la crue");
  REQUIRE(note.status / 100 == 2);
  auto indexed = [](const Poco::JSON::Object& answer) {
    return answer.getValue<int>("total") >= 1;
  };
  auto listed = FailuresWhen(server, admin, indexed);
  REQUIRE(listed->getValue<int>("total") == 1);
  auto first = listed->getArray("failures")->getObject(0);
  CHECK(first->getValue<std::string>("path") == "/CAB/casse.pdf");
  CHECK(first->getValue<std::string>("status") == "failed");
  CHECK_FALSE(first->getValue<std::string>("detail").empty());
  CHECK(first->getValue<int>("version") == 1);

  {
    auto store = server.OpenStore();
    auto document = store->FindDocument("/CAB/note.txt");
    REQUIRE(document.ok());
    for (int attempt = 0; attempt < 300; ++attempt) {  // once the indexer is done with it
      auto version = store->GetVersion(document->id, 1);
      REQUIRE(version.ok());
      if (!version->extraction_status.empty()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(store->SetExtractionStatus(document->id, 1, "partial", "wall time limit reached").ok());
  }
  Reply both = server.Call("GET", "/api/v1/admin/extraction-failures?limit=1", &admin);
  REQUIRE(both.status == 200);
  CHECK(Json(both)->getValue<int>("total") == 2);
  CHECK(Json(both)->getArray("failures")->size() == 1);

  // Nobody else sees or retries them.
  CHECK(server.Call("GET", "/api/v1/admin/extraction-failures", &cab_editor).status == 403);
  CHECK(server.Call("POST", "/api/v1/admin/extraction-failures/retry", &cab_editor).status == 403);
  CHECK(server.Call("GET", "/api/v1/admin/storage", &cab_editor).status == 403);
  CHECK(server.Call("GET", "/api/v1/admin/extraction-failures").status == 401);
  CHECK(server.Call("GET", "/api/v1/admin/extraction-failures?limit=0", &admin).status == 400);

  Reply retried = server.Call("POST", "/api/v1/admin/extraction-failures/retry", &admin);
  REQUIRE(retried.status == 200);
  CHECK(Json(retried)->getValue<int>("queued") == 2);
  auto only_broken = [](const Poco::JSON::Object& answer) {
    return answer.getValue<int>("total") == 1;
  };
  listed = FailuresWhen(server, admin, only_broken);
  REQUIRE(listed->getValue<int>("total") == 1);
  CHECK(listed->getArray("failures")->getObject(0)->getValue<std::string>("path") ==
        "/CAB/casse.pdf");
  Reply audit = server.Call("GET", "/api/v1/audit?limit=500", &admin);
  REQUIRE(audit.status == 200);
  CHECK(audit.body.find("\"index.retry\"") != std::string::npos);

  Reply storage = server.Call("GET", "/api/v1/admin/storage", &admin);
  REQUIRE(storage.status == 200);
  auto use = Json(storage);
  CHECK(use->getValue<int>("documents") == 2);
  CHECK(use->getValue<int>("versions") == 2);
  CHECK(use->getValue<int64_t>("stored_bytes") > 0);
  CHECK(use->getValue<int64_t>("logical_bytes") >= use->getValue<int64_t>("stored_bytes"));
  CHECK(use->getValue<int64_t>("disk_available_bytes") > 0);
  CHECK(use->getValue<int64_t>("disk_total_bytes") >=
        use->getValue<int64_t>("disk_available_bytes"));
}
