// EntryFilter: a source's include and exclude patterns (SourceConfig::include, ::exclude) applied
// to an entry's path relative to the source ("folder/sub/name.pdf").
//
// Patterns are shell globs (fnmatch: '*', '?', '[...]'). A pattern without '/' is also tried on
// the name alone, so "*.tmp" and "~$*" apply in every folder; one with '/' applies to the whole
// path ("archives/*"). An entry is taken when it matches an include pattern (or there is none)
// and no exclude pattern. Thread-safe (immutable).
#pragma once

#include <string>
#include <vector>

namespace synaps::connectors {

class EntryFilter {
 public:
  EntryFilter(std::vector<std::string> include, std::vector<std::string> exclude)
      : include_(std::move(include)), exclude_(std::move(exclude)) {}

  bool Takes(const std::string& relative_path) const;

 private:
  std::vector<std::string> include_;
  std::vector<std::string> exclude_;
};

}  // namespace synaps::connectors
