#include "dms-server/settings/settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "dms-server/settings/known_settings.h"

namespace synaps::settings {

std::vector<Layer> Layers(const std::string& config_dir, const std::string& explicit_file) {
  const char* system_env = std::getenv("SYNAPS_SYSTEM_CONFIG");
  std::filesystem::path system =
      system_env && *system_env ? system_env : "/etc/synaps/synaps.properties";
  std::vector<Layer> layers;
  std::error_code error;
  if (!config_dir.empty() &&
      !std::filesystem::equivalent(config_dir + "/synaps.properties", system, error)) {
    layers.push_back({config_dir + "/synaps.properties", false});
  }
  layers.push_back({system.string(), false});
  // Settings changed after installation, by an administrator or a tool, go to conf.d/ rather
  // than into the conffile, which a package upgrade may want to replace.
  std::vector<std::string> drop_ins;
  for (const auto& entry :
       std::filesystem::directory_iterator(system.parent_path() / "conf.d", error)) {
    if (entry.path().extension() == ".properties") drop_ins.push_back(entry.path().string());
  }
  std::sort(drop_ins.begin(), drop_ins.end());
  for (const auto& path : drop_ins) layers.push_back({path, false});
  if (!explicit_file.empty()) layers.push_back({explicit_file, true});
  return layers;
}

bool Load(const std::vector<Layer>& layers, Poco::Util::LayeredConfiguration& settings,
          std::vector<std::string>* read, std::string* error) {
  // A lower Poco priority number wins: each later layer gets a smaller one.
  int priority = 0;
  for (const Layer& layer : layers) {
    --priority;
    try {
      if (!layer.required && !Poco::File(layer.path).exists()) continue;
      Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
          new Poco::Util::PropertyFileConfiguration(layer.path));
      if (!CheckKnownSettings(*file, layer.path, error)) return false;
      settings.add(file, priority);
    } catch (const Poco::Exception& failure) {
      *error = "cannot read " + layer.path + ": " + failure.displayText();
      return false;
    }
    read->push_back(layer.path);
  }
  return true;
}

std::string DataDirectory(const Poco::Util::AbstractConfiguration& settings,
                          const std::string& built_in) {
  std::string data_dir = built_in;
  if (const char* env = std::getenv("SYNAPS_DATA"); env && *env) data_dir = env;
  return settings.getString("synaps.data_dir", data_dir);
}

std::string SourcesDirectory(const Poco::Util::AbstractConfiguration& settings,
                             const std::string& built_in) {
  return settings.getString("synaps.sources_dir", built_in);
}

void ReadExtractionLimits(const Poco::Util::AbstractConfiguration& settings,
                          indexer::ExtractionLimits* limits) {
  auto count = [&](const char* key, int* value) { *value = settings.getInt(key, *value); };
  auto bytes = [&](const char* key, std::uint64_t* value) {
    *value = settings.getUInt64(key, *value);
  };
  count("synaps.extract.cpu_seconds", &limits->cpu_seconds);
  count("synaps.extract.wall_seconds", &limits->wall_seconds);
  count("synaps.extract.filter_seconds", &limits->filter_seconds);
  count("synaps.extract.max_depth", &limits->max_depth);
  count("synaps.extract.max_members", &limits->max_members);
  bytes("synaps.extract.memory_bytes", &limits->memory_bytes);
  bytes("synaps.extract.max_text_bytes", &limits->max_text_bytes);
  bytes("synaps.extract.max_input_bytes", &limits->max_input_bytes);
  bytes("synaps.extract.max_total_uncompressed_bytes", &limits->max_total_uncompressed_bytes);
  limits->max_compression_ratio =
      settings.getDouble("synaps.extract.max_compression_ratio", limits->max_compression_ratio);
}

bool ExtractionLimitsUsable(const indexer::ExtractionLimits& limits) {
  return limits.cpu_seconds > 0 && limits.wall_seconds > 0 && limits.filter_seconds > 0 &&
         limits.max_depth >= 0 && limits.max_members > 0 && limits.memory_bytes > 0 &&
         limits.max_text_bytes > 0 && limits.max_input_bytes > 0 &&
         limits.max_total_uncompressed_bytes > 0 && limits.max_compression_ratio > 1;
}

}  // namespace synaps::settings
