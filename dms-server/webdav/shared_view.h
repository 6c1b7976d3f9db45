// SharedView: the way down, under /dav/, to what other services shared with the caller.
//
// Of a service the caller is no member of, WebDAV shows the folders and documents shared with
// them (the document service reads and decides on those as on any other) and, above them, the
// folders on the way down: read-only collections that list only the next step towards
// something shared. Nothing else of that service is listed or named. The view is built from
// DocumentService::SharedWith(), whose paths the caller may already read through the API: it
// tells nothing new, and decides nothing (every access still goes through the service).
//
// A value built once per request: pure and thread-safe afterwards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dms-server/store/model.h"
#include "dms-server/webdav/dav_path.h"

namespace synaps::webdav {

class SharedView {
 public:
  SharedView() = default;
  explicit SharedView(const std::vector<store::IncomingShare>& shares);

  // The codes of the services something is shared from, as stored, sorted, each once.
  std::vector<std::string> Services() const;
  // When `path` is strictly above a shared folder or document (a folder on the way down), its
  // store path as stored ("/CAB/crise"); nullopt otherwise (the shared items themselves
  // included: they are reached as what they are).
  std::optional<std::string> WayDown(const DavPath& path) const;
  // The names of the next steps beneath `path` (a folder on the way down) towards each shared
  // item, sorted, each once.
  std::vector<std::string> NextSteps(const DavPath& path) const;

 private:
  std::vector<DavPath> shared_;  // the shared folders' and documents' paths
};

}  // namespace synaps::webdav
