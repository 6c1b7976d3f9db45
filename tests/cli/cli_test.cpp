// Drives the real `synaps` binary the way an administrator would.
#include <Poco/JSON/Parser.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "tests/cli/cli_fixture.h"
#include "tests/support/files.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using synaps::testing::BinPath;
using synaps::testing::Cli;
using synaps::testing::ProcessResult;
using synaps::testing::ReadFile;
using synaps::testing::Run;
using synaps::testing::TempDir;
using synaps::testing::WriteFile;

TEST_CASE("the administrator's everyday commands", "[cli]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  CHECK(synaps({"init"}).out.find("already initialised") != std::string::npos);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet du préfet"}).exit_code == 0);
  auto user = synaps(
      {"user", "add", "marie.dupont", "--service", "CAB", "--role", "editor", "--password-stdin"},
      "un mot de passe solide\n");
  INFO(user.err);
  REQUIRE(user.exit_code == 0);
  CHECK(synaps({"user", "list"}).out.find("marie.dupont") != std::string::npos);
  CHECK(synaps({"user", "add", "x", "--service", "CAB"}).exit_code == 2);

  auto src = synaps.dir.path() / "src";
  WriteFile(src / "notes" / "note.txt", "Première version");
  auto imported =
      synaps({"import", src.string(), "--service", "CAB", "--folder", "Partage", "--tag", "nuit"});
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.out.find("1 new documents") != std::string::npos);
  CHECK(synaps({"ls", "/CAB/Partage/notes"}).out.find("/CAB/Partage/notes/note.txt") !=
        std::string::npos);

  auto info = synaps.Json({"info", "/CAB/Partage/notes/note.txt"});
  int64_t id = info->getValue<int64_t>("id");
  CHECK(info->getValue<std::string>("mime_type") == "text/plain");
  WriteFile(src / "notes" / "note.txt", "Deuxième version");
  REQUIRE(synaps({"import", src.string(), "--service", "CAB", "--folder", "Partage"}).exit_code ==
          0);
  CHECK(synaps({"get", std::to_string(id), "--version", "1"}).out == "Première version");
  std::string runs = synaps({"runs"}).out;  // both imports are on record, newest first
  CHECK(runs.find("2\t") == 0);
  CHECK(runs.find("completed\tCAB\t1 files: 0 new, 1 new versions") != std::string::npos);
  CHECK(runs.find("import " + src.string()) != std::string::npos);
  auto out_file = synaps.dir.path() / "out.txt";
  REQUIRE(synaps({"get", "/CAB/Partage/notes/note.txt", "-o", out_file.string()}).exit_code == 0);
  CHECK(ReadFile(out_file) == "Deuxième version");
  REQUIRE(
      synaps({"restore", std::to_string(id), "--version", "1", "--comment", "retour"}).exit_code ==
      0);
  CHECK(synaps({"versions", std::to_string(id)}).out.find("retour") != std::string::npos);
  REQUIRE(synaps({"mv", std::to_string(id), "/CAB/Archives/note 2026.txt"}).exit_code == 0);
  REQUIRE(synaps({"tag", std::to_string(id), "add", "urgent"}).exit_code == 0);
  REQUIRE(synaps({"meta", std::to_string(id), "set", "numero", "2026-118"}).exit_code == 0);
  CHECK(synaps({"meta", std::to_string(id), "get", "numero"}).out == "2026-118\n");
  CHECK(synaps({"tags"}).out.find("urgent\t1") != std::string::npos);
  REQUIRE(synaps({"rm", "/CAB/Archives/note 2026.txt"}).exit_code == 0);
  CHECK(synaps({"trash", "list"}).out.find("note 2026.txt") != std::string::npos);
  REQUIRE(synaps({"trash", "restore", std::to_string(id)}).exit_code == 0);
  CHECK(synaps({"audit", std::to_string(id)}).out.find("document.untrash") != std::string::npos);
  auto check = synaps({"check"});
  INFO(check.out);
  CHECK(check.exit_code == 0);
  auto stats = synaps.Json({"stats"});
  CHECK(stats->getValue<int64_t>("versions") == 3);
  CHECK(stats->getValue<int64_t>("blobs") == 2);
}

TEST_CASE("errors are one clear line and a non-zero exit", "[cli]") {
  Cli synaps;
  auto not_initialised = synaps({"ls"});
  CHECK(not_initialised.exit_code == 1);
  CHECK(not_initialised.err.find("synaps init") != std::string::npos);
  REQUIRE(synaps({"init"}).exit_code == 0);
  auto missing = synaps({"info", "/CAB/absent.pdf"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err == "synaps: no document /CAB/absent.pdf\n");
  auto traversal = synaps({"info", "/CAB/../DDT/x"});
  CHECK(traversal.exit_code == 1);
  CHECK(traversal.err.find("'..' is not a valid name") != std::string::npos);
  auto unknown_option = synaps({"import", "x", "--servise", "CAB"});
  CHECK(unknown_option.exit_code == 2);
  CHECK(unknown_option.err.find("unknown option --servise") != std::string::npos);
  auto json_error = synaps({"--json", "info", "42"});
  CHECK(json_error.exit_code == 1);
  auto parsed = Poco::JSON::Parser().parse(json_error.out).extract<Poco::JSON::Object::Ptr>();
  CHECK(parsed->getObject("error")->getValue<std::string>("code") == "not_found");
  CHECK(synaps({"frobnicate"}).exit_code == 2);
}

TEST_CASE("rmdir deletes an empty folder, never one that holds something", "[cli]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);
  {
    auto store = synaps.Open();
    synaps::store::Actor actor{"tester"};
    REQUIRE(store->CreateFolder(actor, "CAB", {"vide"}).ok());
    REQUIRE(store->CreateFolder(actor, "CAB", {"plein", "sous"}).ok());
  }
  auto full = synaps({"rmdir", "/CAB/plein"});
  CHECK(full.exit_code == 1);
  CHECK(full.err == "synaps: /CAB/plein is not empty: it holds 1 subfolder\n");
  auto json_full = synaps({"--json", "rmdir", "/CAB/plein"});
  CHECK(json_full.exit_code == 1);
  CHECK(json_full.out.find("\"conflict\"") != std::string::npos);

  CHECK(synaps.Json({"rmdir", "/CAB/vide"})->getValue<std::string>("path") == "/CAB/vide");
  CHECK(synaps({"ls", "/CAB/vide"}).exit_code == 1);
  auto text = synaps({"rmdir", "/CAB/plein/sous"});
  CHECK(text.exit_code == 0);
  CHECK(text.out == "deleted folder /CAB/plein/sous\n");
  CHECK(synaps({"rmdir", "/CAB/plein"}).exit_code == 0);
  CHECK(synaps({"rmdir", "/CAB"}).err.find("root of its service") != std::string::npos);
  CHECK(synaps({"rmdir", "/CAB/absent"}).exit_code == 1);
  CHECK(synaps({"rmdir"}).exit_code == 2);
  CHECK(synaps({"audit"}).out.find("folder.delete\t/CAB/plein/sous") != std::string::npos);
  CHECK(synaps({"help"}).out.find("rmdir FOLDER") != std::string::npos);
}

TEST_CASE("two imports at once into the same store lose nothing", "[cli][concurrency]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);
  auto a = synaps.dir.path() / "a";
  auto b = synaps.dir.path() / "b";
  for (int i = 0; i < 300; ++i) {
    WriteFile(a / ("a" + std::to_string(i) + ".txt"), "a" + std::to_string(i));
    WriteFile(b / ("b" + std::to_string(i) + ".txt"), "b" + std::to_string(i));
    WriteFile(a / "shared" / ("s" + std::to_string(i) + ".txt"), "from a " + std::to_string(i));
    WriteFile(b / "shared" / ("s" + std::to_string(i) + ".txt"), "from b " + std::to_string(i));
  }
  std::vector<std::string> base = {BinPath("synaps"), "--data", synaps.data, "import"};
  auto first = base, second = base;
  first.insert(first.end(), {a.string(), "--service", "CAB"});
  second.insert(second.end(), {b.string(), "--service", "CAB"});
  pid_t p1 = synaps::testing::Spawn(first);
  pid_t p2 = synaps::testing::Spawn(second);
  int s1 = 0, s2 = 0;
  ::waitpid(p1, &s1, 0);
  ::waitpid(p2, &s2, 0);
  CHECK(WEXITSTATUS(s1) == 0);
  CHECK(WEXITSTATUS(s2) == 0);
  auto stats = synaps.Json({"stats"});
  // 300 + 300 own files, 300 shared names each written by both: two versions each.
  CHECK(stats->getValue<int64_t>("documents") == 900);
  CHECK(stats->getValue<int64_t>("versions") == 1200);
  CHECK(synaps({"check"}).exit_code == 0);
}

TEST_CASE("index, search and an interrupted rebuild that resumes", "[cli][indexing]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  for (const char* code : {"CAB", "DCL", "DDT"}) {
    REQUIRE(synaps({"service", "add", code, "--name", code}).exit_code == 0);
    auto samples = std::string(SYNAPS_SOURCE_DIR) + "/config/samples/" + code;
    REQUIRE(synaps({"import", samples, "--service", code}).exit_code == 0);
  }
  CHECK(synaps({"search", "crue"}).exit_code == 3);  // no index yet: says so
  auto indexed = synaps({"index"});
  INFO(indexed.err);
  REQUIRE(indexed.exit_code == 0);
  CHECK(indexed.out.find("indexed 5 documents") != std::string::npos);
  CHECK(indexed.out.find("index compacted") == std::string::npos);  // a small drain
  auto found = synaps.Json({"search", "arrete prefectoral"});
  CHECK(found->getValue<int64_t>("total") >= 1);
  auto limited = synaps.Json({"search", "arrete prefectoral", "--service", "DCL"});
  CHECK(limited->getValue<int64_t>("total") == 0);
  CHECK(synaps({"info", "/CAB/arrete-2026-118-circulation.txt"}).out.find("extraction: ok") !=
        std::string::npos);

  // A rebuild killed half-way: the marker is there, what it committed is in the index (here the
  // five documents) and the rest is still queued (here one more document). The next reindex
  // resumes from the durable queue: it indexes the one left, not everything again.
  auto data = synaps.dir.path() / "data";
  synaps::testing::WriteFile(data / "index-rebuild-in-progress", "rebuild started\n");
  const auto late = synaps.dir.path() / "late";
  std::filesystem::create_directories(late);
  synaps::testing::WriteFile(late / "note-tardive.txt", "Note tardive sur la canicule.\n");
  REQUIRE(synaps({"import", late.string(), "--service", "CAB"}).exit_code == 0);
  auto resumed = synaps({"reindex"});
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming") != std::string::npos);
  CHECK(resumed.out.find("indexed 1 document") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(data / "index-rebuild-in-progress"));
  CHECK(synaps.Json({"search", "arrete prefectoral"})->getValue<int64_t>("total") >= 1);
  CHECK(synaps.Json({"search", "tardive"})->getValue<int64_t>("total") == 1);
  auto rebuilt = synaps({"reindex"});
  REQUIRE(rebuilt.exit_code == 0);
  CHECK(rebuilt.out.find("indexed 6 documents") != std::string::npos);  // a full rebuild
  CHECK(rebuilt.out.find("index compacted") != std::string::npos);      // a rebuild, however small
  CHECK_FALSE(std::filesystem::exists(data / "index.compacting"));
  CHECK(synaps.Json({"search", "titre de séjour"})->getValue<int64_t>("total") == 1);

  // Sharing the cabinet's folder with DDT makes its documents visible to a DDT search.
  CHECK(synaps.Json({"search", "circulation", "--service", "DDT"})->getValue<int64_t>("total") ==
        0);
  auto shared = synaps({"share", "/CAB/", "--with", "DDT"});
  INFO(shared.err);
  REQUIRE(shared.exit_code == 0);
  REQUIRE(synaps({"index"}).exit_code == 0);
  CHECK(synaps.Json({"search", "circulation", "--service", "DDT"})->getValue<int64_t>("total") ==
        1);
  CHECK(synaps({"shares", "/CAB/arrete-2026-118-circulation.txt"}).out.find("DDT\tread") !=
        std::string::npos);
  CHECK(synaps({"share", "/CAB/", "--with", "DDT", "--everyone"}).exit_code == 2);
}

TEST_CASE("search answers in the API's JSON, and its exit code tells what went wrong",
          "[cli][search]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);
  auto samples = std::string(SYNAPS_SOURCE_DIR) + "/config/samples/CAB";
  REQUIRE(synaps({"import", samples, "--service", "CAB"}).exit_code == 0);

  auto none = synaps({"--json", "search", "arrete"});
  CHECK(none.exit_code == 3);
  CHECK(none.out.find("\"code\":\"not_found\"") != std::string::npos);
  CHECK(none.out.find("synaps index") != std::string::npos);
  REQUIRE(synaps({"index"}).exit_code == 0);

  // A hit as GET /api/v1/search writes it: file name, author, page and page size included.
  auto found = synaps.Json({"search", "arrete prefectoral", "--page-size", "1"});
  CHECK(found->getValue<int64_t>("page") == 1);
  CHECK(found->getValue<int64_t>("page_size") == 1);
  auto hits = found->getArray("hits");
  REQUIRE(hits->size() == 1);
  auto hit = hits->getObject(0);
  for (const char* key : {"id", "title", "path", "file_name", "service", "mime_type", "author",
                          "size", "percent", "tags", "snippet_html"}) {
    INFO(key);
    CHECK(hit->has(key));
  }
  CHECK(hit->getValue<std::string>("path").rfind("/CAB/", 0) == 0);
  CHECK(synaps({"search", "arrete", "--page-size", "101"}).exit_code == 2);

  auto bad = synaps({"search", "date:2024-13-01..2024-14-01"});
  CHECK(bad.exit_code == 5);
  CHECK(bad.err.find("bad query") != std::string::npos);

  // A damaged index says so and how to repair it; `synaps reindex` rebuilds it.
  const auto index = synaps.dir.path() / "data" / "index";
  for (const auto& entry : std::filesystem::directory_iterator(index)) {
    if (entry.path().extension() == ".glass") {
      synaps::testing::WriteFile(entry.path(), std::string(8192, 'x'));
    }
  }
  auto damaged = synaps({"search", "arrete"});
  INFO(damaged.err);
  CHECK(damaged.exit_code == 4);
  CHECK(damaged.err.find("synaps reindex") != std::string::npos);
  auto rebuilt = synaps({"reindex"});
  INFO(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  CHECK(synaps.Json({"search", "arrete prefectoral"})->getValue<int64_t>("total") >= 1);
}

TEST_CASE("extract shows what the indexer would get from a file, and why not", "[cli][extract]") {
  Cli synaps;  // no data directory needed
  const std::string fixtures = std::string(SYNAPS_FIXTURES_DIR) + "/extract/";
  auto pdf = synaps({"extract", fixtures + "sample.pdf"});
  CHECK(pdf.exit_code == 0);
  CHECK(pdf.out.find("type: application/pdf\nstatus: ok\n") == 0);
  CHECK(pdf.out.find("title: Arrêté préfectoral") != std::string::npos);
  CHECK(pdf.out.find("pages: 2") != std::string::npos);
  CHECK(pdf.out.find("la circulation est interdite") != std::string::npos);

  auto json = synaps.Json({"extract", fixtures + "sample.pdf"});
  CHECK(json->getValue<std::string>("mime_type") == "application/pdf");
  CHECK(json->getObject("properties")->getValue<std::string>("author") == "Préfecture de l'Eure");
  CHECK(json->getValue<std::string>("text").find("Deuxième page") != std::string::npos);

  // Content decides the type, not the name.
  const std::string disguised = (synaps.dir.path() / "note.txt").string();
  synaps::testing::WriteFile(disguised, ReadFile(fixtures + "sample.pdf"));
  CHECK(synaps({"extract", disguised}).out.find("type: application/pdf") == 0);

  auto corrupted = synaps({"extract", fixtures + "corrupted.pdf"});
  CHECK(corrupted.exit_code == 1);
  CHECK(corrupted.out.find("status: failed (extraction failed:") != std::string::npos);
  auto encrypted = synaps({"extract", fixtures + "encrypted.pdf"});
  CHECK(encrypted.exit_code == 0);
  CHECK(encrypted.out.find("status: encrypted (encrypted PDF: password required") !=
        std::string::npos);
  auto missing = synaps({"extract", fixtures + "absent.pdf"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("no file") != std::string::npos);
  CHECK(synaps({"extract"}).exit_code == 2);
}

TEST_CASE("index and extract keep within the extraction limits of the settings files",
          "[cli][extract]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);
  const auto folder = synaps.dir.path() / "in";
  std::filesystem::create_directories(folder);
  std::string text = "Ouverture exceptionnelle du guichet des cartes grises le samedi. ";
  while (text.size() < 2000) text += "Suite du compte rendu de la réunion de service. ";
  text += "Conclusion zorglubienne.";
  synaps::testing::WriteFile(folder / "long.txt", text);
  REQUIRE(synaps({"import", folder.string(), "--service", "CAB"}).exit_code == 0);
  const std::string settings = (synaps.dir.path() / "limits.properties").string();
  synaps::testing::WriteFile(settings, "synaps.extract.max_text_bytes = 200\n");

  auto indexed = synaps({"--config", settings, "index"});
  INFO(indexed.err);
  REQUIRE(indexed.exit_code == 0);
  CHECK(synaps({"info", "/CAB/long.txt"}).out.find("extraction: partial") != std::string::npos);
  CHECK(synaps.Json({"search", "guichet cartes grises"})->getValue<int64_t>("total") == 1);
  CHECK(synaps.Json({"search", "zorglubienne"})->getValue<int64_t>("total") == 0);

  const std::string file = (folder / "long.txt").string();
  CHECK(synaps({"--config", settings, "extract", file}).out.find("status: partial") !=
        std::string::npos);
  CHECK(synaps({"extract", file}).out.find("status: ok") != std::string::npos);

  // A bad or missing settings file stops the command before it does anything.
  const std::string bad = (synaps.dir.path() / "bad.properties").string();
  synaps::testing::WriteFile(bad, "synaps.extract.wall_seconds = 0\n");
  auto refused = synaps({"--config", bad, "index"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("bad setting") != std::string::npos);
  auto missing = synaps({"--config", (synaps.dir.path() / "absent.properties").string(), "index"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("cannot read") != std::string::npos);
}
