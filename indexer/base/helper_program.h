// The helper programs Synaps runs in a process of their own (synaps-extract-worker,
// synaps-pst-reader): where they are, and how they are started.
//
// Thread safety: both functions may be called from any thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace synaps::base {

// The helper's path: beside the running program in a build tree, in lib/synaps/ beside its bin/
// once installed (/usr/bin/synaps runs /usr/lib/synaps/synaps-pst-reader), whatever the
// prefix; `name` alone (to be searched on PATH) when it is in neither place.
std::filesystem::path HelperProgram(std::string_view name);

// Starts `argv` (argv[0] a path, or a name searched on PATH) with `stdio_fd` as its standard
// input and output, standard error inherited or /dev/null, no other descriptor of ours (a
// large parent's database and sockets never leak into it), and every signal at its default,
// unblocked. Returns its pid, or -1 with `*error` set (an errno value).
pid_t SpawnHelper(const std::vector<std::string>& argv, int stdio_fd, bool inherit_stderr,
                  int* error);

// Waits up to `grace` for helper `pid` to exit, then kills it (SIGKILL) and waits for that;
// `*killed` (when given) says whether it had to. Returns the wait status.
int ReapHelper(pid_t pid, std::chrono::milliseconds grace, bool* killed = nullptr);

}  // namespace synaps::base
