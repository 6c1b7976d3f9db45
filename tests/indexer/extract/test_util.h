// Helpers shared by the extraction tests.
#ifndef SYNAPS_TESTS_INDEXER_EXTRACT_TEST_UTIL_H_
#define SYNAPS_TESTS_INDEXER_EXTRACT_TEST_UTIL_H_

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "indexer/extract/extract.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

namespace synaps::indexer::test {

inline std::filesystem::path Fixture(const std::string& name) {
  return std::filesystem::path(SYNAPS_FIXTURES_DIR) / "extract" / name;
}

inline std::string ReadFixture(const std::string& name) {
  return synaps::testing::ReadFile(Fixture(name));
}

inline std::filesystem::path WorkerProgram() {
  return std::filesystem::path(SYNAPS_BIN_DIR) / "synaps-extract-worker";
}

inline ExtractedDocument ExtractFixture(const std::string& name,
                                        const ExtractionLimits& limits = {}) {
  return ExtractFile(Fixture(name), name, limits);
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Phrasings that say something failed without saying what was wrong: no failure reason may
// contain one.
inline constexpr const char* kVagueReasonPhrases[] = {
    "unknown error",       "open failed",    "unreadable archive", "not a readable",
    "bad header",          "invalid reply",  "read error",         "too many members",
    "no document content", "worker stopped", "memory limit\"",     "unreadable\"",
};

// "" if `reason` says what was wrong, else why it does not: a vague phrase, or fewer than four
// words after "extraction failed: " ("extraction failed: corrupt").
inline std::string VagueReasonProblem(const std::string& reason) {
  std::string quoted = reason + "\"";
  for (const char* phrase : kVagueReasonPhrases) {
    if (quoted.find(phrase) != std::string::npos) return std::string("says \"") + phrase + "\"";
  }
  std::string rest = reason.substr(reason.rfind("extraction failed: ", 0) == 0 ? 19 : 0);
  int words = 0;
  bool in_word = false;
  for (char c : rest) {
    bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words < 4 ? "too short to say what was wrong" : "";
}

// A private temporary directory removed at the end of the test.
using synaps::testing::TempDir;

// True when built with AddressSanitizer (RLIMIT_AS cannot be used then).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAsan = true;
#else
inline constexpr bool kAsan = false;
#endif

}  // namespace synaps::indexer::test

#endif  // SYNAPS_TESTS_INDEXER_EXTRACT_TEST_UTIL_H_
