#include "dms-server/webdav/dead_properties.h"

#include <vector>

#include "dms-server/webdav/locks.h"

namespace synaps::webdav {

DeadProperties::Values DeadProperties::Of(const std::string& path) {
  std::lock_guard lock(mu_);
  auto it = values_.find(path);
  return it == values_.end() ? Values() : it->second;
}

void DeadProperties::Set(const std::string& path, const std::string& key,
                         const std::string& value_xml) {
  std::lock_guard lock(mu_);
  values_[path][key] = value_xml;
}

void DeadProperties::Remove(const std::string& path, const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = values_.find(path);
  if (it == values_.end()) return;
  it->second.erase(key);
  if (it->second.empty()) values_.erase(it);
}

void DeadProperties::Carry(const std::string& from, const std::string& to, bool keep) {
  std::lock_guard lock(mu_);
  std::vector<std::pair<std::string, Values>> moved;
  for (auto it = values_.begin(); it != values_.end();) {
    if (IsWithin(it->first, from)) {
      moved.emplace_back(to + it->first.substr(from.size()), it->second);
      it = keep ? std::next(it) : values_.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [path, values] : moved) values_[path] = std::move(values);
}

void DeadProperties::Drop(const std::string& path) {
  std::lock_guard lock(mu_);
  std::erase_if(values_, [&](const auto& entry) { return IsWithin(entry.first, path); });
}

}  // namespace synaps::webdav
