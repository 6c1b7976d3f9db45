// CLI: ingest — one run of the ingest engine (connectors/ingest/) per configured source. It only
// writes the store: the index catches up through the store's queue (the server's background
// indexer, or `synaps index`), so a run goes on alongside a running server.
#include <Poco/JSON/Object.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "connectors/ingest/ingest_engine.h"
#include "connectors/source/source_factory.h"
#include "connectors/source/sources_config.h"
#include "dms-server/cli/command.h"
#include "dms-server/cli/content_type.h"
#include "dms-server/cli/output.h"
#include "dms-server/cli/progress_bar.h"

namespace synaps::cli {

namespace {

void Add(connectors::IngestSummary& total, const connectors::IngestSummary& run) {
  total.created += run.created;
  total.changed += run.changed;
  total.moved += run.moved;
  total.deleted += run.deleted;
  total.unchanged += run.unchanged;
  total.failed += run.failed;
  total.skipped += run.skipped;
  total.bytes += run.bytes;
}

std::string SummaryLine(const connectors::IngestSummary& s) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", s.seconds);
  return std::to_string(s.created) + " new, " + std::to_string(s.changed) + " changed, " +
         std::to_string(s.moved) + " moved, " + std::to_string(s.deleted) + " deleted, " +
         std::to_string(s.failed) + " failed, " + std::to_string(s.skipped) + " skipped (" +
         std::to_string(s.unchanged) + " unchanged); " + HumanBytes(s.bytes) + " in " + seconds;
}

// One source's run; false when the source itself failed (said on standard error).
bool RunSource(Context& context, store::Store& store, const connectors::SourceConfig& config,
               bool dry_run, connectors::IngestSummary& total) {
  auto fail = [&](const store::Status& status) {
    std::cerr << "synaps: source " << config.name << " failed: " << status.message() << '\n';
    return false;
  };
  auto source = connectors::MakeSource(config);
  if (!source.ok()) return fail(source.status());
  connectors::IngestOptions options = connectors::OptionsFor(config);
  options.dry_run = dry_run;
  connectors::IngestEngine engine(store, context.actor, options, MakeContentTypeSniffer());
  ProgressBar bar(config.name);
  engine.set_progress_callback([&](const connectors::IngestProgress& progress) {
    if (std::string_view(progress.stage) == "reading") {
      bar.Update(progress.done, progress.total, progress.bytes_done);
    } else {
      bar.Update(progress.listed, 0);
    }
  });
  engine.set_problem_callback([&](const std::string& problem) {
    bar.Clear();
    std::cerr << "synaps: " << config.name << ": " << problem << '\n';
  });
  auto summary = engine.Run(**source);
  bar.Clear();
  if (!summary.ok()) return fail(summary.status());
  Add(total, *summary);
  if (!context.json) {
    std::cout << config.name << (dry_run ? " (dry run): " : ": ") << SummaryLine(*summary) << '\n';
  }
  return true;
}

}  // namespace

int Ingest(Context& context, const Arguments& arguments) {
  auto name = arguments.Value("source");
  // Without --source, every source (--all says so explicitly).
  if (!arguments.positionals().empty() || (name && arguments.Has("all"))) {
    return UsageError("usage: ingest [--source NAME | --all] [--dry-run]", context.json);
  }
  std::vector<connectors::SourceConfig> sources;
  if (name) {
    auto source = connectors::ReadSourceConfig(context.sources_dir, *name);
    if (!source.ok()) return ReportError(source.status(), context.json);
    sources.push_back(std::move(source).value());
  } else {
    auto configured = connectors::ReadSourceConfigs(context.sources_dir);
    if (!configured.ok()) return ReportError(configured.status(), context.json);
    sources = std::move(configured).value();
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  auto started = std::chrono::steady_clock::now();
  connectors::IngestSummary total;
  int failed_sources = 0;
  for (const auto& source : sources) {
    if (!RunSource(context, **store, source, arguments.Has("dry-run"), total)) ++failed_sources;
  }
  total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (context.json) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("new", total.created);
    object->set("changed", total.changed);
    object->set("moved", total.moved);
    object->set("deleted", total.deleted);
    object->set("failed", total.failed);
    object->set("skipped", total.skipped);
    object->set("bytes", total.bytes);
    object->set("duration", total.seconds);
    PrintJson(object);
  } else if (sources.size() != 1) {
    std::cout << (sources.empty() ? "no source configured in " + context.sources_dir.string() + "; "
                                  : "")
              << "total: " << SummaryLine(total) << '\n';
  }
  return failed_sources > 0 ? 1 : 0;
}

}  // namespace synaps::cli
