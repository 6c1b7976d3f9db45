// Uploads under stress: bodies that stop half-way, concurrent uploads of one document, and the
// server killed (SIGKILL) in the middle of uploads. The store must stay consistent throughout.
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <thread>

#include "dms-server/store/sqlite.h"
#include "tests/server/organize_client.h"

using namespace synaps;
using namespace synaps::testing;

namespace {

int64_t MakeFolder(ServerProcess& server, const std::vector<std::string>& names) {
  auto folder = server.OpenStore()->CreateFolder(store::Actor{"tester"}, "CAB", names);
  REQUIRE(folder.ok());
  return folder->id;
}

// Files under blobs/ (temporary ones included), for "nothing was left behind".
size_t BlobFiles(const ServerProcess& server) {
  size_t count = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(server.data_dir() / "blobs")) {
    if (entry.is_regular_file() && entry.path().filename() != ".lock") ++count;
  }
  return count;
}

ProcessResult SynapsCheck(const ServerProcess& server) {
  return Run({BinPath("synaps"), "--data", server.data_dir().string(), "--json", "check"});
}

std::string Request(const std::string& method, const std::string& uri, const std::string& type,
                    size_t content_length) {
  return method + " " + uri + " HTTP/1.1\r\nHost: x\r\n" + BasicAuthorization(kCabEditor) +
         "\r\nContent-Type: " + type + "\r\nContent-Length: " + std::to_string(content_length) +
         "\r\n\r\n";
}

// Rows of the blob journal: small saves whose blob may not be on disk yet.
int64_t JournaledBlobs(const ServerProcess& server) {
  auto db = store::sql::Database::Open(server.data_dir() / "synaps.db", false);
  REQUIRE(db.ok());
  auto count = (*db)->Prepare("SELECT COUNT(*) FROM blob_journal");
  REQUIRE(count.ok());
  REQUIRE(count->Step().ok());
  return count->Int(0);
}

}  // namespace

TEST_CASE("a multipart body that stops half-way stores nothing and leaves no blob",
          "[server][upload]") {
  ServerProcess server;
  int64_t folder = MakeFolder(server, {"inbox"});
  std::string uri = "/api/v1/folders/" + Id(folder) + "/documents";
  size_t blobs_before = BlobFiles(server);
  std::string body = MultipartBody(
      {{"file", "first.txt", std::string(200000, 'a')}, {"file", "second.txt", "second file"}});

  // Cut in the second file, in the closing boundary, and just before it.
  for (size_t keep : {body.size() / 2, body.size() - 8, body.size() - kBoundary.size() - 8}) {
    std::string answer = RawExchange(
        server, Request("POST", uri, MultipartType(), body.size()) + body.substr(0, keep));
    INFO(keep << ": " << answer);
    CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);
    CHECK(answer.find("incomplete_body") != std::string::npos);
  }
  // A body that claims its full length but has no closing boundary.
  std::string unclosed =
      MultipartBody({{"file", "first.txt", "complete content"}}, /*close=*/false);
  std::string answer =
      RawExchange(server, Request("POST", uri, MultipartType(), unclosed.size()) + unclosed);
  CHECK(answer.rfind("HTTP/1.1 400", 0) == 0);

  auto store = server.OpenStore();
  CHECK(store->Stats()->documents == 0);
  CHECK(BlobFiles(server) == blobs_before);
  auto check = SynapsCheck(server);
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("\"notes\":[]") != std::string::npos);

  // The same body, whole, is fine.
  std::string whole =
      RawExchange(server, Request("POST", uri, MultipartType(), body.size()) + body);
  CHECK(whole.rfind("HTTP/1.1 201", 0) == 0);
  CHECK(store->Stats()->documents == 2);
}

TEST_CASE("multipart uploads respect max_upload_bytes", "[server][upload]") {
  ServerProcess server;  // 1 MiB in the test configuration
  int64_t folder = MakeFolder(server, {"inbox"});
  Reply exact =
      UploadFiles(server, &kCabEditor, folder, {{"f", "exact.bin", std::string(1 << 20, 'x')}});
  CHECK(exact.status == 201);
  Reply over = UploadFiles(server, &kCabEditor, folder,
                           {{"f", "over.bin", std::string((1 << 20) + 1, 'y')}});
  CHECK(over.status == 413);
  Reply together = UploadFiles(
      server, &kCabEditor, folder,
      {{"f", "a.bin", std::string(600000, 'a')}, {"f", "b.bin", std::string(600000, 'b')}});
  CHECK(together.status == 413);
  std::string refused = RawExchange(
      server,
      Request("POST", "/api/v1/folders/" + Id(folder) + "/documents", MultipartType(), (3u << 20)));
  CHECK(refused.rfind("HTTP/1.1 413", 0) == 0);
  CHECK(server.OpenStore()->Stats()->documents == 1);
  auto check = SynapsCheck(server);
  CHECK(check.exit_code == 0);
}

TEST_CASE("concurrent uploads of one document each make a version: nothing is lost",
          "[server][upload]") {
  ServerProcess server;
  int64_t folder = MakeFolder(server, {"inbox"});
  constexpr int kUploads = 6;
  std::vector<std::string> contents;
  for (int i = 0; i < kUploads; ++i) {
    contents.push_back("version " + std::to_string(i) + " " + std::string(300000 + i * 1000, 'v'));
  }
  std::vector<int> statuses(kUploads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kUploads; ++i) {
    threads.emplace_back([&, i] {
      // Half through multipart, half through the raw PUT: both write blobs the same way.
      Reply reply = i % 2 == 0
                        ? UploadFiles(server, &kCabEditor, folder, {{"f", "same.txt", contents[i]}})
                        : server.Call("PUT", "/api/v1/documents/content?path=/CAB/inbox/same.txt",
                                      &kCabEditor, contents[i]);
      statuses[i] = reply.status;
    });
  }
  for (auto& thread : threads) thread.join();
  int created = 0;
  for (int status : statuses) {
    CHECK((status == 200 || status == 201));
    created += status == 201 ? 1 : 0;
  }
  CHECK(created == 1);
  auto store = server.OpenStore();
  auto document = store->FindDocument("/CAB/inbox/same.txt");
  REQUIRE(document.ok());
  auto versions = store->ListVersions(document->id);
  REQUIRE(versions.ok());
  REQUIRE(versions->size() == static_cast<size_t>(kUploads));
  std::set<int64_t> sizes;
  for (const auto& version : *versions) sizes.insert(version.size);
  for (const auto& content : contents)
    CHECK(sizes.count(static_cast<int64_t>(content.size())) == 1);
  CHECK(SynapsCheck(server).exit_code == 0);
}

TEST_CASE("a server killed during uploads restarts on a consistent store", "[server][upload]") {
  ServerProcess server;
  int64_t folder = MakeFolder(server, {"inbox"});
  std::string uri = "/api/v1/folders/" + Id(folder) + "/documents";

  // Uploads in flight: each has sent part of its body and waits.
  std::vector<std::unique_ptr<Poco::Net::StreamSocket>> in_flight;
  for (int i = 0; i < 4; ++i) {
    std::string body = MultipartBody({{"f", "pending" + std::to_string(i) + ".bin",
                                       std::string(800000, static_cast<char>('a' + i))}});
    std::string head =
        i % 2 == 0
            ? Request("POST", uri, MultipartType(), body.size())
            : Request("PUT",
                      "/api/v1/documents/content?path=/CAB/inbox/raw" + std::to_string(i) + ".bin",
                      "application/octet-stream", 800000);
    std::string sent = head + (i % 2 == 0 ? body.substr(0, 500000) : std::string(500000, 'r'));
    auto socket = std::make_unique<Poco::Net::StreamSocket>(
        Poco::Net::SocketAddress("127.0.0.1", server.port()));
    socket->sendBytes(sent.data(), static_cast<int>(sent.size()));
    in_flight.push_back(std::move(socket));
  }
  // And complete uploads running while the server dies.
  std::atomic<bool> stop{false};
  std::atomic<int> completed{0};
  std::thread uploader([&] {
    for (int i = 0; !stop; ++i) {
      try {
        Reply reply = UploadFiles(server, &kCabEditor, folder,
                                  {{"f", "done" + std::to_string(i) + ".txt",
                                    "complete " + std::to_string(i) + std::string(50000, 'c')}});
        if (reply.status == 201) ++completed;
      } catch (const Poco::Exception&) {
        // the server died under this request
      }
    }
  });
  // Kill once some uploads went through, while others are surely under way.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (completed < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server.Kill();
  stop = true;
  uploader.join();
  in_flight.clear();

  auto check = SynapsCheck(server);
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("\"healthy\":true") != std::string::npos);
  {
    // What was stored is whole; what was in flight is not there.
    auto store = server.OpenStore();
    CHECK(store->FindDocument("/CAB/inbox/pending0.bin").status().code() ==
          store::ErrorCode::kNotFound);
    CHECK(store->FindDocument("/CAB/inbox/raw1.bin").status().code() ==
          store::ErrorCode::kNotFound);
    CHECK(completed >= 3);
    CHECK(store->Stats()->documents >= completed.load());
  }

  server.Restart();
  Reply after = UploadFiles(server, &kCabEditor, folder, {{"f", "after.txt", "after restart"}});
  CHECK(after.status == 201);
  REQUIRE(Run({BinPath("synaps"), "--data", server.data_dir().string(), "gc"}).exit_code == 0);
  auto clean = SynapsCheck(server);
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("\"notes\":[]") != std::string::npos);
}

TEST_CASE("a small save's blob waits in the journal for an instant, and none after a stop",
          "[server][upload]") {
  ServerProcess server;
  std::string text = "Ordre du jour de la réunion de lundi";
  Reply put =
      server.Call("PUT", "/api/v1/documents/content?path=/CAB/inbox/odj.txt", &kCabEditor, text);
  REQUIRE(put.status == 201);
  // Flushed and forgotten by the server within a moment (every 200 ms).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (JournaledBlobs(server) > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(JournaledBlobs(server) == 0);

  for (int i = 0; i < 20; ++i) {
    Reply again = server.Call(
        "PUT", "/api/v1/documents/content?path=/CAB/inbox/note" + std::to_string(i) + ".txt",
        &kCabEditor, text + " " + std::to_string(i));
    REQUIRE(again.status == 201);
  }
  CHECK(server.Terminate() == 0);
  CHECK(JournaledBlobs(server) == 0);
  auto check = SynapsCheck(server);
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}
