#include "indexer/base/helper_program.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <thread>

extern char** environ;

namespace synaps::base {

std::filesystem::path HelperProgram(std::string_view name) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    for (const auto& candidate :
         {self.parent_path() / name, self.parent_path().parent_path() / "lib" / "synaps" / name}) {
      if (std::filesystem::exists(candidate, error)) return candidate;
    }
  }
  return std::filesystem::path(name);
}

pid_t SpawnHelper(const std::vector<std::string>& argv, int stdio_fd, bool inherit_stderr,
                  int* error) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdio_fd, 0);
  posix_spawn_file_actions_adddup2(&actions, stdio_fd, 1);
  if (!inherit_stderr) posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<std::string> args = argv;
  std::vector<char*> pointers;
  for (std::string& arg : args) pointers.push_back(arg.data());
  pointers.push_back(nullptr);
  const std::string& program = args.front();
  pid_t pid = -1;
  const int rc =
      program.find('/') != std::string::npos
          ? posix_spawn(&pid, program.c_str(), &actions, &attributes, pointers.data(), environ)
          : posix_spawnp(&pid, program.c_str(), &actions, &attributes, pointers.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    *error = rc;
    return -1;
  }
  return pid;
}

int ReapHelper(pid_t pid, std::chrono::milliseconds grace, bool* killed) {
  if (killed != nullptr) *killed = false;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + grace;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return status;
    if (done < 0 && errno != EINTR) return 0;
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  if (killed != nullptr) *killed = true;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace synaps::base
