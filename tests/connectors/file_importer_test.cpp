#include "connectors/ingest/file_importer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "tests/store/store_fixture.h"

using namespace synaps;
using synaps::testing::StoreFixture;
using synaps::testing::WriteFile;

namespace {

struct ImportRun {
  store::Result<connectors::ImportSummary> summary = store::Status::Internal("not run");
  std::vector<std::string> problems;
};

ImportRun RunImport(StoreFixture& f, const std::vector<std::filesystem::path>& roots,
                    connectors::ImportOptions options = {}) {
  if (options.service_code.empty()) options.service_code = "CAB";
  connectors::FileImporter importer(
      *f.store, f.actor, options, [](std::string_view, std::string_view) { return "text/plain"; });
  ImportRun run;
  importer.set_problem_callback([&](const std::string& p) { run.problems.push_back(p); });
  run.summary = importer.Import(roots);
  return run;
}

}  // namespace

TEST_CASE("a folder tree is imported with its structure, then re-imported incrementally",
          "[import]") {
  StoreFixture f;
  auto src = f.dir.path() / "partage";
  WriteFile(src / "arrêtés" / "2026-118.txt", "Arrêté n° 2026-118");
  WriteFile(src / "arrêtés" / "2026-119.txt", "Arrêté n° 2026-119");
  WriteFile(src / "notes" / "crise" / "synthèse.md", "# Synthèse");
  WriteFile(src / "vide.txt", "");
  connectors::ImportOptions options;
  options.folder = {"Partage"};
  options.tags = {"nuit"};
  auto first = RunImport(f, {src}, options);
  REQUIRE(first.summary.ok());
  CHECK(first.summary->created == 4);
  CHECK(first.summary->failed == 0);
  auto doc = f.store->FindDocument("/CAB/Partage/notes/crise/synthèse.md");
  REQUIRE(doc.ok());
  CHECK(doc->tags == std::vector<std::string>{"nuit"});
  CHECK(f.Content(doc->id, 0) == "# Synthèse");
  CHECK(f.store->FindDocument("/CAB/Partage/vide.txt")->size == 0);

  auto again = RunImport(f, {src}, options);
  REQUIRE(again.summary.ok());
  CHECK(again.summary->unchanged == 4);
  CHECK(again.summary->created == 0);

  WriteFile(src / "arrêtés" / "2026-119.txt", "Arrêté n° 2026-119 (modifié)");
  auto third = RunImport(f, {src}, options);
  REQUIRE(third.summary.ok());
  CHECK(third.summary->new_versions == 1);
  CHECK(third.summary->unchanged == 3);
  auto changed = f.store->FindDocument("/CAB/Partage/arrêtés/2026-119.txt");
  CHECK(changed->current_version == 2);
  CHECK(f.Content(changed->id, 1) == "Arrêté n° 2026-119");
}

TEST_CASE("links, bad names and unknown services are reported, never imported", "[import]") {
  StoreFixture f;
  auto src = f.dir.path() / "src";
  WriteFile(src / "good.txt", "good");
  WriteFile(src / "caf\xE9.txt", "latin-1 name");
  WriteFile(src / "dossier\x01" / "inside.txt", "control character in a folder name");
  std::filesystem::create_symlink("/etc/passwd", src / "passwd-link");
  auto run = RunImport(f, {src});
  REQUIRE(run.summary.ok());
  CHECK(run.summary->created == 1);
  CHECK(run.summary->skipped == 3);
  REQUIRE(run.problems.size() == 3);
  std::string all;
  for (const auto& p : run.problems) all += p + "\n";
  CHECK(all.find("not valid UTF-8") != std::string::npos);
  CHECK(all.find("symbolic link") != std::string::npos);
  CHECK(all.find("folder skipped") != std::string::npos);
  CHECK(f.store->Stats()->documents == 1);

  connectors::ImportOptions options;
  options.service_code = "NOPE";
  auto unknown = RunImport(f, {src}, options);
  CHECK(unknown.summary.status().code() == store::ErrorCode::kNotFound);
  auto missing = RunImport(f, {f.dir.path() / "does-not-exist"});
  REQUIRE(missing.summary.ok());
  CHECK(missing.summary->skipped == 1);
}

TEST_CASE("files that vanish or are no files are reported and the rest imported",
          "[import][fault]") {
  StoreFixture f;
  auto src = f.dir.path() / "src";
  WriteFile(src / "a.txt", "stays");
  WriteFile(src / "b.txt", "deleted after the walk, before it is read");
  REQUIRE(::mkfifo((src / "c.fifo").c_str(), 0600) == 0);
  connectors::FileImporter importer(*f.store, f.actor, {"CAB", {}, {}, "", 256, 1.0}, {});
  std::vector<std::string> problems;
  bool removed = false;
  importer.set_problem_callback([&](const std::string& p) { problems.push_back(p); });
  importer.set_progress_callback([&](const connectors::ImportProgress&) {
    if (!removed) removed = std::filesystem::remove(src / "b.txt");  // first call: after the walk
  });
  auto summary = importer.Import({src});
  REQUIRE(summary.ok());
  CHECK(removed);
  CHECK(summary->created == 1);
  CHECK(summary->failed == 0);
  CHECK(summary->skipped == 2);  // the fifo, and the file gone since the listing
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  CHECK(all.find("b.txt: vanished since it was listed") != std::string::npos);
  CHECK(all.find("c.fifo: not a regular file") != std::string::npos);
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("a file that changes while it is read is not imported", "[import][fault]") {
  StoreFixture f;
  auto src = f.dir.path() / "src";
  auto growing = src / "growing.log";
  WriteFile(growing, std::string(16 << 20, 'x'));
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    std::ofstream out(growing, std::ios::app | std::ios::binary);
    while (!stop) {
      out << 'y' << std::flush;
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
  });
  auto run = RunImport(f, {src});
  stop = true;
  writer.join();
  REQUIRE(run.summary.ok());
  CHECK(run.summary->failed == 0);
  CHECK(run.summary->skipped == 1);  // left for the next run
  REQUIRE(run.problems.size() == 1);
  CHECK(run.problems[0].find("changed") != std::string::npos);
  CHECK(f.store->Stats()->documents == 0);
  CHECK(f.store->blobs().LeftoverTemporaryFiles().empty());
}

TEST_CASE("large files are streamed in bounded memory", "[import]") {
  StoreFixture f;
  auto src = f.dir.path() / "big.bin";
  {
    std::ofstream out(src, std::ios::binary);
    std::string chunk(1 << 20, '\0');
    for (int i = 0; i < 64; ++i) {
      for (size_t j = 0; j < chunk.size(); j += 4096) chunk[j] = static_cast<char>(i + j);
      out << chunk;
    }
  }
  auto run = RunImport(f, {src});
  REQUIRE(run.summary.ok());
  CHECK(run.summary->created == 1);
  auto doc = f.store->FindDocument("/CAB/big.bin");
  REQUIRE(doc.ok());
  CHECK(doc->size == 64 << 20);
  CHECK(f.store->Check()->healthy());
}
