#include "indexer/extract/worker_protocol.h"

#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace synaps::indexer::worker_protocol {
namespace {

ExtractedDocument Sample() {
  ExtractedDocument doc;
  doc.mime_type = "application/zip";
  doc.status = ExtractionStatus::kPartial;
  doc.status_reason = "a.txt: text truncated";
  doc.text = "racine";
  doc.properties["members"] = "1";
  ExtractedChild child;
  child.name = "dir/a.txt";
  child.doc.mime_type = "text/plain";
  child.doc.text = std::string("é\0t", 4);
  doc.children.push_back(child);
  return doc;
}

TEST_CASE("Documents survive encoding", "[extract][protocol]") {
  ExtractedDocument decoded;
  REQUIRE(DecodeDocument(EncodeDocument(Sample()), &decoded));
  CHECK(decoded.mime_type == "application/zip");
  CHECK(decoded.status == ExtractionStatus::kPartial);
  CHECK(decoded.status_reason == "a.txt: text truncated");
  CHECK(decoded.properties.at("members") == "1");
  REQUIRE(decoded.children.size() == 1);
  CHECK(decoded.children[0].name == "dir/a.txt");
  CHECK(decoded.children[0].doc.text == "ét");  // The parent sanitizes what it receives.
}

TEST_CASE("Malformed payloads are refused, not trusted", "[extract][protocol]") {
  std::string good = EncodeDocument(Sample());
  ExtractedDocument doc;
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    ExtractedDocument partial;
    CHECK_FALSE(DecodeDocument(std::string_view(good).substr(0, cut), &partial));
  }
  CHECK_FALSE(DecodeDocument(good + "x", &doc));
  std::string bad_status = good;
  bad_status[0] = 9;
  CHECK_FALSE(DecodeDocument(bad_status, &doc));
  // A huge announced length or count is rejected without allocating it.
  std::string huge(8, '\0');
  huge += std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8);
  CHECK_FALSE(DecodeDocument(huge, &doc));
  std::string path, name;
  REQUIRE(DecodeRequest(EncodeRequest("/tmp/a b.pdf", "a b.pdf"), &path, &name));
  CHECK(path == "/tmp/a b.pdf");
  CHECK(name == "a b.pdf");
  CHECK_FALSE(DecodeRequest(EncodeRequest(std::string("/tmp/a\0b", 8), ""), &path, &name));
}

TEST_CASE("Frames over a socket, with size and time bounds", "[extract][protocol]") {
  int fds[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  REQUIRE(WriteFrame(fds[0], "bonjour"));
  std::string payload;
  auto soon = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  CHECK(ReadFrame(fds[1], 100, soon, &payload) == ReadResult::kOk);
  CHECK(payload == "bonjour");
  REQUIRE(WriteFrame(fds[0], std::string(200, 'x')));
  CHECK(ReadFrame(fds[1], 100, soon, &payload) == ReadResult::kTooLarge);
  int drain[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, drain) == 0);
  auto now = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
  CHECK(ReadFrame(drain[1], 100, now, &payload) == ReadResult::kTimeout);
  close(drain[0]);
  CHECK(ReadFrame(drain[1], 100, soon, &payload) == ReadResult::kEof);
  close(drain[1]);
  close(fds[0]);
  close(fds[1]);
}

TEST_CASE("Limits round-trip through the command line", "[extract][protocol]") {
  ExtractionLimits limits;
  limits.cpu_seconds = 7;
  limits.memory_bytes = 123456789;
  limits.max_depth = 3;
  limits.max_compression_ratio = 50;
  ExtractionLimits parsed;
  for (const std::string& arg : LimitsToArgs(limits)) REQUIRE(ParseLimitArg(arg, &parsed));
  CHECK(parsed.cpu_seconds == 7);
  CHECK(parsed.memory_bytes == 123456789);
  CHECK(parsed.max_depth == 3);
  CHECK(parsed.max_compression_ratio == 50.0);
  CHECK_FALSE(ParseLimitArg("--cpu-seconds=abc", &parsed));
  CHECK_FALSE(ParseLimitArg("--unknown=1", &parsed));
}

}  // namespace
}  // namespace synaps::indexer::worker_protocol
