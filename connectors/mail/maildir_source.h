// MaildirSource, type "maildir": a Maildir (cur/ and new/ under the location) with its Maildir++
// folders (".Sent", ".Archives.2024", names in modified UTF-7), each message stored as a
// document (the .eml, named by its date and subject) in a folder of the mailbox's name
// ("INBOX", "Sent", "Archives/2024") under the source's folder, with its thread metadata;
// its attachments become documents of their own beside it (connectors/mail/mail_entries.h).
//
// An entry's key is "<folder>/<unique name>", the file's name without its flags (":2,S"), so
// that a message that is read, flagged or moved from new/ to cur/ is the same entry; its change
// token is its size and time. A message moved to another folder is recognised by its content
// (a move). tmp/ is never read (deliveries in progress). A folder that cannot be read protects
// what was stored from it; a location without cur/ fails List().
#pragma once

#include <memory>

#include "connectors/source/source.h"
#include "connectors/source/source_config.h"
#include "dms-server/store/status.h"

namespace synaps::connectors {

// InvalidArgument when the location is not an absolute path.
store::Result<std::unique_ptr<Source>> MakeMaildirSource(const SourceConfig& config);

}  // namespace synaps::connectors
