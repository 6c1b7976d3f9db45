// PROPFIND (RFC 4918 9.1): the properties of a resource and, with Depth: 1, of its members.
// Depth: infinity is refused (403 propfind-finite-depth): a whole service's tree in one answer
// would cost the server more than any client needs.
#include <sys/statvfs.h>

#include "dms-server/json/model_json.h"
#include "dms-server/server/content_response.h"
#include "dms-server/webdav/dav_request.h"
#include "dms-server/webdav/dav_xml.h"
#include "dms-server/webdav/owncloud.h"

namespace synaps::webdav {

namespace {

// The live properties a resource has, by key, as the content of their elements.
std::vector<std::pair<PropertyName, std::string>> LiveProperties(DavRequest& r,
                                                                 const Resource& resource) {
  std::vector<std::pair<PropertyName, std::string>> live;
  auto add = [&](const char* name, std::string value) {
    live.push_back({PropertyName{std::string(kDav), name}, std::move(value)});
  };
  switch (resource.kind) {
    case Resource::Kind::kRoot:
      add("displayname", resource.in_versions ? "Versions" : "Synaps");
      add("resourcetype", "<D:collection/>");
      break;
    case Resource::Kind::kFolder:
      add("displayname", XmlEscape(resource.folder.name.empty() ? resource.path.names.front()
                                                                : resource.folder.name));
      add("resourcetype", "<D:collection/>");
      break;
    case Resource::Kind::kWayDown:
      // Only its name: neither locks nor properties of a place the caller was not shared.
      add("displayname", XmlEscape(FromStorePath(resource.store_path).Name()));
      add("resourcetype", "<D:collection/>");
      return live;
    case Resource::Kind::kHistory:
      add("displayname", XmlEscape(resource.document.name));
      add("resourcetype", "<D:collection/>");
      break;
    case Resource::Kind::kDocument:
    case Resource::Kind::kVersion: {
      // A document shows its current version; a past version itself.
      bool past = resource.kind == Resource::Kind::kVersion;
      const store::Document& document = resource.document;
      const std::string& type = past ? resource.version.mime_type : document.mime_type;
      add("displayname", XmlEscape(past ? resource.path.Name() : document.name));
      add("resourcetype", "");
      add("getcontentlength", std::to_string(past ? resource.version.size : document.size));
      add("getcontenttype", XmlEscape(type.empty() ? "application/octet-stream" : type));
      add("getetag", XmlEscape(resource.ETag()));
      add("getlastmodified",
          server::HttpDate(past ? resource.version.modified_at : document.modified_at));
      add("creationdate", json::IsoTime(past ? resource.version.created_at : document.created_at));
      break;
    }
    case Resource::Kind::kJunk: {
      // Its own bytes, or those of the document version it stands for.
      bool own = resource.junk.document_id == 0;
      add("displayname", XmlEscape(resource.junk.name));
      add("resourcetype", "");
      add("getcontentlength", std::to_string(own ? resource.junk.size : resource.version.size));
      add("getcontenttype", "application/octet-stream");
      add("getetag", XmlEscape(resource.ETag()));
      add("getlastmodified", server::HttpDate(resource.junk.modified_at));
      add("creationdate", json::IsoTime(resource.junk.modified_at));
      break;
    }
    case Resource::Kind::kMissing:
      break;
  }
  // Past versions are read-only: nothing there is locked or has properties of its own.
  if (resource.in_versions) return live;
  add("supportedlock",
      "<D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype>"
      "</D:lockentry><D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/>"
      "</D:locktype></D:lockentry>");
  add("lockdiscovery", LockDiscovery(r.locks.Covering(resource.store_path)));
  return live;
}

// Properties not in allprop, given when asked, as they cost more than a lookup: RFC 4331
// quotas (what the data directory's disk has left, and what the resource holds) and ownCloud's
// checksums of the content (owncloud.h). Empty when the resource has none of it.
std::string AskedProperty(DavRequest& r, const Resource& resource, const PropertyName& name) {
  if (name.ns == kOwnCloudNs && name.local == "checksums" && resource.content() &&
      resource.kind != Resource::Kind::kJunk) {
    store::Version version = resource.version;
    if (resource.kind == Resource::Kind::kDocument) {
      version = DavValue(r.service.Version(r.caller, resource.document.id, 0)).version;
    }
    return ChecksumsProperty(DavValue(r.service.Digests(r.caller, version)));
  }
  if (name.IsDav("quota-available-bytes")) {
    struct statvfs disk {};
    if (::statvfs(r.x.data_dir().c_str(), &disk) != 0) return "";
    return std::to_string(static_cast<int64_t>(disk.f_bavail) *
                          static_cast<int64_t>(disk.f_frsize));
  }
  if (name.IsDav("quota-used-bytes")) {
    if (resource.kind == Resource::Kind::kVersion) return std::to_string(resource.version.size);
    return std::to_string(resource.kind == Resource::Kind::kDocument ? resource.document.size : 0);
  }
  return "";
}

// The dead properties of `resource`: a document's or a folder's from the store (from
// `listed`, read for a whole folder at once, when given), a junk file's from memory.
DeadProperties::Values DeadOf(DavRequest& r, const Resource& resource,
                              const std::map<store::DavItem, store::DavProperties>* listed) {
  if (auto item = DeadPropertyItem(resource)) {
    if (!listed) return DavValue(r.service.DeadProperties(r.caller, *item));
    auto found = listed->find(*item);
    return found == listed->end() ? DeadProperties::Values() : found->second;
  }
  if (resource.kind == Resource::Kind::kJunk) return r.properties.Of(resource.store_path);
  return {};
}

Multistatus::Response Describe(DavRequest& r, const Resource& resource,
                               const PropfindRequest& request,
                               const std::map<store::DavItem, store::DavProperties>* listed) {
  Multistatus::Response response;
  response.href = resource.Href();
  auto live = LiveProperties(r, resource);
  DeadProperties::Values dead = DeadOf(r, resource, listed);
  using Kind = PropfindRequest::Kind;
  if (request.kind == Kind::kPropName) {
    for (const auto& [name, value] : live) response.found.push_back(PropertyElement(name));
    for (const auto& [key, value] : dead) response.found.push_back(PropertyElement(NameOfKey(key)));
    return response;
  }
  if (request.kind == Kind::kAllProp) {
    for (const auto& [name, value] : live) response.found.push_back(PropertyElement(name, value));
    for (const auto& [key, value] : dead) {
      response.found.push_back(PropertyElement(NameOfKey(key), value));
    }
  }
  for (const PropertyName& wanted : request.props) {
    if (request.kind == Kind::kAllProp) {
      bool given = dead.count(wanted.Key()) > 0;
      for (const auto& [name, value] : live) given = given || name == wanted;
      if (given) continue;
    }
    auto it = std::find_if(live.begin(), live.end(),
                           [&](const auto& entry) { return entry.first == wanted; });
    if (it != live.end()) {
      response.found.push_back(PropertyElement(wanted, it->second));
    } else if (auto found = dead.find(wanted.Key()); found != dead.end()) {
      response.found.push_back(PropertyElement(wanted, found->second));
    } else if (std::string asked = AskedProperty(r, resource, wanted); !asked.empty()) {
      response.found.push_back(PropertyElement(wanted, asked));
    } else {
      response.missing.push_back(wanted);
    }
  }
  return response;
}

}  // namespace

void Propfind(DavRequest& r) {
  std::string depth = r.x.request.get("Depth", "infinity");
  if (depth != "0" && depth != "1") {
    FailPrecondition(r, 403, "propfind-finite-depth");
  }
  auto request = ParsePropfind(ReadXmlBody(r));
  if (!request.ok()) throw server::HttpError{400, "invalid_xml", request.status().message()};
  // The lookups from one snapshot: one state of the folder, one lock taken.
  store::Store::ReadScope read = r.x.store().BeginRead();
  Resource resource = Resolve(r, r.path);
  if (!resource.exists()) {
    throw server::HttpError{404, "not_found", "no such resource " + r.path.Href(false)};
  }
  Multistatus multistatus;
  // A folder's members' dead properties are read at once (a folder may hold thousands).
  std::optional<std::map<store::DavItem, store::DavProperties>> listed;
  if (depth == "1" && resource.kind == Resource::Kind::kFolder && !resource.in_versions) {
    listed = DavValue(r.service.DeadPropertiesIn(r.caller, resource.folder.id));
  }
  const auto* listed_or_null = listed ? &*listed : nullptr;
  multistatus.Add(Describe(r, resource, *request, listed_or_null));
  if (depth == "1") {
    for (const Resource& member : Members(r, resource)) {
      multistatus.Add(Describe(r, member, *request, listed_or_null));
    }
  }
  read.End();
  SendMultistatus(r, multistatus.Finish());
}

std::string LockDiscovery(const std::vector<Lock>& locks) {
  std::string xml;
  for (const Lock& lock : locks) {
    xml += "<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope>";
    xml += lock.exclusive ? "<D:exclusive/>" : "<D:shared/>";
    xml += "</D:lockscope><D:depth>";
    xml += lock.infinite ? "infinity" : "0";
    xml += "</D:depth>";
    if (!lock.owner_xml.empty()) xml += "<D:owner>" + lock.owner_xml + "</D:owner>";
    xml += "<D:timeout>Second-" + std::to_string(lock.timeout_seconds) + "</D:timeout>";
    xml += "<D:locktoken><D:href>" + XmlEscape(lock.token) + "</D:href></D:locktoken>";
    xml += "<D:lockroot><D:href>" + XmlEscape(FromStorePath(lock.path).Href(false)) +
           "</D:href></D:lockroot></D:activelock>";
  }
  return xml;
}

}  // namespace synaps::webdav
