// The read-only tree of past versions, /dav/.versions/: the live tree mirrored (the services, their
// folders, the ways down to what was shared), each document a collection of its versions named
// "v<N><extension>". Reached through the same document-service reads as the live tree; a GET of
// a version is audited as a read of that version. Every write there is refused before any
// handler runs (webdav.cpp).
#include "dms-server/webdav/dav_request.h"

namespace synaps::webdav {

namespace {

DavPath InVersionsTree(DavPath path) {
  path.names.insert(path.names.begin(), std::string(kVersionsFolder));
  return path;
}

// Version `path.Name()` of the document at `path.Parent()` (live paths), or a missing resource.
Resource VersionAt(DavRequest& r, const DavPath& path) {
  Resource missing;
  if (path.names.size() < 3) return missing;
  Resource document = Resolve(r, path.Parent());
  if (document.kind != Resource::Kind::kDocument) return missing;
  int number = ParseVersionFileName(path.Name(), document.document.name);
  if (number <= 0) return missing;
  auto found = r.service.Version(r.caller, document.document.id, number);
  if (!found.ok()) {
    if (found.status().code() == store::ErrorCode::kNotFound) return missing;
    throw DavError(found.status());
  }
  Resource version;
  version.kind = Resource::Kind::kVersion;
  version.document = found->document;
  version.version = found->version;
  version.store_path = found->document.path();
  return version;
}

}  // namespace

Resource ResolveInVersions(DavRequest& r, const DavPath& path) {
  DavPath live;
  live.names.assign(path.names.begin() + 1, path.names.end());
  live.trailing_slash = path.trailing_slash;
  Resource resource;
  if (live.IsRoot()) {
    resource.kind = Resource::Kind::kRoot;
  } else {
    resource = Resolve(r, live);
    if (resource.kind == Resource::Kind::kDocument) {
      resource.kind = Resource::Kind::kHistory;
    } else if (resource.kind != Resource::Kind::kFolder &&
               resource.kind != Resource::Kind::kWayDown) {
      resource = VersionAt(r, live);
    }
  }
  resource.in_versions = true;
  resource.path = path;
  resource.parent.reset();
  resource.parent_is_way_down = false;
  return resource;
}

std::vector<Resource> VersionsMembers(DavRequest& r, const Resource& collection) {
  std::vector<Resource> members;
  if (collection.kind == Resource::Kind::kHistory) {
    for (const store::Version& version :
         DavValue(r.service.Versions(r.caller, collection.document.id))) {
      Resource member;
      member.kind = Resource::Kind::kVersion;
      member.in_versions = true;
      member.document = collection.document;
      member.version = version;
      member.store_path = collection.store_path;
      member.path = collection.path;
      member.path.names.push_back(VersionFileName(collection.document.name, version.number));
      members.push_back(std::move(member));
    }
    return members;
  }
  Resource live = collection;
  live.in_versions = false;
  for (Resource& member : Members(r, live)) {
    if (member.in_versions) continue;                    // the live root's entry for this tree
    if (member.kind == Resource::Kind::kJunk) continue;  // never a document: no versions
    if (member.kind == Resource::Kind::kDocument) member.kind = Resource::Kind::kHistory;
    member.in_versions = true;
    member.path = InVersionsTree(std::move(member.path));
    members.push_back(std::move(member));
  }
  return members;
}

}  // namespace synaps::webdav
