// The C++ side of the HTTP server benchmark (bench/server/run.sh):
//
//   bench_server corpus <out-dir> <documents>
//       writes generated French-like documents as files to import: HTML pages (lang="fr", a
//       title, an author), mails (.eml with a date, a sender and an RFC 2047 subject) and plain
//       text, under <out-dir>/<SERVICE>/dossier-NN/. Same vocabulary and word distribution as
//       bench/search, so the index has the size and term statistics of that benchmark.
//   bench_server queries <file> <count>
//       writes the query mix of bench/search (same generator, same seed), one query per line.
//   bench_server stats <index-dir>
//       prints the document count and how many documents each language and service holds.
//   bench_server floor <index-dir> <queries-file> <mode> <threads> <seconds> <SERVICE,...> [count]
//       runs the queries in process, <threads> threads in a closed loop for <seconds> seconds
//       (the load wrk puts on the server, without HTTP), and prints requests/s, latency
//       percentiles and CPU time per query; with "count", first runs every query once on one thread
//       and prints the mean number of matches (compare with the server's mean "total"). Modes, from
//       the barest to the server's own work:
//         xapian        QueryParser (French stems) + OP_FILTER by the permission terms +
//                       Enquire top 20 + each hit's document data
//         xapian-full   the same plus what a search page needs: spelling correction, the four
//                       facet counts over up to 100,000 matches (ValueCountMatchSpy), and one
//                       snippet per hit (MSet::snippet)
//         searcher      Synaps' Searcher, exactly as the server calls it (default request: 20
//                       hits, snippets, facets, suggestion), the server's work minus HTTP
//       and, to see where the time goes, "xapian" plus one or more of the features:
//       xapian+spelling, xapian+facets, xapian+snippets (xapian-full is all three), and
//       "searcher" minus one or more of them: searcher-snippets, searcher-facets-spelling, ...
#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/common/generator.h"
#include "indexer/index/schema.h"
#include "indexer/index/snippet_text.h"
#include "indexer/query/date_range_processor.h"
#include "indexer/query/permission_filter.h"
#include "indexer/query/query_string.h"
#include "indexer/query/searcher.h"
#include "indexer/text/folding_stemmer.h"

namespace {

namespace fs = std::filesystem;
namespace schema = synaps::indexer::index::schema;
using Clock = std::chrono::steady_clock;
using synaps::indexer::query::PermissionFilter;
using synaps::indexer::query::Searcher;
using synaps::indexer::query::SearchRequest;
using synaps::indexer::query::SearchResult;

// Vocabulary and queries: bench/common/generator.h, shared with bench/search.
using synaps::bench::kCommonWords;
using synaps::bench::kTags;
using synaps::bench::MakeQueries;
using synaps::bench::Vocabulary;

// The services of the corpus (Synaps service codes).
const std::vector<std::string> kServices = {"CABINET", "CITOYENNETE", "COORDINATION", "DDT",
                                            "DREAL",   "DDPP",        "SGCD",         "DREETS"};
const std::vector<std::string> kPeople = {
    "Élodie Lefèvre", "Jean-Pierre Martin", "Amélie Dubois",   "François Girard",
    "Hélène Moreau",  "Stéphane Lambert",   "Cécile Rousseau", "Grégoire Fontaine",
    "Maëlle Bonnet",  "Loïc Chevalier",     "Agnès Mercier",   "Jérôme Faure"};
constexpr int kFoldersPerService = 20;

// ---------------------------------------------------------------------------------------------
// corpus

std::string HtmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '"') {
      out += "&quot;";
    } else {
      out += c;
    }
  }
  return out;
}

// RFC 2047 "Q" encoding of a UTF-8 header value: mail headers are ASCII.
std::string EncodeHeader(const std::string& text) {
  std::string out = "=?UTF-8?Q?";
  for (unsigned char c : text) {
    if (c == ' ') {
      out += '_';
    } else if (c >= 0x80 || c == '=' || c == '?' || c == '_' || c < 0x20) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "=%02X", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "?=";
}

// "Élodie Lefèvre" → "elodie.lefevre@pref.gouv.fr" (the accented letters of kPeople are
// two-byte UTF-8 sequences starting with 0xC3).
std::string Address(const std::string& name) {
  std::string local;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c == 0xC3 && i + 1 < name.size()) {
      const auto b = static_cast<unsigned char>(name[++i] | 0x20);  // upper → lower case
      if (b >= 0xA0 && b <= 0xA5) local += 'a';
      if (b == 0xA7) local += 'c';
      if (b >= 0xA8 && b <= 0xAB) local += 'e';
      if (b >= 0xAC && b <= 0xAF) local += 'i';
      if (b >= 0xB2 && b <= 0xB6) local += 'o';
      if (b >= 0xB9 && b <= 0xBC) local += 'u';
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      local += static_cast<char>(c | 0x20);
    } else if (c == ' ' || c == '-') {
      local += '.';
    }
  }
  return local + "@pref.gouv.fr";
}

std::string MailDate(std::int64_t seconds) {
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return text;
}

int Corpus(const fs::path& dir, std::size_t count) {
  std::mt19937 rng(42);
  Vocabulary vocab(rng);
  std::uniform_int_distribution<std::size_t> any(0, 1u << 30);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& service = kServices[i % kServices.size()];
    char folder[32];
    std::snprintf(folder, sizeof folder, "dossier-%02d",
                  static_cast<int>((i / kServices.size()) % kFoldersPerService));
    std::string title;
    for (int w = 0; w < 6; ++w) title += (w ? " " : "") + vocab.Pick(rng);
    // Sentences of 8-22 words, a third of them function words, as in bench/search.
    std::vector<std::string> sentences;
    std::string sentence;
    const std::size_t body_words = 80 + any(rng) % 200;
    for (std::size_t w = 0; w < body_words; ++w) {
      sentence += sentence.empty() ? "" : " ";
      sentence +=
          (any(rng) % 3 == 0) ? kCommonWords[any(rng) % kCommonWords.size()] : vocab.Pick(rng);
      if (any(rng) % 15 == 0 || w + 1 == body_words) {
        sentences.push_back(sentence + ".");
        sentence.clear();
      }
    }
    const std::string& person = kPeople[any(rng) % kPeople.size()];
    const auto date = 1420070400 + static_cast<std::int64_t>(any(rng) % (10LL * 365 * 86400));
    const std::size_t kind = any(rng) % 10;

    fs::create_directories(dir / service / folder);
    char name[32];
    std::ostringstream out;
    if (kind < 6) {
      std::snprintf(name, sizeof name, "doc-%06zu.html", i + 1);
      out << "<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\">\n<title>"
          << HtmlEscape(title) << "</title>\n<meta name=\"author\" content=\"" << HtmlEscape(person)
          << "\">\n</head>\n<body>\n<h1>" << HtmlEscape(title) << "</h1>\n";
      for (std::size_t s = 0; s < sentences.size(); s += 4) {
        out << "<p>";
        for (std::size_t k = s; k < std::min(s + 4, sentences.size()); ++k) {
          out << (k > s ? " " : "") << HtmlEscape(sentences[k]);
        }
        out << "</p>\n";
      }
      out << "</body>\n</html>\n";
    } else if (kind < 9) {
      std::snprintf(name, sizeof name, "mail-%06zu.eml", i + 1);
      out << "From: " << EncodeHeader(person) << " <" << Address(person) << ">\r\n"
          << "To: " << EncodeHeader("Secrétariat " + service) << " <"
          << Address("Secretariat " + service) << ">\r\n"
          << "Subject: " << EncodeHeader(title) << "\r\n"
          << "Date: " << MailDate(date) << "\r\n"
          << "Message-ID: <" << i + 1 << ".bench@pref.gouv.fr>\r\n"
          << "MIME-Version: 1.0\r\n"
          << "Content-Type: text/plain; charset=utf-8\r\n"
          << "Content-Transfer-Encoding: 8bit\r\n\r\nBonjour,\r\n\r\n";
      for (std::size_t s = 0; s < sentences.size(); ++s) {
        out << sentences[s] << (s % 4 == 3 ? "\r\n\r\n" : " ");
      }
      out << "\r\n\r\nCordialement,\r\n" << person << "\r\n";
    } else {
      std::snprintf(name, sizeof name, "note-%06zu.txt", i + 1);
      out << title << "\n\n";
      for (std::size_t s = 0; s < sentences.size(); ++s) {
        out << sentences[s] << (s % 4 == 3 ? "\n\n" : " ");
      }
      out << "\n";
    }
    std::ofstream file(dir / service / folder / name, std::ios::binary);
    file << out.str();
    if (!file) {
      std::fprintf(stderr, "cannot write %s\n", (dir / service / folder / name).c_str());
      return 1;
    }
  }
  std::printf("wrote %zu documents in %zu services under %s\n", count, kServices.size(),
              dir.c_str());
  return 0;
}

// ---------------------------------------------------------------------------------------------
// queries: bench/common/generator.h's MakeQueries, seed 7.

int WriteQueries(const std::string& path, std::size_t n) {
  std::ofstream out(path, std::ios::binary);
  for (const std::string& q : MakeQueries(n)) out << q << '\n';
  return out ? 0 : 1;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// stats

int Stats(const std::string& dir) {
  Xapian::Database db(dir);
  std::printf("documents %u\n", db.get_doccount());
  for (const char* language : {"fr", "en", "none"}) {
    std::printf("language %s %u\n", language,
                db.get_termfreq(std::string(schema::kLanguage) + language));
  }
  for (const std::string& s : kServices) {
    std::printf("service %s %u shared-with %u\n", s.c_str(),
                db.get_termfreq(schema::FoldedTerm(schema::kService, s)),
                db.get_termfreq(schema::FoldedTerm(schema::kSharedWith, s)));
  }
  std::printf("shared-with-everyone %u\n",
              db.get_termfreq(std::string(schema::kSharedWithEveryone)));
  return 0;
}

// ---------------------------------------------------------------------------------------------
// floor

// What a floor run does: Synaps' Searcher, or bare Xapian with some of a search page's features.
struct Mode {
  bool searcher = false;
  bool spelling = false;
  bool facets = false;
  bool snippets = false;
};

bool ParseMode(const std::string& name, Mode* mode) {
  if (name.rfind("searcher", 0) == 0) {
    mode->searcher = true;
    // The Searcher does every feature unless told not to: "-" turns one off.
    mode->spelling = mode->facets = mode->snippets = true;
    std::istringstream in(name.substr(8));
    for (std::string feature; std::getline(in, feature, '-');) {
      if (feature == "spelling") {
        mode->spelling = false;
      } else if (feature == "facets") {
        mode->facets = false;
      } else if (feature == "snippets") {
        mode->snippets = false;
      } else if (!feature.empty()) {
        return false;
      }
    }
    return true;
  }
  if (name == "xapian-full") {
    mode->spelling = mode->facets = mode->snippets = true;
    return true;
  }
  if (name.rfind("xapian", 0) != 0) return false;
  std::istringstream in(name.substr(6));
  for (std::string feature; std::getline(in, feature, '+');) {
    if (feature == "spelling") {
      mode->spelling = true;
    } else if (feature == "facets") {
      mode->facets = true;
    } else if (feature == "snippets") {
      mode->snippets = true;
    } else if (!feature.empty()) {
      return false;
    }
  }
  return true;
}

// One thread's engine: a database handle (not thread-safe) and what each mode needs.
class Engine {
 public:
  Engine(const std::string& dir, Mode mode, const std::vector<std::string>& services)
      : mode_(mode), db_(dir), dates_(schema::kSlotDate, "date:") {
    if (mode.searcher) {
      if (auto st = Searcher::Open(dir, &searcher_); !st.ok()) {
        throw std::runtime_error(st.message());
      }
      filter_ = PermissionFilter(services);
      return;
    }
    // The index is folded and stemmed in French: parse the folded query (the one Synaps string
    // function used here, as in bench/search) with Xapian's French stemmer, AND by default.
    qp_.set_database(db_);
    qp_.set_stemmer(Xapian::Stem("french"));
    qp_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp_.set_default_op(Xapian::Query::OP_AND);
    qp_.set_max_expansion(200, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    qp_.add_boolean_prefix("tag", std::string(schema::kTag));
    qp_.add_rangeprocessor(&dates_);
    // Who may see what: the same terms the server's permission filter uses.
    std::vector<std::string> terms;
    for (const std::string& s : services) {
      terms.push_back(schema::FoldedTerm(schema::kService, s));
      terms.push_back(schema::FoldedTerm(schema::kSharedWith, s));
    }
    terms.emplace_back(schema::kSharedWithEveryone);
    permission_ = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    snippet_stemmer_ = synaps::indexer::text::MakeFoldingStemmer("fr");
  }

  // Runs one query; returns the estimated number of (visible) matches.
  std::uint64_t Run(const std::string& q) {
    if (mode_.searcher) {
      SearchRequest request;  // the server's defaults: 20 hits, snippets, facets, suggestion
      request.query = q;
      request.want_snippets = mode_.snippets;
      request.want_facets = mode_.facets;
      request.want_suggestion = mode_.spelling;
      SearchResult result;
      if (auto st = searcher_->Search(request, filter_, &result); !st.ok()) {
        std::fprintf(stderr, "%s: %s\n", q.c_str(), st.message().c_str());
      }
      return result.total_estimate;
    }
    const std::string prepared = synaps::indexer::query::PrepareQueryString(q);
    // FLAG_AUTO_SYNONYMS: the index keeps stems as stem groups in its synonym table
    // (indexer/index/schema.h), which Xapian's own parser expands with this flag.
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_AUTO_SYNONYMS;
    if (mode_.spelling) flags |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
    Xapian::Enquire enquire(db_);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_FILTER, qp_.parse_query(prepared, flags), permission_));
    Xapian::ValueCountMatchSpy service(schema::kSlotService), mime(schema::kSlotMime),
        year(schema::kSlotYear), tags(schema::kSlotTags);
    Xapian::doccount check_at_least = 0;
    if (mode_.facets) {
      for (Xapian::MatchSpy* spy :
           std::initializer_list<Xapian::MatchSpy*>{&service, &mime, &year, &tags}) {
        enquire.add_matchspy(spy);
      }
      // The Searcher's default until it counted facets over the first 1,000 matches: this mode
      // stays the reference of Xapian's own features at full strength (bench/server/README.md).
      check_at_least = 100000;
    }
    Xapian::MSet mset = enquire.get_mset(0, 20, check_at_least);
    std::size_t bytes = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const Xapian::Document doc = it.get_document();
      bytes += doc.get_data().size();
      if (mode_.snippets) {
        const std::string text =
            synaps::indexer::index::UnpackSnippetText(doc.get_value(schema::kSlotSnippetText));
        bytes += mset.snippet(text, 300, snippet_stemmer_, Xapian::MSet::SNIPPET_BACKGROUND_MODEL,
                              "<mark>", "</mark>", "…")
                     .size();
      }
    }
    if (mode_.facets) {
      for (Xapian::ValueCountMatchSpy* spy : {&service, &mime, &year, &tags}) {
        for (auto v = spy->top_values_begin(20); v != spy->top_values_end(20); ++v) {
          bytes += (*v).size();
        }
      }
    }
    if (mode_.spelling) {
      // A suggestion is only worth showing if it finds something the user may see.
      const std::string corrected = qp_.get_corrected_query_string();
      if (!corrected.empty() && corrected != prepared) {
        Xapian::Enquire check(db_);
        check.set_query(Xapian::Query(
            Xapian::Query::OP_FILTER,
            qp_.parse_query(corrected, flags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION),
            permission_));
        check.set_weighting_scheme(Xapian::BoolWeight());
        bytes += check.get_mset(0, 1).size() + corrected.size();
      }
    }
    sink_ += bytes;  // keeps the compiler from dropping the work
    return mset.get_matches_estimated();
  }

 private:
  Mode mode_;
  Xapian::Database db_;
  synaps::indexer::query::DateRangeProcessor dates_;  // outlives qp_, which points to it
  Xapian::QueryParser qp_;
  Xapian::Query permission_;
  Xapian::Stem snippet_stemmer_;
  std::unique_ptr<Searcher> searcher_;
  PermissionFilter filter_;
  std::size_t sink_ = 0;
};

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto index = static_cast<std::size_t>(std::ceil(p / 100.0 * sorted.size()));
  return sorted[std::min(sorted.size() - 1, index == 0 ? 0 : index - 1)];
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

int Floor(const std::string& dir, const std::string& queries_file, const std::string& mode_name,
          int threads, double seconds, const std::string& services_list, bool count) {
  Mode mode;
  if (!ParseMode(mode_name, &mode)) {
    std::fprintf(stderr, "unknown mode %s\n", mode_name.c_str());
    return 2;
  }
  const std::vector<std::string> queries = ReadLines(queries_file);
  const std::vector<std::string> services = Split(services_list, ',');
  if (queries.empty() || services.empty() || threads < 1) {
    std::fprintf(stderr, "no queries, no services or no threads\n");
    return 2;
  }

  // One pass over every query on one thread: the mean match count shows that this mode and the
  // server find the same documents (exact counts need the facet scan: "xapian" mode gives
  // Xapian's lower estimates).
  double mean_matches = -1;
  if (count) {
    std::uint64_t total = 0;
    Engine engine(dir, mode, services);
    for (const std::string& q : queries) total += engine.Run(q);
    mean_matches = static_cast<double>(total) / static_cast<double>(queries.size());
  }

  // The timed run: every thread opens its own database, then all start together and take the
  // next query of the shared list until time is up, as wrk's connections do.
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::barrier start(threads + 1);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      Engine engine(dir, mode, services);
      std::vector<double>& ms = latencies[static_cast<std::size_t>(t)];
      ms.reserve(1 << 16);
      start.arrive_and_wait();
      while (!stop.load(std::memory_order_relaxed)) {
        const std::string& q = queries[next.fetch_add(1) % queries.size()];
        const auto t0 = Clock::now();
        engine.Run(q);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
    });
  }
  // CPU time per query (user + system, all threads) is what a shared, noisy machine disturbs
  // least: it is compared with the server's own CPU time per request.
  auto cpu_seconds = [] {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  };
  start.arrive_and_wait();
  const auto begin = Clock::now();
  const double cpu_begin = cpu_seconds();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& thread : pool) thread.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
  const double cpu = cpu_seconds() - cpu_begin;

  std::vector<double> all;
  for (const auto& ms : latencies) all.insert(all.end(), ms.begin(), ms.end());
  std::sort(all.begin(), all.end());
  double sum = 0;
  for (double v : all) sum += v;
  std::printf(
      "mode=%s threads=%d seconds=%.1f requests=%zu rps=%.1f mean_ms=%.2f p50_ms=%.2f "
      "p90_ms=%.2f p99_ms=%.2f max_ms=%.2f cpu_ms=%.3f mean_matches=%.1f\n",
      mode_name.c_str(), threads, elapsed, all.size(), static_cast<double>(all.size()) / elapsed,
      all.empty() ? 0 : sum / static_cast<double>(all.size()), Percentile(all, 50),
      Percentile(all, 90), Percentile(all, 99), all.empty() ? 0 : all.back(),
      all.empty() ? 0 : cpu * 1000 / static_cast<double>(all.size()), mean_matches);
  return 0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: bench_server corpus <out-dir> <documents>\n"
               "       bench_server queries <file> <count>\n"
               "       bench_server stats <index-dir>\n"
               "       bench_server floor <index-dir> <queries-file> "
               "xapian[+FEATURE...]|xapian-full|searcher[-FEATURE...] "
               "<threads> <seconds> <SERVICE,...> [count]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 3 && args[0] == "corpus") {
      return Corpus(args[1], std::strtoul(args[2].c_str(), nullptr, 10));
    }
    if (args.size() == 3 && args[0] == "queries") {
      return WriteQueries(args[1], std::strtoul(args[2].c_str(), nullptr, 10));
    }
    if (args.size() == 2 && args[0] == "stats") return Stats(args[1]);
    if ((args.size() == 7 || (args.size() == 8 && args[7] == "count")) && args[0] == "floor") {
      return Floor(args[1], args[2], args[3], std::atoi(args[4].c_str()),
                   std::strtod(args[5].c_str(), nullptr), args[6], args.size() == 8);
    }
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "%s\n", e.get_description().c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return Usage();
}
