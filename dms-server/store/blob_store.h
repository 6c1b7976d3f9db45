// BlobStore: immutable, content-addressed file storage (ARCHITECTURE invariant 2).
//
// A blob is named by the SHA-256 of its bytes and lives at <root>/<first 2 hex>/<64 hex>.
// Writing is in two phases:
//  1. A Writer streams the bytes into <root>/tmp/, hashing as it goes, in bounded memory.
//     Finish() gives a StagedBlob (or notices that identical content is already stored: it is
//     then stored once).
//  2. Publish() makes a group of staged blobs durable and moves them into place: their bytes
//     reach the disk before their names do, and their names before Publish() returns. Callers
//     publish before committing any transaction that references the blobs, so a committed
//     reference always points at durable bytes. One group costs two file system flushes however
//     many blobs it holds, which is what makes importing thousands of small files fast.
//     Or PublishToJournal(), for a save that must answer quickly: a small blob goes into place
//     without waiting for the disk, and the transaction that references it also keeps its
//     bytes in the database's blob journal (Store::SyncBlobJournal), so one flush, the
//     database's, makes the save durable.
//
// Thread-safety: a BlobStore may be shared by threads; a Writer belongs to one thread.
// Writers in several processes may run at once. Garbage collection must exclude writers: see
// BlobLock.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dms-server/store/file_util.h"
#include "dms-server/store/sha256.h"
#include "dms-server/store/status.h"

namespace synaps::store {

struct BlobInfo {
  std::string sha256;  // 64 lowercase hex characters
  int64_t size = 0;
  bool newly_stored = false;  // false when identical content was already there
  // Set by PublishToJournal(): the blob's bytes, which may not be on disk yet. The transaction
  // that references the blob must keep them (store::PutRequest does) until they are.
  std::optional<std::string> journal_bytes;
};

// A blob written to a temporary file but not yet published. Move-only; destroying it unpublished
// removes the temporary file.
class StagedBlob {
 public:
  StagedBlob() = default;
  StagedBlob(BlobInfo info, std::filesystem::path temp_path,
             std::optional<std::string> bytes = std::nullopt)
      : info_(std::move(info)), temp_path_(std::move(temp_path)), bytes_(std::move(bytes)) {}
  StagedBlob(StagedBlob&& other) noexcept;
  StagedBlob& operator=(StagedBlob&& other) noexcept;
  StagedBlob(const StagedBlob&) = delete;
  StagedBlob& operator=(const StagedBlob&) = delete;
  ~StagedBlob();

  const BlobInfo& info() const { return info_; }
  // Empty when the content was already stored (nothing to publish but its durability).
  const std::filesystem::path& temp_path() const { return temp_path_; }
  // Its bytes when it is small enough for the blob journal (BlobStore::kJournalLimit).
  const std::optional<std::string>& bytes() const { return bytes_; }

 private:
  friend class BlobStore;
  BlobInfo info_;
  std::filesystem::path temp_path_;
  std::optional<std::string> bytes_;
};

// True for 64 lowercase hex characters.
bool IsBlobName(std::string_view name);

class BlobStore {
 public:
  class Writer;

  // The largest blob whose bytes may go to the blob journal (see PublishToJournal): a
  // document of a few pages, as editors save them one after the other.
  static constexpr int64_t kJournalLimit = 64 << 10;

  explicit BlobStore(std::filesystem::path root) : root_(std::move(root)) {}
  BlobStore(const BlobStore&) = delete;
  BlobStore& operator=(const BlobStore&) = delete;

  // Creates the directory layout if missing (idempotent).
  Status Initialize() const;

  // Starts a new blob. Fails with IoError if the temporary file cannot be created.
  Result<Writer> NewWriter() const;

  // Makes the staged blobs durable and moves them into place (see the top of this file). Also
  // makes durable the already-stored blobs among them, which another writer may have renamed
  // into place an instant ago. On success each blob's info() says newly_stored or not.
  Status Publish(std::vector<StagedBlob>& staged) const;
  // Like Publish(), but a blob of at most kJournalLimit bytes goes into place at once, without
  // waiting for the disk: its info().journal_bytes then hold its bytes, and the transaction that
  // references it must keep them in the blob journal, in the same commit. Larger blobs are
  // published as Publish() does. What is on disk is made durable later, by SyncJournaled().
  Status PublishToJournal(std::vector<StagedBlob>& staged) const;
  // Makes sure blob `sha256` holds `bytes` (after a power cut, a blob published to the journal
  // may be missing or hold anything): rewrites it when it does not. Not durable by itself:
  // SyncJournaled() is.
  Status Restore(const std::string& sha256, const std::string& bytes) const;
  // Waits until every blob put in place so far, its bytes and its name, is on disk (one flush
  // of the file system, whatever their number).
  Status SyncJournaled() const;

  std::filesystem::path PathOf(const std::string& sha256) const;
  bool Exists(const std::string& sha256) const;
  Result<UniqueFd> Open(const std::string& sha256) const;

  // Re-reads the blob and checks its size and hash. Corruption names what differs.
  Status Verify(const std::string& sha256, int64_t expected_size) const;

  // Deletes a blob file (used by garbage collection only).
  Status Remove(const std::string& sha256) const;

  // Calls `visit` with the name and size of every blob file present on disk.
  Status ForEachBlob(const std::function<void(const std::string&, int64_t)>& visit) const;
  // Temporary files left behind by interrupted writes.
  std::vector<std::filesystem::path> LeftoverTemporaryFiles() const;

  const std::filesystem::path& root() const { return root_; }

 private:
  // Renames a staged blob's temporary file to the blob's name, without syncing anything;
  // nothing to do when the blob was already stored.
  Status MoveIntoPlace(StagedBlob& blob) const;

  std::filesystem::path root_;
};

// A blob being written. Append() the bytes, then Commit(); a Writer destroyed without Commit()
// removes its temporary file.
class BlobStore::Writer {
 public:
  Writer(Writer&&) noexcept;
  Writer& operator=(Writer&&) = delete;
  Writer(const Writer&) = delete;
  ~Writer();

  Status Append(const void* data, size_t size);
  int64_t bytes_written() const { return size_; }
  // Ends the stream: the blob is hashed and staged (or found already stored).
  Result<StagedBlob> Finish();
  // Finish() and Publish() for one blob.
  Result<BlobInfo> Commit();

 private:
  friend class BlobStore;
  Writer(const BlobStore* store, UniqueFd fd, std::filesystem::path temp_path);
  void StartWriteback();

  const BlobStore* store_;
  UniqueFd fd_;
  std::filesystem::path temp_path_;
  std::unique_ptr<Sha256> hash_;
  std::optional<std::string> small_ = std::string();  // the bytes, until over kJournalLimit
  int64_t size_ = 0;
  int64_t writeback_started_ = 0;
};

// An advisory lock (flock) over the blob store. Writers hold it shared from their first blob
// write until their referencing transaction commits; garbage collection holds it exclusively,
// so it never deletes a blob that a commit in flight is about to reference.
class BlobLock {
 public:
  enum class Mode { kShared, kExclusive };
  static Result<BlobLock> Acquire(const BlobStore& store, Mode mode);
  BlobLock(BlobLock&&) noexcept = default;
  BlobLock& operator=(BlobLock&&) noexcept = default;

 private:
  explicit BlobLock(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;  // closing it releases the lock
};

}  // namespace synaps::store
