#include "connectors/ingest/entry_filter.h"

#include <fnmatch.h>

namespace synaps::connectors {

namespace {

bool Matches(const std::string& pattern, const std::string& path) {
  if (::fnmatch(pattern.c_str(), path.c_str(), 0) == 0) return true;
  if (pattern.find('/') != std::string::npos) return false;
  size_t slash = path.rfind('/');
  return slash != std::string::npos && ::fnmatch(pattern.c_str(), path.c_str() + slash + 1, 0) == 0;
}

bool MatchesAny(const std::vector<std::string>& patterns, const std::string& path) {
  for (const std::string& pattern : patterns) {
    if (Matches(pattern, path)) return true;
  }
  return false;
}

}  // namespace

bool EntryFilter::Takes(const std::string& relative_path) const {
  if (!include_.empty() && !MatchesAny(include_, relative_path)) return false;
  return !MatchesAny(exclude_, relative_path);
}

}  // namespace synaps::connectors
