// /api/v1/sources over real HTTP: administrators see the configured sources and their runs,
// never a secret; others get 403. A document's origins come with it, limited to what the caller
// may read.
#include <catch2/catch.hpp>

#include "connectors/ingest/ingest_engine.h"
#include "connectors/source/source_factory.h"
#include "connectors/source/sources_config.h"
#include "tests/server/api_client.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

using namespace synaps;
using namespace synaps::testing;

TEST_CASE("administrators list the sources and their runs, origins come with documents",
          "[server][sources]") {
  TempDir dir;
  auto sources = dir.path() / "sources.d";
  ServerProcess server("synaps.sources_dir = " + sources.string() + "\n");
  Credentials admin{"admin", server.admin_password()};
  Credentials cab_reader{"cab_reader", "cab_reader-password"};
  Credentials ddt_editor{"ddt_editor", "ddt_editor-password"};
  Reply empty = server.Call("GET", "/api/v1/sources", &admin);
  REQUIRE(empty.status == 200);
  CHECK(Json(empty)->getArray("sources")->size() == 0);

  WriteFile(dir.path() / "cab" / "note.txt", "la même note");
  WriteFile(dir.path() / "ddt" / "copie.txt", "la même note");
  for (const std::string name : {"cab", "ddt"}) {
    connectors::SourceConfig config;
    config.name = name;
    config.type = "share";
    config.location = (dir.path() / name).string();
    config.service_code = name == "cab" ? "CAB" : "DDT";
    config.user = "svc";
    config.password_file = dir.path() / "secret";
    REQUIRE(connectors::WriteSourceConfig(sources, config).ok());
    auto source = connectors::MakeSource(config);
    REQUIRE(source.ok());
    auto store = server.OpenStore();
    connectors::IngestEngine engine(*store, store::Actor{"tester"}, connectors::OptionsFor(config),
                                    {});
    REQUIRE(engine.Run(**source).ok());
  }

  Reply listed = server.Call("GET", "/api/v1/sources", &admin);
  REQUIRE(listed.status == 200);
  auto list = Json(listed)->getArray("sources");
  REQUIRE(list->size() == 2);
  auto cab = list->getObject(0);
  CHECK(cab->getValue<std::string>("name") == "cab");
  CHECK(cab->getValue<std::string>("password") == "set");
  CHECK(cab->getObject("last_run")->getValue<int>("created") == 1);
  CHECK(listed.body.find((dir.path() / "secret").string()) == std::string::npos);

  Reply runs = server.Call("GET", "/api/v1/sources/ddt/runs?limit=5", &admin);
  REQUIRE(runs.status == 200);
  CHECK(Json(runs)->getArray("runs")->size() == 1);
  CHECK(server.Call("GET", "/api/v1/sources/nope/runs", &admin).status == 404);
  CHECK(server.Call("GET", "/api/v1/sources/ddt/runs?limit=0", &admin).status == 400);
  CHECK(server.Call("GET", "/api/v1/sources", &cab_reader).status == 403);
  CHECK(server.Call("GET", "/api/v1/sources/ddt/runs", &cab_reader).status == 403);
  CHECK(server.Call("GET", "/api/v1/sources").status == 401);

  auto document = server.OpenStore()->FindDocument("/CAB/note.txt");
  REQUIRE(document.ok());
  const std::string uri = "/api/v1/documents/" + std::to_string(document->id);
  Reply as_admin = server.Call("GET", uri, &admin);
  REQUIRE(as_admin.status == 200);
  CHECK(Json(as_admin)->getArray("origins")->size() == 2);  // its own, and DDT's copy
  Reply as_reader = server.Call("GET", uri, &cab_reader);
  REQUIRE(as_reader.status == 200);
  auto origins = Json(as_reader)->getArray("origins");
  REQUIRE(origins->size() == 1);  // DDT's copy is not theirs to see
  CHECK(origins->getObject(0)->getValue<std::string>("source") == "cab");
  (void)ddt_editor;
}
