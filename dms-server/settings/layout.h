// Layout: where a Synaps program finds its shipped settings and its default data directory.
//
// Nothing of the build tree is compiled into the programs. An installed program (no marker
// beside it) uses the system's places: settings in /etc/synaps (the shipped synaps.properties
// is the conffile there), data in /var/lib/synaps. A program run from a build tree finds
// `synaps-build-tree.properties` beside it, written by CMake into build/bin and never
// installed, which names the checkout: settings in <checkout>/config, data in
// <checkout>/var/data, so that appliance/try.sh and the tests work from the checkout.
// $SYNAPS_INSTALLED_LAYOUT (non-empty) makes a build-tree program behave as installed.
//
// Thread-safe (reads files, keeps no state).
#pragma once

#include <string>

namespace synaps::settings {

struct Layout {
  // Folder of the shipped synaps.properties read below /etc/synaps; empty when installed
  // (the shipped file is /etc/synaps/synaps.properties itself).
  std::string shipped_config_dir;
  // The data directory used when no setting, $SYNAPS_DATA or --data names one.
  std::string default_data_dir;
};

// The marker's name, beside the running program in a build tree.
inline constexpr char kBuildTreeMarker[] = "synaps-build-tree.properties";

// The layout of the running program (/proc/self/exe).
Layout ProgramLayout();

}  // namespace synaps::settings
