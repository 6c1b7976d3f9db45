// CLI: backup, restore (dms-server/backup/backup.h says what a backup holds and why it is
// consistent while the server and ingestion runs go on).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "dms-server/backup/backup.h"
#include "dms-server/cli/command.h"
#include "dms-server/cli/output.h"
#include "dms-server/cli/progress_bar.h"

namespace synaps::cli {

namespace {

namespace fs = std::filesystem;

Poco::JSON::Object::Ptr ManifestJson(const backup::Manifest& manifest, double seconds) {
  Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
  result->set("synaps_version", manifest.synaps_version);
  result->set("schema_version", manifest.schema_version);
  result->set("created_at_ms", manifest.created_at_ms);
  result->set("documents", manifest.documents);
  result->set("versions", manifest.versions);
  result->set("blobs", manifest.blobs);
  result->set("blob_bytes", manifest.blob_bytes);
  result->set("database_bytes", manifest.database_bytes);
  result->set("database_sha256", manifest.database_sha256);
  result->set("index_included", manifest.index_included);
  if (!manifest.index_note.empty()) result->set("index_note", manifest.index_note);
  result->set("seconds", seconds);
  return result;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string Contents(const backup::Manifest& manifest) {
  return std::to_string(manifest.documents) + " documents, " + std::to_string(manifest.versions) +
         " versions, " + std::to_string(manifest.blobs) + " blobs (" +
         HumanBytes(manifest.blob_bytes) + "), database " + HumanBytes(manifest.database_bytes);
}

int Backup(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 1) {
    return UsageError("usage: synaps backup DEST [--hard-links]", context.json);
  }
  fs::path destination = arguments.positionals()[0];
  auto start = std::chrono::steady_clock::now();
  ProgressBar bar("backing up");
  backup::BackupOptions options;
  options.hard_link_blobs = arguments.Has("hard-links");
  options.progress = [&](int64_t done, int64_t total) { bar.Update(done, total, done); };
  auto manifest = backup::Backup(context.data_dir, destination, options);
  bar.Clear();
  if (!manifest.ok()) return ReportError(manifest.status(), context.json);
  double seconds = SecondsSince(start);
  if (context.json) {
    PrintJson(ManifestJson(*manifest, seconds));
    return 0;
  }
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", seconds);
  std::cout << "backup of " << context.data_dir.string() << " written to " << destination.string()
            << " in " << took << ": " << Contents(*manifest) << "; "
            << (manifest->index_included ? "index included" : "index not included: ")
            << manifest->index_note << '\n';
  return 0;
}

}  // namespace

int RestoreBackup(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 1 || arguments.Has("version")) {
    return UsageError("usage: synaps restore BACKUP --data DIR", context.json);
  }
  fs::path source = arguments.positionals()[0];
  context.data_dir = *arguments.Value("data");
  auto start = std::chrono::steady_clock::now();
  ProgressBar bar("restoring");
  auto manifest = backup::Restore(source, context.data_dir, [&](int64_t done, int64_t total) {
    bar.Update(done, total, done);
  });
  bar.Clear();
  if (!manifest.ok()) return ReportError(manifest.status(), context.json);
  if (!context.json) {
    std::cout << "restored " << Contents(*manifest) << " from " << source.string() << " into "
              << context.data_dir.string() << '\n';
  }

  // Then what `synaps check` does, and the index brought up to date.
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  ProgressBar verifying("verifying blobs");
  auto report =
      (*store)->Check([&](int64_t done, int64_t total) { verifying.Update(done, total, done); });
  verifying.Clear();
  if (!report.ok()) return ReportError(report.status(), context.json);
  if (!report->healthy()) {
    for (const auto& problem : report->problems) std::cerr << "PROBLEM: " << problem << '\n';
    return ReportError(store::Status::Corruption(
                           "the restored data directory " + context.data_dir.string() + " has " +
                           std::to_string(report->problems.size()) + " problem(s): see above"),
                       context.json);
  }
  if (!context.json) {
    std::cout << "check: ok, " << report->blobs_verified << " blobs ("
              << HumanBytes(report->bytes_verified) << ") verified\n";
  }
  // In JSON mode the indexer's summary becomes the "index" member of the restore's one object.
  std::ostringstream index_summary;
  std::streambuf* standard_output = context.json ? std::cout.rdbuf(index_summary.rdbuf()) : nullptr;
  int indexed =
      manifest->index_included ? CatchUpIndex(context, **store) : RebuildIndex(context, **store);
  if (standard_output) std::cout.rdbuf(standard_output);
  if (indexed != 0) {
    std::cout << index_summary.str();
    return indexed;
  }
  if (context.json) {
    auto result = ManifestJson(*manifest, SecondsSince(start));
    result->set("healthy", true);
    result->set("index_action", manifest->index_included ? "caught up" : "rebuilt");
    try {
      Poco::JSON::Parser parser;
      result->set("index", parser.parse(index_summary.str()));
    } catch (const Poco::Exception&) {
      result->set("index", index_summary.str());
    }
    PrintJson(result);
  }
  return 0;
}

std::vector<Command> BackupCommands() {
  return {
      {"backup",
       "backup DEST [--hard-links]",
       "write a consistent backup of the data directory to DEST (server and ingestion may run)",
       {{"hard-links", false}},
       Backup},
  };
}

}  // namespace synaps::cli
