// Layout: where a Synaps program finds its shipped settings and its default data directory.
//
// Nothing of the build tree is compiled into the programs. An installed program (no marker
// beside it) uses the system's places: settings in /etc/synaps (the shipped synaps.properties
// is the conffile there), data in /var/lib/synaps, the portal's files in /usr/share/synaps/web.
// A program run from a build tree finds `synaps-build-tree.properties` beside it, written by
// CMake into build/bin and never installed, which names the checkout: settings in
// <checkout>/config, data in <checkout>/var/data, the portal as built in <build>/web/root,
// sources in <checkout>/config/sources.d, so that appliance/try.sh and the tests work from the
// checkout.
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
  // The portal's files (synaps.web.root) when no setting names a directory: the installed
  // ones, or those the build tree built (web/).
  std::string default_web_dir;
  // The folder of the configured sources (connectors/README.md) when synaps.sources_dir names
  // none: /etc/synaps/sources.d installed, <checkout>/config/sources.d in a build tree.
  std::string default_sources_dir;
};

// The marker's name, beside the running program in a build tree.
inline constexpr char kBuildTreeMarker[] = "synaps-build-tree.properties";

// The portal's files, served at / when no setting names another directory.
inline constexpr char kInstalledWebDir[] = "/usr/share/synaps/web";

// The layout of the running program (/proc/self/exe).
Layout ProgramLayout();

}  // namespace synaps::settings
