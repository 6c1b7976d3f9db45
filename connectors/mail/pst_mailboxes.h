// PstMailboxes: the messages of Outlook archives (.pst), for the sources that find them (the
// `pst` source, and the `share` and `smb` sources, which read an archive found on a drive as a
// mailbox).
// Each message is stored as Internet mail (the .eml, named by its date and subject) in a folder
// named after the archive and the archive's own folders ("Archives 2019/Boîte de réception"),
// its attachments as documents beside it, like every mail (mail_entries.h).
//
// A message's key is "<archive key>/<its folders>/<node id in hex>": the node id stays while
// the archive lives; a message moved to another folder is recognised by its content and moved
// along ('#' in a folder's name is written "%23" there). Its change token is the ids of the blocks
// it is written in (Outlook writes a changed message anew), so a re-run opens no unchanged message.
// Archives are read by PstReader processes; at most two run at once (the entries of one archive are
// read together), the others being started again when needed.
//
// Thread safety: List(), Children() and the Open() of children from the engine's thread; the
// Open() of messages from any thread.
#pragma once

#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "connectors/mail/mail_entries.h"
#include "connectors/mail/pst_reader.h"
#include "connectors/source/source.h"

namespace synaps::connectors::mail {

// Whether a file's name says it is an Outlook archive ("Archives 2019.PST").
bool IsPstName(const std::string& name);

// The folder an archive's messages go in: its file's name without ".pst" ("Archives 2019").
std::string ArchiveFolderName(const std::string& file_name);

class PstMailboxes {
 public:
  // Lists the messages of the archive at `path` into `sink`, with keys under `key` + "/" and in
  // `folders` then the archive's folders. Returns the archive's problem when it cannot be read
  // at all (not an archive, or one its reader dies listing); what it leaves out (contacts,
  // calendars) goes to `sink` as skipped.
  store::Status List(ListingSink& sink, const std::filesystem::path& path, const std::string& key,
                     const std::vector<std::string>& folders, int64_t mtime_ms);

  // For a source that finds an archive among other files on a drive (`share`, `smb`): lists
  // it as above, its messages in a folder ArchiveFolderName(name) among `folders`, and returns
  // true; false when it cannot be read as an archive, reported to `sink` as stored as a file
  // (`where` names it), so that the source lists it as the file it is.
  bool ListFoundOnDrive(ListingSink& sink, const std::filesystem::path& path,
                        const std::string& where, const std::string& key,
                        std::vector<std::string> folders, const std::string& name,
                        int64_t mtime_ms);

  // Whether `entry` is a message listed by List(), or one of its attachments.
  bool Holds(const Entry& entry) const;

  store::Result<std::unique_ptr<EntryReader>> Open(const Entry& entry);
  store::Result<std::vector<Entry>> Children(const Entry& parent,
                                             const std::filesystem::path& content);

 private:
  struct Listed {
    PstReader* reader;
    uint64_t node;
  };
  // `reader` is about to be used: it goes last among the running ones, the oldest beyond
  // kMaxRunning is stopped.
  void Running(PstReader* reader);

  std::map<std::string, std::unique_ptr<PstReader>> readers_;  // by archive key
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Listed> messages_;  // by entry key
  std::deque<PstReader*> running_;                    // most recently used last
  MailParts parts_;
};

}  // namespace synaps::connectors::mail
