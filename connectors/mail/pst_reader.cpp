#include "connectors/mail/pst_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "dms-server/store/names.h"
#include "indexer/base/helper_program.h"

namespace synaps::connectors::mail {

using store::Result;
using store::Status;

namespace {

constexpr std::string_view kProgram = "synaps-pst-reader";

std::string SignalName(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  return abbreviation != nullptr ? std::string("SIG") + abbreviation
                                 : "signal " + std::to_string(signal);
}

}  // namespace

PstReader::PstReader(std::filesystem::path archive) : archive_(std::move(archive)) {}

PstReader::~PstReader() {
  Stop();
}

void PstReader::Stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  StopLocked();
}

void PstReader::StopLocked() {
  if (pid_ < 0) return;
  ::close(fd_);  // the reader sees the end of its requests and exits
  fd_ = -1;
  base::ReapHelper(pid_, std::chrono::seconds(1));
  pid_ = -1;
  buffer_.clear();
}

Status PstReader::StartLocked() {
  if (pid_ >= 0) return Status::Ok();
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return Status::Io(std::string("cannot start the archive reader: ") + std::strerror(errno));
  }
  // libpst writes its own complaints on standard error; what matters comes back as answers.
  const std::string program = base::HelperProgram(kProgram).string();
  int rc = 0;
  const pid_t pid = base::SpawnHelper({program, archive_.string()}, fds[1], false, &rc);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return Status::Io("cannot start " + program + ": " + std::strerror(rc));
  }
  pid_ = pid;
  fd_ = fds[0];
  SYNAPS_ASSIGN_OR_RETURN(Answer ready, ReadAnswerLocked("opening the archive"));
  if (ready.kind == 'F') {
    StopLocked();
    return Status::Invalid(ready.payload);
  }
  if (ready.kind != 'R') {
    StopLocked();
    return Status::Invalid("the archive reader answered out of turn: is " + program +
                           " from the same build as this program?");
  }
  return Status::Ok();
}

Status PstReader::SendLocked(const std::string& request) {
  const std::string line = request + "\n";
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::send(fd_, line.data() + done, line.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string reason = DescribeEndLocked("taking a request", false);
      return Status::Invalid(reason);
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status PstReader::ReadSomeLocked(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Status::Busy("timeout");
    pollfd poll_fd{fd_, POLLIN, 0};
    const int ready = ::poll(&poll_fd, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return Status::Busy("timeout");
    char chunk[1 << 16];
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Io("end");
    buffer_.append(chunk, static_cast<size_t>(n));
    return Status::Ok();
  }
}

Result<PstReader::Answer> PstReader::ReadAnswerLocked(const std::string& doing) {
  const auto deadline = std::chrono::steady_clock::now() + kAnswerTimeout;
  size_t line_end;
  while ((line_end = buffer_.find('\n')) == std::string::npos) {
    if (buffer_.size() > kMaxPstAnswerHead) break;
    Status read = ReadSomeLocked(deadline);
    if (!read.ok())
      return Status::Invalid(DescribeEndLocked(doing, read.code() == store::ErrorCode::kBusy));
  }
  Answer answer;
  uint64_t length = 0;
  if (line_end == std::string::npos ||
      !ParsePstAnswerHead(std::string_view(buffer_).substr(0, line_end), &answer.kind, &length)) {
    StopLocked();
    return Status::Invalid("malformed answer from the archive reader while " + doing);
  }
  buffer_.erase(0, line_end + 1);
  while (buffer_.size() < length) {
    Status read = ReadSomeLocked(deadline);
    if (!read.ok())
      return Status::Invalid(DescribeEndLocked(doing, read.code() == store::ErrorCode::kBusy));
  }
  answer.payload = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return answer;
}

std::string PstReader::DescribeEndLocked(const std::string& doing, bool timed_out) {
  // At the end of its output the process is ending: give it a moment to be gone.
  bool killed = false;
  const int status = base::ReapHelper(
      pid_, timed_out ? std::chrono::seconds(0) : std::chrono::seconds(5), &killed);
  std::string how;
  if (killed) {
    how = timed_out
              ? "stopped answering (killed after " + std::to_string(kAnswerTimeout.count()) + " s)"
              : "closed its output without ending (killed)";
  } else if (WIFSIGNALED(status)) {
    how = "crashed (" + SignalName(WTERMSIG(status)) + ")";
  } else if (WIFEXITED(status)) {
    how = "exited with status " + std::to_string(WEXITSTATUS(status));
  } else {
    how = "ended";
  }
  pid_ = -1;
  ::close(fd_);
  fd_ = -1;
  buffer_.clear();
  return "the archive reader " + how + " while " + doing +
         ": the archive is damaged there in a way libpst does not survive";
}

Status PstReader::List(std::vector<PstListedMessage>* messages, std::vector<std::string>* skipped) {
  std::lock_guard<std::mutex> lock(mutex_);
  SYNAPS_RETURN_IF_ERROR(StartLocked());
  SYNAPS_RETURN_IF_ERROR(SendLocked("list"));
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(Answer answer, ReadAnswerLocked("listing the archive"));
    switch (answer.kind) {
      case 'E':
        return Status::Ok();
      case 'S':
        skipped->push_back(store::EscapeForDisplay(answer.payload));
        break;
      case 'M': {
        PstListedMessage message;
        if (!ParsePstListing(answer.payload, &message)) {
          StopLocked();
          return Status::Invalid("malformed listing from the archive reader");
        }
        messages->push_back(std::move(message));
        break;
      }
      default:
        StopLocked();
        return Status::Invalid("the archive reader answered out of turn while listing");
    }
  }
}

Result<std::string> PstReader::Message(uint64_t node) {
  std::lock_guard<std::mutex> lock(mutex_);
  SYNAPS_RETURN_IF_ERROR(StartLocked());
  char request[40];
  std::snprintf(request, sizeof request, "message %llx", static_cast<unsigned long long>(node));
  SYNAPS_RETURN_IF_ERROR(SendLocked(request));
  SYNAPS_ASSIGN_OR_RETURN(Answer answer, ReadAnswerLocked("reading this message"));
  if (answer.kind == 'B') return std::move(answer.payload);
  if (answer.kind == 'F') {
    if (answer.payload == "no such message in the archive") {
      return Status::NotFound("no longer in the archive");
    }
    return Status::Invalid(store::EscapeForDisplay(answer.payload));
  }
  StopLocked();
  return Status::Invalid("the archive reader answered out of turn while reading a message");
}

}  // namespace synaps::connectors::mail
