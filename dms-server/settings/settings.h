// Settings: where synaps-server and the synaps CLI read their settings, and the ones they share.
//
// Layers, each overriding the ones before (config/synaps.properties documents every key): the
// defaults built into the code, $SYNAPS_DATA (the data directory only), the shipped
// config/synaps.properties of a checkout (layout.h), /etc/synaps/synaps.properties (or
// $SYNAPS_SYSTEM_CONFIG), /etc/synaps/conf.d/*.properties, a --config file, then the command
// line. Reading the same files is what lets `synaps index`, run
// by hand, extract within the limits the server uses.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <string>
#include <vector>

#include "indexer/extract/extract.h"

namespace synaps::settings {

struct Layer {
  std::string path;
  bool required = false;  // a --config file must exist; the others are read when present
};

// The settings files, lowest layer first: `config_dir`/synaps.properties (unless `config_dir`
// is empty or that file is the system file), the system file, the `*.properties` files of the
// conf.d/ folder beside it in name order, then `explicit_file` unless it is empty.
std::vector<Layer> Layers(const std::string& config_dir, const std::string& explicit_file);

// Adds the layers that exist to `settings`, each later one taking precedence (Poco priorities
// -1, -2, ...: above the defaults, below an application's own). Appends the files read to
// *read. On a missing required file or a malformed one, returns false with *error set to
// "cannot read FILE: why"; on a file holding a key of the synaps. namespace that no program
// reads (a typo), false with *error naming it and the nearest known key (known_settings.h).
bool Load(const std::vector<Layer>& layers, Poco::Util::LayeredConfiguration& settings,
          std::vector<std::string>* read, std::string* error);

// The data directory, before any --data option (which the caller reads and which wins):
// synaps.data_dir if a settings file sets it, else $SYNAPS_DATA, else `built_in`.
std::string DataDirectory(const Poco::Util::AbstractConfiguration& settings,
                          const std::string& built_in);

// The folder of the configured sources: synaps.sources_dir if a settings file sets it, else
// `built_in` (Layout::default_sources_dir).
std::string SourcesDirectory(const Poco::Util::AbstractConfiguration& settings,
                             const std::string& built_in);

// synaps.extract.*: what one document may cost its extraction worker. Overrides the fields of
// *limits that the settings name; throws Poco::Exception on a value that is not a number.
void ReadExtractionLimits(const Poco::Util::AbstractConfiguration& settings,
                          indexer::ExtractionLimits* limits);

// Whether every limit can be used: counts and sizes positive (depth >= 0), ratio above 1.
bool ExtractionLimitsUsable(const indexer::ExtractionLimits& limits);

}  // namespace synaps::settings
