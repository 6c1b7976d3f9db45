// CLI: import, ls, info, versions, get, restore, mv, rm, rmdir.
#include <Poco/JSON/Array.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>

#include "connectors/ingest/file_importer.h"
#include "dms-server/cli/command.h"
#include "dms-server/cli/content_type.h"
#include "dms-server/cli/output.h"
#include "dms-server/cli/progress_bar.h"
#include "dms-server/store/names.h"

namespace synaps::cli {

namespace {

std::string DocumentLine(const store::Document& document) {
  return std::to_string(document.id) + "\tv" + std::to_string(document.current_version) + "\t" +
         HumanBytes(document.size) + "\t" + DisplayTime(document.updated_at) + "\t" +
         document.path();
}

int Import(Context& context, const Arguments& arguments) {
  const auto& paths = arguments.positionals();
  auto service = arguments.Value("service");
  if (paths.empty() || !service) {
    return UsageError("usage: import PATH... --service CODE [--folder F] [--tag T]...",
                      context.json);
  }
  connectors::ImportOptions options;
  options.service_code = *service;
  auto folder = store::ParseFolderPath(arguments.Value("folder").value_or(""));
  if (!folder.ok()) return ReportError(folder.status(), context.json);
  options.folder = *folder;
  options.tags = arguments.Values("tag");
  options.comment = arguments.Value("comment").value_or("");
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);

  connectors::FileImporter importer(**store, context.actor, options, MakeContentTypeSniffer());
  ProgressBar bar("importing");
  importer.set_progress_callback([&](const connectors::ImportProgress& progress) {
    bar.Update(progress.files_done, progress.files_total, progress.bytes_done);
  });
  importer.set_problem_callback([&](const std::string& problem) {
    bar.Clear();
    std::cerr << "synaps: " << problem << '\n';
  });
  std::vector<std::filesystem::path> roots(paths.begin(), paths.end());
  auto summary = importer.Import(roots);
  bar.Clear();
  if (!summary.ok()) return ReportError(summary.status(), context.json);
  const auto& s = *summary;
  double files_per_second = s.seconds > 0 ? static_cast<double>(s.files_seen) / s.seconds : 0;
  if (context.json) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("files", s.files_seen);
    result->set("created", s.created);
    result->set("new_versions", s.new_versions);
    result->set("unchanged", s.unchanged);
    result->set("failed", s.failed);
    result->set("skipped", s.skipped);
    result->set("bytes", s.bytes_read);
    result->set("seconds", s.seconds);
    result->set("run_id", s.run_id);
    PrintJson(result);
  } else {
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.1f s, %.0f files/s", s.seconds, files_per_second);
    std::cout << "imported " << s.files_seen << " files: " << s.created << " new documents, "
              << s.new_versions << " new versions, " << s.unchanged << " unchanged; " << s.failed
              << " failed, " << s.skipped << " skipped; " << HumanBytes(s.bytes_read) << " in "
              << rate << '\n';
  }
  return s.failed > 0 ? 1 : 0;
}

int List(Context& context, const Arguments& arguments) {
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  const auto& words = arguments.positionals();
  if (words.empty() || words[0] == "/") {
    auto services = (*store)->ListServices();
    if (!services.ok()) return ReportError(services.status(), context.json);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& service : *services) {
      if (context.json) {
        list->add(json::ServiceJson(service));
      } else {
        std::cout << "/" << service.code << "/\t" << service.name << '\n';
      }
    }
    if (context.json) PrintJson(list);
    return 0;
  }
  documents::DocumentService service(**store);
  auto listing = service.FolderAt(Administrator(context), words[0]);
  if (!listing.ok()) {
    auto document = service.Find(Administrator(context), words[0]);
    if (document.ok()) {
      if (context.json) {
        PrintJson(json::DocumentSummaryJson(*document));
      } else {
        std::cout << DocumentLine(*document) << '\n';
      }
      return 0;
    }
    return ReportError(listing.status(), context.json);
  }
  if (context.json) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("path", listing->folder.path);
    Poco::JSON::Array::Ptr folders = new Poco::JSON::Array;
    for (const auto& sub : listing->subfolders) folders->add(sub.path);
    result->set("folders", folders);
    Poco::JSON::Array::Ptr documents = new Poco::JSON::Array;
    for (const auto& document : listing->documents)
      documents->add(json::DocumentSummaryJson(document));
    result->set("documents", documents);
    PrintJson(result);
    return 0;
  }
  for (const auto& sub : listing->subfolders) std::cout << sub.path << "/\n";
  for (const auto& document : listing->documents) std::cout << DocumentLine(document) << '\n';
  return 0;
}

int Info(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 1) return UsageError("usage: info DOC", context.json);
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  documents::Caller caller = Administrator(context);
  auto found = service.Find(caller, arguments.positionals()[0]);
  if (!found.ok()) return ReportError(found.status(), context.json);
  auto details = service.Document(caller, found->id);
  if (!details.ok()) return ReportError(details.status(), context.json);
  auto current = service.Version(caller, found->id, 0);
  if (!current.ok()) return ReportError(current.status(), context.json);
  const store::Document& document = details->document;
  const store::Version& version = current->version;
  if (context.json) {
    auto object = json::DocumentJson(document, details->metadata);
    Poco::JSON::Array::Ptr origins = new Poco::JSON::Array;
    for (const auto& origin : details->origins) origins->add(json::OriginJson(origin));
    object->set("origins", origins);
    object->set("sha256", version.blob);
    object->set("extraction_status", version.extraction_status);
    object->set("extraction_detail", version.extraction_detail);
    PrintJson(object);
    return 0;
  }
  std::cout << "id:        " << document.id << '\n'
            << "path:      " << document.path() << '\n'
            << "service:   " << document.service_code << '\n'
            << "version:   " << document.current_version << '\n'
            << "size:      " << document.size << " bytes (" << HumanBytes(document.size) << ")\n"
            << "type:      " << document.mime_type << '\n'
            << "sha256:    " << version.blob << '\n'
            << "created:   " << DisplayTime(document.created_at) << '\n'
            << "updated:   " << DisplayTime(document.updated_at) << '\n';
  if (document.trashed_at) std::cout << "trashed:   " << DisplayTime(*document.trashed_at) << '\n';
  std::cout << "extraction: "
            << (version.extraction_status.empty() ? "not indexed yet" : version.extraction_status)
            << (version.extraction_detail.empty() ? "" : " (" + version.extraction_detail + ")")
            << '\n';
  std::string tags;
  for (const auto& tag : document.tags) tags += (tags.empty() ? "" : ", ") + tag;
  std::cout << "tags:      " << tags << '\n';
  for (const auto& [key, value] : details->metadata)
    std::cout << "meta:      " << key << " = " << value << '\n';
  // Where its content came from: its own sources' entries, then the same content elsewhere.
  for (const auto& origin : details->origins) {
    std::cout << (origin.document_id == document.id ? "origin:    " : "same as:   ")
              << origin.source << ": " << origin.key;
    if (origin.document_id != document.id) std::cout << " (document " << origin.document_id << ")";
    std::cout << '\n';
  }
  return 0;
}

int Versions(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 1) return UsageError("usage: versions DOC", context.json);
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  auto document = service.Find(Administrator(context), arguments.positionals()[0]);
  if (!document.ok()) return ReportError(document.status(), context.json);
  auto versions = service.Versions(Administrator(context), document->id);
  if (!versions.ok()) return ReportError(versions.status(), context.json);
  if (context.json) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& version : *versions) list->add(json::VersionJson(version));
    PrintJson(list);
    return 0;
  }
  for (const auto& version : *versions) {
    std::cout << "v" << version.number << '\t' << DisplayTime(version.created_at) << '\t'
              << HumanBytes(version.size) << '\t' << version.author << '\t'
              << version.blob.substr(0, 12) << '\t' << store::EscapeForDisplay(version.comment)
              << '\n';  // one line, whatever it holds
  }
  return 0;
}

int Get(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 1) {
    return UsageError("usage: get DOC [--version N] [-o FILE]", context.json);
  }
  int number = 0;
  if (auto text = arguments.Value("version")) {
    auto parsed = store::ParseDocumentId(*text);
    if (!parsed) return UsageError("--version takes a version number", context.json);
    number = static_cast<int>(*parsed);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  documents::Caller caller = Administrator(context);
  auto document = service.Find(caller, arguments.positionals()[0]);
  if (!document.ok()) return ReportError(document.status(), context.json);
  auto found = service.Version(caller, document->id, number);
  if (!found.ok()) return ReportError(found.status(), context.json);
  const store::Version& version = found->version;
  auto content = service.OpenContent(caller, version, "cli");
  if (!content.ok()) return ReportError(content.status(), context.json);
  std::filesystem::path out_path = arguments.Value("o").value_or("-");
  store::UniqueFd out_owner;
  int out = STDOUT_FILENO;
  if (out_path != "-") {
    int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
      return ReportError(store::ErrnoStatus("cannot create", out_path, errno), context.json);
    out_owner = store::UniqueFd(fd);
    out = fd;
  }
  store::Status copied =
      store::CopyFd(content->get(), (*store)->blobs().PathOf(version.blob), out, out_path);
  if (!copied.ok()) return ReportError(copied, context.json);
  return 0;
}

int Restore(Context& context, const Arguments& arguments) {
  // `restore BACKUP --data DIR` restores a whole data directory (commands_backup.cpp).
  if (arguments.Has("data")) return RestoreBackup(context, arguments);
  auto text = arguments.Value("version");
  auto number = text ? store::ParseDocumentId(*text) : std::nullopt;
  if (arguments.positionals().size() != 1 || !number) {
    return UsageError("usage: restore DOC --version N [--comment C], or restore BACKUP --data DIR",
                      context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  auto document = service.Find(Administrator(context), arguments.positionals()[0]);
  if (!document.ok()) return ReportError(document.status(), context.json);
  auto result =
      service.RestoreVersion(Administrator(context), document->id, static_cast<int>(*number),
                             arguments.Value("comment").value_or(""));
  if (!result.ok()) return ReportError(result.status(), context.json);
  if (context.json) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("id", result->document_id);
    object->set("version", result->version);
    PrintJson(object);
  } else {
    std::cout << document->path() << ": version " << result->version << " restores version "
              << *number << '\n';
  }
  return 0;
}

int Move(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 2) return UsageError("usage: mv DOC DEST", context.json);
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  auto document = service.Find(Administrator(context), arguments.positionals()[0]);
  if (!document.ok()) return ReportError(document.status(), context.json);
  auto moved = service.MoveToPath(Administrator(context), document->id, arguments.positionals()[1]);
  if (!moved.ok()) return ReportError(moved.status(), context.json);
  if (context.json) {
    PrintJson(json::DocumentSummaryJson(*moved));
  } else {
    std::cout << document->path() << " -> " << moved->path() << '\n';
  }
  return 0;
}

int Remove(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 1) return UsageError("usage: rm DOC", context.json);
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  auto document = service.Find(Administrator(context), arguments.positionals()[0]);
  if (!document.ok()) return ReportError(document.status(), context.json);
  store::Status trashed = service.Trash(Administrator(context), document->id);
  if (!trashed.ok()) return ReportError(trashed, context.json);
  if (!context.json) {
    std::cout << "moved to trash: " << document->path() << " (id " << document->id
              << "; `synaps trash restore " << document->id << "` brings it back)\n";
  }
  return 0;
}

int RemoveFolder(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 1) return UsageError("usage: rmdir FOLDER", context.json);
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  auto folder = service.FindFolder(Administrator(context), arguments.positionals()[0]);
  if (!folder.ok()) return ReportError(folder.status(), context.json);
  store::Status deleted = service.DeleteFolder(Administrator(context), folder->id);
  if (!deleted.ok()) return ReportError(deleted, context.json);
  if (context.json) {
    PrintJson(json::FolderJson(*folder));
  } else {
    std::cout << "deleted folder " << folder->path << '\n';
  }
  return 0;
}

}  // namespace

std::vector<Command> DocumentCommands() {
  return {
      {"import",
       "import PATH... --service CODE [--folder F] [--tag T]... [--comment C]",
       "import files and folders (recursively) as documents or new versions",
       {{"service", true}, {"folder", true}, {"tag", true}, {"comment", true}},
       Import},
      {"ls", "ls [PATH]", "list services, a folder, or a document", {}, List},
      {"info", "info DOC", "show a document's details", {}, Info},
      {"versions", "versions DOC", "list a document's versions", {}, Versions},
      {"get",
       "get DOC [--version N] [-o FILE]",
       "write a document's content to FILE or stdout",
       {{"version", true}, {"o", true}},
       Get},
      {"restore",
       "restore DOC --version N [--comment C] | restore BACKUP --data DIR",
       "make an old version current again (as a new version); or restore a backup into the new "
       "data directory DIR, check it and index it",
       {{"version", true}, {"comment", true}, {"data", true}},
       Restore},
      {"mv", "mv DOC DEST", "move or rename a document (DEST: /SERVICE/folder[/name])", {}, Move},
      {"rm", "rm DOC", "move a document to the trash", {}, Remove},
      {"rmdir",
       "rmdir FOLDER",
       "delete an empty folder (no subfolder, no document, not even in the trash) and its shares",
       {},
       RemoveFolder},
  };
}

}  // namespace synaps::cli
