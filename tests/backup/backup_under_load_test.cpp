// A backup taken while synaps-server answers uploads and indexes, and an ingestion run imports:
// restored, it is consistent (check clean), every document it lists is whole, and its rebuilt
// index answers for exactly the documents it holds.
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "tests/server/server_fixture.h"

namespace fs = std::filesystem;
using synaps::testing::BinPath;
using synaps::testing::Credentials;
using synaps::testing::Run;
using synaps::testing::ServerProcess;
using synaps::testing::WriteFile;

namespace {

std::vector<std::string> Synaps(const std::string& data, std::vector<std::string> words) {
  words.insert(words.begin(), {BinPath("synaps"), "--data", data});
  return words;
}

// The ids of every document of `data` (live ones), from the CLI's listing of each service.
int64_t CountLiveDocuments(const std::string& data) {
  auto store = synaps::store::Store::Open(data, synaps::store::Store::OpenMode::kMustExist);
  REQUIRE(store.ok());
  auto stats = (*store)->Stats();
  REQUIRE(stats.ok());
  return stats->documents;
}

}  // namespace

TEST_CASE("a backup taken under uploads, an ingestion run and indexing restores consistently",
          "[backup][load]") {
  ServerProcess server;
  const Credentials editor{"cab_editor", "cab_editor-password"};
  for (int i = 0; i < 20; ++i) {
    synaps::testing::Upload(server, editor, "/CAB/avant/doc" + std::to_string(i) + ".txt",
                            "chargement initial numéro " + std::to_string(i));
  }
  // The server has made its index (and holds its writer lock) before the load begins: the
  // backup must leave it out for that reason, not because there is none yet.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    auto search = server.Call("GET", "/api/v1/search?q=chargement", &editor);
    REQUIRE(search.status == 200);
    if (synaps::testing::Json(search)->getValue<int64_t>("total") == 20) break;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // An ingestion run's worth of files.
  auto tree = server.dir() / "drive";
  for (int i = 0; i < 300; ++i) {
    WriteFile(
        tree / ("sous-dossier" + std::to_string(i % 7)) / ("fichier" + std::to_string(i) + ".txt"),
        "dossier de la direction territoriale, pièce " + std::to_string(i) + "\n");
  }
  std::string data = server.data_dir().string();

  std::atomic<bool> stop{false};
  std::atomic<int> uploaded{0};
  std::thread uploads([&] {
    for (int i = 0; !stop && i < 400; ++i) {
      auto reply = server.Call(
          "PUT", synaps::testing::UploadUri("/CAB/pendant/doc" + std::to_string(i) + ".txt"),
          &editor, "chargement pendant la sauvegarde " + std::to_string(i));
      if (reply.status == 201) ++uploaded;
    }
  });
  std::thread ingestion([&] {
    auto result = Run(Synaps(data, {"import", tree.string(), "--service", "DDT", "--tag", "nuit"}));
    CHECK(result.exit_code == 0);
  });
  while (uploaded < 10) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  auto backup_dir = server.dir() / "backup";
  auto backup = Run(Synaps(data, {"--json", "backup", backup_dir.string()}));
  stop = true;
  uploads.join();
  ingestion.join();
  INFO(backup.out << backup.err);
  REQUIRE(backup.exit_code == 0);
  auto manifest = Poco::JSON::Parser().parse(backup.out).extract<Poco::JSON::Object::Ptr>();
  // The server held the index's writer lock all along: the backup says it left the index out.
  CHECK_FALSE(manifest->getValue<bool>("index_included"));
  CHECK(manifest->getValue<std::string>("index_note").find("rebuilds") != std::string::npos);

  auto restored = (server.dir() / "restored").string();
  auto restore = Run({BinPath("synaps"), "restore", backup_dir.string(), "--data", restored});
  INFO(restore.out << restore.err);
  REQUIRE(restore.exit_code == 0);
  CHECK(restore.out.find("check: ok") != std::string::npos);
  int64_t documents = CountLiveDocuments(restored);
  CHECK(documents == manifest->getValue<int64_t>("documents"));
  CHECK(documents >= 30);  // the first 20 and the 10 uploads waited for, at least

  // The rebuilt index answers for exactly the restored documents: every upload (before and
  // during the backup) has "chargement", every ingested file "dossier".
  auto store = synaps::store::Store::Open(restored, synaps::store::Store::OpenMode::kMustExist);
  REQUIRE(store.ok());
  int64_t in_cab = 0, in_ddt = 0;
  for (const char* folder : {"/CAB/avant", "/CAB/pendant"}) {
    auto found = (*store)->FindFolder(folder);
    if (!found.ok()) continue;
    in_cab += static_cast<int64_t>((*store)->ListFolder(*found)->documents.size());
  }
  auto ddt = (*store)->FindFolder("/DDT");
  REQUIRE(ddt.ok());
  auto ddt_listing = (*store)->ListFolder(*ddt);
  REQUIRE(ddt_listing.ok());
  for (const auto& sub : ddt_listing->subfolders) {
    in_ddt += static_cast<int64_t>((*store)->ListFolder(sub)->documents.size());
  }
  CHECK(in_cab + in_ddt == documents);
  auto count_hits = [&](const std::string& word) {
    auto search =
        Run({BinPath("synaps"), "--data", restored, "--json", "search", word, "--page", "1"});
    REQUIRE(search.exit_code == 0);
    auto answer = Poco::JSON::Parser().parse(search.out).extract<Poco::JSON::Object::Ptr>();
    return answer->getValue<int64_t>("total");
  };
  CHECK(count_hits("chargement") == in_cab);
  CHECK(count_hits("dossier") == in_ddt);

  // And the original, still serving, is untouched by all this.
  CHECK(Run(Synaps(data, {"check"})).exit_code == 0);
}
