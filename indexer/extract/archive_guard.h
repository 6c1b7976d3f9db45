// Internal: the bounded reading of one libarchive member shared by archives and zip-based
// office documents (size, total uncompressed budget, compression ratio).
#ifndef SYNAPS_INDEXER_EXTRACT_ARCHIVE_GUARD_H_
#define SYNAPS_INDEXER_EXTRACT_ARCHIVE_GUARD_H_

#include <archive.h>
#include <locale.h>

#include <string>
#include <string_view>

#include "indexer/extract/context.h"

namespace synaps::indexer::extract_internal {

// Tracks the uncompressed bytes read out of one container of `compressed_size` bytes.
class ArchiveGuard {
 public:
  ArchiveGuard(ExtractionContext& context, std::uint64_t compressed_size)
      : context_(context), compressed_size_(compressed_size) {}

  // Reads the current member's data of `a` into `*data`. Returns true on success; false with
  // `*error` set if a limit is hit or the data is corrupt (then the container should not be
  // read further, except for corrupt data, see `*fatal`).
  bool ReadMember(struct archive* a, std::string* data, std::string* error, bool* fatal);

 private:
  ExtractionContext& context_;
  std::uint64_t compressed_size_;
  std::uint64_t total_ = 0;
};

// While alive, the calling thread uses the C.UTF-8 character type, so that libarchive hands
// out member names as UTF-8 whatever the process locale (often "C" in services and tests).
class Utf8LocaleScope {
 public:
  Utf8LocaleScope();
  ~Utf8LocaleScope();
  Utf8LocaleScope(const Utf8LocaleScope&) = delete;
  Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

 private:
  locale_t utf8_;
  locale_t previous_;
};

}  // namespace synaps::indexer::extract_internal

#endif  // SYNAPS_INDEXER_EXTRACT_ARCHIVE_GUARD_H_
