// A thin RAII layer over the SQLite C API, just enough for the store.
//
// Database owns one connection (not thread-safe: one Database per thread).
// Statement is a prepared statement with 1-based Bind() and 0-based column getters. Prepared
// statements are cached per connection: a Statement returns its handle to the cache when it
// dies, so the same SQL is parsed once per connection, not once per call. Statements must not
// outlive their Database.
// Transaction is BEGIN IMMEDIATE ... COMMIT, rolled back on destruction unless committed.
// Within one process, write transactions on the same database file queue on a mutex before
// asking SQLite for its lock (see Transaction::Begin).
// Errors come back as Status with SQLite's message; SQLITE_BUSY maps to ErrorCode::kBusy and
// SQLITE_FULL / SQLITE_IOERR to kIoError.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dms-server/store/status.h"

namespace synaps::store::sql {

class Database;

class Statement {
 public:
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& BindNull(int index);
  Statement& Bind(int index, const std::optional<int64_t>& value);
  // Bytes as a BLOB (Bind() of a string binds TEXT).
  Statement& BindBlob(int index, std::string_view bytes);

  // Advances to the next row. Returns true with a row, false when done; errors as Status.
  Result<bool> Step();
  // Runs a statement that returns no rows (or ignores them).
  Status Run();

  // Runs the statement to its end and returns the integer first column of every row.
  Result<std::vector<int64_t>> AllInts();

  int64_t Int(int column) const;
  std::string Text(int column) const;
  std::string Blob(int column) const;
  bool IsNull(int column) const;

 private:
  friend class Database;
  Statement(Database* owner, sqlite3* db, sqlite3_stmt* stmt, std::string sql)
      : owner_(owner), db_(db), stmt_(stmt), sql_(std::move(sql)) {}
  void Recycle();
  Database* owner_ = nullptr;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

class Database {
 public:
  // Opens (creating if asked) the database at `path`, in WAL mode with foreign keys on,
  // synchronous=FULL and the given busy timeout.
  static Result<std::unique_ptr<Database>> Open(const std::filesystem::path& path, bool create,
                                                int busy_timeout_ms = 15000);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // A compiled statement: one left idle by an earlier use of the same SQL text, or compiled now.
  Result<Statement> Prepare(std::string_view sql);
  // Executes one or more statements that return no rows (or whose rows are ignored). A single
  // statement (no ';') is kept compiled for the next time, as Prepare does: BEGIN, COMMIT,
  // savepoints and pragmas are compiled once per connection.
  Status Exec(std::string_view sql);
  int64_t LastInsertId() const;
  int Changes() const;
  // Whether a transaction is open on this connection (SQLite is not in autocommit mode).
  bool InTransaction() const;
  // Whether a write transaction (Transaction) is open: not a read snapshot.
  bool InWriteTransaction() const { return InTransaction() && !read_snapshot_; }

  // A read snapshot (Store::ReadScope): BEGIN without taking the write lock, so that the reads
  // until EndReadSnapshot() see one state and take SQLite's read lock once, not once each (two
  // system calls a statement on a WAL database). False, and nothing begun, inside a transaction.
  // A write begun while it is open (Transaction::Begin, or a write without a transaction after
  // EndReadSnapshot()) ends it first: a write inside a snapshot would have to upgrade it, and
  // fail if another connection has written since.
  bool BeginReadSnapshot();
  // Ends the read snapshot if it is still open.
  void EndReadSnapshot();
  // Whether a read snapshot is open.
  bool InReadSnapshot() const { return read_snapshot_; }
  // A number that changes whenever what this connection reads may change: a read snapshot
  // begins, a statement that may write runs (even, against the rule above, inside a snapshot),
  // Exec() runs anything but setting or releasing a savepoint (BEGIN, ROLLBACK, a pragma...),
  // or a transaction ends. Inside a transaction, what a caller read while it had one value
  // holds while it keeps it (SnapshotMemo).
  uint64_t read_epoch() const { return read_epoch_; }
  // How many times a statement was stepped on this connection: what the callers' reads and
  // writes cost the database, counted for tests and measurements.
  uint64_t statements_stepped() const { return statements_stepped_; }
  // How many times SQL was compiled on this connection (a script run by Exec counts once).
  uint64_t statements_compiled() const { return statements_compiled_; }

  // Whether a commit waits for the disk (the default), or only for the operating system
  // (synchronous=NORMAL: safe from a crash of the process at once, from a power cut at the next
  // commit that waits). See Store::WithoutWaitingForTheDisk.
  Status SetWaitForDisk(bool wait);

  sqlite3* handle() { return db_; }

 private:
  struct SharedFile;
  // What the connections of this process to the database file at `path` share.
  static std::shared_ptr<SharedFile> SharedFileOf(const std::filesystem::path& path);
  friend class Statement;
  friend class Transaction;
  explicit Database(sqlite3* db) : db_(db) {}
  // The busy handler: retries while another connection holds the write lock, for at most
  // busy_timeout_ in all.
  static int WaitWhileBusy(void* database, int tries);
  sqlite3* db_;
  std::chrono::milliseconds busy_timeout_{0};
  std::chrono::steady_clock::time_point busy_since_;  // when the current wait began
  bool read_snapshot_ = false;                        // BeginReadSnapshot() is open
  uint64_t read_epoch_ = 0;
  uint64_t statements_stepped_ = 0;
  uint64_t statements_compiled_ = 0;
  Status ExecOne(std::string_view sql);     // one statement, through Prepare
  Status ExecScript(std::string_view sql);  // several, through sqlite3_exec
  // After a commit that only wrote the log: waits until the log is on disk, sharing one flush
  // with the commits of this process's other connections that wait at the same time.
  Status SyncCommitted();
  bool wait_for_disk_ = true;
  std::filesystem::path log_path_;  // the write-ahead log, <database>-wal
  // Shared by every connection of this process to the same file: the writers' turn
  // (Transaction::Begin) and the flushes of the log (SyncCommitted).
  std::shared_ptr<SharedFile> shared_;
  // Idle prepared statements by SQL text.
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_;
};

// Converts an SQLite result code into a Status, prefixing `what`.
Status ErrorFrom(sqlite3* db, int rc, std::string_view what);

class Transaction {
 public:
  // Starts BEGIN IMMEDIATE: the write lock is taken now, so the transaction cannot fail later
  // for lack of it. Inside a transaction already open on `db`, starts a savepoint instead: the
  // inner work joins the outer transaction (a caller that checked something and then changes
  // it commits both at once), and a failure undoes the inner work only.
  // Writers of this process first wait their turn on a mutex of the database file, for the
  // busy timeout at most (then kBusy): woken the moment the writer before them is done, not
  // polling SQLite's lock as writers of other processes do.
  static Result<Transaction> Begin(Database& db);
  // Commits. When the database waits for the disk, the next writer's turn begins as soon as the
  // log holds the transaction, and Commit() returns once the log is on disk: writers that
  // commit meanwhile share that flush (group commit) instead of each waiting for its own
  // while holding the write lock.
  Transaction(Transaction&& other) noexcept
      : db_(other.db_), nested_(other.nested_), turn_(std::move(other.turn_)) {
    other.db_ = nullptr;
  }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();

  Status Commit();

 private:
  Transaction(Database* db, bool nested, std::unique_lock<std::timed_mutex> turn)
      : db_(db), nested_(nested), turn_(std::move(turn)) {}
  Database* db_;
  bool nested_;                              // a savepoint inside an outer transaction
  std::unique_lock<std::timed_mutex> turn_;  // this process's writers' mutex; not when nested
};

// A named savepoint inside a transaction: lets one item of a batch fail without losing the others.
class Savepoint {
 public:
  Savepoint(Database& db, std::string name);
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint();
  Status status() const { return status_; }
  Status Release();

 private:
  Database& db_;
  std::string name_;
  Status status_;
  bool done_ = false;
};

}  // namespace synaps::store::sql
