// IndexWriter: the single writer of a Synaps Xapian index (documents in → index).
//
// It adds, replaces and removes documents and their sub-documents, and commits in batches.
// Only one IndexWriter may have an index open at a time, across processes (Xapian's lock): a
// second Open() fails with kBusy. Readers (Searcher) see the changes after the next commit.
//
// Not thread-safe: call from one thread at a time. (It runs threads of its own to build
// documents: see IndexAll().)
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "indexer/base/status.h"
#include "indexer/index/indexable_document.h"

namespace synaps::indexer::index {

class IndexWriter {
 public:
  struct Options {
    // Commit automatically after this many Index()/Remove() calls (0: only on Commit() and at
    // destruction). A commit is durable (fsynced) and visible to readers.
    std::size_t commit_every = 1000;
    // Threads that build documents in IndexAll(), the calling thread included; 0: one per core.
    int build_threads = 0;
  };

  // Opens the index in directory `path`, creating it if missing (the parent must exist).
  // On success stores the writer in *out and returns OK. On failure *out is unchanged and the
  // status is kBusy (another writer holds the lock), kIoError, kCorruption or kInternal.
  static base::Status Open(const std::string& path, const Options& options,
                           std::unique_ptr<IndexWriter>* out);

  // Commits pending changes (errors are ignored here: call Commit() to see them).
  ~IndexWriter();
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Adds `doc`, or replaces the document with the same id (all its old terms go). Any existing
  // sub-document of `doc.id` (recursively) is removed: index a document first, then its current
  // sub-documents. Returns kInvalidArgument if doc.id or doc.service is empty.
  base::Status Index(const IndexableDocument& doc);

  // Indexes `docs` in this order, exactly as calling Index() on each would, but builds the Xapian
  // documents (folding, stemming, snippets: most of the work) on several threads while this
  // thread writes them. Returns kInvalidArgument, before indexing any, if a document has no id
  // or service; otherwise stops at the first failure and returns it, the documents before it
  // being indexed.
  base::Status IndexAll(std::span<const IndexableDocument> docs);

  // Removes the document `id` and its sub-documents (recursively). Removing an id that is not in
  // the index is not an error.
  base::Status Remove(const std::string& id);

  // Makes every change so far durable and visible to readers.
  base::Status Commit();

  // Commits, then rewrites the index without the free space Xapian leaves in it, atomically
  // (index_compaction.h), and goes on writing to the compacted index. Takes a fraction of the
  // time the index took to build: meant after a rebuild or a large batch of changes. Returns
  // kIoError or another failure with the index left as it was (uncompacted, still writable). If
  // the compacted index cannot be reopened for writing (kBusy: another process took the writer
  // lock in the instant between the exchange and the reopening), the index is fine but this
  // writer refuses every further call with kBusy.
  base::Status Compact();

  // The schema version of the index's documents (schema::kSchemaVersion for a new index; 1 for
  // an index written before versions were kept; 0 when unreadable).
  int schema_version() const;

  // Number of Index()/Remove() calls not yet committed.
  std::size_t pending() const;

  // Number of Xapian documents (documents + sub-documents), including uncommitted changes.
  std::size_t document_count() const;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  base::Status AfterChange();
  std::unique_ptr<Impl> impl_;
};

}  // namespace synaps::indexer::index
