// The isolation: the real worker, and fake workers that crash, hang or lie.
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "indexer/extract/extract.h"
#include "tests/indexer/extract/test_util.h"

namespace synaps::indexer {
namespace {

using test::Contains;
using test::Fixture;

ExtractionWorker::Options RealWorker() {
  ExtractionWorker::Options options;
  options.program = test::WorkerProgram();
  return options;
}

// A shell script standing in for the worker program.
std::filesystem::path FakeWorker(const test::TempDir& dir, const std::string& body) {
  std::filesystem::path script = dir / "fake-worker.sh";
  synaps::testing::WriteFile(script, "#!/bin/sh\n" + body + "\n");
  ::chmod(script.c_str(), 0755);
  return script;
}

TEST_CASE("The worker extracts many files in one process", "[extract][worker]") {
  ExtractionWorker worker(RealWorker());
  ExtractedDocument pdf = worker.Extract(Fixture("sample.pdf"), "arrete.pdf");
  INFO(DescribeForDebug(pdf));
  CHECK(pdf.status == ExtractionStatus::kOk);
  CHECK(Contains(pdf.text, "Le préfet de l'Eure arrête"));
  CHECK(pdf.properties["title"] == "Arrêté préfectoral");
  pid_t pid = worker.worker_pid();
  CHECK(pid > 0);
  ExtractedDocument mail = worker.Extract(Fixture("reunion.eml"), "");
  CHECK(mail.properties["subject"] == "Réunion de préfecture – été");
  REQUIRE(mail.children.size() == 3);
  CHECK(mail.children[0].doc.children.size() == 2);
  CHECK(worker.worker_pid() == pid);  // Persistent: no new process per file.
  ExtractedDocument bomb = worker.Extract(Fixture("zip-bomb.zip"), "bomb.zip");
  CHECK(bomb.status == ExtractionStatus::kPartial);
  ExtractedDocument missing = worker.Extract("/nonexistent.pdf", "");
  CHECK(missing.status == ExtractionStatus::kFailed);
  CHECK(worker.worker_pid() == pid);
}

// The soft limit of `name` ("Max cpu time", ...) in /proc/PID/limits, as written there.
std::string ProcLimit(pid_t pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name, 0) != 0) continue;
    std::istringstream fields(line.substr(26));  // The name column is 26 characters wide.
    std::string soft;
    fields >> soft;
    return soft;
  }
  return {};
}

TEST_CASE("The real worker runs under its CPU, memory and core limits", "[extract][worker]") {
  ExtractionWorker::Options options = RealWorker();
  options.limits.cpu_seconds = 7;
  options.limits.memory_bytes = 900ull << 20;
  ExtractionWorker worker(options);
  REQUIRE(worker.Extract(Fixture("sample.pdf"), "").status == ExtractionStatus::kOk);
  pid_t pid = worker.worker_pid();
  REQUIRE(pid > 0);
  // Re-armed per document as "CPU used so far (rounded up) + 7 s".
  std::string cpu = ProcLimit(pid, "Max cpu time");
  CHECK(std::atoi(cpu.c_str()) >= 7);
  CHECK(std::atoi(cpu.c_str()) <= 9);
  CHECK(ProcLimit(pid, "Max core file size") == "0");
  if (!test::kAsan) CHECK(ProcLimit(pid, "Max address space") == std::to_string(900ull << 20));
}

TEST_CASE("The real worker runs ten steps of priority below its parent", "[extract][worker]") {
  ExtractionWorker worker(RealWorker());
  REQUIRE(worker.Extract(Fixture("sample.pdf"), "").status == ExtractionStatus::kOk);
  const pid_t pid = worker.worker_pid();
  REQUIRE(pid > 0);
  errno = 0;
  const int parent_nice = getpriority(PRIO_PROCESS, 0);
  REQUIRE(errno == 0);
  const int worker_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(pid));
  REQUIRE(errno == 0);
  CHECK(worker_nice == std::min(parent_nice + 10, 19));
}

TEST_CASE("One worker serves several threads", "[extract][worker]") {
  ExtractionWorker worker(RealWorker());
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i) {
        ExtractedDocument doc = worker.Extract(Fixture("note.docx"), "");
        if (Contains(doc.text, "fermeture")) {
          ++ok;
        } else {
          std::fprintf(stderr, "%s\n", DescribeForDebug(doc).c_str());
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(ok == 9);
}

TEST_CASE("Hostile fixtures through the worker", "[extract][worker]") {
  ExtractionWorker worker(RealWorker());
  for (const char* name :
       {"truncated.pdf", "corrupted.pdf", "reference-loop.pdf", "encrypted.pdf", "nested-20.zip",
        "broken-boundary.eml", "invalid-utf8.txt", "nul-bytes.txt"}) {
    ExtractedDocument doc = worker.Extract(Fixture(name), name);
    INFO(name << "\n" << DescribeForDebug(doc));
    CHECK_FALSE(doc.mime_type.empty());
    CHECK(Contains(doc.status_reason, "worker") == false);
  }
  CHECK(worker.Extract(Fixture("encrypted.pdf"), "").status == ExtractionStatus::kEncrypted);
}

TEST_CASE("A hanging worker is killed at the wall-time limit", "[extract][worker]") {
  test::TempDir dir;
  ExtractionWorker::Options options;
  options.program = FakeWorker(dir, "exec sleep 30");
  options.limits.wall_seconds = 1;
  ExtractionWorker worker(options);
  auto start = std::chrono::steady_clock::now();
  ExtractedDocument doc = worker.Extract(Fixture("sample.pdf"), "lent.pdf");
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(doc.status == ExtractionStatus::kFailed);
  CHECK(doc.status_reason == "extraction failed: timed out after 1 s");
  CHECK(doc.mime_type == "application/pdf");  // From the name, since the worker said nothing.
  CHECK(elapsed < std::chrono::seconds(5));
  CHECK(worker.worker_pid() == -1);
}

TEST_CASE("A crashing worker gives a reason and is replaced", "[extract][worker]") {
  test::TempDir dir;
  std::filesystem::path marker = dir.path() / "crashed-once";
  // First start: crash with SIGSEGV. Later starts: the real worker.
  ExtractionWorker::Options options;
  options.program = FakeWorker(dir, "if [ -e '" + marker.string() + "' ]; then exec '" +
                                        test::WorkerProgram().string() + "' \"$@\"; fi\n" +
                                        "touch '" + marker.string() + "'; kill -SEGV $$");
  ExtractionWorker worker(options);
  ExtractedDocument crashed = worker.Extract(Fixture("sample.pdf"), "");
  CHECK(crashed.status == ExtractionStatus::kFailed);
  CHECK(crashed.status_reason ==
        "extraction failed: worker crashed (SIGSEGV) while reading application/pdf: the file is "
        "malformed in a way its reader does not survive");
  ExtractedDocument next = worker.Extract(Fixture("sample.pdf"), "");
  CHECK(next.status == ExtractionStatus::kOk);
  CHECK(Contains(next.text, "Le préfet"));
}

TEST_CASE("CPU limit, memory exit and garbage replies are reported", "[extract][worker]") {
  test::TempDir dir;
  ExtractionWorker::Options options;
  options.program = FakeWorker(dir, "kill -XCPU $$");
  CHECK(ExtractionWorker(options).Extract(Fixture("sample.pdf"), "").status_reason ==
        "extraction failed: CPU time limit of 30 s exceeded");
  options.program = FakeWorker(dir, "exit 3");
  CHECK(ExtractionWorker(options).Extract(Fixture("sample.pdf"), "").status_reason ==
        "extraction failed: memory limit of 1024 MiB exceeded");
  // Announces a 2^62-byte frame: refused without reading or allocating it.
  options.program = FakeWorker(dir, "printf '\\000\\000\\000\\000\\000\\000\\000\\100'; sleep 5");
  CHECK(ExtractionWorker(options).Extract(Fixture("sample.pdf"), "").status_reason ==
        "extraction failed: the worker's reply exceeds 80 MiB (the text limit plus 64 MiB of "
        "metadata)");
  options.program =
      FakeWorker(dir, "printf '\\003\\000\\000\\000\\000\\000\\000\\000Dxx'; sleep 5");
  CHECK(ExtractionWorker(options).Extract(Fixture("sample.pdf"), "").status_reason ==
        "extraction failed: malformed reply from the worker: is synaps-extract-worker from the "
        "same build as this program?");
  options.program = dir.path() / "no-such-program";
  ExtractedDocument missing = ExtractionWorker(options).Extract(Fixture("sample.pdf"), "");
  CHECK(missing.status == ExtractionStatus::kFailed);
  CHECK(Contains(missing.status_reason, "cannot start"));
}

TEST_CASE("The real worker's memory limit is enforced", "[extract][worker]") {
  if (test::kAsan) {
    WARN("skipped under AddressSanitizer: RLIMIT_AS is not usable with it");
    return;
  }
  test::TempDir dir;
  std::filesystem::path big = dir.path() / "gros.txt";
  {
    std::ofstream out(big, std::ios::binary);
    // Latin-1 French text: it grows by a sixth when converted to UTF-8.
    std::string chunk;
    while (chunk.size() < (1 << 20))
      chunk +=
          "caf\xe9 cr\xe8me br\xfbl\xe9"
          "e ";
    for (int i = 0; i < 300; ++i)
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  }
  ExtractionWorker::Options options = RealWorker();
  options.limits.memory_bytes = 400ull << 20;
  options.limits.max_text_bytes = 1ull << 30;
  options.limits.max_input_bytes = 1ull << 30;
  ExtractionWorker worker(options);
  ExtractedDocument doc = worker.Extract(big, "gros.txt");
  CHECK(doc.status == ExtractionStatus::kFailed);
  CHECK((doc.status_reason == "extraction failed: memory limit of 400 MiB exceeded" ||
         Contains(doc.status_reason, "worker crashed (SIGABRT)")));
  CHECK(doc.mime_type == "text/plain");
  CHECK(worker.Extract(Fixture("sample.pdf"), "").status == ExtractionStatus::kOk);
}

}  // namespace
}  // namespace synaps::indexer
