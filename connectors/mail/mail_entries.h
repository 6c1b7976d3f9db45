// The pieces the mail sources (maildir, mbox, pst, imap) share on top of the Source interface: a
// reader that learns a message's name and metadata from its header as the bytes pass, and the
// attachments of the message just stored, offered as its children.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "connectors/filesystem/tree_walker.h"
#include "connectors/source/source.h"
#include "dms-server/store/status.h"

namespace synaps::connectors::mail {

// The MIME type the mail sources give their messages.
inline constexpr const char* kMessageType = "message/rfc822";

// Reads `inner` (the bytes of one message) unchanged, keeping its header block as it passes.
// Finish() finishes `inner`, then parses the header: InvalidArgument "not a mail: ..." fails
// the entry; otherwise the thread metadata (MailMetadata) is appended and Name() gives
// MailDocumentName(header, key).
std::unique_ptr<EntryReader> ReadAsMail(std::unique_ptr<EntryReader> inner, std::string key);

// Walks `location`, a mailbox file or a folder of them (mbox, pst), calling `each` for every
// file (`single`: the location is that file) on the walk's thread. What cannot be read below
// the location goes to `sink` as skipped, protecting what was stored from it; IoError when the
// location itself cannot be read: the source failed.
store::Status WalkMailboxFiles(
    const std::filesystem::path& location, ListingSink& sink,
    const std::function<void(const WalkedFile& file, bool single)>& each);

// `text` as part of an entry's key: '#' (which starts a child's part of a key) as "%23".
std::string KeyPart(const std::string& text);

// An EntryReader over bytes held in memory.
std::unique_ptr<EntryReader> ReadBytes(std::string bytes);

// The attachments of the last message stored, for a mail source's Children() and Open().
// Not thread-safe: Children() and the Open() of children are called from the engine's thread.
class MailParts {
 public:
  // Parses the stored message `content`: its parts as entries "PARENT#N" beside the message,
  // named by PartDocumentNames(), with the parent's change token. Forgets the previous parent.
  store::Result<std::vector<Entry>> Children(const Entry& parent,
                                             const std::filesystem::path& content);
  // The bytes of a child listed by the last Children(), once. NotFound otherwise.
  store::Result<std::unique_ptr<EntryReader>> Open(const Entry& child);

 private:
  std::map<std::string, std::string> bytes_;  // child key -> content
};

}  // namespace synaps::connectors::mail
