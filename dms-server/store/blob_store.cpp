#include "dms-server/store/blob_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <vector>

namespace synaps::store {

namespace fs = std::filesystem;

namespace {

constexpr size_t kBufferSize = 1 << 20;
// Start writing dirty pages back every so often, so the final fsync of a large blob does not
// wait for gigabytes at once and the page cache is not flooded.
constexpr int64_t kWritebackWindow = 16 << 20;

// True when the file at `path` holds exactly `bytes`.
bool HoldsBytes(const fs::path& path, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  UniqueFd owner(fd);
  std::string content(bytes.size() + 1, '\0');
  size_t total = 0;
  while (total < content.size()) {
    auto n = ReadSome(fd, content.data() + total, content.size() - total, path);
    if (!n.ok() || *n == 0) break;
    total += *n;
  }
  return total == bytes.size() && content.compare(0, total, bytes) == 0;
}

}  // namespace

bool IsBlobName(std::string_view name) {
  if (name.size() != 64) return false;
  for (char c : name) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status BlobStore::Initialize() const {
  std::error_code error;
  fs::create_directories(root_ / "tmp", error);
  if (error)
    return Status::Io("cannot create " + (root_ / "tmp").string() + ": " + error.message());
  char name[3];
  for (int i = 0; i < 256; ++i) {
    std::snprintf(name, sizeof name, "%02x", i);
    fs::create_directory(root_ / name, error);
    if (error)
      return Status::Io("cannot create " + (root_ / name).string() + ": " + error.message());
  }
  SYNAPS_RETURN_IF_ERROR(FsyncDirectory(root_));
  return Status::Ok();
}

fs::path BlobStore::PathOf(const std::string& sha256) const {
  return root_ / sha256.substr(0, 2) / sha256;
}

bool BlobStore::Exists(const std::string& sha256) const {
  struct stat st;
  return ::stat(PathOf(sha256).c_str(), &st) == 0;
}

Result<UniqueFd> BlobStore::Open(const std::string& sha256) const {
  return OpenForReading(PathOf(sha256));
}

Result<BlobStore::Writer> BlobStore::NewWriter() const {
  std::string pattern = (root_ / "tmp" / "blob-XXXXXX").string();
  int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot create a temporary file in", root_ / "tmp", errno);
  return Writer(this, UniqueFd(fd), fs::path(pattern));
}

Status BlobStore::Verify(const std::string& sha256, int64_t expected_size) const {
  auto fd = Open(sha256);
  if (!fd.ok()) {
    if (fd.status().code() == ErrorCode::kNotFound) {
      return Status::Corruption("blob " + sha256 + " is missing");
    }
    return fd.status();
  }
  Sha256 hash;
  std::vector<char> buffer(kBufferSize);
  int64_t size = 0;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(size_t n,
                            ReadSome(fd->get(), buffer.data(), buffer.size(), PathOf(sha256)));
    if (n == 0) break;
    hash.Update(buffer.data(), n);
    size += static_cast<int64_t>(n);
  }
  if (size != expected_size) {
    return Status::Corruption("blob " + sha256 + " has " + std::to_string(size) +
                              " bytes, expected " + std::to_string(expected_size));
  }
  std::string actual = hash.HexDigest();
  if (actual != sha256) {
    return Status::Corruption("blob " + sha256 + " content hashes to " + actual);
  }
  return Status::Ok();
}

Status BlobStore::Remove(const std::string& sha256) const {
  if (::unlink(PathOf(sha256).c_str()) != 0 && errno != ENOENT) {
    return ErrnoStatus("cannot remove", PathOf(sha256), errno);
  }
  return Status::Ok();
}

Status BlobStore::ForEachBlob(const std::function<void(const std::string&, int64_t)>& visit) const {
  std::error_code error;
  for (const auto& bucket : fs::directory_iterator(root_, error)) {
    std::string bucket_name = bucket.path().filename().string();
    if (bucket_name.size() != 2 || !bucket.is_directory()) continue;
    for (const auto& entry : fs::directory_iterator(bucket.path(), error)) {
      std::string name = entry.path().filename().string();
      if (!IsBlobName(name)) continue;
      std::error_code size_error;
      auto size = entry.file_size(size_error);
      visit(name, size_error ? -1 : static_cast<int64_t>(size));
    }
    if (error) break;
  }
  if (error) return Status::Io("cannot list " + root_.string() + ": " + error.message());
  return Status::Ok();
}

std::vector<fs::path> BlobStore::LeftoverTemporaryFiles() const {
  std::vector<fs::path> leftovers;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(root_ / "tmp", error)) {
    leftovers.push_back(entry.path());
  }
  return leftovers;
}

BlobStore::Writer::Writer(const BlobStore* store, UniqueFd fd, fs::path temp_path)
    : store_(store),
      fd_(std::move(fd)),
      temp_path_(std::move(temp_path)),
      hash_(std::make_unique<Sha256>()) {}

BlobStore::Writer::Writer(Writer&& other) noexcept
    : store_(other.store_),
      fd_(std::move(other.fd_)),
      temp_path_(std::move(other.temp_path_)),
      hash_(std::move(other.hash_)),
      small_(std::move(other.small_)),
      size_(other.size_),
      writeback_started_(other.writeback_started_) {
  other.temp_path_.clear();
}

BlobStore::Writer::~Writer() {
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

Status BlobStore::Writer::Append(const void* data, size_t size) {
  hash_->Update(data, size);
  SYNAPS_RETURN_IF_ERROR(WriteAll(fd_.get(), data, size, temp_path_));
  if (small_ && size_ + static_cast<int64_t>(size) <= kJournalLimit) {
    small_->append(static_cast<const char*>(data), size);
  } else {
    small_.reset();
  }
  size_ += static_cast<int64_t>(size);
  if (size_ - writeback_started_ >= kWritebackWindow) StartWriteback();
  return Status::Ok();
}

void BlobStore::Writer::StartWriteback() {
  // Asynchronous: asks the kernel to start writing this window now; the fsync in Commit() is
  // what guarantees durability.
  ::sync_file_range(fd_.get(), writeback_started_, size_ - writeback_started_,
                    SYNC_FILE_RANGE_WRITE);
  writeback_started_ = size_;
}

Result<StagedBlob> BlobStore::Writer::Finish() {
  BlobInfo info;
  info.sha256 = hash_->HexDigest();
  info.size = size_;
  fd_ = UniqueFd();
  // A large blob is only ever put in place whole and on disk. A small one may have been put
  // there by PublishToJournal() before a power cut that left it damaged: it counts as stored
  // when its bytes are these.
  bool stored =
      small_ ? HoldsBytes(store_->PathOf(info.sha256), *small_) : store_->Exists(info.sha256);
  if (stored) {
    ::unlink(temp_path_.c_str());
    temp_path_.clear();
    return StagedBlob(std::move(info), {}, std::move(small_));
  }
  return StagedBlob(std::move(info), std::exchange(temp_path_, {}), std::move(small_));
}

Result<BlobInfo> BlobStore::Writer::Commit() {
  SYNAPS_ASSIGN_OR_RETURN(StagedBlob staged, Finish());
  std::vector<StagedBlob> group;
  group.push_back(std::move(staged));
  SYNAPS_RETURN_IF_ERROR(store_->Publish(group));
  return group.front().info();
}

StagedBlob::StagedBlob(StagedBlob&& other) noexcept
    : info_(std::move(other.info_)),
      temp_path_(std::exchange(other.temp_path_, {})),
      bytes_(std::move(other.bytes_)) {}

StagedBlob& StagedBlob::operator=(StagedBlob&& other) noexcept {
  if (this != &other) {
    if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
    info_ = std::move(other.info_);
    temp_path_ = std::exchange(other.temp_path_, {});
    bytes_ = std::move(other.bytes_);
  }
  return *this;
}

StagedBlob::~StagedBlob() {
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

namespace {

Status SyncFileSystem(const fs::path& root) {
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", root, errno);
  UniqueFd owner(fd);
  if (::syncfs(fd) != 0) return ErrnoStatus("cannot sync the file system of", root, errno);
  return Status::Ok();
}

Status SyncFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", path, errno);
  UniqueFd owner(fd);
  if (::fsync(fd) != 0) return ErrnoStatus("cannot sync", path, errno);
  return Status::Ok();
}

}  // namespace

Status BlobStore::Publish(std::vector<StagedBlob>& staged) const {
  if (staged.empty()) return Status::Ok();
  size_t fresh = 0;
  for (const StagedBlob& blob : staged) fresh += blob.temp_path().empty() ? 0 : 1;
  // One blob: fsync it and its directory. Several: one syncfs before the renames (every byte
  // is on disk) and one after (every name is), instead of two fsyncs per blob.
  bool group = staged.size() > 1;
  if (group) {
    // The last flush, after the renames, covers the blobs that were already there.
    if (fresh > 0) SYNAPS_RETURN_IF_ERROR(SyncFileSystem(root_));
  } else if (fresh > 0) {
    SYNAPS_RETURN_IF_ERROR(SyncFile(staged.front().temp_path()));
  } else if (staged.front().bytes()) {
    // Already stored, maybe by PublishToJournal() an instant ago: not necessarily on disk yet.
    SYNAPS_RETURN_IF_ERROR(SyncFile(PathOf(staged.front().info().sha256)));
  }
  for (StagedBlob& blob : staged) SYNAPS_RETURN_IF_ERROR(MoveIntoPlace(blob));
  if (group) return SyncFileSystem(root_);
  return FsyncDirectory(root_ / staged.front().info().sha256.substr(0, 2));
}

Status BlobStore::PublishToJournal(std::vector<StagedBlob>& staged) const {
  std::vector<StagedBlob> large;
  std::vector<size_t> large_at;
  for (size_t i = 0; i < staged.size(); ++i) {
    StagedBlob& blob = staged[i];
    if (!blob.bytes()) {
      large.push_back(std::move(blob));
      large_at.push_back(i);
      continue;
    }
    SYNAPS_RETURN_IF_ERROR(MoveIntoPlace(blob));
    // Kept even when the blob was already there: it may be waiting for the disk itself.
    blob.info_.journal_bytes = blob.bytes();
  }
  Status published = Publish(large);
  for (size_t i = 0; i < large.size(); ++i) staged[large_at[i]] = std::move(large[i]);
  return published;
}

Status BlobStore::Restore(const std::string& sha256, const std::string& bytes) const {
  if (HoldsBytes(PathOf(sha256), bytes)) return Status::Ok();
  SYNAPS_ASSIGN_OR_RETURN(Writer writer, NewWriter());
  SYNAPS_RETURN_IF_ERROR(writer.Append(bytes.data(), bytes.size()));
  SYNAPS_ASSIGN_OR_RETURN(StagedBlob staged, writer.Finish());
  if (staged.info().sha256 != sha256) {
    return Status::Corruption("the journal's bytes of blob " + sha256 + " hash to another name");
  }
  return MoveIntoPlace(staged);
}

Status BlobStore::MoveIntoPlace(StagedBlob& blob) const {
  if (blob.temp_path().empty()) return Status::Ok();  // already stored
  fs::path final_path = PathOf(blob.info().sha256);
  if (::rename(blob.temp_path().c_str(), final_path.c_str()) != 0) {
    return ErrnoStatus("cannot move blob into place at", final_path, errno);
  }
  blob.temp_path_.clear();
  blob.info_.newly_stored = true;
  return Status::Ok();
}

Status BlobStore::SyncJournaled() const {
  return SyncFileSystem(root_);
}

Result<BlobLock> BlobLock::Acquire(const BlobStore& store, Mode mode) {
  fs::path path = store.root() / ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus("cannot open lock file", path, errno);
  UniqueFd owner(fd);
  int operation = mode == Mode::kShared ? LOCK_SH : LOCK_EX;
  while (::flock(fd, operation) != 0) {
    if (errno != EINTR) return ErrnoStatus("cannot lock", path, errno);
  }
  return BlobLock(std::move(owner));
}

}  // namespace synaps::store
