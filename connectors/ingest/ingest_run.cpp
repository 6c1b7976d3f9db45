#include "connectors/ingest/ingest_run.h"

#include <algorithm>
#include <future>

#include "connectors/ingest/read_ahead.h"
#include "dms-server/store/names.h"

namespace synaps::connectors {

using store::Result;
using store::SourceChange;
using store::Status;

namespace {

constexpr size_t kReadBuffer = 1 << 20;
constexpr size_t kSniffBytes = 64 * 1024;

std::string RelativePath(const Entry& entry) {
  std::string path;
  for (const std::string& folder : entry.folder) path += folder + "/";
  return path + entry.name;
}

// The token a parent is remembered with until its children are stored.
constexpr std::string_view kChildrenPending = "children-pending:";

bool ChildrenPending(const store::SourceEntry* remembered) {
  return remembered &&
         remembered->change_token.compare(0, kChildrenPending.size(), kChildrenPending) == 0;
}

bool DiskFull(const Status& status) {
  return status.code() == store::ErrorCode::kIoError &&
         status.message().find("disk full") != std::string::npos;
}

}  // namespace

IngestEngine::RunState::RunState(IngestEngine& engine, Source& source, IngestSummary& summary)
    : engine_(engine),
      store_(engine.store_),
      options_(engine.options_),
      source_(source),
      summary_(summary),
      filter_(engine.options_.include, engine.options_.exclude) {}

void IngestEngine::RunState::Problem(const std::string& where, const std::string& reason) {
  if (engine_.problem_) engine_.problem_(store::EscapeForDisplay(where) + ": " + reason);
}

void IngestEngine::RunState::Progress() {
  if (engine_.progress_) engine_.progress_(progress_);
}

void IngestEngine::RunState::Add(Entry entry) {
  if (!listed_keys_.insert(entry.key).second) {
    ++summary_.skipped;
    Problem(entry.key, "listed twice by the source; the first one is kept");
    return;
  }
  ++progress_.listed;
  if (progress_.listed % 256 == 0) Progress();
  if (!filter_.Takes(RelativePath(entry))) return;  // left out: neither stored nor deleted
  listed_.push_back(std::move(entry));
}

void IngestEngine::RunState::Skipped(const std::string& where, const std::string& reason,
                                     const std::string& protect_key_prefix) {
  ++summary_.skipped;
  Problem(where, reason);
  if (!protect_key_prefix.empty()) protected_prefixes_.push_back(protect_key_prefix);
}

bool IngestEngine::RunState::Protected(const std::string& key) const {
  for (const std::string& prefix : protected_prefixes_) {
    if (key.compare(0, prefix.size(), prefix) == 0) return true;
  }
  // A child ("PARENT#part") stays while its parent is listed: it is listed again only when the
  // parent is read again.
  for (size_t hash = key.find('#'); hash != std::string::npos; hash = key.find('#', hash + 1)) {
    if (listed_keys_.count(key.substr(0, hash))) return true;
  }
  return false;
}

Status IngestEngine::RunState::Execute() {
  progress_.stage = "listing";
  Progress();
  // What the store remembers of the source is read while the source lists (on another thread,
  // with a Store of its own): for a share both take about as long, and a run that changes
  // nothing is little else. Only this run writes the source's entries (SourceLock).
  std::future<Result<std::vector<store::SourceEntry>>> remembered;
  if (remembering()) {
    remembered = std::async(
        std::launch::async,
        [data_dir = store_.data_dir(),
         source = options_.source_name]() -> Result<std::vector<store::SourceEntry>> {
          SYNAPS_ASSIGN_OR_RETURN(auto store,
                                  store::Store::Open(data_dir, store::Store::OpenMode::kMustExist));
          return store->ListSourceEntries(source);
        });
  }
  Status listed = source_.List(*this);
  auto entries = remembered.valid() ? remembered.get() : std::vector<store::SourceEntry>{};
  SYNAPS_RETURN_IF_ERROR(listed);
  SYNAPS_RETURN_IF_ERROR(entries.status());
  Progress();
  std::vector<Planned> to_read;
  SYNAPS_RETURN_IF_ERROR(Compare(std::move(entries).value(), to_read));
  if (options_.dry_run) {
    for (const Planned& planned : to_read) {
      ++(planned.remembered ? summary_.changed : summary_.created);
    }
    summary_.deleted = static_cast<int64_t>(vanished_.size());
    return Status::Ok();
  }
  SYNAPS_RETURN_IF_ERROR(ReadAndStore(to_read));
  return DeleteVanished();
}

Status IngestEngine::RunState::Compare(std::vector<store::SourceEntry> entries,
                                       std::vector<Planned>& to_read) {
  remembered_.reserve(entries.size());
  for (auto& entry : entries) {
    std::string key = entry.key;
    remembered_.emplace(std::move(key), std::move(entry));
  }
  for (Entry& entry : listed_) {
    ++summary_.seen;
    auto found = remembered_.find(entry.key);
    if (found != remembered_.end() && found->second.change_token == entry.change_token) {
      ++summary_.unchanged;
      continue;
    }
    progress_.bytes_total += std::max<int64_t>(entry.size, 0);
    to_read.push_back({std::move(entry), found == remembered_.end() ? nullptr : &found->second});
  }
  listed_.clear();
  progress_.total = static_cast<int64_t>(to_read.size());
  if (!source_.ListsEverything()) return Status::Ok();
  for (const auto& [key, entry] : remembered_) {
    if (listed_keys_.count(key) || Protected(key)) continue;
    vanished_.insert(key);
    vanished_by_content_.emplace(entry.sha256, key);
  }
  return Status::Ok();
}

Status IngestEngine::RunState::ReadAndStore(std::vector<Planned>& to_read) {
  progress_.stage = "reading";
  Progress();
  if (to_read.empty()) return Flush();
  // Held for the whole run, so that garbage collection never removes a blob that a group is
  // about to reference.
  SYNAPS_ASSIGN_OR_RETURN(auto lock,
                          store::BlobLock::Acquire(store_.blobs(), store::BlobLock::Mode::kShared));
  // Reading, hashing, writing and type detection of small files keep a core busy per reader,
  // while this thread's commits need little.
  ReadAhead<Planned, Result<Staged>> reader(
      to_read, [this](const Planned& planned) { return Read(planned.entry); },
      std::min(options_.reader_threads, source_.MaxConcurrentReads()));
  batch_started_ = std::chrono::steady_clock::now();
  for (const Planned& planned : to_read) {
    auto staged = reader.Next();
    ++progress_.done;
    progress_.bytes_done += std::max<int64_t>(planned.entry.size, 0);
    if (!staged.ok()) {
      const Status& status = staged.status();
      if (DiskFull(status)) {
        (void)Flush();  // commit what is staged, then stop with the reason
        return Status::Io("run stopped: " + status.message());
      }
      bool leave = status.code() == store::ErrorCode::kNotFound ||
                   status.code() == store::ErrorCode::kConflict;
      ++(leave ? summary_.skipped : summary_.failed);
      Problem(planned.entry.key, status.message());
    } else {
      summary_.bytes += staged->blob.info().size;
      SYNAPS_RETURN_IF_ERROR(Decide(planned.entry, planned.remembered, std::move(staged).value()));
    }
    Progress();
  }
  return Flush();
}

Result<IngestEngine::RunState::Staged> IngestEngine::RunState::Read(const Entry& entry) const {
  SYNAPS_ASSIGN_OR_RETURN(auto reader, source_.Open(entry));
  SYNAPS_ASSIGN_OR_RETURN(auto writer, store_.blobs().NewWriter());
  thread_local std::vector<char> buffer(kReadBuffer);
  Staged staged;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(size_t n, reader->Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    if (staged.head.size() < kSniffBytes) {
      staged.head.append(buffer.data(), std::min(n, kSniffBytes - staged.head.size()));
    }
    SYNAPS_RETURN_IF_ERROR(writer.Append(buffer.data(), n));
  }
  staged.metadata = entry.metadata;
  SYNAPS_RETURN_IF_ERROR(reader->Finish(staged.metadata));
  staged.name = reader->Name();
  SYNAPS_ASSIGN_OR_RETURN(staged.blob, writer.Finish());
  if (!staged.blob.temp_path().empty()) {
    // New content: name its type here, in parallel with the commits of the calling thread
    // (detection costs more than everything else for small files).
    staged.mime_type = TypeOf(entry, staged.head);
    staged.head = std::string();
  }
  return staged;
}

std::string IngestEngine::RunState::TypeOf(const Entry& entry, std::string_view head) const {
  if (!entry.mime_type.empty()) return entry.mime_type;
  return engine_.sniffer_ ? engine_.sniffer_(head, entry.name) : "application/octet-stream";
}

store::SourceEntry IngestEngine::RunState::EntryState(const Entry& entry,
                                                      const store::BlobInfo& blob) const {
  store::SourceEntry state;
  state.source = options_.source_name;
  state.key = entry.key;
  state.change_token = entry.change_token;
  state.size = blob.size;
  state.mtime_ms = entry.mtime_ms;
  state.sha256 = blob.sha256;
  return state;
}

store::PutRequest IngestEngine::RunState::PutFor(const Entry& entry) const {
  store::PutRequest put;
  put.service_code = options_.service_code;
  put.folder = options_.folder;
  put.folder.insert(put.folder.end(), entry.folder.begin(), entry.folder.end());
  put.name = entry.name;
  put.comment = options_.comment;
  put.tags = options_.tags;
  return put;
}

Status IngestEngine::RunState::Decide(const Entry& listed, const store::SourceEntry* remembered,
                                      Staged staged) {
  const store::BlobInfo& blob = staged.blob.info();
  Pending pending;
  pending.entry = listed;
  if (!staged.name.empty()) pending.entry.name = std::move(staged.name);
  const Entry& entry = pending.entry;
  pending.is_new = remembered == nullptr;
  pending.change.entry = EntryState(entry, blob);
  pending.change.put = PutFor(entry);
  const bool parent = entry.parent_key.empty() && source_.HasChildren(entry) && remembering();
  if (remembered && remembered->sha256 == blob.sha256) {
    pending.change.kind = SourceChange::Kind::kRecord;  // touched, not changed
    // Its children were never all stored (a run killed, a part that failed): now they are.
    pending.children_pending = parent && ChildrenPending(remembered);
  } else {
    pending.children_pending = parent;
    auto moved = remembered ? vanished_by_content_.end() : vanished_by_content_.find(blob.sha256);
    while (moved != vanished_by_content_.end() && moved->first == blob.sha256 &&
           !vanished_.count(moved->second)) {
      ++moved;  // claimed by another move already
    }
    if (moved != vanished_by_content_.end() && moved->first == blob.sha256) {
      pending.change.kind = SourceChange::Kind::kMove;
      pending.change.from_key = moved->second;
      vanished_.erase(moved->second);
    } else {
      pending.change.kind = SourceChange::Kind::kPut;
      if (remembered) pending.change.put.document_id = remembered->document_id;
    }
    pending.change.put.blob = blob;
    pending.change.put.mime_type = staged.mime_type;
    pending.change.metadata = std::move(staged.metadata);
    pending.blob = std::move(staged.blob);
    pending.head = std::move(staged.head);
  }
  if (pending.children_pending) {
    pending.change.entry.change_token = std::string(kChildrenPending) + entry.change_token;
  }
  if (batch_.empty()) batch_started_ = std::chrono::steady_clock::now();
  batch_.push_back(std::move(pending));
  std::chrono::duration<double> age = std::chrono::steady_clock::now() - batch_started_;
  if (batch_.size() >= options_.batch_files || age.count() >= options_.batch_seconds) {
    return Flush();
  }
  return Status::Ok();
}

Status IngestEngine::RunState::Describe(Pending& pending) {
  SourceChange& change = pending.change;
  store::PutRequest& put = change.put;
  if (change.kind == SourceChange::Kind::kMove) {
    SYNAPS_ASSIGN_OR_RETURN(auto document,
                            store_.GetDocument(remembered_.at(change.from_key).document_id));
    if (!document.trashed_at) return Status::Ok();
    // Its document was trashed here meanwhile: the entry comes in anew, the old key goes.
    vanished_.insert(change.from_key);
    change.kind = SourceChange::Kind::kPut;
    change.from_key.clear();
  }
  if (change.kind != SourceChange::Kind::kPut) return Status::Ok();
  std::optional<store::Version> current;
  if (put.document_id) {
    auto document = store_.GetDocument(*put.document_id);
    if (document.ok() && !document->trashed_at) {
      SYNAPS_ASSIGN_OR_RETURN(current, store_.GetVersion(*put.document_id, 0));
    } else {
      put.document_id.reset();  // trashed or purged here: stored anew at its path
    }
  }
  if (!put.document_id) {
    SYNAPS_ASSIGN_OR_RETURN(current,
                            store_.CurrentVersionAt(put.service_code, put.folder, put.name));
  }
  if (current && current->blob == put.blob.sha256) {
    put.mime_type = current->mime_type;  // the put changes nothing: keep the recorded type
  } else if (put.mime_type.empty()) {
    // Content already stored under another name (or by another run a moment ago).
    put.mime_type = TypeOf(pending.entry, pending.head);
  }
  pending.head = std::string();
  return Status::Ok();
}

Status IngestEngine::RunState::Flush() {
  if (batch_.empty()) return Status::Ok();
  {
    auto snapshot = store_.BeginRead();
    for (Pending& pending : batch_) SYNAPS_RETURN_IF_ERROR(Describe(pending));
  }
  std::vector<store::StagedBlob> blobs;
  std::vector<size_t> owners;  // the batch index of each blob
  for (size_t i = 0; i < batch_.size(); ++i) {
    if (batch_[i].change.kind == SourceChange::Kind::kPut && batch_[i].blob) {
      blobs.push_back(std::move(*batch_[i].blob));
      owners.push_back(i);
    }
  }
  std::vector<Pending> batch = std::move(batch_);
  batch_.clear();
  Status published = store_.blobs().Publish(blobs);
  if (!published.ok()) {
    summary_.failed += static_cast<int64_t>(batch.size());
    return published;
  }
  std::vector<SourceChange> changes;
  changes.reserve(batch.size());
  for (Pending& pending : batch) changes.push_back(std::move(pending.change));
  auto results = store_.ApplySourceChanges(engine_.actor_, changes);
  if (!results.ok()) {
    summary_.failed += static_cast<int64_t>(batch.size());
    return results.status();
  }
  std::vector<std::pair<size_t, int64_t>> with_children;  // batch index, document id
  for (size_t i = 0; i < results->size(); ++i) {
    const auto& result = (*results)[i];
    const Entry& entry = batch[i].entry;
    if (!result.ok()) {
      ++summary_.failed;
      Problem(entry.key, result.status().message());
      continue;
    }
    if (batch[i].bookkeeping) continue;
    if (batch[i].children_pending) with_children.emplace_back(i, result->document_id);
    switch (changes[i].kind) {
      case SourceChange::Kind::kPut:
        if (result->outcome == store::PutOutcome::kCreated) {
          ++summary_.created;
        } else if (result->outcome == store::PutOutcome::kNewVersion) {
          ++summary_.changed;
        } else {
          ++summary_.unchanged;
        }
        break;
      case SourceChange::Kind::kMove:
        // Its children were remembered under its old key: listed again under the new one, they
        // are recognised by content and move along (children_pending is set for a move).
        ++summary_.moved;
        break;
      case SourceChange::Kind::kRecord:
        ++summary_.unchanged;
        break;
      case SourceChange::Kind::kTrash:
      case SourceChange::Kind::kForget:
        ++summary_.deleted;
        continue;
    }
    if (remembering()) {
      Status stored = source_.Stored(entry, result->document_id);
      if (!stored.ok()) Problem(entry.key, stored.message());
    }
  }
  for (const auto& [index, document_id] : with_children) {
    SYNAPS_RETURN_IF_ERROR(StoreChildren(batch[index].entry, changes[index], document_id));
  }
  return Status::Ok();
}

Status IngestEngine::RunState::StoreChildren(const Entry& parent,
                                             const store::SourceChange& applied,
                                             int64_t document_id) {
  auto children = source_.Children(parent, store_.blobs().PathOf(applied.entry.sha256));
  if (!children.ok()) {
    ++summary_.failed;
    Problem(parent.key, "its parts: " + children.status().message());
    return Status::Ok();  // the provisional token stays: tried again next run
  }
  const int64_t failed_before = summary_.failed;
  std::unordered_set<std::string> keys;
  for (Entry& child : *children) {
    child.parent_key = parent.key;
    child.metadata.insert(child.metadata.begin(), {"synaps.parent", std::to_string(document_id)});
    keys.insert(child.key);
    ++summary_.seen;
    auto found = remembered_.find(child.key);
    const store::SourceEntry* remembered = found == remembered_.end() ? nullptr : &found->second;
    if (remembered && remembered->change_token == child.change_token) {
      ++summary_.unchanged;
      continue;
    }
    auto staged = Read(child);
    if (!staged.ok()) {
      ++summary_.failed;
      Problem(child.key, staged.status().message());
      continue;
    }
    summary_.bytes += staged->blob.info().size;
    SYNAPS_RETURN_IF_ERROR(Decide(child, remembered, std::move(staged).value()));
  }
  // The parts the parent no longer has are gone like any entry.
  const std::string prefix = parent.key + "#";
  for (const auto& [key, entry] : remembered_) {
    if (key.compare(0, prefix.size(), prefix) == 0 && !keys.count(key)) vanished_.insert(key);
  }
  if (summary_.failed != failed_before) return Status::Ok();  // tried again next run
  // Queued after its children, so committed with them or after them, never before.
  Pending done;
  done.entry = parent;
  done.bookkeeping = true;
  done.change.kind = SourceChange::Kind::kRecord;
  done.change.entry = applied.entry;
  done.change.entry.change_token = parent.change_token;
  if (batch_.empty()) batch_started_ = std::chrono::steady_clock::now();
  batch_.push_back(std::move(done));
  return Status::Ok();
}

Status IngestEngine::RunState::DeleteVanished() {
  SYNAPS_RETURN_IF_ERROR(Flush());
  if (vanished_.empty()) return Status::Ok();
  progress_.stage = "deleting";
  Progress();
  std::vector<std::string> keys(vanished_.begin(), vanished_.end());
  std::sort(keys.begin(), keys.end());
  for (const std::string& key : keys) {
    Pending pending;
    pending.entry.key = key;
    pending.change.kind = options_.on_delete == DeletionPolicy::kKeep ? SourceChange::Kind::kForget
                                                                      : SourceChange::Kind::kTrash;
    pending.change.entry = remembered_.at(key);
    batch_.push_back(std::move(pending));
    if (batch_.size() < options_.batch_files) continue;
    SYNAPS_RETURN_IF_ERROR(Flush());
  }
  return Flush();
}

}  // namespace synaps::connectors
