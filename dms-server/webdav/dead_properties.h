// DeadProperties: the properties WebDAV clients set with PROPPATCH on junk files (junk_files.h),
// by resource store path, moved and copied with their junk file and dropped with it.
//
// Held in memory, as the junk files themselves are: they live as long as their file. A
// document's and a folder's dead properties are kept in the store with their item instead
// (DocumentService::DeadProperties), so that they outlive a restart and follow a move.
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
