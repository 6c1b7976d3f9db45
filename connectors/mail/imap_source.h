// ImapSource, type "imap": chosen folders of an IMAP account (`imap.folders`, "INBOX" by
// default, "*" for every folder), read through libcurl: imaps:// (TLS), imap:// with
// `imap.tls = starttls`, or plain imap:// (loopback, tests). Over TLS the server's certificate
// and name are always verified, against the system's authorities or those of `imap.ca_file`
// (PEM; a service's own PKI): there is no setting to skip it. Each message is stored as a
// document (the .eml, named by its date and subject) in a folder of its mailbox's name under
// the source's folder, with its thread metadata; its attachments become documents of their own
// beside it (connectors/mail/mail_entries.h).
//
// An entry's key is "<mailbox>/<UIDVALIDITY>/<UID>" and its change token the UID: a message is
// fetched once, then never again while its mailbox keeps its UIDVALIDITY (per mailbox and run,
// EXAMINE, read only, then UID SEARCH by ranges of UIDs, whose answers libcurl passes on whole;
// a listing short of the mailbox's count of messages is refused, never taken for deletions). A new
// UIDVALIDITY lists every message anew; those whose content is stored already only move. Fetching
// marks a message \Seen (libcurl fetches BODY[]): a message that was unseen is marked unseen again
// at once.
//
// `imap.after` acts on a message once it is durably stored (Source::Stored), never before: a
// crash in between fetches it again next run, it is never lost nor stored twice. "seen" marks
// it \Seen, "flag:KEYWORD" sets KEYWORD, "move:MAILBOX" moves it there (the server must offer
// MOVE). With "move", messages leave the listing: nothing is deleted on the ground that a
// message is gone.
//
// The password comes from the source's password file, read when listing; it is never part of a
// URL, a message or a log line. A wrong password, an unreachable server or a failed listing of
// the mailboxes fails List(); a mailbox that cannot be opened is reported and what was stored
// from it is kept.
#pragma once

#include <memory>

#include "connectors/source/source.h"
#include "connectors/source/source_config.h"
#include "dms-server/store/status.h"

namespace synaps::connectors {

// InvalidArgument for a location that is not imap://host[:port]/ or imaps://..., a bad
// imap.after or imap.tls (or one that contradicts the scheme), an imap.ca_file that is not a
// file or is given without TLS, or a missing user.
store::Result<std::unique_ptr<Source>> MakeImapSource(const SourceConfig& config);

}  // namespace synaps::connectors
