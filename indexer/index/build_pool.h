// BuildPool: builds the Xapian documents of a sequence of IndexableDocuments on several threads
// and hands them, in order, to the one thread that writes them.
//
// Xapian lets only one thread write a database, but building a document needs no database, and
// it is most of the cost of indexing. The pool keeps one DocumentBuilder per thread: helper
// threads that live as long as the pool, plus the calling thread of Run(), which builds too
// whenever the next document to write is not ready. Builders run at most a few documents ahead
// of the writer, so memory stays bounded whatever the length of the sequence.
//
// Internal to the index writer. Run() must be called from one thread at a time.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <span>

#include "indexer/index/document_builder.h"
#include "indexer/index/indexable_document.h"

namespace synaps::indexer::index {

class BuildPool {
 public:
  // `threads` builders in all, the calling thread of Run() included (at least 1; 1 means no
  // helper thread).
  explicit BuildPool(int threads);
  // Stops and joins the helper threads.
  ~BuildPool();
  BuildPool(const BuildPool&) = delete;
  BuildPool& operator=(const BuildPool&) = delete;

  // Calls `write(i, built)` on the calling thread for i = 0, 1, ... docs.size() - 1 in this
  // order, where `built` is the document built from docs[i]. Returns early, without calling
  // `write` again, when `write` returns false. An exception thrown while building docs[i] is
  // rethrown here instead of writing it; one thrown by `write` propagates. In every case no
  // helper is still reading `docs` when Run() returns.
  void Run(std::span<const IndexableDocument> docs,
           const std::function<bool(std::size_t, BuiltDocument&&)>& write);

  int threads() const;

  // Makes every builder forget the words it has listed in stem groups (DocumentBuilder::
  // ForgetListedWords) before its next document. For the writer, when built documents may not
  // have reached the index: their words must be listed again.
  void ForgetListedWords();

 private:
  struct Shared;
  std::unique_ptr<Shared> shared_;
};

}  // namespace synaps::indexer::index
