// Throughput of extraction in-process versus through the isolated worker, over the fixtures.
//   extract_bench [ROUNDS]   (run from the build tree: the worker is looked up next to it)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "indexer/extract/extract.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 20;
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(SYNAPS_FIXTURES_DIR) + "/extract")) {
    std::string name = entry.path().filename().string();
    if (name != "make-fixtures.sh" && name != "zip-bomb.zip") files.push_back(entry.path());
  }
  synaps::indexer::ExtractionLimits limits;
  auto start = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& file : files) synaps::indexer::ExtractFile(file, "", limits);
  }
  double in_process = Seconds(Clock::now() - start);
  synaps::indexer::ExtractionWorker worker;
  start = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& file : files) worker.Extract(file, "");
  }
  double isolated = Seconds(Clock::now() - start);
  double documents = static_cast<double>(rounds) * static_cast<double>(files.size());
  std::printf("%zu fixtures x %d rounds\n", files.size(), rounds);
  std::printf("in-process: %8.1f docs/s\n", documents / in_process);
  std::printf("worker:     %8.1f docs/s (%.2f ms overhead per document)\n", documents / isolated,
              1000.0 * (isolated - in_process) / documents);
  return 0;
}
