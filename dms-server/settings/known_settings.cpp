#include "dms-server/settings/known_settings.h"

#include <algorithm>
#include <numeric>

namespace synaps::settings {

const std::vector<std::string_view>& KnownSettings() {
  static const std::vector<std::string_view> kKnown = {
      "synaps.data_dir",
      "synaps.sources_dir",
      "synaps.listen",
      "synaps.http.threads",
      "synaps.http.max_queued",
      "synaps.http.timeout_seconds",
      "synaps.http.keep_alive_seconds",
      "synaps.http.header_seconds",
      "synaps.http.body_grace_seconds",
      "synaps.http.body_min_bytes_per_second",
      "synaps.http.unauthenticated_bodies",
      "synaps.http.trusted_proxies",
      "synaps.http.max_upload_bytes",
      "synaps.http.max_json_bytes",
      "synaps.webdav.junk_lifetime_seconds",
      "synaps.session.idle_seconds",
      "synaps.session.secure_cookies",
      "synaps.login.free_failures",
      "synaps.login.max_delay_seconds",
      "synaps.login.address_free_logins",
      "synaps.login.account_free_failures",
      "synaps.login.account_max_delay_seconds",
      "synaps.login.forget_seconds",
      "synaps.tls.certificate",
      "synaps.tls.private_key",
      "synaps.web.root",
      "synaps.indexer.enabled",
      "synaps.indexer.extract_worker",
      "synaps.indexer.batch_size",
      "synaps.extract.cpu_seconds",
      "synaps.extract.memory_bytes",
      "synaps.extract.wall_seconds",
      "synaps.extract.filter_seconds",
      "synaps.extract.max_text_bytes",
      "synaps.extract.max_input_bytes",
      "synaps.extract.max_depth",
      "synaps.extract.max_members",
      "synaps.extract.max_total_uncompressed_bytes",
      "synaps.extract.max_compression_ratio",
      "synaps.search.concurrency",
      "synaps.log.access",
      "synaps.audit.retention_days",
  };
  return kKnown;
}

namespace {

// Levenshtein distance (insertions, deletions, substitutions), one row at a time.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Appends to *keys the full name of every key of `settings` under `prefix` that holds a value.
void CollectKeys(const Poco::Util::AbstractConfiguration& settings, const std::string& prefix,
                 std::vector<std::string>* keys) {
  Poco::Util::AbstractConfiguration::Keys children;
  settings.keys(prefix, children);
  for (const std::string& child : children) {
    std::string key = prefix.empty() ? child : prefix + "." + child;
    if (settings.has(key)) keys->push_back(key);
    CollectKeys(settings, key, keys);
  }
}

}  // namespace

std::string NearestKnownSetting(std::string_view key) {
  std::string_view nearest;
  size_t best = key.size();
  for (std::string_view known : KnownSettings()) {
    size_t distance = EditDistance(key, known);
    if (distance < best) {
      best = distance;
      nearest = known;
    }
  }
  if (nearest.empty() || best * 3 > nearest.size()) return "";
  return std::string(nearest);
}

bool CheckKnownSettings(const Poco::Util::AbstractConfiguration& file, const std::string& path,
                        std::string* error) {
  std::vector<std::string> keys;
  CollectKeys(file, "synaps", &keys);
  const auto& known = KnownSettings();
  for (const std::string& key : keys) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    *error = "unknown setting " + key + " in " + path;
    if (std::string nearest = NearestKnownSetting(key); !nearest.empty()) {
      *error += "; did you mean " + nearest + "?";
    } else {
      *error += " (the shipped synaps.properties documents every setting)";
    }
    return false;
  }
  return true;
}

}  // namespace synaps::settings
