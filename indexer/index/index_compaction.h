// Compaction of a Synaps index directory: the same content in full B-tree blocks.
//
// Xapian fills its B-tree blocks only partly as documents come in: a freshly built index is about
// half free space. Compacting (Xapian::Database::compact, what xapian-compact does) rewrites the
// committed revision into a new directory, in a small fraction of the time the build took. The
// new directory then takes the place of the old one in one atomic exchange of the two names
// (renameat2 RENAME_EXCHANGE), and the old one is deleted: a crash, or a reader opening the index
// meanwhile, sees either the old index or the compacted one, complete, never a mix and never none.
// Readers that already had the old one open keep reading it until they reopen (query/searcher.h
// notices the exchange).
//
// Internal to the index writer, which holds the writer lock during all of it.
#pragma once

#include <string>

#include "indexer/base/status.h"

namespace synaps::indexer::index {

// Where the compacted copy of `index_dir` is written before the exchange, and where the old
// index sits after it until it is deleted. A leftover from a crash is deleted by the next
// compaction.
std::string CompactionScratchDirectory(const std::string& index_dir);

// Compacts the committed revision of the index in `index_dir` into the scratch directory, makes
// it durable, then exchanges the two directories. On success the compacted index is in
// `index_dir` and the old one in the scratch directory, which the caller deletes once it has
// reopened the new index. On failure `index_dir` is untouched and the status is kIoError (no
// space, or a file system that cannot exchange directories) or a Xapian failure.
base::Status CompactAndExchange(const std::string& index_dir);

}  // namespace synaps::indexer::index
