#include "dms-server/settings/layout.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>
#include <filesystem>

namespace synaps::settings {

Layout ProgramLayout() {
  Layout layout{"", "/var/lib/synaps", kInstalledWebDir, "/etc/synaps/sources.d"};
  // Set by the build while it writes the manual pages, which describe the installed program.
  if (const char* installed = std::getenv("SYNAPS_INSTALLED_LAYOUT"); installed && *installed) {
    return layout;
  }
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return layout;
  std::filesystem::path marker = self.parent_path() / kBuildTreeMarker;
  if (!std::filesystem::exists(marker, error)) return layout;
  try {
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> tree(
        new Poco::Util::PropertyFileConfiguration(marker.string()));
    layout.shipped_config_dir = tree->getString("checkout.config_dir", "");
    layout.default_data_dir = tree->getString("checkout.data_dir", layout.default_data_dir);
    layout.default_web_dir = tree->getString("checkout.web_dir", layout.default_web_dir);
    if (!layout.shipped_config_dir.empty()) {
      layout.default_sources_dir = layout.shipped_config_dir + "/sources.d";
    }
  } catch (const Poco::Exception&) {
    // An unreadable marker: behave as installed.
  }
  return layout;
}

}  // namespace synaps::settings
