// CLI: source add|list|show|rm — the configured sources, one NAME.properties file each in the
// sources folder (connectors/README.md). Secrets stay in their password file: nothing here
// prints one.
#include <Poco/JSON/Array.h>
#include <unistd.h>

#include <iostream>

#include "connectors/source/source_factory.h"
#include "connectors/source/sources_config.h"
#include "dms-server/cli/command.h"
#include "dms-server/cli/output.h"
#include "dms-server/json/source_json.h"
#include "dms-server/store/names.h"

namespace synaps::cli {

namespace {

using connectors::SourceConfig;

std::string Join(const std::vector<std::string>& items, const char* separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

std::string Destination(const SourceConfig& source) {
  return "/" + store::ServiceCodeForLookup(source.service_code) +
         (source.folder.empty() ? "" : "/" + Join(source.folder, "/"));
}

std::string RunLine(const store::IngestRun& run) {
  const auto& c = run.counts;
  std::string line =
      std::to_string(run.id) + "\t" + DisplayTime(run.started_at) + "\t" + run.status + "\t" +
      std::to_string(c.created) + " new, " + std::to_string(c.new_versions) + " changed, " +
      std::to_string(c.moved) + " moved, " + std::to_string(c.deleted) + " deleted, " +
      std::to_string(c.failed) + " failed, " + std::to_string(c.skipped) + " skipped";
  if (!run.detail.empty()) line += " (" + run.detail + ")";
  return line;
}

// The password named by --password-file: "-" reads one line from standard input into
// SOURCES/NAME.secret (mode 0600); a file must exist and be readable by its owner only.
store::Result<std::filesystem::path> PasswordFile(const Context& context, const std::string& name,
                                                  const std::string& option) {
  if (option == "-") {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    std::error_code error;
    std::filesystem::create_directories(context.sources_dir, error);
    std::filesystem::path file =
        std::filesystem::absolute(context.sources_dir / (name + ".secret"));
    SYNAPS_RETURN_IF_ERROR(connectors::WritePasswordFile(file, password));
    return file;
  }
  std::filesystem::path file = std::filesystem::absolute(option);
  SYNAPS_RETURN_IF_ERROR(connectors::ReadPasswordFile(file).status());
  return file;
}

int Add(Context& context, const Arguments& arguments) {
  const auto& words = arguments.positionals();
  auto type = arguments.Value("type");
  auto location = arguments.Value("location");
  auto service = arguments.Value("service");
  if (words.size() != 2 || !type || !location || !service) {
    return UsageError(
        "usage: source add NAME --type TYPE --location PATH_OR_URL --service CODE "
        "[--folder F] [--tag T]... [--include P]... [--exclude P]... "
        "[--on-delete trash|keep] [--user U --password-file FILE|-]",
        context.json);
  }
  SourceConfig source;
  source.name = words[1];
  source.type = *type;
  source.location = *location;
  source.service_code = *service;
  auto folder = store::ParseFolderPath(arguments.Value("folder").value_or(""));
  if (!folder.ok()) return ReportError(folder.status(), context.json);
  source.folder = *folder;
  source.tags = arguments.Values("tag");
  source.include = arguments.Values("include");
  source.exclude = arguments.Values("exclude");
  std::string on_delete = arguments.Value("on-delete").value_or("trash");
  if (on_delete != "trash" && on_delete != "keep") {
    return UsageError("--on-delete is trash or keep", context.json);
  }
  source.on_delete =
      on_delete == "keep" ? connectors::DeletionPolicy::kKeep : connectors::DeletionPolicy::kTrash;
  source.user = arguments.Value("user").value_or("");
  for (const std::string& option : arguments.Values("option")) {
    size_t equals = option.find('=');
    if (equals == std::string::npos) return UsageError("--option takes KEY=VALUE", context.json);
    source.options[option.substr(0, equals)] = option.substr(equals + 1);
  }
  store::Status valid = connectors::ValidateSourceConfig(source);
  if (valid.ok()) valid = connectors::MakeSource(source).status();
  if (!valid.ok()) return ReportError(valid, context.json);
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  auto found = (*store)->FindService(source.service_code);
  if (!found.ok()) return ReportError(found.status(), context.json);
  source.service_code = found->code;
  auto existing = connectors::ReadSourceConfig(context.sources_dir, source.name);
  if (existing.ok() || existing.status().code() != store::ErrorCode::kNotFound) {
    return ReportError(
        existing.ok() ? store::Status::AlreadyExists("source " + source.name + " exists already")
                      : existing.status(),
        context.json);
  }
  if (auto password = arguments.Value("password-file")) {
    auto file = PasswordFile(context, source.name, *password);
    if (!file.ok()) return ReportError(file.status(), context.json);
    source.password_file = *file;
  }
  store::Status written = connectors::WriteSourceConfig(context.sources_dir, source);
  if (!written.ok()) return ReportError(written, context.json);
  if (context.json) {
    PrintJson(json::SourceJson(source));
  } else {
    std::cout << "added source " << source.name << ": " << source.type << " " << source.location
              << " -> " << Destination(source) << " (" << context.sources_dir.string() << "/"
              << source.name << ".properties)\n";
  }
  return 0;
}

int ListSources(Context& context, const Arguments&) {
  auto sources = connectors::ReadSourceConfigs(context.sources_dir);
  if (!sources.ok()) return ReportError(sources.status(), context.json);
  std::unique_ptr<store::Store> store;
  if (auto opened = OpenStore(context); opened.ok()) store = std::move(opened).value();
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const SourceConfig& source : *sources) {
    std::optional<store::IngestRun> last;
    if (store) {
      auto runs = store->ListIngestRuns(1, source.name);
      if (runs.ok() && !runs->empty()) last = runs->front();
    }
    if (context.json) {
      auto object = json::SourceJson(source);
      object->set("last_run",
                  last ? Poco::Dynamic::Var(json::IngestRunJson(*last)) : Poco::Dynamic::Var());
      list->add(object);
      continue;
    }
    std::cout << source.name << '\t' << source.type << '\t' << source.location << " -> "
              << Destination(source) << '\t'
              << (last ? last->status + " " + DisplayTime(last->started_at) : "never run") << '\n';
  }
  if (context.json) PrintJson(list);
  if (!context.json && sources->empty()) {
    std::cout << "no source in " << context.sources_dir.string()
              << " (synaps source add NAME --type share --location PATH --service CODE)\n";
  }
  return 0;
}

int Show(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 2) {
    return UsageError("usage: source show NAME", context.json);
  }
  auto source = connectors::ReadSourceConfig(context.sources_dir, arguments.positionals()[1]);
  if (!source.ok()) return ReportError(source.status(), context.json);
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  auto runs = (*store)->ListIngestRuns(10, source->name);
  if (!runs.ok()) return ReportError(runs.status(), context.json);
  if (context.json) {
    auto object = json::SourceJson(*source);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& run : *runs) list->add(json::IngestRunJson(run));
    object->set("runs", list);
    PrintJson(object);
    return 0;
  }
  std::cout << "name:      " << source->name << '\n'
            << "type:      " << source->type << '\n'
            << "location:  " << source->location << '\n'
            << "into:      " << Destination(*source) << '\n'
            << "tags:      " << Join(source->tags, ", ") << '\n'
            << "include:   " << Join(source->include, ", ") << '\n'
            << "exclude:   " << Join(source->exclude, ", ") << '\n'
            << "on delete: "
            << (source->on_delete == connectors::DeletionPolicy::kKeep ? "keep" : "trash") << '\n';
  if (!source->user.empty()) std::cout << "user:      " << source->user << '\n';
  if (!source->password_file.empty()) std::cout << "password:  set (in its password file)\n";
  for (const auto& [key, value] : source->options)
    std::cout << "option:    " << key << " = " << value << '\n';
  std::cout << "last runs:" << (runs->empty() ? " none" : "") << '\n';
  for (const auto& run : *runs) std::cout << "  " << RunLine(run) << '\n';
  return 0;
}

int Remove(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 2) return UsageError("usage: source rm NAME", context.json);
  const std::string& name = arguments.positionals()[1];
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  auto forgotten = connectors::RemoveSource(**store, context.sources_dir, name);
  if (!forgotten.ok()) return ReportError(forgotten.status(), context.json);
  if (context.json) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("name", name);
    object->set("entries_forgotten", *forgotten);
    PrintJson(object);
  } else {
    std::cout << "removed source " << name << " (its documents stay; " << *forgotten
              << " remembered entries forgotten)\n";
  }
  return 0;
}

int SourceCommand(Context& context, const Arguments& arguments) {
  const auto& words = arguments.positionals();
  std::string action = words.empty() ? "" : words[0];
  if (action == "add") return Add(context, arguments);
  if (action == "list" && words.size() == 1) return ListSources(context, arguments);
  if (action == "show") return Show(context, arguments);
  if (action == "rm") return Remove(context, arguments);
  return UsageError("usage: source add|list|show|rm ...", context.json);
}

}  // namespace

int Ingest(Context& context, const Arguments& arguments);

std::vector<Command> SourceCommands() {
  return {
      {"source",
       "source add NAME --type share|smb|maildir|mbox|pst|imap --location PATH_OR_URL --service "
       "CODE "
       "[--folder F] "
       "[--tag T]... [--include P]... [--exclude P]... [--on-delete trash|keep] [--user U "
       "--password-file FILE|-] [--option TYPE.KEY=VALUE]... | source list | source show NAME | "
       "source rm NAME",
       "configure the sources `synaps ingest` reads (one file each in the sources folder; a "
       "password only in its 0600 file, '-' reads it from standard input)",
       {{"type", true},
        {"location", true},
        {"service", true},
        {"folder", true},
        {"tag", true},
        {"include", true},
        {"exclude", true},
        {"on-delete", true},
        {"user", true},
        {"password-file", true},
        {"option", true}},
       SourceCommand},
      {"ingest",
       "ingest [--source NAME | --all] [--dry-run]",
       "bring what the sources (all without --source) hold into the store, incrementally (new and "
       "changed files stored, "
       "moves followed, deletions per each source's policy); --dry-run only compares",
       {{"source", true}, {"all", false}, {"dry-run", false}},
       Ingest},
  };
}

}  // namespace synaps::cli
