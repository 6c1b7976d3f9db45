// /dav/...: every method under the prefix goes to WebDAV, a front end of its own.
#include "dms-server/server/routes.h"
#include "dms-server/webdav/webdav.h"

namespace synaps::server {

void AddWebDavRoutes(Router& router) {
  router.AddPrefix("/dav", [](Exchange& x) {
    webdav::ServeWebDav(x, x.context.locks, x.context.dav_properties, x.context.dav_junk);
  });
}

}  // namespace synaps::server
