// KnownSettings: the names of every setting of the synaps. namespace that synaps-server or the
// synaps CLI reads, and the check that refuses the others.
//
// A misspelt key ("synaps.lisen") would otherwise be ignored without a word and its default used:
// Load() (settings.h) refuses a settings file that holds a key of the synaps. namespace not in
// this list, naming the nearest known one. Keys outside that namespace are not checked.
//
// The list must name exactly the keys config/synaps.properties documents (a test compares them):
// a new setting goes into both. Thread-safe (constant data).
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <string>
#include <string_view>
#include <vector>

namespace synaps::settings {

// Every setting of the synaps. namespace, in the order config/synaps.properties documents them.
const std::vector<std::string_view>& KnownSettings();

// The known setting nearest to `key` by edit distance, or "" when none is close enough to be
// what was meant (more than a third of its letters would differ).
std::string NearestKnownSetting(std::string_view key);

// Checks every key of `file` (one settings file, read from `path`). Returns true when each key
// of the synaps. namespace is known; otherwise false with *error set to "unknown setting KEY in
// PATH; did you mean NEAREST?" (or, with nothing near, where the known settings are listed).
bool CheckKnownSettings(const Poco::Util::AbstractConfiguration& file, const std::string& path,
                        std::string* error);

}  // namespace synaps::settings
