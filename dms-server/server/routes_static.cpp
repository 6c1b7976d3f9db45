// The portal's files at "/": a prefix route over synaps.web.root (static_files.h), answered
// with ETag, Last-Modified, 304 and Range by content_response.h. No login: the files hold no
// data, the portal asks the API for it. The router keeps /api, /healthz and /metrics away.
//
// Every file goes with the portal's security policy: scripts, styles, fonts, images and API
// calls from this origin only (no inline script or style attribute, no eval), no plugin, no
// form to another site, never in a frame (clickjacking). Fingerprinted files are cached for a
// year; the rest (index.html, which names them) is revalidated at each use.
#include <Poco/URI.h>

#include "dms-server/server/content_response.h"
#include "dms-server/server/routes.h"
#include "dms-server/server/static_files.h"

namespace synaps::server {

namespace {

// The portal's Content-Security-Policy. 'self' everywhere, data: images for the design
// system's inline icons, and frame-ancestors 'none' (with X-Frame-Options for older browsers).
constexpr const char* kPortalPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

void StaticFile(Exchange& x) {
  StaticFiles::File file = ValueOrThrow(StaticFiles(x.context.options.web_root)
                                            .Open(x.subpath, x.request.get("Accept-Encoding", "")));
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
  // A fingerprinted file never changes under its name. The rest is revalidated at each use (a
  // 304 costs a round trip, no bytes): a new build of the portal is seen at once.
  entity.cache_control =
      StaticFiles::IsFingerprinted(x.subpath) ? "public, max-age=31536000, immutable" : "no-cache";
  if (!file.content_encoding.empty()) x.response.set("Content-Encoding", file.content_encoding);
  if (file.has_encodings) x.response.set("Vary", "Accept-Encoding");
  x.response.set("Content-Security-Policy", kPortalPolicy);
  x.response.set("Referrer-Policy", "same-origin");
  SendContent(x, entity, [&file] { return std::move(file.fd); });
}

}  // namespace

void AddStaticRoutes(Router& router) {
  router.AddPrefix("GET", "/", StaticFile);
}

}  // namespace synaps::server
