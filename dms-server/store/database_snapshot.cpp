// Consistent copies of synaps.db: the online backup API in one step, and VACUUM INTO.
#include "dms-server/store/database_snapshot.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <string>
#include <system_error>

#include "dms-server/store/file_util.h"
#include "dms-server/store/sqlite.h"

namespace synaps::store {

namespace fs = std::filesystem;

namespace {

// A connection closed on every path out.
struct Connection {
  sqlite3* db = nullptr;
  ~Connection() { sqlite3_close_v2(db); }
};

Status OpenConnection(const fs::path& path, int flags, Connection* connection) {
  int rc = sqlite3_open_v2(path.c_str(), &connection->db, flags, nullptr);
  if (rc != SQLITE_OK) return sql::ErrorFrom(connection->db, rc, "cannot open " + path.string());
  sqlite3_busy_timeout(connection->db, 15000);
  return Status::Ok();
}

// Makes the file and its directory entry durable.
Status MakeDurable(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus("cannot open", path, errno);
  if (::fsync(fd.get()) != 0) return ErrnoStatus("cannot flush", path, errno);
  return Status::Ok();
}

// Moves the finished temporary copy to its final name, durably; removes it on failure.
Status Publish(const fs::path& temporary, const fs::path& destination) {
  Status durable = MakeDurable(temporary);
  std::error_code error;
  if (durable.ok()) {
    fs::rename(temporary, destination, error);
    if (error)
      durable = Status::Io("cannot rename " + temporary.string() + " to " + destination.string() +
                           ": " + error.message());
  }
  if (!durable.ok()) {
    fs::remove(temporary, error);
    return durable;
  }
  return FsyncDirectory(destination.parent_path());
}

fs::path TemporaryNameFor(const fs::path& destination) {
  return destination.parent_path() /
         ("." + destination.filename().string() + ".partial-" + std::to_string(::getpid()));
}

}  // namespace

Status CopyDatabase(const fs::path& source, const fs::path& destination) {
  std::error_code error;
  if (!fs::exists(source, error)) return Status::NotFound("no database at " + source.string());
  if (fs::exists(destination, error)) {
    return Status::AlreadyExists(destination.string() + " exists already");
  }
  fs::path temporary = TemporaryNameFor(destination);
  fs::remove(temporary, error);
  Status copied = [&]() -> Status {
    Connection from, to;
    SYNAPS_RETURN_IF_ERROR(OpenConnection(source, SQLITE_OPEN_READONLY, &from));
    SYNAPS_RETURN_IF_ERROR(
        OpenConnection(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &to));
    sqlite3_backup* backup = sqlite3_backup_init(to.db, "main", from.db, "main");
    if (backup == nullptr)
      return sql::ErrorFrom(to.db, sqlite3_errcode(to.db), "cannot start a backup");
    int rc = sqlite3_backup_step(backup, -1);  // every page, in one read transaction
    int finished = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
      if (rc == SQLITE_FULL)
        return Status::Io("disk full while copying the database to " +
                          destination.parent_path().string());
      return sql::ErrorFrom(to.db, rc, "cannot copy the database to " + temporary.string());
    }
    if (finished != SQLITE_OK) {
      return sql::ErrorFrom(to.db, finished, "cannot copy the database to " + temporary.string());
    }
    // The copy keeps the source's WAL mode; leaving it folds everything into the main file, so
    // that the copy is one self-contained file (Store::Open sets WAL again when it opens it).
    rc = sqlite3_exec(to.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sql::ErrorFrom(to.db, rc, "cannot finish " + temporary.string());
    return Status::Ok();
  }();
  if (!copied.ok()) {
    fs::remove(temporary, error);
    fs::remove(fs::path(temporary.string() + "-wal"), error);
    fs::remove(fs::path(temporary.string() + "-shm"), error);
    return copied;
  }
  return Publish(temporary, destination);
}

Result<fs::path> SnapshotBeforeMigration(const fs::path& db_path, int from_version) {
  fs::path folder = db_path.parent_path() / "upgrade-snapshots";
  fs::path snapshot = folder / ("synaps.db.schema-" + std::to_string(from_version));
  std::error_code error;
  if (fs::exists(snapshot, error)) return snapshot;
  fs::create_directories(folder, error);
  if (error) {
    return Status::Io("cannot create " + folder.string() + ": " + error.message());
  }
  fs::path temporary = TemporaryNameFor(snapshot);
  fs::remove(temporary, error);
  Connection connection;
  SYNAPS_RETURN_IF_ERROR(OpenConnection(db_path, SQLITE_OPEN_READWRITE, &connection));
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(connection.db, "VACUUM INTO ?", -1, &statement, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(statement, 1, temporary.c_str(), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  if (rc != SQLITE_DONE && rc != SQLITE_OK) {
    Status failed = rc == SQLITE_FULL
                        ? Status::Io("disk full while writing the snapshot " + snapshot.string())
                        : sql::ErrorFrom(connection.db, rc, "cannot write " + snapshot.string());
    fs::remove(temporary, error);
    return failed;
  }
  SYNAPS_RETURN_IF_ERROR(Publish(temporary, snapshot));
  return snapshot;
}

}  // namespace synaps::store
