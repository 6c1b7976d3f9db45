#include "dms-server/store/sqlite.h"

#include <algorithm>
#include <map>
#include <thread>
#include <utility>

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

Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
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

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

namespace {

// The writers' mutex of each database file this process has open.
std::shared_ptr<std::timed_mutex> WritersOf(const std::filesystem::path& path) {
  static std::mutex registry_mutex;
  static auto* registry = new std::map<std::string, std::weak_ptr<std::timed_mutex>>();
  std::error_code error;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
  std::string key = (error ? path.lexically_normal() : canonical).string();
  std::lock_guard<std::mutex> lock(registry_mutex);
  std::shared_ptr<std::timed_mutex> writers = (*registry)[key].lock();
  if (!writers) {
    writers = std::make_shared<std::timed_mutex>();
    (*registry)[key] = writers;
  }
  return writers;
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
  db->writers_ = WritersOf(path);
  // WAL lets readers proceed while one writer commits; synchronous=FULL makes every commit
  // durable (the store holds documents that must never be lost).
  // temp_store=MEMORY keeps statement journals in memory: each savepoint of a batch (one per
  // ingested entry) journals the pages it touches, and on disk those were a dozen writes to a
  // temporary file per entry, most of a batch's commit time. What a savepoint journals is freed
  // when it is released.
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
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return ErrorFrom(db_, rc, "database");
  return Statement(this, db_, stmt, std::move(key));
}

Status Database::Exec(std::string_view sql) {
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
  std::unique_lock<std::timed_mutex> turn(*db.writers_, std::defer_lock);
  if (!turn.try_lock_for(db.busy_timeout_)) {
    return Status::Busy("database: another writer of this process kept it for " +
                        std::to_string(db.busy_timeout_.count()) + " ms");
  }
  SYNAPS_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  return Transaction(&db, false, std::move(turn));
}

Transaction::~Transaction() {
  if (!db_) return;
  if (nested_) {
    (void)db_->Exec("ROLLBACK TO nested_transaction; RELEASE nested_transaction");
  } else {
    (void)db_->Exec("ROLLBACK");
  }
}

Status Transaction::Commit() {
  Status status = db_->Exec(nested_ ? "RELEASE nested_transaction" : "COMMIT");
  if (status.ok()) {  // on failure the destructor rolls back, then lets the next writer in
    db_ = nullptr;
    if (turn_.owns_lock()) turn_.unlock();
  }
  return status;
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
