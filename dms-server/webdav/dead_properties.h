// DeadProperties: the properties WebDAV clients set with PROPPATCH that Synaps does not compute
// (Windows' Win32 times, a client's own notes), by resource store path, moved and copied with
// their resource and dropped with it.
//
// Held in memory: they live as long as the server runs. Clients treat them as hints (Windows
// and macOS set them again on their next save).
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <map>
#include <mutex>
#include <string>

namespace synaps::webdav {

class DeadProperties {
 public:
  using Values = std::map<std::string, std::string>;  // "{ns}local" → value as XML

  Values Of(const std::string& path);
  void Set(const std::string& path, const std::string& key, const std::string& value_xml);
  void Remove(const std::string& path, const std::string& key);
  // Carries the properties of `from` and beneath to `to` (a move); `keep` leaves them at `from`
  // too (a copy).
  void Carry(const std::string& from, const std::string& to, bool keep);
  // Drops the properties of `path` and beneath.
  void Drop(const std::string& path);

 private:
  std::mutex mu_;
  std::map<std::string, Values> values_;
};

}  // namespace synaps::webdav
