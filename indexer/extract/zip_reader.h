// Internal: reads chosen members of a zip (or any libarchive format) held in memory, within
// the extraction budgets (uncompressed bytes, compression ratio, member size).
#ifndef SYNAPS_INDEXER_EXTRACT_ZIP_READER_H_
#define SYNAPS_INDEXER_EXTRACT_ZIP_READER_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "indexer/extract/context.h"

namespace synaps::indexer::extract_internal {

// Reads into `members` (name -> content) every regular member of `bytes` whose name satisfies
// `wanted`. Returns true if the container was read to its end; false with `*error` set (one
// line: "ZIP archive truncated: central directory missing", "compression ratio above 200 (zip
// bomb?)", "total uncompressed size limit (...) reached", see archive_diagnosis.h) otherwise,
// keeping the members read before the problem.
bool ReadZipMembers(ExtractionContext& context, std::string_view bytes,
                    const std::function<bool(std::string_view)>& wanted,
                    std::map<std::string, std::string>* members, std::string* error);

}  // namespace synaps::indexer::extract_internal

#endif  // SYNAPS_INDEXER_EXTRACT_ZIP_READER_H_
