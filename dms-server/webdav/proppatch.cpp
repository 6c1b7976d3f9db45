// PROPPATCH (RFC 4918 9.2): sets and removes dead properties, all or none. Live properties are
// Synaps' own: changing one is refused (403) and fails the others (424).
#include "dms-server/webdav/dav_request.h"
#include "dms-server/webdav/dav_xml.h"

namespace synaps::webdav {

void Proppatch(DavRequest& r) {
  auto updates = ParseProppatch(ReadXmlBody(r));
  if (!updates.ok()) throw server::HttpError{400, "invalid_xml", updates.status().message()};
  Resource resource = Resolve(r, r.path);
  switch (resource.kind) {
    case Resource::Kind::kMissing:
      throw server::HttpError{404, "not_found", "no such resource " + r.path.Href(false)};
    case Resource::Kind::kRoot:
      throw server::HttpError{403, "forbidden", "the root's properties are Synaps' own"};
    case Resource::Kind::kWayDown:  // refused before any handler, as every write there is
    case Resource::Kind::kHistory:
    case Resource::Kind::kVersion:
      throw server::HttpError{403, "forbidden", "nothing here may be written"};
    case Resource::Kind::kFolder:
      DavOk(r.service.MayWriteIn(r.caller, resource.folder.id));
      break;
    case Resource::Kind::kDocument:
      DavOk(r.service.MayEdit(r.caller, resource.document.id));
      break;
  }
  CheckIf(r, resource);
  CheckLocks(r, resource.store_path, false);
  Multistatus::Response response;
  response.href = resource.Href();
  for (const PropertyUpdate& update : *updates) {
    if (update.name.ns == kDav) response.forbidden.push_back(update.name);
  }
  if (!response.forbidden.empty()) {
    for (const PropertyUpdate& update : *updates) {
      if (update.name.ns != kDav) response.failed.push_back(update.name);
    }
  } else {
    for (const PropertyUpdate& update : *updates) {
      if (update.remove) {
        r.properties.Remove(resource.store_path, update.name.Key());
      } else {
        r.properties.Set(resource.store_path, update.name.Key(), update.value_xml);
      }
      response.found.push_back(PropertyElement(update.name));
    }
  }
  Multistatus multistatus;
  multistatus.Add(response);
  SendMultistatus(r, multistatus.Finish());
}

}  // namespace synaps::webdav
