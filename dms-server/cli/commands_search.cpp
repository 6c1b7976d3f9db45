// CLI: extract, index, reindex, search.
#include <Poco/JSON/Object.h>

#include <fstream>
#include <iostream>
#include <optional>

#include "dms-server/cli/command.h"
#include "dms-server/cli/output.h"
#include "dms-server/cli/progress_bar.h"
#include "dms-server/indexing/index_pipeline.h"
#include "dms-server/permissions/permissions.h"
#include "dms-server/search/search_filter.h"
#include "dms-server/search/search_json.h"
#include "dms-server/store/names.h"
#include "indexer/extract/extract.h"
#include "indexer/query/searcher.h"

namespace synaps::cli {

namespace {

namespace fs = std::filesystem;

int Extract(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 1) return UsageError("usage: extract FILE", context.json);
  fs::path file = arguments.positionals()[0];
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {
    return ReportError(store::Status::NotFound("no file " + file.string()), context.json);
  }
  indexer::ExtractionWorker::Options worker_options;
  worker_options.limits = context.extraction_limits;
  indexer::ExtractionWorker worker(worker_options);
  indexer::ExtractedDocument extracted = worker.Extract(file, file.filename().string());
  if (context.json) {
    std::cout << indexer::ToJson(extracted) << '\n';
  } else {
    std::cout << indexer::DescribeForDebug(extracted, 2000) << '\n';
  }
  return extracted.status == indexer::ExtractionStatus::kFailed ? 1 : 0;
}

std::string Plural(int64_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// The index has a single writer. A running synaps-server takes it as soon as it has something
// to index and keeps it until it stops, so waiting for it would wait for the server's end:
// index and reindex refuse at once, saying who holds it.
store::Status WhyNotWritable(const store::Status& opened) {
  if (opened.code() != store::ErrorCode::kBusy) return opened;
  return store::Status::Busy(
      "the index is held by another writer (synaps-server indexes in the background while it "
      "runs): stop it, or let it index");
}

int DrainQueue(Context& context, store::Store& store, const char* label,
               indexing::PipelineOptions options = {}) {
  options.extraction_limits = context.extraction_limits;
  auto pipeline = indexing::IndexPipeline::Open(store, options);
  if (!pipeline.ok()) return ReportError(WhyNotWritable(pipeline.status()), context.json);
  ProgressBar bar(label);
  (*pipeline)->set_progress_callback(
      [&](int64_t done, int64_t total, const indexing::PipelineSummary&) {
        bar.Update(done, total);
      });
  auto summary = (*pipeline)->Drain();
  bar.Clear();
  if (!summary.ok()) return ReportError(summary.status(), context.json);
  const auto& s = *summary;
  if (context.json) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("indexed", s.indexed);
    result->set("sub_documents", s.sub_documents);
    result->set("removed", s.removed);
    result->set("extraction_failed", s.extraction_failed);
    result->set("bytes", s.bytes);
    result->set("seconds", s.seconds);
    result->set("compacted", s.compacted);
    if (!s.compaction_error.empty()) result->set("compaction_error", s.compaction_error);
    PrintJson(result);
  } else {
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.1f s, %.0f documents/s", s.seconds,
                  s.seconds > 0 ? static_cast<double>(s.indexed) / s.seconds : 0.0);
    std::cout << "indexed " << Plural(s.indexed, "document") << " (+" << s.sub_documents
              << " archive members and attachments), removed " << s.removed << "; "
              << s.extraction_failed << " extraction failures; " << HumanBytes(s.bytes) << " in "
              << rate << (s.compacted ? "; index compacted" : "") << '\n';
    if (!s.compaction_error.empty()) {
      std::cerr << "synaps: the index could not be compacted: " << s.compaction_error << '\n';
    }
  }
  return 0;
}

int Index(Context& context, const Arguments&) {
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  return DrainQueue(context, **store, "indexing");
}

int Reindex(Context& context, const Arguments&) {
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  return RebuildIndex(context, **store);
}

}  // namespace

int CatchUpIndex(Context& context, store::Store& store) {
  return DrainQueue(context, store, "indexing");
}

int RebuildIndex(Context& context, store::Store& store) {
  // The marker says "the index was wiped and every document queued": a rebuild that was
  // interrupted resumes where it stopped instead of starting over.
  fs::path marker = context.data_dir / "index-rebuild-in-progress";
  std::error_code error;
  // The index is wiped below: not while another process writes it (the server would go on
  // writing to files no longer there). Between this check and the wipe, a server that starts
  // then would have to index in the same instant to be caught out.
  // A damaged index is what a rebuild is for: Xapian takes its lock before reading its tables,
  // so an index found damaged was not held by another writer.
  if (auto probe = indexing::IndexPipeline::Open(store, {});
      !probe.ok() && probe.status().code() != store::ErrorCode::kCorruption) {
    return ReportError(WhyNotWritable(probe.status()), context.json);
  }
  if (fs::exists(marker, error)) {
    if (!context.json) std::cerr << "synaps: resuming the interrupted rebuild of the index\n";
  } else {
    store::Status queued = store.EnqueueAllDocuments();
    if (!queued.ok()) return ReportError(queued, context.json);
    fs::remove_all(indexing::IndexDirectory(context.data_dir), error);
    if (error) {
      return ReportError(store::Status::Io("cannot remove the old index: " + error.message()),
                         context.json);
    }
    std::ofstream(marker) << "rebuild started\n";
  }
  indexing::PipelineOptions options;
  options.compact_after_documents = 1;  // a rebuilt index is compacted, however small
  int code = DrainQueue(context, store, "rebuilding the index", options);
  if (code == 0) fs::remove(marker, error);
  return code;
}

namespace {

std::string PlainSnippet(const std::string& html) {
  std::string text;
  for (size_t i = 0; i < html.size();) {
    if (html.compare(i, 6, "<mark>") == 0) {
      text += "[";
      i += 6;
    } else if (html.compare(i, 7, "</mark>") == 0) {
      text += "]";
      i += 7;
    } else if (html[i] == '&') {
      static const std::pair<const char*, const char*> kEntities[] = {
          {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
      bool replaced = false;
      for (const auto& [entity, plain] : kEntities) {
        size_t length = std::char_traits<char>::length(entity);
        if (html.compare(i, length, entity) == 0) {
          text += plain;
          i += length;
          replaced = true;
          break;
        }
      }
      if (!replaced) text += html[i++];
    } else {
      text += html[i] == '\n' ? ' ' : html[i];
      ++i;
    }
  }
  return text;
}

// Exit codes of `synaps search` beyond 1 (any other failure) and 2 (usage), so that a script
// tells what to do: build the index, rebuild it, or fix the query.
constexpr int kExitNoIndex = 3;
constexpr int kExitDamagedIndex = 4;
constexpr int kExitBadQuery = 5;

// Reports a failure of the index (opening it or searching it) with the exit code it deserves.
int ReportIndexFailure(const Context& context, const store::Status& status) {
  switch (status.code()) {
    case store::ErrorCode::kIoError:
      ReportError(store::Status::NotFound("no index yet in " + context.data_dir.string() +
                                          " (run `synaps index`): " + status.message()),
                  context.json);
      return kExitNoIndex;
    case store::ErrorCode::kCorruption:
      ReportError(
          store::Status::Corruption("the index is damaged (rebuild it with `synaps reindex`): " +
                                    status.message()),
          context.json);
      return kExitDamagedIndex;
    case store::ErrorCode::kInvalidArgument:
      ReportError(store::Status::Invalid("bad query: " + status.message()), context.json);
      return kExitBadQuery;
    default:
      return ReportError(store::Status(status.code(), "index: " + status.message()), context.json);
  }
}

// A positive number from option `name`, within [1, max].
std::optional<int64_t> NumberOption(const Arguments& arguments, const char* name, int64_t max) {
  auto value = arguments.Value(name);
  if (!value) return std::nullopt;
  auto number = store::ParseDocumentId(*value);
  if (!number || *number > max) return int64_t{0};
  return number;
}

int Search(Context& context, const Arguments& arguments) {
  auto like = arguments.Value("like");
  if (arguments.positionals().empty() && !like) {
    return UsageError(
        "usage: search QUERY [--service S]... [--sort relevance|date] [--page N] "
        "[--page-size N] | search --like DOC",
        context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  // The CLI acts as the administrator, who reads every service; with --service, it searches as
  // the members of those services would (their documents and what was shared with them). The
  // filter comes from the same permission decision as the API's, for that user.
  const documents::Caller caller = Administrator(context);
  store::User seen_as = caller.user();
  if (arguments.Has("service")) {
    seen_as.is_admin = false;
    for (std::string code : arguments.Values("service")) {
      seen_as.memberships.push_back({store::ServiceCodeForLookup(code), store::Role::kReader});
    }
  }
  permissions::Permissions permissions(**store);
  auto filter = search::SearchFilterFor(permissions, seen_as);
  if (!filter.ok()) return ReportError(filter.status(), context.json);
  indexer::query::SearchRequest request;
  for (const auto& word : arguments.positionals()) {
    request.query += (request.query.empty() ? "" : " ") + word;
  }
  if (!store::IsValidUtf8(request.query)) {
    return UsageError("the query is not valid UTF-8", context.json);
  }
  std::string sort = arguments.Value("sort").value_or("relevance");
  if (sort == "date") {
    request.sort = indexer::query::SortOrder::kDateNewestFirst;
  } else if (sort != "relevance") {
    return UsageError("--sort takes relevance or date", context.json);
  }
  const auto page = NumberOption(arguments, "page", 10000).value_or(1);
  if (page == 0) return UsageError("--page takes a number from 1 to 10000", context.json);
  const auto page_size = NumberOption(arguments, "page-size", 100).value_or(10);
  if (page_size == 0) return UsageError("--page-size takes a number from 1 to 100", context.json);
  request.page_size = static_cast<size_t>(page_size);
  request.offset = static_cast<size_t>((page - 1) * page_size);
  std::unique_ptr<indexer::query::Searcher> searcher;
  auto opened = indexer::query::Searcher::Open(indexing::IndexDirectory(context.data_dir).string(),
                                               &searcher);
  if (!opened.ok()) return ReportIndexFailure(context, opened);
  indexer::query::SearchResult result;
  store::Status searched;
  if (like) {
    auto document = ResolveDocument(**store, *like);
    if (!document.ok()) return ReportError(document.status(), context.json);
    request.want_suggestion = false;
    searched = searcher->MoreLikeThis(std::to_string(document->id), request, *filter, &result);
    // Not indexed yet: nothing is known to be like it, as the API answers.
    if (searched.code() == store::ErrorCode::kNotFound) searched = store::Status::Ok();
  } else {
    searched = searcher->Search(request, *filter, &result);
  }
  if (!searched.ok()) return ReportIndexFailure(context, searched);
  if (context.json) {
    std::cout << search::SearchResultJson(result, page, page_size) << '\n';
    return 0;
  }
  char timing[32];
  std::snprintf(timing, sizeof timing, "%.1f ms", result.elapsed_ms);
  std::cout << Plural(static_cast<int64_t>(result.total_estimate), "result") << " (" << timing
            << ")\n";
  if (!result.suggestion.empty())
    std::cout << "Vouliez-vous dire : " << result.suggestion << " ?\n";
  for (const auto& hit : result.hits) {
    std::cout << "\n"
              << hit.percent << "%  " << hit.path << "  [" << hit.service << "]  "
              << DisplayTime(hit.date * 1000).substr(0, 10) << "\n    " << hit.title << "\n";
    if (!hit.snippet_html.empty()) std::cout << "    " << PlainSnippet(hit.snippet_html) << "\n";
  }
  for (const auto& [name, values] : result.facets) {
    if (values.empty()) continue;
    std::cout << "\n" << name << ":";
    for (const auto& value : values) std::cout << "  " << value.value << " (" << value.count << ")";
  }
  if (!result.facets.empty()) std::cout << "\n";
  // Beyond SearchRequest::facet_scan_limit matches the counts are a sample: say so.
  if (!result.facets.empty() && !result.facets_exact)
    std::cout << "(facet counts over the first " << request.facet_scan_limit << " matches)\n";
  return 0;
}

}  // namespace

std::vector<Command> SearchCommands() {
  return {
      {"extract",
       "extract FILE",
       "show what text extraction finds in a file (for debugging)",
       {},
       Extract},
      {"index", "index", "bring the search index up to date with the store", {}, Index},
      {"reindex", "reindex", "rebuild the search index from the store (resumable)", {}, Reindex},
      {"search",
       "search QUERY [--service S]... [--sort relevance|date] [--page N] [--page-size N] | "
       "search --like DOC",
       "search documents (all services, or as the members of each --service see them); "
       "exit code 3: no index yet, 4: the index is damaged (`synaps reindex`), 5: a bad query",
       {{"service", true}, {"sort", true}, {"page", true}, {"page-size", true}, {"like", true}},
       Search},
  };
}

}  // namespace synaps::cli
