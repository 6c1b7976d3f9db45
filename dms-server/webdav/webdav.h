// WebDAV (RFC 4918, classes 1 and 2) at /dav/: Synaps mounted as a network drive by Windows
// Explorer, macOS Finder, GNOME Files, davfs2, rclone and cadaver.
//
// A front end like the REST API: every method translates into document-service operations
// (dms-server/documents/) made as the authenticated caller, and their Status into WebDAV's
// answers; nothing here decides who may do what. "/dav/" lists the services the caller may read;
// below, their folders and documents under the same names as in the API. Every save is a version
// (saves that are one in the user's eyes are collapsed into one), except editors' and systems'
// junk files, kept aside (junk_files.h); DELETE moves to the trash.
//
// Thread-safety: ServeWebDav() is called from any request thread; the LockManager and the
// DeadProperties and JunkFiles it uses are shared and thread-safe.
#pragma once

#include "dms-server/server/http_exchange.h"
#include "dms-server/webdav/dead_properties.h"
#include "dms-server/webdav/junk_files.h"
#include "dms-server/webdav/locks.h"

namespace synaps::webdav {

// Answers a request whose path is /dav or beneath it, any method. Throws server::HttpError
// like every handler (the one catch in api.cpp answers it).
void ServeWebDav(server::Exchange& x, LockManager& locks, DeadProperties& properties,
                 JunkFiles& junk);

}  // namespace synaps::webdav
