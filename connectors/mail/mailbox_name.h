// Mailbox names as IMAP servers and Maildir++ folders spell them: modified UTF-7 (RFC 3501
// 5.1.3), "&AMk-l&AOk-ments envoy&AOk-s" for "Éléments envoyés".
#pragma once

#include <string>
#include <string_view>

namespace synaps::connectors::mail {

// The UTF-8 form of a modified UTF-7 mailbox name. A malformed one ("&" without "-", bad
// base64, broken UTF-16) is returned as it is, its bytes made valid UTF-8.
std::string DecodeMailboxName(std::string_view name);

// The modified UTF-7 form of a UTF-8 mailbox name (to send it to a server).
std::string EncodeMailboxName(std::string_view name);

}  // namespace synaps::connectors::mail
