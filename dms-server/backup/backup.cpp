// Backup and restore of a data directory (see backup.h for the order that makes it consistent).
#include "dms-server/backup/backup.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>
#include <vector>

#include "dms-server/indexing/index_pipeline.h"
#include "dms-server/store/blob_store.h"
#include "dms-server/store/database_snapshot.h"
#include "dms-server/store/file_util.h"
#include "dms-server/store/schema.h"
#include "dms-server/store/sha256.h"
#include "dms-server/store/sqlite.h"
#include "dms-server/store/store.h"
#include "indexer/index/index_writer.h"

namespace synaps::backup {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

constexpr char kManifestName[] = "manifest.json";
constexpr char kDatabaseName[] = "synaps.db";

struct Blob {
  std::string sha256;
  int64_t size = 0;
};

// What a copied database holds: counts, and the blobs it references.
struct DatabaseContents {
  int schema_version = 0;
  int64_t documents = 0;
  int64_t versions = 0;
  std::vector<Blob> blobs;
};

Result<DatabaseContents> ReadContents(const fs::path& db_path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close_v2);
  if (rc != SQLITE_OK) return store::sql::ErrorFrom(raw, rc, "cannot open " + db_path.string());
  DatabaseContents contents;
  auto query = [&](const char* sql, const std::function<void(sqlite3_stmt*)>& row) -> Status {
    sqlite3_stmt* statement = nullptr;
    int code = sqlite3_prepare_v2(db.get(), sql, -1, &statement, nullptr);
    while (code == SQLITE_OK && (code = sqlite3_step(statement)) == SQLITE_ROW) {
      row(statement);
      code = SQLITE_OK;
    }
    sqlite3_finalize(statement);
    if (code != SQLITE_DONE) {
      return store::sql::ErrorFrom(db.get(), code, "cannot read " + db_path.string());
    }
    return Status::Ok();
  };
  SYNAPS_RETURN_IF_ERROR(query("PRAGMA user_version", [&](sqlite3_stmt* s) {
    contents.schema_version = sqlite3_column_int(s, 0);
  }));
  SYNAPS_RETURN_IF_ERROR(query("SELECT count(*) FROM documents", [&](sqlite3_stmt* s) {
    contents.documents = sqlite3_column_int64(s, 0);
  }));
  SYNAPS_RETURN_IF_ERROR(query("SELECT count(*) FROM versions", [&](sqlite3_stmt* s) {
    contents.versions = sqlite3_column_int64(s, 0);
  }));
  SYNAPS_RETURN_IF_ERROR(
      query("SELECT sha256, size FROM blobs ORDER BY sha256", [&](sqlite3_stmt* s) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        contents.blobs.push_back({text ? text : "", sqlite3_column_int64(s, 1)});
      }));
  return contents;
}

Result<std::string> HashFile(const fs::path& path) {
  SYNAPS_ASSIGN_OR_RETURN(auto fd, store::OpenForReading(path));
  store::Sha256 hash;
  std::vector<char> buffer(1 << 20);
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(size_t n,
                            store::ReadSome(fd.get(), buffer.data(), buffer.size(), path));
    if (n == 0) break;
    hash.Update(buffer.data(), n);
  }
  return hash.HexDigest();
}

// Copies one file (durably: fsynced) to a path that does not exist yet.
Status CopyFile(const fs::path& from, const fs::path& to) {
  SYNAPS_ASSIGN_OR_RETURN(auto in, store::OpenForReading(from));
  store::UniqueFd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!out.valid()) return store::ErrnoStatus("cannot create", to, errno);
  SYNAPS_RETURN_IF_ERROR(store::CopyFd(in.get(), from, out.get(), to));
  if (::fsync(out.get()) != 0) return store::ErrnoStatus("cannot flush", to, errno);
  return Status::Ok();
}

// A destination is usable when it does not exist or is an empty folder.
Status CheckEmptyDestination(const fs::path& destination, const char* what) {
  std::error_code error;
  if (!fs::exists(destination, error)) return Status::Ok();
  if (!fs::is_directory(destination, error) || !fs::is_empty(destination, error)) {
    return Status::AlreadyExists(std::string(what) + " " + destination.string() +
                                 " exists and is not an empty folder");
  }
  return Status::Ok();
}

// Where a backup or restore is written before it takes its final name. A leftover of a crash
// is removed first: nobody else writes there.
Result<fs::path> StartStaging(const fs::path& destination) {
  fs::path staging = destination;
  staging += ".partial";
  std::error_code error;
  fs::remove_all(staging, error);
  if (!fs::create_directory(staging, error) || error) {
    return store::ErrnoStatus("cannot create", staging,
                              error ? error.value() : static_cast<int>(EEXIST));
  }
  ::chmod(staging.c_str(), 0700);
  return staging;
}

// Makes everything under `staging` durable, then gives it its final name.
Status FinishStaging(const fs::path& staging, const fs::path& destination) {
  store::UniqueFd fd(::open(staging.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::syncfs(fd.get()) != 0) {
    return store::ErrnoStatus("cannot flush", staging, errno);
  }
  std::error_code error;
  if (fs::exists(destination, error)) fs::remove(destination, error);  // an empty folder
  fs::rename(staging, destination, error);
  if (error) {
    return Status::Io("cannot rename " + staging.string() + " to " + destination.string() + ": " +
                      error.message());
  }
  return store::FsyncDirectory(destination.parent_path().empty() ? fs::path(".")
                                                                 : destination.parent_path());
}

fs::path BlobPath(const fs::path& root, const std::string& sha256) {
  return root / sha256.substr(0, 2) / sha256;
}

// Copies (or hard-links) each blob from `from_root` to `to_root`, creating the fan-out folders.
Status TransferBlobs(const std::vector<Blob>& blobs, const fs::path& from_root,
                     const fs::path& to_root, bool hard_link, int64_t total_bytes,
                     const Progress& progress) {
  int64_t done = 0;
  std::string made_folder;
  for (const Blob& blob : blobs) {
    fs::path from = BlobPath(from_root, blob.sha256);
    fs::path to = BlobPath(to_root, blob.sha256);
    std::string folder = blob.sha256.substr(0, 2);
    if (folder != made_folder) {
      std::error_code error;
      fs::create_directories(to.parent_path(), error);
      if (error) return store::ErrnoStatus("cannot create", to.parent_path(), error.value());
      made_folder = folder;
    }
    bool linked = hard_link && ::link(from.c_str(), to.c_str()) == 0;
    if (!linked) SYNAPS_RETURN_IF_ERROR(CopyFile(from, to));
    done += blob.size;
    if (progress) progress(done, total_bytes);
  }
  return Status::Ok();
}

// Copies every file of a (quiet) index folder.
Status CopyIndex(const fs::path& from, const fs::path& to) {
  std::error_code error;
  fs::create_directory(to, error);
  if (error) return store::ErrnoStatus("cannot create", to, error.value());
  for (const auto& entry : fs::directory_iterator(from, error)) {
    if (!entry.is_regular_file()) continue;
    SYNAPS_RETURN_IF_ERROR(CopyFile(entry.path(), to / entry.path().filename()));
  }
  if (error) return store::ErrnoStatus("cannot list", from, error.value());
  return Status::Ok();
}

Status WriteManifest(const Manifest& manifest, const fs::path& path) {
  Poco::JSON::Object object;
  object.set("format", manifest.format);
  object.set("synaps_version", manifest.synaps_version);
  object.set("schema_version", manifest.schema_version);
  object.set("created_at_ms", manifest.created_at_ms);
  object.set("documents", manifest.documents);
  object.set("versions", manifest.versions);
  object.set("blobs", manifest.blobs);
  object.set("blob_bytes", manifest.blob_bytes);
  object.set("database_bytes", manifest.database_bytes);
  object.set("database_sha256", manifest.database_sha256);
  object.set("index_included", manifest.index_included);
  object.set("index_note", manifest.index_note);
  std::ostringstream text;
  object.stringify(text, 2);
  text << '\n';
  store::UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd.valid()) return store::ErrnoStatus("cannot create", path, errno);
  std::string bytes = text.str();
  SYNAPS_RETURN_IF_ERROR(store::WriteAll(fd.get(), bytes.data(), bytes.size(), path));
  if (::fsync(fd.get()) != 0) return store::ErrnoStatus("cannot flush", path, errno);
  return Status::Ok();
}

Status FillBackup(const fs::path& data_dir, const fs::path& staging, const BackupOptions& options,
                  Manifest* manifest) {
  store::BlobStore blobs(data_dir / "blobs");
  // Garbage collection waits while this is held; writers do not.
  SYNAPS_ASSIGN_OR_RETURN(auto blob_lock,
                          store::BlobLock::Acquire(blobs, store::BlobLock::Mode::kShared));

  // The index's writer lock, held over the database copy and the index copy: see backup.h.
  fs::path index_dir = indexing::IndexDirectory(data_dir);
  std::unique_ptr<indexer::index::IndexWriter> index_writer;
  std::error_code error;
  if (!fs::exists(index_dir, error)) {
    manifest->index_note = "the data directory had no index yet";
  } else {
    base::Status opened = indexer::index::IndexWriter::Open(
        index_dir.string(), indexer::index::IndexWriter::Options{}, &index_writer);
    if (!opened.ok()) {
      manifest->index_note =
          "the index was being written (synaps-server or synaps index was running): a restore "
          "rebuilds it from the store";
    }
  }

  fs::path db_copy = staging / kDatabaseName;
  SYNAPS_RETURN_IF_ERROR(store::CopyDatabase(data_dir / kDatabaseName, db_copy));
  if (index_writer) {
    SYNAPS_RETURN_IF_ERROR(CopyIndex(index_dir, staging / "index"));
    index_writer.reset();
    manifest->index_included = true;
  }

  SYNAPS_ASSIGN_OR_RETURN(DatabaseContents contents, ReadContents(db_copy));
  manifest->schema_version = contents.schema_version;
  manifest->documents = contents.documents;
  manifest->versions = contents.versions;
  manifest->blobs = static_cast<int64_t>(contents.blobs.size());
  for (const Blob& blob : contents.blobs) manifest->blob_bytes += blob.size;
  manifest->database_bytes = static_cast<int64_t>(fs::file_size(db_copy, error));
  SYNAPS_ASSIGN_OR_RETURN(manifest->database_sha256, HashFile(db_copy));

  SYNAPS_RETURN_IF_ERROR(TransferBlobs(contents.blobs, blobs.root(), staging / "blobs",
                                       options.hard_link_blobs, manifest->blob_bytes,
                                       options.progress));
  return WriteManifest(*manifest, staging / kManifestName);
}

// Checks that the backup's files are all there and whole before anything is restored.
Status VerifyBackup(const fs::path& backup_dir, const Manifest& manifest,
                    std::vector<Blob>* blobs) {
  fs::path db = backup_dir / kDatabaseName;
  SYNAPS_ASSIGN_OR_RETURN(std::string hash, HashFile(db));
  if (hash != manifest.database_sha256) {
    return Status::Corruption("the backup's database " + db.string() +
                              " does not match its manifest (SHA-256 " + hash + ", expected " +
                              manifest.database_sha256 + "): the backup is damaged or truncated");
  }
  SYNAPS_ASSIGN_OR_RETURN(DatabaseContents contents, ReadContents(db));
  for (const Blob& blob : contents.blobs) {
    fs::path path = BlobPath(backup_dir / "blobs", blob.sha256);
    std::error_code error;
    auto size = fs::file_size(path, error);
    if (error) {
      return Status::Corruption("the backup lacks the blob " + path.string() +
                                ": the backup is incomplete");
    }
    if (static_cast<int64_t>(size) != blob.size) {
      return Status::Corruption("the blob " + path.string() + " has " + std::to_string(size) +
                                " bytes instead of " + std::to_string(blob.size) +
                                ": the backup is damaged or truncated");
    }
  }
  *blobs = std::move(contents.blobs);
  return Status::Ok();
}

}  // namespace

Result<Manifest> Backup(const fs::path& data_dir, const fs::path& destination,
                        const BackupOptions& options) {
  std::error_code error;
  if (!fs::exists(data_dir / kDatabaseName, error)) {
    return Status::NotFound("no Synaps data directory at " + data_dir.string());
  }
  SYNAPS_RETURN_IF_ERROR(CheckEmptyDestination(destination, "the backup destination"));
  SYNAPS_ASSIGN_OR_RETURN(fs::path staging, StartStaging(destination));
  Manifest manifest;
  manifest.synaps_version = SYNAPS_VERSION;
  manifest.created_at_ms = store::NowMs();
  Status filled = FillBackup(data_dir, staging, options, &manifest);
  if (filled.ok()) filled = FinishStaging(staging, destination);
  if (!filled.ok()) {
    fs::remove_all(staging, error);
    return filled;
  }
  return manifest;
}

Result<Manifest> ReadManifest(const fs::path& backup_dir) {
  fs::path path = backup_dir / kManifestName;
  std::ifstream in(path);
  if (!in) {
    return Status::NotFound(backup_dir.string() + " is not a Synaps backup (no " +
                            std::string(kManifestName) + ")");
  }
  try {
    Poco::JSON::Parser parser;
    auto object = parser.parse(in).extract<Poco::JSON::Object::Ptr>();
    Manifest manifest;
    manifest.format = object->getValue<int>("format");
    manifest.synaps_version = object->getValue<std::string>("synaps_version");
    manifest.schema_version = object->getValue<int>("schema_version");
    manifest.created_at_ms = object->getValue<int64_t>("created_at_ms");
    manifest.documents = object->getValue<int64_t>("documents");
    manifest.versions = object->getValue<int64_t>("versions");
    manifest.blobs = object->getValue<int64_t>("blobs");
    manifest.blob_bytes = object->getValue<int64_t>("blob_bytes");
    manifest.database_bytes = object->getValue<int64_t>("database_bytes");
    manifest.database_sha256 = object->getValue<std::string>("database_sha256");
    manifest.index_included = object->getValue<bool>("index_included");
    manifest.index_note = object->optValue<std::string>("index_note", "");
    if (manifest.format != 1) {
      return Status::Invalid(path.string() + " has format " + std::to_string(manifest.format) +
                             ", which this Synaps (" SYNAPS_VERSION ") does not know");
    }
    return manifest;
  } catch (const Poco::Exception& failure) {
    return Status::Corruption(path.string() + " is malformed: " + failure.displayText());
  }
}

Result<Manifest> Restore(const fs::path& backup_dir, const fs::path& data_dir,
                         const Progress& progress) {
  SYNAPS_ASSIGN_OR_RETURN(Manifest manifest, ReadManifest(backup_dir));
  if (manifest.schema_version > store::LatestSchemaVersion()) {
    return Status::Invalid(
        "the backup has schema version " + std::to_string(manifest.schema_version) + " (Synaps " +
        manifest.synaps_version + "); this Synaps (" SYNAPS_VERSION ") knows versions up to " +
        std::to_string(store::LatestSchemaVersion()) +
        ": restore it with that Synaps or a newer one");
  }
  SYNAPS_RETURN_IF_ERROR(CheckEmptyDestination(data_dir, "the data directory"));
  std::vector<Blob> blobs;
  SYNAPS_RETURN_IF_ERROR(VerifyBackup(backup_dir, manifest, &blobs));

  SYNAPS_ASSIGN_OR_RETURN(fs::path staging, StartStaging(data_dir));
  Status restored = [&]() -> Status {
    SYNAPS_RETURN_IF_ERROR(CopyFile(backup_dir / kDatabaseName, staging / kDatabaseName));
    SYNAPS_RETURN_IF_ERROR(TransferBlobs(blobs, backup_dir / "blobs", staging / "blobs",
                                         /*hard_link=*/false, manifest.blob_bytes, progress));
    std::error_code error;
    if (manifest.index_included && fs::exists(backup_dir / "index", error)) {
      SYNAPS_RETURN_IF_ERROR(CopyIndex(backup_dir / "index", indexing::IndexDirectory(staging)));
    }
    return FinishStaging(staging, data_dir);
  }();
  if (!restored.ok()) {
    std::error_code error;
    fs::remove_all(staging, error);
    return restored;
  }
  return manifest;
}

}  // namespace synaps::backup
