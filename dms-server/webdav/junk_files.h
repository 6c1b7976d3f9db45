// JunkFiles: the files that editors and operating systems leave beside documents over WebDAV
// (Office's owner files and temporary saves, LibreOffice's locks, macOS' AppleDouble files and
// .DS_Store, Windows' Thumbs.db and desktop.ini, GNOME's .goutputstream-XXXXXX, backups ending
// in '~'), kept aside so that they never become documents: no version, no index, no audit.
// Clients still PUT, list, read, lock, move and delete them as they expect; each disappears a
// day after it was last written.
//
// An entry is one name in one folder (by folder id, so it follows the folder's renames), whoever
// put it: Office shows its owner file's author to the next user who opens the document. It holds
// its own bytes (a file under the server's data directory), or stands for a document:
//  - a document renamed to a junk name (Office renames the document to ~WRLxxxx.tmp before it
//    moves its temporary save over the document's name) is parked there: the store does not
//    move it, WebDAV shows it at the junk name only, and the next save onto its own name becomes
//    its next version, after which the junk name shows the version it had (`version`);
//  - nothing else: a document is never moved into this area.
// Documents deleted over WebDAV are remembered for a moment (kRecentDeletionMs), so that a save
// moved onto the same name by the same account (Office's other way of saving) finds the
// document again rather than starting a new one.
//
// Held in memory, with their bytes in files under the server's data directory and, beside them,
// a list of the entries (`entries`, rewritten whole at each change), so that a restart keeps
// them until they expire: Office's owner file still names who has the document open, a
// document parked under a junk name stays parked. They are no content of the store: never
// backed up, and a list that cannot be written only costs them at the next restart. The
// documents recently deleted, and the dead properties set on junk files (dead_properties.h),
// live in memory only. Expired entries go when the registry is next used.
//
// Thread-safety: every method may be called from any thread (one mutex).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dms-server/store/status.h"

namespace synaps::webdav {

// Whether a file named `name` is junk (see the top of this file). Folders are never junk.
bool IsJunkName(std::string_view name);

class JunkFiles {
 public:
  struct Entry {
    int64_t folder_id = 0;
    std::string name;
    std::string login;           // who last wrote it
    int64_t size = 0;            // of its own bytes (a parked document shows its own size)
    int64_t modified_at = 0;     // Unix ms, when last written
    int64_t serial = 0;          // unique per write: its entity tag
    std::filesystem::path file;  // its own bytes; empty when it stands for a document
    int64_t document_id = 0;     // the document it stands for, when it does
    // 0: the document itself, hidden at its own name while parked here; N: its version N,
    // what it was before the save that took its name again.
    int version = 0;

    bool parked() const { return document_id != 0 && version == 0; }
    // A strong entity tag, quoted.
    std::string ETag() const;
  };

  // Entries live `lifetime_ms` after their last write. `directory` holds their bytes and their
  // list: when first used, the entries a previous run kept there are read back, and whatever
  // else is there (writes cut short) removed.
  explicit JunkFiles(std::filesystem::path directory, int64_t lifetime_ms = 24 * 3600 * 1000);
  ~JunkFiles();
  JunkFiles(const JunkFiles&) = delete;
  JunkFiles& operator=(const JunkFiles&) = delete;

  std::optional<Entry> Find(int64_t folder_id, const std::string& name);
  // The entries of a folder, by name.
  std::vector<Entry> In(int64_t folder_id);
  // Whether document `document_id` is parked under a junk name (and so hidden at its own).
  bool Parked(int64_t document_id);
  // The documents parked under junk names.
  std::vector<int64_t> ParkedDocuments();

  // A new file to write bytes into, then to Keep() (or to remove if abandoned). IoError when
  // the directory cannot be made.
  store::Result<std::filesystem::path> NewFile();
  // `file` (from NewFile(), `size` bytes) becomes the content of `name` in folder `folder_id`,
  // replacing what was there.
  void Keep(int64_t folder_id, const std::string& name, const std::string& login,
            std::filesystem::path file, int64_t size);
  // Document `document_id` (of `size` bytes) parks under `name` in folder `folder_id`.
  void Park(int64_t folder_id, const std::string& name, const std::string& login,
            int64_t document_id, int64_t size);
  // The parked document `document_id` took its own name again: its junk name now shows its
  // version `version`. Nothing when it is not parked.
  void Unpark(int64_t document_id, int version);
  // Gives the entry `from_name` of `from_folder` the name `to_name` in `to_folder`, replacing
  // what was there. False when there is no such entry.
  bool Rename(int64_t from_folder, const std::string& from_name, int64_t to_folder,
              const std::string& to_name);
  // Removes the entry (and its bytes), if any.
  void Remove(int64_t folder_id, const std::string& name);

  // Remembers that `login` deleted document `document_id` named `name` in folder `folder_id`.
  void RememberDeletion(int64_t folder_id, const std::string& name, const std::string& login,
                        int64_t document_id);
  // The document `login` deleted from that name in the last kRecentDeletionMs, forgotten once
  // told.
  std::optional<int64_t> TakeRecentDeletion(int64_t folder_id, const std::string& name,
                                            const std::string& login);
  static constexpr int64_t kRecentDeletionMs = 2 * 60 * 1000;

 private:
  using Key = std::pair<int64_t, std::string>;
  struct Deletion {
    std::string login;
    int64_t document_id = 0;
    int64_t at = 0;
  };
  void Prepare();                   // reads back the entries kept, once; with mu_ held
  void Save();                      // writes the list of entries; with mu_ held
  void DropExpired();               // with mu_ held (and Prepare()s)
  void Forget(const Entry& entry);  // removes its bytes; with mu_ held
  void Put(Entry entry);            // replaces; with mu_ held
  // Puts `entry` (its bytes or its document set) as written now by `login`.
  void Write(int64_t folder_id, const std::string& name, const std::string& login, int64_t size,
             Entry entry);

  const std::filesystem::path directory_;
  const int64_t lifetime_ms_;
  std::mutex mu_;
  bool prepared_ = false;
  int64_t serial_ = 0;
  std::map<Key, Entry> entries_;
  std::map<Key, Deletion> deletions_;
};

}  // namespace synaps::webdav
