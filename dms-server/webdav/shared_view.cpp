#include "dms-server/webdav/shared_view.h"

#include <algorithm>

namespace synaps::webdav {

SharedView::SharedView(const std::vector<store::IncomingShare>& shares) {
  for (const store::IncomingShare& share : shares) shared_.push_back(FromStorePath(share.path));
}

std::vector<std::string> SharedView::Services() const {
  std::vector<std::string> codes;
  for (const DavPath& path : shared_) {
    if (!path.names.empty()) codes.push_back(path.names.front());
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  return codes;
}

std::optional<std::string> SharedView::WayDown(const DavPath& path) const {
  if (path.IsRoot()) return std::nullopt;
  for (const DavPath& shared : shared_) {
    if (shared.names.size() > path.names.size() && path.Contains(shared)) {
      DavPath stored;
      stored.names.assign(shared.names.begin(), shared.names.begin() + path.names.size());
      return stored.StorePath();
    }
  }
  return std::nullopt;
}

std::vector<std::string> SharedView::NextSteps(const DavPath& path) const {
  std::vector<std::string> names;
  for (const DavPath& shared : shared_) {
    if (shared.names.size() > path.names.size() && path.Contains(shared)) {
      names.push_back(shared.names[path.names.size()]);
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace synaps::webdav
