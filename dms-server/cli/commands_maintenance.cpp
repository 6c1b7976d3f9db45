// CLI: check, gc, stats, runs.
#include <iostream>

#include "dms-server/cli/command.h"
#include "dms-server/cli/output.h"
#include "dms-server/cli/progress_bar.h"

namespace synaps::cli {

namespace {

int Check(Context& context, const Arguments&) {
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  ProgressBar bar("verifying blobs");
  auto report =
      (*store)->Check([&](int64_t done, int64_t total) { bar.Update(done, total, done); });
  bar.Clear();
  if (!report.ok()) return ReportError(report.status(), context.json);
  if (context.json) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("healthy", report->healthy());
    Poco::JSON::Array::Ptr problems = new Poco::JSON::Array;
    for (const auto& problem : report->problems) problems->add(problem);
    result->set("problems", problems);
    Poco::JSON::Array::Ptr notes = new Poco::JSON::Array;
    for (const auto& note : report->notes) notes->add(note);
    result->set("notes", notes);
    result->set("documents", report->documents);
    result->set("versions", report->versions);
    result->set("blobs_verified", report->blobs_verified);
    result->set("bytes_verified", report->bytes_verified);
    PrintJson(result);
  } else {
    for (const auto& problem : report->problems) std::cout << "PROBLEM: " << problem << '\n';
    for (const auto& note : report->notes) std::cout << "note: " << note << '\n';
    std::cout << (report->healthy() ? "ok: " : "FAILED: ") << report->documents << " documents, "
              << report->versions << " versions, " << report->blobs_verified << " blobs ("
              << HumanBytes(report->bytes_verified) << ") verified";
    if (!report->healthy()) std::cout << "; " << report->problems.size() << " problem(s)";
    std::cout << '\n';
  }
  return report->healthy() ? 0 : 1;
}

int CollectGarbage(Context& context, const Arguments&) {
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  auto report = (*store)->CollectGarbage();
  if (!report.ok()) return ReportError(report.status(), context.json);
  if (context.json) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("blobs_removed", report->blobs_removed);
    result->set("bytes_freed", report->bytes_freed);
    result->set("temporary_files_removed", report->temporary_files_removed);
    PrintJson(result);
  } else {
    std::cout << "removed " << report->blobs_removed << " unused blob(s), freed "
              << HumanBytes(report->bytes_freed) << "; removed " << report->temporary_files_removed
              << " temporary file(s)\n";
  }
  return 0;
}

int Stats(Context& context, const Arguments&) {
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  auto stats = (*store)->Stats();
  if (!stats.ok()) return ReportError(stats.status(), context.json);
  const auto& s = *stats;
  if (context.json) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("services", s.services);
    result->set("users", s.users);
    result->set("folders", s.folders);
    result->set("documents", s.documents);
    result->set("trashed_documents", s.trashed_documents);
    result->set("versions", s.versions);
    result->set("blobs", s.blobs);
    result->set("stored_bytes", s.stored_bytes);
    result->set("logical_bytes", s.logical_bytes);
    result->set("index_queue", s.index_queue);
    result->set("schema_version", s.schema_version);
    PrintJson(result);
    return 0;
  }
  std::cout << "data directory:  " << context.data_dir.string() << '\n'
            << "schema version:  " << s.schema_version << '\n'
            << "services:        " << s.services << '\n'
            << "users:           " << s.users << '\n'
            << "folders:         " << s.folders << '\n'
            << "documents:       " << s.documents << " (+" << s.trashed_documents
            << " in the trash)\n"
            << "versions:        " << s.versions << '\n'
            << "content:         " << HumanBytes(s.logical_bytes) << " in versions, "
            << HumanBytes(s.stored_bytes) << " stored in " << s.blobs << " blobs\n"
            << "index queue:     " << s.index_queue << " document(s) waiting\n";
  return 0;
}

int Runs(Context& context, const Arguments& arguments) {
  auto limit = store::ParseDocumentId(arguments.Value("limit").value_or("20"));
  if (!limit || *limit > 10000) {
    return UsageError("--limit takes a number from 1 to 10000", context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  auto runs = (*store)->ListIngestRuns(static_cast<int>(*limit));
  if (!runs.ok()) return ReportError(runs.status(), context.json);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& run : *runs) {
    if (context.json) {
      list->add(json::IngestRunJson(run));
      continue;
    }
    const auto& c = run.counts;
    std::cout << run.id << '\t' << DisplayTime(run.started_at) << '\t' << run.status << '\t'
              << run.service_code << '\t' << c.files_seen << " files: " << c.created << " new, "
              << c.new_versions << " new versions, " << c.unchanged << " unchanged, " << c.failed
              << " failed, " << c.skipped << " skipped\t" << run.source;
    if (!run.detail.empty()) std::cout << " (" << run.detail << ')';
    std::cout << '\n';
  }
  if (context.json) PrintJson(list);
  return 0;
}

}  // namespace

std::vector<Command> MaintenanceCommands() {
  return {
      {"check", "check", "verify the database, every reference and every blob's hash", {}, Check},
      {"gc",
       "gc",
       "remove blobs no version uses any more and leftover temporary files",
       {},
       CollectGarbage},
      {"stats", "stats", "count services, users, documents, versions and bytes", {}, Stats},
      {"runs",
       "runs [--limit N]",
       "list the last ingestion runs (imports, connectors), newest first",
       {{"limit", true}},
       Runs},
  };
}

}  // namespace synaps::cli
