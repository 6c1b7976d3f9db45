// Internal: runs an external converter (antiword, catdoc, unrtf...) and captures its output,
// bounded in time and size. Used inside the worker process.
#ifndef SYNAPS_INDEXER_EXTRACT_SUBPROCESS_H_
#define SYNAPS_INDEXER_EXTRACT_SUBPROCESS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace synaps::indexer::extract_internal {

struct SubprocessResult {
  bool started = false;    // False if the program could not be run (not installed...).
  bool timed_out = false;  // Killed after the time limit.
  bool truncated = false;  // Output cut at max_output_bytes (the program was then killed).
  int exit_code = -1;      // Exit status, or -1 if killed by a signal.
  int signal = 0;          // Terminating signal, or 0.
  std::string output;      // Its standard output.
  // The first kMaxErrorBytes of its standard error (the rest is read and dropped): converters
  // say there why they refuse a file ("is not a Word Document.").
  std::string error_output;
  static constexpr std::size_t kMaxErrorBytes = 1024;
};

// Runs argv[0] (searched on PATH) with `argv`, stdin from /dev/null, for at most
// `wall_seconds`, keeping at most `max_output_bytes` of its stdout. Never throws for a failing
// program; the result says what happened. Thread-compatible (no shared state).
SubprocessResult RunFilter(const std::vector<std::string>& argv, int wall_seconds,
                           std::uint64_t max_output_bytes);

}  // namespace synaps::indexer::extract_internal

#endif  // SYNAPS_INDEXER_EXTRACT_SUBPROCESS_H_
