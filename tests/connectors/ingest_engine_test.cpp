// The ingest engine over a share (a real folder) and over a source written for the tests:
// incremental runs, renames and moves, deletions per policy, protected sub-trees, failures that
// do not stop a run, and two runs of one source that may not overlap.
#include "connectors/ingest/ingest_engine.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>

#include "connectors/ingest/source_lock.h"
#include "connectors/share/share_source.h"
#include "tests/store/store_fixture.h"

using namespace synaps;
using connectors::Entry;
using synaps::testing::StoreFixture;
using synaps::testing::WriteFile;

namespace {

struct Ran {
  store::Result<connectors::IngestSummary> summary = store::Status::Internal("not run");
  std::vector<std::string> problems;
};

connectors::IngestOptions Options(const std::string& name = "partage") {
  connectors::IngestOptions options;
  options.source_name = name;
  options.service_code = "CAB";
  options.folder = {"Partage"};
  options.tags = {"nuit"};
  return options;
}

Ran RunSource(StoreFixture& f, connectors::Source& source,
              connectors::IngestOptions options = Options()) {
  connectors::IngestEngine engine(*f.store, f.actor, options,
                                  [](std::string_view, std::string_view) { return "text/plain"; });
  Ran ran;
  engine.set_problem_callback([&](const std::string& p) { ran.problems.push_back(p); });
  ran.summary = engine.Run(source);
  return ran;
}

Ran RunShare(StoreFixture& f, const std::filesystem::path& root,
             connectors::IngestOptions options = Options()) {
  connectors::SourceConfig config;
  config.name = options.source_name;
  config.type = "share";
  config.location = root.string();
  auto source = connectors::MakeShareSource(config);
  REQUIRE(source.ok());
  return RunSource(f, **source, options);
}

// A source held in memory: entries by key with their content; counts what is opened.
class MemorySource : public connectors::Source {
 public:
  std::map<std::string, std::pair<std::string, std::string>> items;  // key -> token, content
  std::map<std::string, std::string> failing;                        // key -> error on Open()
  std::vector<std::string> unreadable_prefixes;
  bool lists_everything = true;
  int opened = 0;
  std::vector<std::pair<std::string, int64_t>> stored;

  std::string Describe() const override { return "memory"; }
  bool ListsEverything() const override { return lists_everything; }
  store::Status List(connectors::ListingSink& sink) override {
    for (const std::string& prefix : unreadable_prefixes)
      sink.Skipped(prefix, "unreadable", prefix);
    for (const auto& [key, item] : items) {
      bool hidden = false;
      for (const auto& prefix : unreadable_prefixes) hidden = hidden || key.rfind(prefix, 0) == 0;
      if (hidden) continue;
      Entry entry;
      entry.key = key;
      entry.change_token = item.first;
      size_t slash = key.rfind('/');
      if (slash != std::string::npos) entry.folder = {key.substr(0, slash)};
      entry.name = key.substr(slash == std::string::npos ? 0 : slash + 1);
      entry.size = static_cast<int64_t>(item.second.size());
      sink.Add(entry);
    }
    return store::Status::Ok();
  }
  store::Result<std::unique_ptr<connectors::EntryReader>> Open(const Entry& entry) override {
    ++opened;
    if (failing.count(entry.key)) return store::Status::Io(failing[entry.key]);
    struct Reader : connectors::EntryReader {
      std::string content;
      size_t at = 0;
      store::Result<size_t> Read(char* buffer, size_t size) override {
        size_t n = std::min(size, content.size() - at);
        std::copy_n(content.data() + at, n, buffer);
        at += n;
        return n;
      }
    };
    auto reader = std::make_unique<Reader>();
    reader->content = items.at(entry.key).second;
    return std::unique_ptr<connectors::EntryReader>(std::move(reader));
  }
  store::Status Stored(const Entry& entry, int64_t document_id) override {
    stored.emplace_back(entry.key, document_id);
    return store::Status::Ok();
  }
};

}  // namespace

TEST_CASE("a share is ingested, then only what changed is read again", "[ingest]") {
  StoreFixture f;
  auto src = f.dir.path() / "partage";
  WriteFile(src / "arrêtés" / "2026-118.txt", "Arrêté n° 2026-118");
  WriteFile(src / "arrêtés" / "2026-119.txt", "Arrêté n° 2026-119");
  WriteFile(src / "notes" / "synthèse.md", "# Synthèse");
  auto first = RunShare(f, src);
  REQUIRE(first.summary.ok());
  CHECK(first.summary->created == 3);
  auto doc = f.store->FindDocument("/CAB/Partage/notes/synthèse.md");
  REQUIRE(doc.ok());
  CHECK(doc->tags == std::vector<std::string>{"nuit"});
  CHECK(f.store->ListSourceEntries("partage")->size() == 3);

  auto again = RunShare(f, src);
  REQUIRE(again.summary.ok());
  CHECK(again.summary->unchanged == 3);
  CHECK(again.summary->bytes == 0);  // nothing opened
  CHECK(again.summary->created + again.summary->changed == 0);

  WriteFile(src / "arrêtés" / "2026-119.txt", "Arrêté n° 2026-119 (modifié)");
  auto third = RunShare(f, src);
  REQUIRE(third.summary.ok());
  CHECK(third.summary->changed == 1);
  CHECK(third.summary->unchanged == 2);
  auto changed = f.store->FindDocument("/CAB/Partage/arrêtés/2026-119.txt");
  CHECK(changed->current_version == 2);

  auto runs = f.store->ListIngestRuns(10, "partage");
  REQUIRE(runs->size() == 3);
  CHECK(runs->front().status == "completed");
  CHECK(runs->front().counts.new_versions == 1);
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("a rename or move at the source moves the document, keeping id, history and tags",
          "[ingest]") {
  StoreFixture f;
  auto src = f.dir.path() / "partage";
  WriteFile(src / "a" / "note.txt", "première version");
  REQUIRE(RunShare(f, src).summary.ok());
  auto before = f.store->FindDocument("/CAB/Partage/a/note.txt");
  REQUIRE(before.ok());
  WriteFile(src / "a" / "note.txt", "seconde version");
  REQUIRE(RunShare(f, src).summary.ok());
  REQUIRE(f.store->AddTag(f.actor, before->id, "à-garder").ok());

  std::filesystem::create_directories(src / "b" / "c");
  std::filesystem::rename(src / "a" / "note.txt", src / "b" / "c" / "note-renommée.txt");
  auto moved = RunShare(f, src);
  REQUIRE(moved.summary.ok());
  CHECK(moved.summary->moved == 1);
  CHECK(moved.summary->created == 0);
  CHECK(moved.summary->deleted == 0);
  auto after = f.store->FindDocument("/CAB/Partage/b/c/note-renommée.txt");
  REQUIRE(after.ok());
  CHECK(after->id == before->id);
  CHECK(after->current_version == 2);
  CHECK(std::find(after->tags.begin(), after->tags.end(), "à-garder") != after->tags.end());
  CHECK(f.store->ListTrash()->empty());
  auto entries = f.store->ListSourceEntries("partage");
  REQUIRE(entries->size() == 1);
  CHECK(entries->front().key == "b/c/note-renommée.txt");
}

TEST_CASE("a file deleted at the source is trashed, or kept, per the policy", "[ingest]") {
  StoreFixture f;
  auto src = f.dir.path() / "partage";
  WriteFile(src / "garde.txt", "reste");
  WriteFile(src / "part.txt", "s'en va");
  REQUIRE(RunShare(f, src).summary.ok());
  auto gone = f.store->FindDocument("/CAB/Partage/part.txt");
  REQUIRE(gone.ok());
  std::filesystem::remove(src / "part.txt");

  SECTION("trash") {
    auto run = RunShare(f, src);
    REQUIRE(run.summary.ok());
    CHECK(run.summary->deleted == 1);
    CHECK(f.store->GetDocument(gone->id)->trashed_at.has_value());
    // It comes back as a new document if the file does.
    WriteFile(src / "part.txt", "s'en va");
    auto back = RunShare(f, src);
    REQUIRE(back.summary.ok());
    CHECK(back.summary->created == 1);
  }
  SECTION("keep") {
    auto options = Options();
    options.on_delete = connectors::DeletionPolicy::kKeep;
    auto run = RunShare(f, src, options);
    REQUIRE(run.summary.ok());
    CHECK(run.summary->deleted == 1);
    CHECK_FALSE(f.store->GetDocument(gone->id)->trashed_at.has_value());
    CHECK(f.store->ListSourceEntries("partage")->size() == 1);
  }
}

TEST_CASE("nothing is deleted under an unreadable folder, nor by a source listing only news",
          "[ingest]") {
  StoreFixture f;
  MemorySource source;
  source.items = {{"ddt/a.txt", {"1", "a"}}, {"ddt/b.txt", {"1", "b"}}, {"cab/c.txt", {"1", "c"}}};
  REQUIRE(RunSource(f, source).summary.ok());
  CHECK(f.store->Stats()->documents == 3);

  source.unreadable_prefixes = {"ddt/"};
  auto run = RunSource(f, source);
  REQUIRE(run.summary.ok());
  CHECK(run.summary->deleted == 0);
  CHECK(run.summary->skipped == 1);
  CHECK(f.store->ListTrash()->empty());

  source.unreadable_prefixes.clear();
  source.lists_everything = false;
  source.items.erase("cab/c.txt");
  run = RunSource(f, source);
  REQUIRE(run.summary.ok());
  CHECK(run.summary->deleted == 0);
  CHECK(f.store->ListTrash()->empty());
}

TEST_CASE("an entry that cannot be read fails alone, unchanged entries are never opened",
          "[ingest]") {
  StoreFixture f;
  MemorySource source;
  source.items = {{"a.txt", {"1", "a"}}, {"b.txt", {"1", "b"}}, {"c.txt", {"1", "c"}}};
  source.failing["b.txt"] = "cannot open b.txt: Permission denied";
  auto first = RunSource(f, source);
  REQUIRE(first.summary.ok());
  CHECK(first.summary->created == 2);
  CHECK(first.summary->failed == 1);
  REQUIRE(first.problems.size() == 1);
  CHECK(first.problems[0] == "b.txt: cannot open b.txt: Permission denied");
  CHECK(f.store->ListIngestRuns(1, "partage")->front().status == "completed_with_errors");
  CHECK(source.stored.size() == 2);

  source.failing.clear();
  source.opened = 0;
  auto second = RunSource(f, source);
  REQUIRE(second.summary.ok());
  CHECK(second.summary->created == 1);
  CHECK(second.summary->unchanged == 2);
  CHECK(source.opened == 1);  // only the one that failed before

  // A new token with the same content records the token and makes no version.
  source.items["a.txt"].first = "2";
  auto touched = RunSource(f, source);
  REQUIRE(touched.summary.ok());
  CHECK(touched.summary->unchanged == 3);
  CHECK(f.store->FindDocument("/CAB/Partage/a.txt")->current_version == 1);
  source.opened = 0;
  REQUIRE(RunSource(f, source).summary.ok());
  CHECK(source.opened == 0);
}

TEST_CASE("the same content from two sources is stored once and shows both origins", "[ingest]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "Territoires").ok());
  MemorySource drive, mailbox;
  drive.items = {{"note.txt", {"1", "la même note"}}};
  mailbox.items = {{"message-7.eml", {"7", "la même note"}}};
  auto options = Options("ddt");
  options.service_code = "DDT";
  REQUIRE(RunSource(f, drive, options).summary.ok());
  REQUIRE(RunSource(f, mailbox, Options("courrier")).summary.ok());
  auto stats = f.store->Stats();
  CHECK(stats->blobs == 1);
  auto document = f.store->FindDocument("/CAB/Partage/message-7.eml");
  REQUIRE(document.ok());
  auto origins = f.store->Origins(document->id);
  REQUIRE(origins->size() == 2);
  CHECK(origins->at(0).source == "courrier");
  CHECK(origins->at(0).document_id == document->id);
  CHECK(origins->at(1).source == "ddt");
  CHECK(origins->at(1).key == "note.txt");
}

TEST_CASE("a document trashed or purged here comes back from its source when it changes",
          "[ingest]") {
  StoreFixture f;
  MemorySource source;
  source.items = {{"a.txt", {"1", "a"}}};
  REQUIRE(RunSource(f, source).summary.ok());
  auto doc = f.store->FindDocument("/CAB/Partage/a.txt");
  REQUIRE(f.store->TrashDocument(f.actor, doc->id).ok());
  source.items["a.txt"] = {"2", "a, modifié"};
  auto run = RunSource(f, source);
  REQUIRE(run.summary.ok());
  CHECK(run.summary->created == 1);
  REQUIRE(f.store->PurgeTrash(f.actor, std::nullopt).ok());
  CHECK(f.store->ListSourceEntries("partage")->size() == 1);
  CHECK(f.store->Check()->healthy());
}

TEST_CASE("two runs of one source never overlap, a dry run changes nothing", "[ingest]") {
  StoreFixture f;
  MemorySource source;
  source.items = {{"a.txt", {"1", "a"}}};
  {
    auto held = connectors::SourceLock::Acquire(f.store->data_dir(), "partage");
    REQUIRE(held.ok());
    auto blocked = RunSource(f, source);
    CHECK(blocked.summary.status().code() == store::ErrorCode::kBusy);
    CHECK(f.store->Stats()->documents == 0);
  }
  auto options = Options();
  options.dry_run = true;
  auto dry = RunSource(f, source, options);
  REQUIRE(dry.summary.ok());
  CHECK(dry.summary->created == 1);
  CHECK(f.store->Stats()->documents == 0);
  CHECK(f.store->ListIngestRuns(10, "partage")->empty());
  CHECK(source.opened == 0);
}

TEST_CASE("a killed run is closed as interrupted by the next one", "[ingest]") {
  StoreFixture f;
  auto killed = f.store->BeginIngestRun(f.actor, "memory", "CAB", "partage");
  REQUIRE(killed.ok());
  MemorySource source;
  REQUIRE(RunSource(f, source).summary.ok());
  auto runs = f.store->ListIngestRuns(10, "partage");
  REQUIRE(runs->size() == 2);
  CHECK(runs->back().status == "failed");
  CHECK(runs->back().detail.find("interrupted") != std::string::npos);
}

TEST_CASE("a share reports links, loops and bad names, and fails when its location does",
          "[ingest][share]") {
  StoreFixture f;
  auto src = f.dir.path() / "partage";
  WriteFile(src / "bon.txt", "bon");
  WriteFile(src / "caf\xE9.txt", "nom latin-1");
  std::filesystem::create_symlink(src, src / "boucle");
  auto run = RunShare(f, src);
  REQUIRE(run.summary.ok());
  CHECK(run.summary->created == 1);
  CHECK(run.summary->skipped == 2);

  auto missing = RunShare(f, f.dir.path() / "absent");
  CHECK_FALSE(missing.summary.ok());
  // The run is recorded as failed and nothing was deleted.
  CHECK(f.store->ListIngestRuns(1, "partage")->front().status == "failed");
  CHECK(f.store->ListTrash()->empty());
}

TEST_CASE("include and exclude patterns choose the files, left-out ones are not deleted",
          "[ingest]") {
  StoreFixture f;
  auto src = f.dir.path() / "partage";
  WriteFile(src / "a.pdf", "pdf");
  WriteFile(src / "sub" / "b.pdf", "pdf b");
  WriteFile(src / "sub" / "~$b.pdf", "lock file");
  WriteFile(src / "c.odt", "odt");
  REQUIRE(RunShare(f, src).summary.ok());
  CHECK(f.store->Stats()->documents == 4);
  auto options = Options();
  options.include = {"*.pdf"};
  options.exclude = {"~$*"};
  auto run = RunShare(f, src, options);
  REQUIRE(run.summary.ok());
  CHECK(run.summary->deleted == 0);
  CHECK(run.summary->unchanged == 2);
}
