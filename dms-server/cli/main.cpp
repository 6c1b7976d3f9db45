// synaps: the admin and batch command line of Synaps. It works directly on a data directory
// (--data DIR, else $SYNAPS_DATA, else the build's default) and is what the docs and tests use.
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "dms-server/cli/command.h"
#include "dms-server/cli/output.h"

#ifndef SYNAPS_DEFAULT_DATA_DIR
#define SYNAPS_DEFAULT_DATA_DIR "/var/lib/synaps"
#endif

namespace {

using synaps::cli::Command;

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto group : {synaps::cli::AdminCommands(), synaps::cli::DocumentCommands(),
                     synaps::cli::OrganizeCommands(), synaps::cli::SharingCommands(),
                     synaps::cli::SearchCommands(), synaps::cli::MaintenanceCommands()}) {
    all.insert(all.end(), group.begin(), group.end());
  }
  return all;
}

void PrintHelp(const std::vector<Command>& commands) {
  std::cout << "usage: synaps [--data DIR] [--json] COMMAND [ARGS]\n\n"
               "DOC is a document id or a path /SERVICE/folder/name.\n"
               "DIR defaults to $SYNAPS_DATA, then " SYNAPS_DEFAULT_DATA_DIR ".\n\ncommands:\n";
  for (const Command& command : commands) {
    std::cout << "  " << command.usage << "\n      " << command.summary << '\n';
  }
}

std::string UnixUser() {
  if (const passwd* entry = ::getpwuid(::geteuid())) return entry->pw_name;
  return std::to_string(::geteuid());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  synaps::cli::Context context;
  if (const char* env = std::getenv("SYNAPS_DATA"); env && *env) {
    context.data_dir = env;
  } else {
    context.data_dir = SYNAPS_DEFAULT_DATA_DIR;
  }
  context.actor.login = "cli:" + UnixUser();

  // Global options come before the command; --json is also accepted after it.
  size_t index = 0;
  for (; index < words.size(); ++index) {
    if (words[index] == "--json") {
      context.json = true;
    } else if (words[index] == "--data" && index + 1 < words.size()) {
      context.data_dir = words[++index];
    } else if (words[index].rfind("--data=", 0) == 0) {
      context.data_dir = words[index].substr(7);
    } else {
      break;
    }
  }
  auto commands = AllCommands();
  if (index >= words.size() || words[index] == "help" || words[index] == "--help" ||
      words[index] == "-h") {
    PrintHelp(commands);
    return index >= words.size() ? 2 : 0;
  }
  std::string name = words[index];
  std::vector<std::string> rest;
  for (size_t i = index + 1; i < words.size(); ++i) {
    if (words[i] == "--json") {
      context.json = true;
    } else {
      rest.push_back(words[i]);
    }
  }
  for (const Command& command : commands) {
    if (command.name != name) continue;
    synaps::cli::Arguments arguments(rest, command.options);
    if (!arguments.error().empty()) {
      return synaps::cli::UsageError(arguments.error() + "; usage: synaps " + command.usage,
                                     context.json);
    }
    return command.run(context, arguments);
  }
  return synaps::cli::UsageError("unknown command '" + name + "'", context.json);
}
