#include "indexer/index/index_writer.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <thread>
#include <vector>

#include "indexer/index/build_pool.h"
#include "indexer/index/index_compaction.h"
#include "indexer/index/schema.h"
#include "indexer/index/xapian_error_status.h"

namespace synaps::indexer::index {

namespace {

int BuildThreads(const IndexWriter::Options& options) {
  if (options.build_threads > 0) return options.build_threads;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
}

}  // namespace

struct IndexWriter::Impl {
  Impl(const std::string& directory, const Options& opts)
      : path(directory),
        db(path, Xapian::DB_CREATE_OR_OPEN),
        pool(BuildThreads(opts)),
        options(opts) {
    // A new index is of the current schema (written with its first commit).
    if (db.get_doccount() == 0 && db.get_metadata(std::string(schema::kSchemaVersionKey)).empty()) {
      db.set_metadata(std::string(schema::kSchemaVersionKey),
                      std::to_string(schema::kSchemaVersion));
    }
  }

  // Removes every document whose parent is `id`, and theirs, depth first. The writable database
  // sees its own uncommitted changes, so sub-documents indexed in this batch are found too.
  void RemoveDescendants(const std::string& id) {
    std::vector<std::string> stack{id};
    while (!stack.empty()) {
      const std::string parent_term = schema::ParentTerm(stack.back());
      stack.pop_back();
      std::vector<Xapian::docid> children;
      for (auto it = db.postlist_begin(parent_term); it != db.postlist_end(parent_term); ++it) {
        children.push_back(*it);
      }
      for (Xapian::docid child : children) {
        stack.push_back(db.get_document(child).get_value(schema::kSlotId));
      }
      if (!children.empty()) db.delete_document(parent_term);
    }
  }

  // Writes one built document (this thread only: Xapian has a single writer).
  void Write(BuiltDocument&& built, const std::string& id) {
    RemoveDescendants(id);
    db.replace_document(built.id_term, built.document);
    stem_groups.insert(stem_groups.end(), std::make_move_iterator(built.stem_groups.begin()),
                       std::make_move_iterator(built.stem_groups.end()));
  }

  // Adds the stem-group members written since the last call to the synonym table, in key order:
  // Xapian rewrites a group's entry each time the key changes from one call to the next.
  void FlushStemGroups() {
    std::sort(stem_groups.begin(), stem_groups.end());
    stem_groups.erase(std::unique(stem_groups.begin(), stem_groups.end()), stem_groups.end());
    for (const StemGroupMember& member : stem_groups) db.add_synonym(member.key, member.term);
    stem_groups.clear();
  }

  const std::string path;
  Xapian::WritableDatabase db;
  // Set when the compacted index could not be reopened: `db` is then the old, moved index.
  bool lost = false;
  BuildPool pool;
  Options options;
  std::size_t pending = 0;
  std::vector<StemGroupMember> stem_groups;  // written documents' members, not yet in the table
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

namespace {

const base::Status kLost(base::ErrorCode::kBusy,
                         "the compacted index was opened by another writer; reopen it");

}  // namespace

IndexWriter::~IndexWriter() {
  if (impl_->pending == 0 || impl_->lost) return;
  try {
    impl_->FlushStemGroups();
    impl_->db.commit();
  } catch (...) {
    // A destructor must not throw; the caller wanting errors calls Commit().
  }
}

base::Status IndexWriter::Open(const std::string& path, const Options& options,
                               std::unique_ptr<IndexWriter>* out) {
  return GuardXapian("opening the index " + path, [&] {
    *out = std::unique_ptr<IndexWriter>(new IndexWriter(std::make_unique<Impl>(path, options)));
    return base::Status::Ok();
  });
}

base::Status IndexWriter::Index(const IndexableDocument& doc) {
  return IndexAll(std::span<const IndexableDocument>(&doc, 1));
}

base::Status IndexWriter::IndexAll(std::span<const IndexableDocument> docs) {
  if (impl_->lost) return kLost;
  for (const IndexableDocument& doc : docs) {
    if (doc.id.empty()) return {base::ErrorCode::kInvalidArgument, "document without id"};
    if (doc.service.empty()) {
      return {base::ErrorCode::kInvalidArgument, "document " + doc.id + " has no service"};
    }
  }
  base::Status failure = base::Status::Ok();
  base::Status status = GuardXapian("indexing documents", [&] {
    impl_->pool.Run(docs, [&](std::size_t i, BuiltDocument&& built) {
      base::Status written = GuardXapian("indexing document " + docs[i].id, [&] {
        impl_->Write(std::move(built), docs[i].id);
        return base::Status::Ok();
      });
      if (written.ok()) written = AfterChange();
      if (written.ok()) return true;
      failure = std::move(written);
      return false;
    });
    impl_->FlushStemGroups();
    return base::Status::Ok();
  });
  // Documents built and not written took their new words' stem-group members with them.
  if (!status.ok() || !failure.ok()) impl_->pool.ForgetListedWords();
  if (!status.ok()) return status;
  return failure;
}

base::Status IndexWriter::Remove(const std::string& id) {
  if (impl_->lost) return kLost;
  if (id.empty()) return {base::ErrorCode::kInvalidArgument, "empty document id"};
  base::Status status = GuardXapian("removing document " + id, [&] {
    impl_->RemoveDescendants(id);
    impl_->db.delete_document(schema::IdTerm(id));
    return base::Status::Ok();
  });
  if (!status.ok()) return status;
  return AfterChange();
}

base::Status IndexWriter::AfterChange() {
  ++impl_->pending;
  if (impl_->options.commit_every != 0 && impl_->pending >= impl_->options.commit_every) {
    return Commit();
  }
  return base::Status::Ok();
}

base::Status IndexWriter::Commit() {
  if (impl_->lost) return kLost;
  base::Status status = GuardXapian("committing the index", [&] {
    impl_->FlushStemGroups();
    impl_->db.commit();
    impl_->pending = 0;
    return base::Status::Ok();
  });
  if (!status.ok()) impl_->pool.ForgetListedWords();  // the stem groups may not have been kept
  return status;
}

base::Status IndexWriter::Compact() {
  base::Status status = Commit();
  if (!status.ok()) return status;
  status = CompactAndExchange(impl_->path);
  if (!status.ok()) return status;
  // Holding the old index's lock until the new one is locked leaves another writer the shortest
  // possible window.
  base::Status reopened = GuardXapian("reopening the compacted index", [&] {
    impl_->db = Xapian::WritableDatabase(impl_->path, Xapian::DB_OPEN);
    return base::Status::Ok();
  });
  if (!reopened.ok()) {
    impl_->lost = true;
    impl_->db.close();
  }
  std::error_code error;
  std::filesystem::remove_all(CompactionScratchDirectory(impl_->path), error);
  return reopened;
}

int IndexWriter::schema_version() const {
  try {
    std::string version = impl_->db.get_metadata(std::string(schema::kSchemaVersionKey));
    return version.empty() ? 1 : std::stoi(version);
  } catch (const std::exception&) {  // Xapian errors, or a value that is not a number
    return 0;
  }
}

std::size_t IndexWriter::pending() const {
  return impl_->pending;
}

std::size_t IndexWriter::document_count() const {
  try {
    return impl_->db.get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

}  // namespace synaps::indexer::index
