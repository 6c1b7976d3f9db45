// Source: where the ingest engine finds documents (a share, an SMB share, a Maildir, an mbox, an
// IMAP account...). One implementation per type; one engine (connectors/ingest/) compares what a
// source lists with what it stored last time, stores what is new or changed, recognises moves,
// applies deletions and records the run. A source only reads: it never touches the store.
//
// The engine drives a source in this order, on one thread:
//   1. List(): every entry the source holds now, each with a stable key and a change token.
//      Listing is cheap (names and sizes, no content): the engine skips an entry whose token
//      equals the one it stored last time without opening it.
//   2. Open(entry) for each entry the engine wants (new key, or token changed), then Read()
//      until 0 and Finish(). Several entries may be open at once, on other threads (the engine
//      reads ahead): Open() and the readers it returns must be thread-safe with respect to
//      each other; List(), Children() and Stored() are only called from the engine's thread.
//   3. Children(entry, content), after an entry was read and stored as new content or moved:
//      the parts of it that become documents of their own (a mail's attachments), parsed from
//      the bytes just stored. Each is then opened and stored like any entry, with the parent's
//      document recorded on it.
//   4. Stored(entry, document_id) once the entry is durably in the store (its transaction has
//      committed), whether it created a version or was already there. IMAP marks or moves a
//      message only then: a crash before it re-fetches the message, never loses it.
//
// Errors: a Status that fails from List() means the source itself failed (unreachable server,
// wrong password, missing path): the run stops, nothing is deleted, and `synaps ingest` exits
// non-zero. Problems with one entry (unreadable file, malformed mail) are reported through the
// listing's Problem() or by Open()/Read()/Finish() failing: the engine records them with their
// reason and goes on. Messages never contain secrets (passwords, tokens).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dms-server/store/status.h"

namespace synaps::connectors {

// Per-entry metadata stored with the document (mail headers, thread ids, the sender...): keys
// are short ASCII names ("mail.from", "mail.message_id", "mail.in_reply_to", "mail.thread"),
// values one line of UTF-8. Stored as the document's metadata (Store::SetMetadata).
using EntryMetadata = std::vector<std::pair<std::string, std::string>>;

// One thing a source holds that can become a document.
struct Entry {
  // Stable and unique within the source across runs: the same item gets the same key next
  // night (a share: the path relative to the location; IMAP: "INBOX/<uidvalidity>/<uid>").
  // A child's key starts with its parent's key followed by '#'.
  std::string key;
  // Changes whenever the content may have changed (a share: size and mtime in nanoseconds;
  // IMAP: the UID, messages being immutable). Equal token next run = unchanged, not opened.
  std::string change_token;
  // Where the document goes, under the source's target folder, and its name (UTF-8, no '/').
  std::vector<std::string> folder;
  std::string name;
  int64_t size = -1;       // in bytes, -1 when unknown before reading
  int64_t mtime_ms = 0;    // last modification at the source, Unix ms; 0 when unknown
  std::string mime_type;   // a hint ("message/rfc822"); empty: the engine detects it
  EntryMetadata metadata;  // known at listing time (more may come from Finish())
  std::string parent_key;  // for a child: its parent's key; empty otherwise
};

// The bytes of one entry, read once, front to back. Owned by the engine; destroyed after
// Finish() or when the engine gives up on the entry.
class EntryReader {
 public:
  virtual ~EntryReader() = default;
  // Reads up to `size` bytes into `buffer`; returns how many, 0 at the end. An error fails this
  // entry only.
  virtual store::Result<size_t> Read(char* buffer, size_t size) = 0;
  // Called once after Read() returned 0. Conflict when the entry changed while it was read (a
  // file still being written): the engine leaves it for the next run and counts it skipped.
  // A source that learns metadata from the content (mail headers) appends it to `metadata`.
  virtual store::Status Finish(EntryMetadata& metadata) {
    (void)metadata;
    return store::Status::Ok();
  }
  // After a successful Finish(): the document's name learnt from the content (a mail's date and
  // subject), used instead of Entry::name; empty keeps Entry::name. Like Entry::name it must
  // differ for every key of the source that lands in the same folder.
  virtual std::string Name() const { return {}; }
};

// What a listing reports as it goes. Implemented by the engine.
class ListingSink {
 public:
  virtual ~ListingSink() = default;
  // An entry present at the source now. Keys must not repeat within one listing.
  virtual void Add(Entry entry) = 0;
  // Something left out, with a one-line reason ("symbolic link loop", "permission denied",
  // "name is not valid UTF-8"), shown to the operator and counted as skipped. `where` names it
  // for humans (a path, a folder and UID).
  //
  // `protect_key_prefix` non-empty says the listing is incomplete below it (an unreadable
  // directory, a mail folder that could not be opened): entries stored earlier whose key starts
  // with it are kept as they are this run instead of being treated as deleted.
  virtual void Skipped(const std::string& where, const std::string& reason,
                       const std::string& protect_key_prefix = {}) = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  Source() = default;
  Source(const Source&) = delete;
  Source& operator=(const Source&) = delete;

  // The location as shown to operators and recorded in run records ("smb://srv/partage/ddt",
  // "/srv/partages/cab"), never with a secret in it.
  virtual std::string Describe() const = 0;

  // Whether List() reports every entry the source holds. A source that lists only what is new
  // (an IMAP folder read from the last UID on) returns false: the engine then never deletes or
  // moves anything on the ground that a key is absent.
  virtual bool ListsEverything() const { return true; }

  // Lists the entries, calling `sink` for each one and each problem. Fails only when the source
  // itself failed (see the top of this file).
  virtual store::Status List(ListingSink& sink) = 0;

  // Opens one listed entry (or a child) for reading. NotFound when it vanished since listing
  // (counted skipped, reported); other errors fail the entry.
  virtual store::Result<std::unique_ptr<EntryReader>> Open(const Entry& entry) = 0;

  // How many entries are worth reading at once (the engine reads with the smaller of this and
  // its own number of reader threads). A source whose calls are serialised anyway says 1: a
  // second reader would only hand its lock back and forth.
  virtual size_t MaxConcurrentReads() const { return std::numeric_limits<size_t>::max(); }

  // Whether `entry` may have children (Children() below). Such an entry is first remembered
  // with a provisional change token, replaced by its own once its children are stored: a run
  // killed in between reads it again next time, and stores its children then.
  virtual bool HasChildren(const Entry& entry) const {
    (void)entry;
    return false;
  }

  // The children of `parent` (a mail's attachments), as entries with parent_key = parent.key
  // and keys starting with parent.key + '#', named (Entry::name) uniquely within the parent's
  // folder. `content` is the file holding the parent's bytes as just stored (read only), so that
  // nothing is fetched twice; Open() of a child is called right after, before the next call of
  // Children(). Called when the parent was stored with new content, and when it moved (its
  // children then move along). Most sources have none.
  virtual store::Result<std::vector<Entry>> Children(const Entry& parent,
                                                     const std::filesystem::path& content) {
    (void)parent;
    (void)content;
    return std::vector<Entry>{};
  }

  // `entry` is durably stored as document `document_id` (see the top of this file). An error
  // is reported for the entry but changes nothing stored; the source sees it again next run.
  virtual store::Status Stored(const Entry& entry, int64_t document_id) {
    (void)entry;
    (void)document_id;
    return store::Status::Ok();
  }
};

}  // namespace synaps::connectors
