// PutGroup: saves of several threads that arrive together share one transaction, and each still
// gets the decision and the result DocumentService::Put gives it alone.
#include "dms-server/documents/put_group.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "tests/documents/service_fixture.h"

namespace synaps::testing {
namespace {

using documents::Caller;
using documents::NewContent;
using documents::PutGroup;
using documents::PutPlace;
using store::ErrorCode;
using namespace std::chrono_literals;

struct Members : ServiceFixture {
  Members() {
    editor = AddUser("cab-editor", "CAB", store::Role::kEditor);
    reader = AddUser("cab-reader", "CAB", store::Role::kReader);
    note = Put("notes", "note.txt", "version 1")->document_id;
    notes = store->FindFolder("/CAB/notes")->id;
  }

  std::filesystem::path data() const { return dir.path() / "data"; }

  Caller editor = Caller::Administrator("unset");
  Caller reader = Caller::Administrator("unset");
  int64_t note = 0, notes = 0;
};

// Holds the first change it is asked about until `others` puts have started and a moment has
// passed, so that they queue behind the group being committed. A change of the document named
// `failing` fails as the store would on an I/O error.
struct HoldFirst : documents::WriteGate {
  store::Status MayChange(const Caller&, const store::Document& document) override {
    if (document.name == failing) return store::Status::Io("the disk went away");
    if (!held.exchange(true)) {
      const auto deadline = std::chrono::steady_clock::now() + 10s;
      while (started < others && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
      }
      std::this_thread::sleep_for(200ms);
    }
    return store::Status::Ok();
  }
  std::atomic<int> started{0};
  std::atomic<int> others{0};
  std::atomic<bool> held{false};
  std::string failing;
};

TEST_CASE("puts that arrive while a group commits share the next transaction, each decided alone",
          "[documents][put-group]") {
  Members m;
  HoldFirst gate;
  std::atomic<int> wakes{0};
  PutGroup group(
      m.data(), [&] { ++wakes; }, &gate);

  // The first put changes note.txt and is held in its transaction by the gate; meanwhile eight
  // editors' puts, one reader's and one with a bad name queue.
  NewContent second = m.Text("version 2");
  std::optional<store::Result<store::PutResult>> first;
  std::thread leader(
      [&] { first.emplace(group.Put(m.editor, PutPlace::InFolder(m.notes, "note.txt"), second)); });
  while (!gate.held) std::this_thread::sleep_for(1ms);

  struct Queued {
    Caller caller;
    std::string name;
    NewContent content;
    std::optional<store::Result<store::PutResult>> result;
  };
  std::vector<Queued> queued;
  for (int i = 0; i < 8; ++i) {
    queued.push_back(
        {m.editor, "f" + std::to_string(i) + ".txt", m.Text("file " + std::to_string(i)), {}});
  }
  queued.push_back({m.reader, "by-reader.txt", m.Text("not allowed"), {}});
  queued.push_back({m.editor, "bad/name.txt", m.Text("bad name"), {}});
  gate.others = static_cast<int>(queued.size());
  std::vector<std::thread> threads;
  for (Queued& q : queued) {
    threads.emplace_back([&] {
      ++gate.started;
      q.result.emplace(group.Put(q.caller, PutPlace::InFolder(m.notes, q.name), q.content));
    });
  }
  leader.join();
  for (auto& thread : threads) thread.join();

  REQUIRE(first->ok());
  CHECK((*first)->document_id == m.note);
  CHECK((*first)->version == 2);
  CHECK(m.Content(m.note, 2) == "version 2");
  std::set<int64_t> ids;
  for (int i = 0; i < 8; ++i) {
    INFO(queued[i].name);
    REQUIRE(queued[i].result->ok());
    ids.insert((*queued[i].result)->document_id);
    CHECK(m.Content((*queued[i].result)->document_id, 1) == "file " + std::to_string(i));
  }
  CHECK(ids.size() == 8);
  CHECK(queued[8].result->status().code() == ErrorCode::kPermissionDenied);
  CHECK(queued[9].result->status().code() == ErrorCode::kInvalidArgument);
  CHECK_FALSE(m.store->FindDocument("/CAB/notes/by-reader.txt").ok());

  // The held put alone, then the ten queued behind it together; the indexer woken after each.
  CHECK(group.puts() == 11);
  CHECK(group.transactions() == 2);
  CHECK(wakes == 2);
}

TEST_CASE(
    "a failure of the store stops its group: the puts after it are not tried, those before "
    "commit",
    "[documents][put-group]") {
  Members m;
  REQUIRE(m.Put("notes", "broken.txt", "version 1").ok());
  HoldFirst gate;
  gate.failing = "broken.txt";
  PutGroup group(m.data(), {}, &gate);
  NewContent second = m.Text("version 2");
  std::thread leader(
      [&] { (void)group.Put(m.editor, PutPlace::InFolder(m.notes, "note.txt"), second); });
  while (!gate.held) std::this_thread::sleep_for(1ms);

  // Queued in this order (a moment between each): before.txt, broken.txt, after.txt.
  const std::vector<std::string> names = {"before.txt", "broken.txt", "after.txt"};
  std::vector<NewContent> contents;
  for (const auto& name : names) contents.push_back(m.Text("new " + name));
  std::vector<std::optional<store::Result<store::PutResult>>> results(names.size());
  gate.others = static_cast<int>(names.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < names.size(); ++i) {
    threads.emplace_back([&, i] {
      ++gate.started;
      results[i].emplace(group.Put(m.editor, PutPlace::InFolder(m.notes, names[i]), contents[i]));
    });
    std::this_thread::sleep_for(30ms);
  }
  leader.join();
  for (auto& thread : threads) thread.join();

  REQUIRE(results[0]->ok());
  CHECK(m.Content((*results[0])->document_id, 1) == "new before.txt");
  CHECK(results[1]->status().code() == ErrorCode::kIoError);
  CHECK(results[2]->status().code() == ErrorCode::kIoError);
  CHECK(results[2]->status().message() == results[1]->status().message());
  CHECK_FALSE(m.store->FindDocument("/CAB/notes/after.txt").ok());
  CHECK(m.store->GetDocument(m.store->FindDocument("/CAB/notes/broken.txt")->id)->current_version ==
        1);
}

TEST_CASE("many threads saving at once: every save stored once, in its own document",
          "[documents][put-group]") {
  Members m;
  PutGroup group(m.data(), {}, nullptr);
  constexpr int kThreads = 6, kEach = 20;
  auto name_of = [](int t, int i) {
    return "t" + std::to_string(t) + "-" + std::to_string(i) + ".txt";
  };
  std::vector<std::vector<NewContent>> contents(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) contents[t].push_back(m.Text(name_of(t, i)));
  }
  std::vector<std::vector<int64_t>> ids(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto put = group.Put(m.editor, PutPlace::InFolder(m.notes, name_of(t, i)), contents[t][i]);
        if (!put.ok()) {
          ++failures;
          continue;
        }
        ids[t].push_back(put->document_id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(failures == 0);
  std::set<int64_t> all;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) {
      const std::string name = name_of(t, i);
      auto found = m.store->FindDocument("/CAB/notes/" + name);
      REQUIRE(found.ok());
      CHECK(found->id == ids[t][i]);
      CHECK(m.Content(found->id, 1) == name);
      all.insert(found->id);
    }
  }
  CHECK(all.size() == kThreads * kEach);
  CHECK(group.puts() == kThreads * kEach);
  CHECK(group.transactions() <= group.puts());
}

TEST_CASE("a group whose store cannot be opened fails its puts with the reason, and stores nothing",
          "[documents][put-group]") {
  Members m;
  PutGroup group(m.dir.path() / "no-such-data", {}, nullptr);
  auto put = group.Put(m.editor, PutPlace::InFolder(m.notes, "lost.txt"), m.Text("lost"));
  CHECK(put.status().code() == ErrorCode::kNotFound);
  CHECK_FALSE(m.store->FindDocument("/CAB/notes/lost.txt").ok());
  // The next put tries again, and fails the same way rather than hanging.
  CHECK(group.Put(m.editor, PutPlace::InFolder(m.notes, "lost.txt"), m.Text("lost"))
            .status()
            .code() == ErrorCode::kNotFound);
}

TEST_CASE("a leader waits for the puts on their way and commits them with its own",
          "[documents][put-group]") {
  Members m;
  PutGroup group(m.data(), nullptr, nullptr, std::chrono::seconds(20));
  using Result = std::optional<store::Result<store::PutResult>>;
  auto put_in_thread = [&](const std::string& name, PutGroup::Expected* expected, Result& result) {
    return std::thread([&, name, expected] {
      result.emplace(
          group.Put(m.editor, PutPlace::InFolder(m.notes, name), m.Text(name), expected));
    });
  };

  // Two requests say their puts are coming; a third put, not expected, leads and waits for them.
  std::optional<PutGroup::Expected> second = group.Expect();
  std::optional<PutGroup::Expected> third = group.Expect();
  Result first_result, second_result, third_result;
  std::thread first = put_in_thread("first.txt", nullptr, first_result);
  std::this_thread::sleep_for(100ms);
  std::thread second_put = put_in_thread("second.txt", &*second, second_result);
  std::thread third_put = put_in_thread("third.txt", &*third, third_result);
  first.join();
  second_put.join();
  third_put.join();
  REQUIRE(first_result->ok());
  REQUIRE(second_result->ok());
  REQUIRE(third_result->ok());
  CHECK(group.transactions() == 1);
  CHECK(group.puts() == 3);

  // One that gives up (its request failed) lets the leader go at once.
  std::optional<PutGroup::Expected> given_up = group.Expect();
  Result alone_result;
  const auto start = std::chrono::steady_clock::now();
  std::thread alone = put_in_thread("alone.txt", nullptr, alone_result);
  std::this_thread::sleep_for(50ms);
  given_up.reset();
  alone.join();
  REQUIRE(alone_result->ok());
  CHECK(std::chrono::steady_clock::now() - start < 10s);
  CHECK(group.transactions() == 2);
}

TEST_CASE("a leader waits for an expected put no longer than its gathering time",
          "[documents][put-group]") {
  Members m;
  PutGroup group(m.data(), nullptr, nullptr, std::chrono::milliseconds(100));
  PutGroup::Expected never_comes = group.Expect();
  const auto start = std::chrono::steady_clock::now();
  auto result = group.Put(m.editor, PutPlace::InFolder(m.notes, "late.txt"), m.Text("late"));
  const auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE(result.ok());
  CHECK(waited >= 100ms);
  CHECK(waited < 10s);
  CHECK(group.transactions() == 1);
}

}  // namespace
}  // namespace synaps::testing
