// What synaps-pst-reader (connectors/pst-reader/) and the sources that run it say to each
// other. The reader is the process that opens an Outlook archive: libpst was not written for
// hostile files, so it runs apart, and what it answers is outside input here.
//
// Requests, on its standard input, one line each: "list" (every message of the archive) or
// "message <node id in hex>" (one message as Internet mail).
// Answers, on its standard output: a head line "<kind> <length in decimal>\n", then <length>
// bytes of payload. Kinds:
//   'R' ready: the archive opened (sent once at start; 'F' instead when it cannot be opened)
//   'M' one message listed (FormatPstListing)     'S' something left out while listing (reason)
//   'E' the end of a listing                      'B' the bytes of the message asked for
//   'F' the request failed (reason)
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace synaps::connectors::mail {

// The longest answer read: a message with its attachments, as Internet mail.
inline constexpr uint64_t kMaxPstAnswer = uint64_t{512} << 20;
// The longest head line, '\n' excluded.
inline constexpr size_t kMaxPstAnswerHead = 32;

struct PstListedMessage {
  uint64_t node = 0;                 // its node id in the archive: stable while the archive lives
  std::string change_token;          // changes when the message is written again (its block ids)
  std::vector<std::string> folders;  // the folders it is in, from the top of the archive
};

std::string FormatPstAnswer(char kind, std::string_view payload);

// Reads a head line (without its '\n'): false unless it is an ASCII letter, one space and a
// decimal length of at most kMaxPstAnswer.
bool ParsePstAnswerHead(std::string_view line, char* kind, uint64_t* length);

// "<node in hex>\t<token>\t<folder>\t<folder>...": tabs, line ends and other control
// characters in folder names are written as spaces.
std::string FormatPstListing(const PstListedMessage& message);

// False unless `payload` is a listing as FormatPstListing writes it, with a token of letters,
// digits and '-' and folder names of valid UTF-8. The names are made valid for the store
// ('/', '\' and control characters as spaces, no leading or trailing space, "." and ".." and empty
// as "_", cut to 255 bytes).
bool ParsePstListing(std::string_view payload, PstListedMessage* message);

}  // namespace synaps::connectors::mail
