// ExtractionWorker: the parent side of the isolation. Spawns synaps-extract-worker with
// posix_spawn (no fork of a large parent), talks to it over a socketpair, enforces the wall
// time and the reply size, and turns every way the worker can die into a status line.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "indexer/base/helper_program.h"
#include "indexer/extract/context.h"
#include "indexer/extract/extract.h"
#include "indexer/extract/type_detector.h"
#include "indexer/extract/worker_protocol.h"

namespace synaps::indexer {
namespace protocol = worker_protocol;

struct ExtractionWorker::Process {
  pid_t pid = -1;
  int fd = -1;        // Our end of the socketpair.
  int documents = 0;  // Requests sent to this process.
};

namespace {

constexpr std::string_view kWorkerProgram = "synaps-extract-worker";
constexpr std::string_view kMalformedReply =
    "extraction failed: malformed reply from the worker: is synaps-extract-worker from the same "
    "build as this program?";

std::filesystem::path ResolveProgram(const std::filesystem::path& configured) {
  if (!configured.empty()) return configured;
  return base::HelperProgram(kWorkerProgram);
}

std::string SignalName(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  return abbreviation != nullptr ? std::string("SIG") + abbreviation
                                 : "signal " + std::to_string(signal);
}

// Why a worker that stopped answering while reading a `mime_type` file is gone.
std::string DescribeExit(int status, const ExtractionLimits& limits, const std::string& mime_type) {
  const std::string reading = " while reading " + mime_type;
  if (WIFEXITED(status)) {
    int code = WEXITSTATUS(status);
    if (code == protocol::kExitMemoryLimit) return extract_internal::MemoryLimitReason(limits);
    if (code == protocol::kExitProtocolError) {
      return "extraction failed: the worker refused its request (exit status 4): is "
             "synaps-extract-worker from the same build as this program?";
    }
    return "extraction failed: the worker exited with status " + std::to_string(code) + reading +
           " (a library it uses gave up on the file)";
  }
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    if (signal == SIGXCPU) {
      return "extraction failed: CPU time limit of " + std::to_string(limits.cpu_seconds) +
             " s exceeded";
    }
    if (signal == SIGKILL) {
      return "extraction failed: worker killed (SIGKILL)" + reading +
             ", by the system's out-of-memory killer or an administrator";
    }
    if (signal == SIGABRT) {
      return "extraction failed: worker crashed (SIGABRT)" + reading +
             ": a library check failed or memory ran out under the limit of " +
             std::to_string(limits.memory_bytes >> 20) + " MiB";
    }
    return "extraction failed: worker crashed (" + SignalName(signal) + ")" + reading +
           ": the file is malformed in a way its reader does not survive";
  }
  return "extraction failed: the worker ended in an unexpected state (wait status " +
         std::to_string(status) + ")" + reading;
}

ExtractedDocument Failed(std::string mime_type, std::string_view reason) {
  ExtractedDocument doc;
  doc.mime_type = std::move(mime_type);
  doc.status = ExtractionStatus::kFailed;
  doc.status_reason = std::string(reason);
  return doc;
}

RenderedPage RenderFailed(std::string reason) {
  RenderedPage page;
  page.status = RenderedPage::Status::kFailed;
  page.reason = std::move(reason);
  return page;
}

// The reasons above, said of a rendering: "rendering failed: ..." for "extraction failed: ...".
std::string Rendering(const std::string& reason) {
  constexpr std::string_view kExtraction = "extraction failed: ";
  if (reason.rfind(kExtraction, 0) != 0) return reason;
  return "rendering failed: " + reason.substr(kExtraction.size());
}

}  // namespace

ExtractionWorker::ExtractionWorker(Options options) : options_(std::move(options)) {}

ExtractionWorker::~ExtractionWorker() {
  std::lock_guard<std::mutex> lock(mutex_);
  StopLocked(/*kill_now=*/false);
}

pid_t ExtractionWorker::worker_pid() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return process_ ? process_->pid : -1;
}

void ExtractionWorker::StopLocked(bool kill_now) {
  if (!process_) return;
  if (kill_now) ::kill(process_->pid, SIGKILL);
  ::close(process_->fd);  // The worker sees end of input and exits.
  base::ReapHelper(process_->pid, std::chrono::milliseconds(kill_now ? 0 : 1000));
  process_.reset();
}

bool ExtractionWorker::EnsureStartedLocked(std::string* error) {
  if (process_) return true;
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    *error = std::string("socketpair: ") + std::strerror(errno);
    return false;
  }
  std::string program = ResolveProgram(options_.program).string();
  std::vector<std::string> args = {program};
  for (std::string& arg : protocol::LimitsToArgs(options_.limits)) args.push_back(std::move(arg));
  int rc = 0;
  const pid_t pid = base::SpawnHelper(args, fds[1], options_.inherit_stderr, &rc);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    *error = "cannot start " + program + ": " + std::strerror(rc);
    return false;
  }
  process_ = std::make_unique<Process>();
  process_->pid = pid;
  process_->fd = fds[0];
  return true;
}

std::string ExtractionWorker::SendLocked(const std::string& request, const std::string& mime_type) {
  // A worker that died while idle only shows it now: one fresh start is then fair. A fresh
  // worker that cannot take a request reports why it died.
  for (int attempt = 0;; ++attempt) {
    std::string error;
    if (!EnsureStartedLocked(&error)) return "extraction failed: " + error;
    if (protocol::WriteFrame(process_->fd, request)) break;
    bool was_idle = process_->documents > 0;
    ::close(process_->fd);
    int status = base::ReapHelper(process_->pid, std::chrono::milliseconds(2000));
    process_.reset();
    if (!was_idle || attempt > 0) return DescribeExit(status, options_.limits, mime_type);
  }
  ++process_->documents;
  return {};
}

RenderedPage ExtractionWorker::RenderPage(const std::filesystem::path& path, int page, int width) {
  std::lock_guard<std::mutex> lock(mutex_);
  try {
    return RenderLocked(path, page, width);
  } catch (const std::exception& e) {
    StopLocked(/*kill_now=*/true);
    std::string why = dynamic_cast<const std::bad_alloc*>(&e) != nullptr
                          ? std::string("out of memory in this process")
                          : e.what();
    return RenderFailed("rendering failed: cannot talk to the extraction worker: " + why);
  }
}

RenderedPage ExtractionWorker::RenderLocked(const std::filesystem::path& path, int page,
                                            int width) {
  if (page < 1 || width < kMinRenderWidth || width > kMaxRenderWidth) {
    return RenderFailed("rendering failed: page " + std::to_string(page) + " at " +
                        std::to_string(width) + " pixels is not something to draw");
  }
  const std::string kPdf = "application/pdf";
  std::string sent = SendLocked(protocol::EncodeRenderRequest(path.string(), page, width), kPdf);
  if (!sent.empty()) return RenderFailed(Rendering(sent));
  const ExtractionLimits& limits = options_.limits;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.wall_seconds);
  constexpr std::uint64_t kMaxReply = kMaxPngBytes + 64 * 1024;  // the image and its framing
  std::string payload;
  protocol::ReadResult result = protocol::ReadFrame(process_->fd, kMaxReply, deadline, &payload);
  switch (result) {
    case protocol::ReadResult::kOk: {
      RenderedPage rendered;
      if (!payload.empty() && payload[0] == 'P' &&
          protocol::DecodeRenderedPage(std::string_view(payload).substr(1), &rendered)) {
        return rendered;
      }
      StopLocked(/*kill_now=*/true);
      return RenderFailed(Rendering(std::string(kMalformedReply)));
    }
    case protocol::ReadResult::kTimeout:
      StopLocked(/*kill_now=*/true);
      return RenderFailed("rendering failed: timed out after " +
                          std::to_string(limits.wall_seconds) + " s");
    case protocol::ReadResult::kTooLarge:
      StopLocked(/*kill_now=*/true);
      return RenderFailed("rendering failed: the worker's image exceeds " +
                          std::to_string(kMaxPngBytes >> 20) + " MiB");
    case protocol::ReadResult::kEof:
    case protocol::ReadResult::kError:
      break;
  }
  ::close(process_->fd);
  int status = base::ReapHelper(process_->pid, std::chrono::milliseconds(2000));
  process_.reset();
  return RenderFailed(Rendering(DescribeExit(status, limits, kPdf)));
}

ExtractedDocument ExtractionWorker::Extract(const std::filesystem::path& path,
                                            std::string_view file_name) {
  std::lock_guard<std::mutex> lock(mutex_);
  try {
    return ExtractLocked(path, file_name);
  } catch (const std::exception& e) {
    StopLocked(/*kill_now=*/true);
    std::string why = dynamic_cast<const std::bad_alloc*>(&e) != nullptr
                          ? std::string("out of memory in this process")
                          : e.what();
    return Failed("application/octet-stream",
                  "extraction failed: cannot talk to the extraction worker: " + why);
  }
}

ExtractedDocument ExtractionWorker::ExtractLocked(const std::filesystem::path& path,
                                                  std::string_view file_name) {
  std::string mime_type = TypeDetector::TypeFromExtension(
      file_name.empty() ? path.filename().string() : std::string(file_name));
  if (mime_type.empty()) mime_type = "application/octet-stream";
  std::string sent = SendLocked(protocol::EncodeRequest(path.string(), file_name), mime_type);
  if (!sent.empty()) return Failed(mime_type, sent);

  const ExtractionLimits& limits = options_.limits;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.wall_seconds);
  // Text is capped by the worker; the slack covers properties, names and framing.
  std::uint64_t max_reply = limits.max_text_bytes + 64ull * 1024 * 1024;
  for (;;) {
    std::string payload;
    protocol::ReadResult result = protocol::ReadFrame(process_->fd, max_reply, deadline, &payload);
    if (result == protocol::ReadResult::kOk && !payload.empty() && payload[0] == 'T') {
      if (payload.size() > 1 && payload.size() < 256) mime_type = payload.substr(1);
      continue;
    }
    if (result == protocol::ReadResult::kOk && !payload.empty() && payload[0] == 'D') {
      ExtractedDocument doc;
      if (protocol::DecodeDocument(std::string_view(payload).substr(1), &doc)) return doc;
      StopLocked(/*kill_now=*/true);
      return Failed(mime_type, kMalformedReply);
    }
    switch (result) {
      case protocol::ReadResult::kTimeout:
        StopLocked(/*kill_now=*/true);
        return Failed(mime_type, "extraction failed: timed out after " +
                                     std::to_string(limits.wall_seconds) + " s");
      case protocol::ReadResult::kTooLarge:
        StopLocked(/*kill_now=*/true);
        return Failed(mime_type, "extraction failed: the worker's reply exceeds " +
                                     std::to_string(max_reply >> 20) +
                                     " MiB (the text limit plus 64 MiB of metadata)");
      case protocol::ReadResult::kOk:
        StopLocked(/*kill_now=*/true);
        return Failed(mime_type, kMalformedReply);
      case protocol::ReadResult::kEof:
      case protocol::ReadResult::kError: {
        ::close(process_->fd);
        int status = base::ReapHelper(process_->pid, std::chrono::milliseconds(2000));
        process_.reset();
        return Failed(mime_type, DescribeExit(status, limits, mime_type));
      }
    }
  }
}

}  // namespace synaps::indexer
