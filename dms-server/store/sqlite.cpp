#include "dms-server/store/sqlite.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <map>
#include <thread>
#include <utility>

#include "dms-server/store/file_util.h"

namespace synaps::store::sql {

Status ErrorFrom(sqlite3* db, int rc, std::string_view what) {
  std::string message(what);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(message + " (another process holds the database)");
    case SQLITE_FULL:
      return Status::Io(message + " (disk full)");
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return Status::Io(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(message);
    case SQLITE_CONSTRAINT:
      return Status::Conflict(message);
    default:
      return Status::Internal(message);
  }
}

Statement::Statement(Statement&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      db_(std::exchange(other.db_, nullptr)),
      stmt_(std::exchange(other.stmt_, nullptr)),
      sql_(std::move(other.sql_)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Recycle();
    owner_ = std::exchange(other.owner_, nullptr);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
    sql_ = std::move(other.sql_);
  }
  return *this;
}

Statement::~Statement() {
  Recycle();
}

void Statement::Recycle() {
  if (!stmt_) return;
  if (owner_ && owner_->idle_[sql_].size() < 4) {
    // Resetting also ends the statement's implicit read transaction.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    owner_->idle_[sql_].push_back(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
}

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Result<bool> Statement::Step() {
  if (owner_) {
    ++owner_->statements_stepped_;
    if (!sqlite3_stmt_readonly(stmt_)) ++owner_->read_epoch_;
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if (owner_) ++owner_->read_epoch_;  // SQLite may have rolled the transaction back
  return ErrorFrom(db_, rc, "database");
}

Status Statement::Run() {
  for (;;) {
    auto row = Step();
    if (!row.ok()) {
      sqlite3_reset(stmt_);
      return row.status();
    }
    if (!*row) {
      // Ready to run again with new bindings.
      sqlite3_reset(stmt_);
      return Status::Ok();
    }
  }
}

Result<std::vector<int64_t>> Statement::AllInts() {
  std::vector<int64_t> values;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return values;
    values.push_back(Int(0));
  }
}

int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Statement::Blob(int column) const {
  const void* bytes = sqlite3_column_blob(stmt_, column);
  if (!bytes) return {};
  return std::string(static_cast<const char*>(bytes),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

struct Database::SharedFile {
  std::timed_mutex writers;  // one writer's turn at a time
  // Group commit: commits are numbered as they end; a flush of the log that starts after commit
  // n makes commits up to n durable.
  std::mutex log_mutex;
  std::condition_variable log_flushed;
  uint64_t committed = 0;  // commits ended so far
  uint64_t flushed = 0;    // commits known to be on disk
  bool flushing = false;   // a connection is flushing the log
};

std::shared_ptr<Database::SharedFile> Database::SharedFileOf(const std::filesystem::path& path) {
  static std::mutex registry_mutex;
  static auto* registry = new std::map<std::string, std::weak_ptr<SharedFile>>();
  std::error_code error;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
  std::string key = (error ? path.lexically_normal() : canonical).string();
  std::lock_guard<std::mutex> lock(registry_mutex);
  std::shared_ptr<SharedFile> shared = (*registry)[key].lock();
  if (!shared) {
    shared = std::make_shared<SharedFile>();
    (*registry)[key] = shared;
  }
  return shared;
}

namespace {

Status FlushLog(const std::filesystem::path& log) {
  int fd = ::open(log.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    // No log: the last connection checkpointed it into the database file, which SQLite syncs,
    // and removed it. (This connection being open, that does not happen; said for safety.)
    if (errno == ENOENT) return Status::Ok();
    return ErrnoStatus("cannot open", log, errno);
  }
  UniqueFd owner(fd);
  if (::fdatasync(fd) != 0) return ErrnoStatus("cannot sync", log, errno);
  return Status::Ok();
}

}  // namespace

int Database::WaitWhileBusy(void* database, int tries) {
  // SQLite's own busy timeout sleeps longer and longer between tries (up to 100 ms): with several
  // request threads saving at once, a writer slept on long after the lock was free, and small
  // WebDAV saves went at a fraction of the disk's pace. Short pauses (50 µs, doubling up to
  // 1 ms) take the lock soon after its release, within the same overall time-out.
  auto* db = static_cast<Database*>(database);
  auto now = std::chrono::steady_clock::now();
  if (tries == 0) db->busy_since_ = now;
  if (now - db->busy_since_ >= db->busy_timeout_) return 0;  // SQLITE_BUSY for the caller
  std::this_thread::sleep_for(std::chrono::microseconds(50 << std::min(tries, 4)));
  return 1;
}

Result<std::unique_ptr<Database>> Database::Open(const std::filesystem::path& path, bool create,
                                                 int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Database> db(new Database(raw));
  if (rc != SQLITE_OK) return ErrorFrom(raw, rc, "cannot open " + path.string());
  sqlite3_extended_result_codes(raw, 1);
  db->busy_timeout_ = std::chrono::milliseconds(busy_timeout_ms);
  sqlite3_busy_handler(raw, &Database::WaitWhileBusy, db.get());
  db->shared_ = SharedFileOf(path);
  db->log_path_ = path.string() + "-wal";
  // WAL lets readers proceed while one writer commits; synchronous=FULL makes every commit
  // durable (the store holds documents that must never be lost): a statement outside a
  // transaction syncs the log itself, a Transaction's commit waits for a shared flush of it.
  // temp_store=MEMORY keeps statement journals in memory: each savepoint of a batch (one per
  // ingested entry) journals the pages it touches, and on disk those were a dozen writes to a
  // temporary file per entry, most of a batch's commit time. What a savepoint journals is freed
  // when it is released. The database file is read with a pread per page, not through a memory
  // map (mmap_size stays 0): every commit of another connection empties a connection's page
  // cache, and with a map SQLite then unmaps the whole file and maps it again; in a process of
  // many threads each unmapping interrupts the other cores running them to flush their address
  // translations, which cost more than the preads it saved (1,000 saves over four connections: 560
  // ms of server time with a map, 495 ms without).
  SYNAPS_RETURN_IF_ERROR(
      db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
               "PRAGMA temp_store=MEMORY;"));
  return db;
}

Database::~Database() {
  for (auto& [sql, statements] : idle_) {
    for (sqlite3_stmt* statement : statements) sqlite3_finalize(statement);
  }
  sqlite3_close_v2(db_);
}

Result<Statement> Database::Prepare(std::string_view sql) {
  std::string key(sql);
  auto idle = idle_.find(key);
  if (idle != idle_.end() && !idle->second.empty()) {
    sqlite3_stmt* stmt = idle->second.back();
    idle->second.pop_back();
    return Statement(this, db_, stmt, std::move(key));
  }
  sqlite3_stmt* stmt = nullptr;
  ++statements_compiled_;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return ErrorFrom(db_, rc, "database");
  return Statement(this, db_, stmt, std::move(key));
}

Status Database::Exec(std::string_view sql) {
  // Setting or releasing a savepoint changes nothing a transaction reads (a save sets one
  // around each of its steps); anything else may, or begins a transaction.
  const bool keeps_reads = sql.starts_with("SAVEPOINT ") || sql.starts_with("RELEASE ");
  if (!keeps_reads) ++read_epoch_;
  Status status = sql.find(';') == std::string_view::npos ? ExecOne(sql) : ExecScript(sql);
  // Out of a transaction (even by releasing its outermost savepoint), the next reads see the
  // other connections' commits.
  if (!InTransaction()) ++read_epoch_;
  return status;
}

Status Database::ExecOne(std::string_view sql) {
  // Kept compiled among the idle statements: a save runs BEGIN, COMMIT, its savepoints and the
  // safety-level pragmas each time, and compiling them again was 3 % of the server's time in
  // litmus.
  SYNAPS_ASSIGN_OR_RETURN(Statement statement, Prepare(sql));
  int rc;
  while ((rc = sqlite3_step(statement.stmt_)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return ErrorFrom(db_, rc, "database");
  return Status::Ok();
}

Status Database::ExecScript(std::string_view sql) {
  ++statements_compiled_;
  std::string copy(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc != SQLITE_OK) return ErrorFrom(db_, rc, "database");
  return Status::Ok();
}

int64_t Database::LastInsertId() const {
  return sqlite3_last_insert_rowid(db_);
}
int Database::Changes() const {
  return sqlite3_changes(db_);
}
bool Database::InTransaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

bool Database::BeginReadSnapshot() {
  if (InTransaction()) return false;
  read_snapshot_ = Exec("BEGIN").ok();
  if (read_snapshot_) ++read_epoch_;
  return read_snapshot_;
}

void Database::EndReadSnapshot() {
  if (!read_snapshot_) return;
  read_snapshot_ = false;
  (void)Exec("COMMIT");  // a read transaction: nothing to write, nothing to lose
}

Result<Transaction> Transaction::Begin(Database& db) {
  db.EndReadSnapshot();
  if (db.InTransaction()) {
    SYNAPS_RETURN_IF_ERROR(db.Exec("SAVEPOINT nested_transaction"));
    return Transaction(&db, true, {});
  }
  // Polling SQLite's lock (WaitWhileBusy) wakes a writer some time after the lock is free and
  // costs a few system calls each try; with several request threads saving at once, that was a
  // tenth of their time.
  std::unique_lock<std::timed_mutex> turn(db.shared_->writers, std::defer_lock);
  if (!turn.try_lock_for(db.busy_timeout_)) {
    return Status::Busy("database: another writer of this process kept it for " +
                        std::to_string(db.busy_timeout_.count()) + " ms");
  }
  // Its commit only writes the log (SQLite's safety level is set outside transactions only);
  // Commit() then waits for a flush of the log shared with other writers.
  if (db.wait_for_disk_) SYNAPS_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous=NORMAL"));
  Status begun = db.Exec("BEGIN IMMEDIATE");
  if (!begun.ok()) {
    if (db.wait_for_disk_) (void)db.Exec("PRAGMA synchronous=FULL");
    return begun;
  }
  return Transaction(&db, false, std::move(turn));
}

Transaction::~Transaction() {
  if (!db_) return;
  if (nested_) {
    (void)db_->Exec("ROLLBACK TO nested_transaction; RELEASE nested_transaction");
  } else {
    (void)db_->Exec("ROLLBACK");
    if (db_->wait_for_disk_) (void)db_->Exec("PRAGMA synchronous=FULL");
  }
}

Status Transaction::Commit() {
  if (nested_) {
    Status released = db_->Exec("RELEASE nested_transaction");
    if (released.ok()) db_ = nullptr;  // on failure the destructor rolls back
    return released;
  }
  // The commit only writes the log (see Begin); the flush comes after the next writer's turn
  // has begun, shared with whoever commits meanwhile.
  Status status = db_->Exec("COMMIT");
  if (!status.ok()) return status;  // the destructor rolls back, then lets the next writer in
  Database* db = std::exchange(db_, nullptr);
  bool wait_for_disk = db->wait_for_disk_;
  Status restored = wait_for_disk ? db->Exec("PRAGMA synchronous=FULL") : Status::Ok();
  if (turn_.owns_lock()) turn_.unlock();
  SYNAPS_RETURN_IF_ERROR(restored);
  return wait_for_disk ? db->SyncCommitted() : Status::Ok();
}

Status Database::SyncCommitted() {
  SharedFile& file = *shared_;
  std::unique_lock<std::mutex> lock(file.log_mutex);
  uint64_t mine = ++file.committed;
  while (file.flushed < mine) {
    if (file.flushing) {
      file.log_flushed.wait(lock);
      continue;
    }
    // Everything committed so far is in the log's pages: one flush covers it all.
    file.flushing = true;
    uint64_t covered = file.committed;
    lock.unlock();
    Status flushed = FlushLog(log_path_);
    lock.lock();
    file.flushing = false;
    if (flushed.ok()) file.flushed = std::max(file.flushed, covered);
    file.log_flushed.notify_all();
    SYNAPS_RETURN_IF_ERROR(flushed);
  }
  return Status::Ok();
}

Status Database::SetWaitForDisk(bool wait) {
  SYNAPS_RETURN_IF_ERROR(Exec(wait ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
  wait_for_disk_ = wait;
  return Status::Ok();
}

Savepoint::Savepoint(Database& db, std::string name) : db_(db), name_(std::move(name)) {
  status_ = db_.Exec("SAVEPOINT " + name_);
  done_ = !status_.ok();
}

Savepoint::~Savepoint() {
  if (!done_) (void)db_.Exec("ROLLBACK TO " + name_ + "; RELEASE " + name_);
}

Status Savepoint::Release() {
  done_ = true;
  return db_.Exec("RELEASE " + name_);
}

}  // namespace synaps::store::sql
