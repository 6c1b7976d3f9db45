// MboxSource, type "mbox": an mbox file, or a folder of them walked recursively (Thunderbird's
// "Local Folders": "Inbox", "Archives.sbd/2024"; index files such as *.msf are not mailboxes).
// Each message is stored as a document (the .eml, named by its date and subject) in a folder
// named after its mbox file ("Inbox", "Archives/2024") under the source's folder, with its
// thread metadata; its attachments become documents of their own beside it
// (connectors/mail/mail_entries.h). Messages are cut by MboxSplitter and unquoted (mboxrd).
//
// An entry's key is "<mbox file>/<Message-ID>/<hash>" ("<mbox file>/<hash>" without an id),
// the hash being that of the message's bytes (MboxSplitter), which is also its change token: a
// message keeps its key when others are appended, deleted or the file compacted, and two
// messages with the same Message-ID stay two; identical copies in one mbox are stored once.
// Listing reads every mbox through (no message is opened twice though). An mbox that changes
// between listing and reading has its messages left for the next run. A file that is not an
// mbox is reported and skipped; a missing location fails List().
#pragma once

#include <memory>

#include "connectors/source/source.h"
#include "connectors/source/source_config.h"
#include "dms-server/store/status.h"

namespace synaps::connectors {

// InvalidArgument when the location is not an absolute path.
store::Result<std::unique_ptr<Source>> MakeMboxSource(const SourceConfig& config);

}  // namespace synaps::connectors
