// PstSource, type "pst": an Outlook archive (.pst), or a folder searched for them (any name
// ending in .pst, whatever its case). Its messages are stored as mail, in a folder named after
// the archive and its own folders, their attachments beside them (pst_mailboxes.h). An archive
// found on a `share` is read the same way without a source of its own.
//
// A file that is not an archive libpst can read, or one whose reader dies listing it, is
// reported and skipped (what was stored from it stays); a missing location fails List().
#pragma once

#include <memory>

#include "connectors/source/source.h"
#include "connectors/source/source_config.h"
#include "dms-server/store/status.h"

namespace synaps::connectors {

// InvalidArgument when the location is not an absolute path.
store::Result<std::unique_ptr<Source>> MakePstSource(const SourceConfig& config);

}  // namespace synaps::connectors
