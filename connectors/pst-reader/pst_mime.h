// ComposeMessage: one message of an Outlook archive as Internet mail (RFC 5322 and MIME), the
// form the mail sources store. Part of synaps-pst-reader, the process that reads archives.
//
// The header is the one the message arrived with (PR_TRANSPORT_MESSAGE_HEADERS) when the
// archive kept it, its Content-* fields excepted; otherwise it is made from the message's
// properties (sender, recipients as displayed, subject, date, Message-ID, In-Reply-To). The
// body is rebuilt from what the archive holds: the plain text and the HTML (alternatives of
// each other), or the RTF when it has nothing else (a part "message.rtf"), then every
// attachment, an attached message as message/rfc822; files attached by reference are not in
// the archive and are left out.
//
// Thread safety: none; libpst shares buffers between all its calls. Errors: none; what is
// missing is left out (a message without anything is an empty text/plain message).
#pragma once

#include <string>

extern "C" {
#include <libpst/libpst.h>
}

namespace synaps::connectors::pst {

std::string ComposeMessage(pst_file* archive, pst_item* item);

}  // namespace synaps::connectors::pst
