#include "indexer/extract/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

extern char** environ;

namespace synaps::indexer::extract_internal {

SubprocessResult RunFilter(const std::vector<std::string>& argv, int wall_seconds,
                           std::uint64_t max_output_bytes) {
  SubprocessResult result;
  int fds[2];
  int errors[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return result;
  if (pipe2(errors, O_CLOEXEC) != 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return result;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, errors[1], 2);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  ::close(errors[1]);
  if (rc != 0) {
    ::close(fds[0]);
    ::close(errors[0]);
    return result;
  }
  result.started = true;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wall_seconds);
  char buffer[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      result.timed_out = true;
      break;
    }
    pollfd pfds[2] = {{fds[0], POLLIN, 0}, {errors[0], POLLIN, 0}};
    // Once stderr is closed only stdout is watched (poll ignores negative descriptors).
    int ready = ::poll(pfds, 2, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;  // Timeout is rechecked above.
    if (pfds[1].revents != 0) {
      ssize_t got = ::read(errors[0], buffer, sizeof(buffer));
      if (got > 0) {
        std::size_t room = SubprocessResult::kMaxErrorBytes - result.error_output.size();
        result.error_output.append(buffer, std::min(room, static_cast<std::size_t>(got)));
      } else if (got == 0 || errno != EINTR) {
        ::close(errors[0]);
        errors[0] = -1;
      }
    }
    if (pfds[0].revents == 0) continue;
    ssize_t got = ::read(fds[0], buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    std::uint64_t room = max_output_bytes - result.output.size();
    if (static_cast<std::uint64_t>(got) > room) {
      result.output.append(buffer, static_cast<std::size_t>(room));
      result.truncated = true;
      break;
    }
    result.output.append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fds[0]);
  if (errors[0] >= 0) ::close(errors[0]);
  if (result.timed_out || result.truncated) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

}  // namespace synaps::indexer::extract_internal
