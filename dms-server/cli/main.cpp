// synaps: the admin and batch command line of Synaps. It works directly on a data directory
// (--data DIR, else synaps.data_dir from the settings files, else $SYNAPS_DATA, else the build's
// default) and is what the docs and tests use. It reads the server's settings files
// (settings.h), so that what it extracts stays within the same synaps.extract.* limits.
#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "dms-server/cli/command.h"
#include "dms-server/cli/output.h"
#include "dms-server/cli/terminal_text.h"
#include "dms-server/settings/layout.h"
#include "dms-server/settings/settings.h"

namespace {

using synaps::cli::Command;

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto group : {synaps::cli::AdminCommands(), synaps::cli::DocumentCommands(),
                     synaps::cli::OrganizeCommands(), synaps::cli::SharingCommands(),
                     synaps::cli::SearchCommands(), synaps::cli::MaintenanceCommands(),
                     synaps::cli::SourceCommands(), synaps::cli::BackupCommands()}) {
    all.insert(all.end(), group.begin(), group.end());
  }
  return all;
}

void PrintHelp(const std::vector<Command>& commands) {
  auto layout = synaps::settings::ProgramLayout();
  std::string shipped =
      layout.shipped_config_dir.empty() ? "" : layout.shipped_config_dir + "/synaps.properties, ";
  std::cout << "usage: synaps [--data DIR] [--config FILE] [--json] COMMAND [ARGS]\n\n"
               "DOC is a document id or a path /SERVICE/folder/name.\n"
               "DIR defaults to synaps.data_dir in the settings, then $SYNAPS_DATA, then "
            << layout.default_data_dir
            << ".\n"
               "Settings: "
            << shipped
            << "/etc/synaps/synaps.properties\n(or $SYNAPS_SYSTEM_CONFIG), "
               "/etc/synaps/conf.d/*.properties, then FILE.\n\n"
               "commands:\n";
  for (const Command& command : commands) {
    std::cout << "  " << command.usage << "\n      " << command.summary << '\n';
  }
}

std::string UnixUser() {
  if (const passwd* entry = ::getpwuid(::geteuid())) return entry->pw_name;
  return std::to_string(::geteuid());
}

// Reads the settings files into `context`: the data directory (unless --data gave one), the
// extraction limits and the audit log's retention. False, after saying why, on a bad file or value.
bool LoadSettings(const std::string& config_file, const std::string& data_option,
                  synaps::cli::Context* context) {
  Poco::AutoPtr<Poco::Util::LayeredConfiguration> settings(new Poco::Util::LayeredConfiguration);
  std::vector<std::string> read;
  std::string error;
  auto layout = synaps::settings::ProgramLayout();
  if (!synaps::settings::Load(synaps::settings::Layers(layout.shipped_config_dir, config_file),
                              *settings, &read, &error)) {
    std::cerr << "synaps: " << error << '\n';
    return false;
  }
  try {
    context->data_dir = data_option.empty()
                            ? synaps::settings::DataDirectory(*settings, layout.default_data_dir)
                            : data_option;
    context->sources_dir =
        synaps::settings::SourcesDirectory(*settings, layout.default_sources_dir);
    synaps::settings::ReadExtractionLimits(*settings, &context->extraction_limits);
    context->audit_retention_days =
        settings->getInt("synaps.audit.retention_days", context->audit_retention_days);
  } catch (const Poco::Exception& failure) {
    std::cerr << "synaps: bad setting: " << failure.displayText() << '\n';
    return false;
  }
  if (!synaps::settings::ExtractionLimitsUsable(context->extraction_limits)) {
    std::cerr << "synaps: bad setting: extraction limits must be positive\n";
    return false;
  }
  if (context->audit_retention_days < 0) {
    std::cerr << "synaps: bad setting: synaps.audit.retention_days is a number of days, 0 (keep "
                 "forever) or more\n";
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  // Everything a Synaps program writes (database, blobs, index, sessions, backups) is private to
  // its account, whatever the caller's umask.
  ::umask(077);
  // Messages quote names, paths and values from outside: never raw to a terminal.
  synaps::cli::TerminalSafeStream safe_errors(std::cerr);
  std::vector<std::string> words(argv + 1, argv + argc);
  synaps::cli::Context context;
  context.actor.login = "cli:" + UnixUser();

  // Global options come before the command; --json is also accepted after it.
  std::string data_option;
  std::string config_file;
  size_t index = 0;
  for (; index < words.size(); ++index) {
    if (words[index] == "--json") {
      context.json = true;
    } else if (words[index] == "--data" && index + 1 < words.size()) {
      data_option = words[++index];
    } else if (words[index].rfind("--data=", 0) == 0) {
      data_option = words[index].substr(7);
    } else if (words[index] == "--config" && index + 1 < words.size()) {
      config_file = words[++index];
    } else if (words[index].rfind("--config=", 0) == 0) {
      config_file = words[index].substr(9);
    } else {
      break;
    }
  }
  if (!LoadSettings(config_file, data_option, &context)) return 2;
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
  // Text output shows stored text escaped (JSON escapes it itself).
  std::optional<synaps::cli::TerminalSafeStream> safe_output;
  if (!context.json) safe_output.emplace(std::cout);
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
