// WritePst: writes a small Outlook archive (.pst, the Unicode format of Outlook 2003 and later)
// for the tests of what reads them. Nobody ships a PST writer, and the archives found on the
// services' drives cannot be put in a repository: the tests describe the archive they need and
// this writes it, following [MS-PST] (header, block and node B-trees, heaps, property and table
// contexts, sub-nodes).
//
// It writes what a reader needs and no more: no allocation maps (the header says they must be
// rebuilt, as Outlook does after a crash), no hierarchy or contents tables, no named
// properties. Every block's identifier is derived from its bytes, so writing an archive again
// with one message changed changes that message's blocks only, as Outlook's copy-on-write does.
// Messages and folders keep the identifier (`id`) the test gives them, or one in order.
//
// Throws std::runtime_error when the archive does not fit what it writes (a message whose
// properties do not fit one 8 KiB heap block, an attachment over 8 MiB).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace synaps::testing {

struct PstAttachment {
  std::string filename;   // UTF-8
  std::string mime_type;  // empty: none recorded
  std::string data;
};

struct PstMessage {
  uint32_t id = 0;  // the node's index (1..0x7FFFFFF), 0: the next one in order
  std::string subject;
  std::string body;       // plain text, UTF-8
  std::string html_body;  // empty: none
  std::string rtf_body;   // RTF, stored compressed (PR_RTF_COMPRESSED); empty: none
  std::string sender_name;
  std::string sender_email;
  std::string display_to;  // "Alice Martin; Bob Durand", as Outlook keeps it
  std::string message_id;
  std::string in_reply_to;
  std::string transport_headers;  // the Internet header as received; empty: none
  int64_t submit_time = 0;        // Unix seconds; 0: none
  std::vector<PstAttachment> attachments;
  // Written damaged: its flags have a property type that does not exist, which libpst 0.6.76
  // does not survive reading (SIGSEGV); it is listed all the same.
  bool damaged = false;
};

struct PstFolder {
  uint32_t id = 0;  // as PstMessage::id
  std::string name;
  std::vector<PstMessage> messages;
  std::vector<PstFolder> folders;
};

// Writes an archive whose top of personal folders holds `top`'s messages and folders (its
// name is the archive's display name) to `path`, replacing it.
void WritePst(const std::filesystem::path& path, const PstFolder& top);

}  // namespace synaps::testing
