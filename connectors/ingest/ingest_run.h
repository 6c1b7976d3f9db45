// IngestEngine::RunState: one run of the engine over one source (private to ingest/; the
// contract is in ingest_engine.h). Its stages, in order: List() into memory, compare with the
// remembered entries, read and store what is new or changed (moves recognised by content),
// then delete what is gone.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "connectors/ingest/entry_filter.h"
#include "connectors/ingest/ingest_engine.h"

namespace synaps::connectors {

class IngestEngine::RunState : public ListingSink {
 public:
  RunState(IngestEngine& engine, Source& source, IngestSummary& summary);

  // The run's work; fills the summary as it goes, also when it has to stop.
  store::Status Execute();

  // ListingSink.
  void Add(Entry entry) override;
  void Skipped(const std::string& where, const std::string& reason,
               const std::string& protect_key_prefix) override;

 private:
  // An entry to read: new, or changed since the state remembered for it.
  struct Planned {
    Entry entry;
    const store::SourceEntry* remembered = nullptr;  // into remembered_; null when new
  };
  // An entry read into a staged blob, on a reader thread.
  struct Staged {
    store::StagedBlob blob;
    std::string mime_type;  // detected for new content; empty when the blob existed already
    std::string head;       // the first bytes, kept when the type is still to be named
    EntryMetadata metadata;
    std::string name;  // the reader's name for the document (EntryReader::Name()); may be empty
  };
  // A change waiting for its group to be committed.
  struct Pending {
    Entry entry;
    store::SourceChange change;
    std::optional<store::StagedBlob> blob;  // for a put
    std::string head;
    bool is_new = false;  // a key not remembered before (for the counts)
    // Remembered with a provisional token until its children are stored (Source::HasChildren).
    bool children_pending = false;
    // Only records the token of an entry whose children were stored: not counted.
    bool bookkeeping = false;
  };

  bool remembering() const { return !engine_.options_.source_name.empty(); }
  void Problem(const std::string& where, const std::string& reason);
  void Progress();
  // Sorts the listing against `entries`, what the store remembers of the source.
  store::Status Compare(std::vector<store::SourceEntry> entries, std::vector<Planned>& to_read);
  bool Protected(const std::string& key) const;
  store::Status ReadAndStore(std::vector<Planned>& to_read);
  store::Result<Staged> Read(const Entry& entry) const;
  // Turns a read entry into the change it calls for and queues it; commits when the group is
  // full or old enough.
  store::Status Decide(const Entry& entry, const store::SourceEntry* remembered, Staged staged);
  store::Status Flush();
  // Calling thread, in a read snapshot: a remembered document that left (trashed, purged) is
  // replaced by a put at the entry's path; the type of content already stored is named.
  store::Status Describe(Pending& pending);
  // Stores the children of `parent` (its change as just applied); then, when every child was
  // stored, records the parent's own change token in place of the provisional one.
  store::Status StoreChildren(const Entry& parent, const store::SourceChange& applied,
                              int64_t document_id);
  store::Status DeleteVanished();
  store::SourceEntry EntryState(const Entry& entry, const store::BlobInfo& blob) const;
  store::PutRequest PutFor(const Entry& entry) const;
  // The source's type hint, else the sniffer's verdict on the first bytes. Thread-safe.
  std::string TypeOf(const Entry& entry, std::string_view head) const;

  IngestEngine& engine_;
  store::Store& store_;
  const IngestOptions& options_;
  Source& source_;
  IngestSummary& summary_;
  EntryFilter filter_;
  IngestProgress progress_;

  std::vector<Entry> listed_;
  std::unordered_set<std::string> listed_keys_;  // taken or left out by the patterns
  std::vector<std::string> protected_prefixes_;
  std::unordered_map<std::string, store::SourceEntry> remembered_;
  std::unordered_set<std::string> vanished_;  // remembered keys gone from the listing
  std::unordered_multimap<std::string, std::string> vanished_by_content_;  // sha256 -> key
  std::vector<Pending> batch_;
  std::chrono::steady_clock::time_point batch_started_;
};

}  // namespace synaps::connectors
