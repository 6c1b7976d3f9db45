// Internal: the framed protocol between ExtractionWorker (parent) and synaps-extract-worker.
//
// Every message is a frame: an 8-byte little-endian payload length, then the payload.
//   parent -> worker: request  = EncodeRequest(path, file_name)
//   worker -> parent: "T" + MIME type (sent before parsing, so a crash still names the type)
//                     "D" + EncodeDocument(doc)
// The worker's limits travel once, as command-line arguments (LimitsToArgs()).
// Readers validate every length against what remains and against their own maximum: the
// parent never trusts the worker.
#ifndef SYNAPS_INDEXER_EXTRACT_WORKER_PROTOCOL_H_
#define SYNAPS_INDEXER_EXTRACT_WORKER_PROTOCOL_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/extract/extract.h"

namespace synaps::indexer::worker_protocol {

// Exit status of a worker that ran out of memory (std::bad_alloc) while extracting.
inline constexpr int kExitMemoryLimit = 3;
// Exit status for a malformed request or command line.
inline constexpr int kExitProtocolError = 4;

// Writes one frame to `fd` (a socket or pipe), retrying on EINTR and short writes; never
// raises SIGPIPE. Returns false if the peer is gone or another error occurs.
bool WriteFrame(int fd, std::string_view payload);

enum class ReadResult { kOk, kEof, kTimeout, kTooLarge, kError };

// Reads one frame from `fd` into `*payload`, waiting at most until `deadline`. A frame
// announcing more than `max_payload` bytes is refused (kTooLarge) without reading it.
ReadResult ReadFrame(int fd, std::uint64_t max_payload,
                     std::chrono::steady_clock::time_point deadline, std::string* payload);

std::string EncodeRequest(std::string_view path, std::string_view file_name);
// False if `payload` is not a well-formed request.
bool DecodeRequest(std::string_view payload, std::string* path, std::string* file_name);

std::string EncodeDocument(const ExtractedDocument& doc);
// False if `payload` is malformed (bad lengths, nesting deeper than 64, unknown status). The
// decoded strings are sanitized to valid UTF-8.
bool DecodeDocument(std::string_view payload, ExtractedDocument* doc);

// "--cpu-seconds=30", ... one argument per limit; ParseLimitArg() reads them back (returns
// false if `arg` is not a limit argument or its value is invalid).
std::vector<std::string> LimitsToArgs(const ExtractionLimits& limits);
bool ParseLimitArg(std::string_view arg, ExtractionLimits* limits);

}  // namespace synaps::indexer::worker_protocol

#endif  // SYNAPS_INDEXER_EXTRACT_WORKER_PROTOCOL_H_
