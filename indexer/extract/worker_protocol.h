// Internal: the framed protocol between ExtractionWorker (parent) and synaps-extract-worker.
//
// Every message is a frame: an 8-byte little-endian payload length, then the payload. A
// request starts with its kind, and each kind has its answers:
//   extract: parent -> worker  EncodeRequest(path, file_name)          ("E" ...)
//            worker -> parent  "T" + MIME type (sent before parsing, so a crash still names
//                              the type), then "D" + EncodeDocument(doc)
//   render:  parent -> worker  EncodeRenderRequest(path, page, width)  ("R" ...)
//            worker -> parent  "P" + EncodeRenderedPage(page)
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

// What a request asks: kExtract or kRender by its first byte, kUnknown otherwise.
enum class RequestKind { kExtract, kRender, kUnknown };
RequestKind KindOf(std::string_view request);

// page is 1-based; width in pixels.
std::string EncodeRenderRequest(std::string_view path, int page, int width);
// False if `payload` is not a well-formed render request: a path with a NUL, a page below 1,
// a width outside [kMinRenderWidth, kMaxRenderWidth].
bool DecodeRenderRequest(std::string_view payload, std::string* path, int* page, int* width);

std::string EncodeRenderedPage(const RenderedPage& page);
// False if `payload` is malformed or lies: an unknown status, a page count below 0, a PNG
// larger than kMaxPngBytes, with a bad signature or header, or whose header's dimensions are
// not those announced or are beyond kMaxRenderWidth x kMaxRenderHeight; an image with any
// status but kOk. The reason is sanitized to valid UTF-8.
bool DecodeRenderedPage(std::string_view payload, RenderedPage* page);

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
