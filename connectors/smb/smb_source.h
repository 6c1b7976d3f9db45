// SmbSource, type "smb": a folder of an SMB share (Windows servers, Samba), read through
// libsmbclient without mounting it. The location is smb://server[:port]/share[/path]; the user
// and the password file of the source's configuration log in (no password file: Kerberos, with
// the service's ticket); option smb.workgroup names the domain.
//
// Entries are regular files, keyed by their path below the location, with their size and
// modification time (nanoseconds) as change token, as the share source does. A folder that
// cannot be listed is reported and protects what was stored from it; a location that cannot be
// reached or listed (unknown server, wrong password) fails List(). A file whose size or time
// moved while it was read is left for the next run (Conflict).
//
// An Outlook archive (*.pst, any case) is read as a mailbox, as on a `share`
// (mail/pst_mailboxes.h): libpst reads files, so each archive is copied, while listing, into a
// temporary folder of the run (removed with the source). One that cannot be read as an archive
// is stored as the file it is, and said to be.
//
// Reading runs on several threads: each reader borrows a connection (an SMBCCTX) of its own
// from a small pool, which keeps them for the next file. libsmbclient's calls themselves take
// turns (the library is not thread-safe); hashing and writing blobs still overlap them.
#pragma once

#include <memory>

#include "connectors/source/source.h"
#include "connectors/source/source_config.h"
#include "dms-server/store/status.h"

namespace synaps::connectors {

// InvalidArgument when the location is not an smb:// URL naming a server and a share.
store::Result<std::unique_ptr<Source>> MakeSmbSource(const SourceConfig& config);

}  // namespace synaps::connectors
