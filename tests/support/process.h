// Runs a program of the build (or any command) and captures what it prints: used by the tests
// that drive the real `synaps` binary the way an administrator would.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace synaps::testing {

struct ProcessResult {
  int exit_code = -1;  // -signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs `argv` with `input` on standard input and waits for it.
ProcessResult Run(const std::vector<std::string>& argv, const std::string& input = "");

// Starts `argv` with standard output and error sent to /dev/null; returns its pid.
pid_t Spawn(const std::vector<std::string>& argv);

// Path of a program built into build/bin.
std::string BinPath(const std::string& program);

}  // namespace synaps::testing
