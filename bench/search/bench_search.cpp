// Search benchmark: builds an index of generated French-ish documents with Synaps' IndexWriter,
// then times the same queries through Synaps' Searcher (permission filter, snippets, facets) and
// through bare Xapian (QueryParser + Enquire, top 10, nothing else), printing p50/p99.
//
//   bench_search build <index-dir> <documents>
//   bench_search query <index-dir> <queries> [facet-scan-limit]
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench/common/generator.h"
#include "indexer/index/index_writer.h"
#include "indexer/query/date_range_processor.h"
#include "indexer/query/query_string.h"
#include "indexer/query/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;
using synaps::indexer::index::IndexableDocument;
using synaps::indexer::index::IndexWriter;
using synaps::indexer::query::PermissionFilter;
using synaps::indexer::query::Searcher;
using synaps::indexer::query::SearchRequest;
using synaps::indexer::query::SearchResult;

using synaps::bench::kCommonWords;
using synaps::bench::kTags;
using synaps::bench::MakeQueries;
using synaps::bench::Vocabulary;

const std::vector<std::string> kServices = {"cabinet", "citoyennete", "coordination", "ddt",
                                            "dreal",   "ddpp",        "sgcd",         "dreets"};
const std::vector<std::string> kMimes = {"application/pdf", "message/rfc822", "text/plain",
                                         "application/vnd.oasis.opendocument.text",
                                         "application/msword"};

int Build(const std::string& dir, std::size_t count) {
  std::unique_ptr<IndexWriter> writer;
  IndexWriter::Options options;
  options.commit_every = 10000;
  if (auto st = IndexWriter::Open(dir, options, &writer); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }
  std::mt19937 rng(42);
  Vocabulary vocab(rng);
  std::uniform_int_distribution<std::size_t> any(0, 1u << 30);
  const auto start = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    IndexableDocument d;
    d.id = std::to_string(i + 1);
    d.service = kServices[any(rng) % kServices.size()];
    if (any(rng) % 10 == 0) d.shared_with_services = {kServices[any(rng) % kServices.size()]};
    d.shared_with_everyone = any(rng) % 50 == 0;
    for (int w = 0; w < 6; ++w) d.title += (w ? " " : "") + vocab.Pick(rng);
    const std::size_t body_words = 80 + any(rng) % 200;
    for (std::size_t w = 0; w < body_words; ++w) {
      d.body += w ? " " : "";
      d.body +=
          (any(rng) % 3 == 0) ? kCommonWords[any(rng) % kCommonWords.size()] : vocab.Pick(rng);
      if (any(rng) % 15 == 0) d.body += ".";
    }
    for (std::size_t t = any(rng) % 4; t > 0; --t) d.tags.push_back(kTags[any(rng) % kTags.size()]);
    d.mime_type = kMimes[any(rng) % kMimes.size()];
    d.file_name = "document_" + d.id + ".pdf";
    d.path = "/" + d.service + "/" + d.file_name;
    d.date = 1420070400 + static_cast<std::int64_t>(any(rng) % (10LL * 365 * 86400));
    d.size = 1000 + d.body.size();
    d.language = "fr";  // generated text is not real French: do not let detection guess
    if (auto st = writer->Index(d); !st.ok()) {
      std::fprintf(stderr, "%s\n", st.message().c_str());
      return 1;
    }
  }
  if (auto st = writer->Commit(); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("indexed %zu documents in %.1f s (%.0f docs/s)\n", count, secs,
              static_cast<double>(count) / secs);
  return 0;
}

struct Stats {
  std::vector<double> ms;
  void Print(const char* name) {
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (double v : ms) sum += v;
    auto pct = [&](double p) {
      return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))];
    };
    std::printf("%-44s n=%zu  mean=%.2f ms  p50=%.2f ms  p90=%.2f ms  p99=%.2f ms  max=%.2f ms\n",
                name, ms.size(), sum / static_cast<double>(ms.size()), pct(0.5), pct(0.9),
                pct(0.99), ms.back());
  }
};

int Query(const std::string& dir, std::size_t n, std::size_t facet_limit) {
  const std::vector<std::string> queries = MakeQueries(n);
  std::unique_ptr<Searcher> searcher;
  if (auto st = Searcher::Open(dir, &searcher); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }
  std::mt19937 rng(3);
  std::uniform_int_distribution<std::size_t> any(0, 1u << 30);
  std::vector<PermissionFilter> filters;
  for (std::size_t i = 0; i < n; ++i) {
    filters.emplace_back(std::vector<std::string>{kServices[any(rng) % kServices.size()],
                                                  kServices[any(rng) % kServices.size()]});
  }

  auto run_synaps = [&](bool snippets, bool facets, Stats* stats, std::uint64_t* total) {
    for (std::size_t i = 0; i < n; ++i) {
      SearchRequest request;
      request.query = queries[i];
      request.page_size = 10;
      request.want_snippets = snippets;
      request.want_facets = facets;
      request.facet_scan_limit = facet_limit;
      SearchResult result;
      const auto t0 = Clock::now();
      auto st = searcher->Search(request, filters[i], &result);
      stats->ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (!st.ok()) std::fprintf(stderr, "%s: %s\n", queries[i].c_str(), st.message().c_str());
      *total += result.total_estimate;
    }
  };

  Xapian::Database db(dir);
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("french"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.add_boolean_prefix("tag", "K");
  // Synaps' date syntax is not Xapian's; reuse its range processor so both sides run the range.
  synaps::indexer::query::DateRangeProcessor dates(1, "date:");
  qp.add_rangeprocessor(&dates);
  Stats bare;
  std::uint64_t bare_total = 0;
  for (const std::string& q : queries) {
    const auto t0 = Clock::now();
    // The folded string, as Synaps would index it; Xapian alone does not fold.
    const std::string prepared = synaps::indexer::query::PrepareQueryString(q);
    Xapian::Enquire enquire(db);
    try {
      // FLAG_AUTO_SYNONYMS: the index keeps stems as stem groups in its synonym table
      // (indexer/index/schema.h), which Xapian's own parser expands with this flag.
      enquire.set_query(qp.parse_query(prepared, Xapian::QueryParser::FLAG_DEFAULT |
                                                     Xapian::QueryParser::FLAG_WILDCARD |
                                                     Xapian::QueryParser::FLAG_AUTO_SYNONYMS));
      Xapian::MSet mset = enquire.get_mset(0, 10);
      for (auto it = mset.begin(); it != mset.end(); ++it) (void)it.get_document().get_data();
      bare_total += mset.get_matches_estimated();
    } catch (const Xapian::Error& e) {
      std::fprintf(stderr, "%s: %s\n", q.c_str(), e.get_description().c_str());
    }
    bare.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }

  Stats full, no_facets, plain;
  std::uint64_t t_full = 0, t_nf = 0, t_plain = 0;
  run_synaps(true, true, &full, &t_full);
  run_synaps(true, false, &no_facets, &t_nf);
  run_synaps(false, false, &plain, &t_plain);
  std::printf("documents: %u, queries: %zu, facet scan limit: %zu\n", db.get_doccount(), n,
              facet_limit);
  bare.Print("bare Xapian (parse+top10, no filter)");
  plain.Print("Synaps (filter, no snippets, no facets)");
  no_facets.Print("Synaps (filter + snippets)");
  full.Print("Synaps (filter + snippets + facets)");
  std::printf("mean matches: bare %.0f, Synaps (filtered) %.0f\n",
              static_cast<double>(bare_total) / static_cast<double>(n),
              static_cast<double>(t_full) / static_cast<double>(n));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "build") {
    return Build(argv[2], std::strtoul(argv[3], nullptr, 10));
  }
  if (argc >= 4 && std::string(argv[1]) == "query") {
    const std::size_t limit = argc >= 5 ? std::strtoul(argv[4], nullptr, 10) : 100000;
    return Query(argv[2], std::strtoul(argv[3], nullptr, 10), limit);
  }
  std::fprintf(stderr,
               "usage: bench_search build <index-dir> <documents>\n"
               "       bench_search query <index-dir> <queries> [facet-scan-limit]\n");
  return 2;
}
