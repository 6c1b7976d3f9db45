// The portal's files at "/": a prefix route over synaps.web.root (static_files.h), answered
// with ETag, Last-Modified, 304 and Range by content_response.h. No login: the files hold no
// data, the portal asks the API for it. The router keeps /api, /healthz and /metrics away.
#include <Poco/URI.h>

#include "dms-server/server/content_response.h"
#include "dms-server/server/routes.h"
#include "dms-server/server/static_files.h"

namespace synaps::server {

namespace {

void StaticFile(Exchange& x) {
  StaticFiles::File file = ValueOrThrow(StaticFiles(x.context.options.web_root).Open(x.subpath));
  if (file.directory) {
    // A folder's page links its neighbours relatively: it must be asked for as "folder/". The
    // files are mounted at "/", so the subpath is the whole path (one leading "/": never a
    // "//host" that a browser would take for another site).
    std::string location;
    Poco::URI::encode(x.subpath + "/", "?#%", location);
    x.response.set("Location", location);
    x.SendEmpty(301);
    return;
  }
  ContentEntity entity;
  entity.size = file.size;
  entity.etag = file.etag;
  entity.last_modified_ms = file.modified_ms;
  entity.content_type = file.content_type;
  // Revalidated at each use (a 304 costs a round trip, no bytes): a new build of the portal is
  // seen at once.
  entity.cache_control = "no-cache";
  SendContent(x, entity, [&file] { return std::move(file.fd); });
}

}  // namespace

void AddStaticRoutes(Router& router) {
  router.AddPrefix("GET", "/", StaticFile);
}

}  // namespace synaps::server
