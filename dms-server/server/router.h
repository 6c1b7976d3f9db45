// Router: maps a method and a URL path to the handler of a route.
//
// Two kinds of routes:
// - Pattern routes are segments, literal or "{name}": "/api/v1/documents/{id}/content". When
//   several patterns match a path, the one with the most literal segments wins, so
//   "/api/v1/documents/content" is not taken for a document id.
// - Prefix routes take every path under a prefix: "/dav" takes /dav, /dav/ and /dav/a/b.txt;
//   "/" takes every path. They serve trees whose names are data (WebDAV, the portal's static
//   files); the handler finds the path below the prefix in Exchange::subpath.
//
// A path goes to a pattern route when one matches it. Otherwise it goes to the prefix route
// with the longest prefix that covers it, except where pattern routes live: a path whose
// segment just below a prefix is the literal segment at that place of some pattern route
// belongs to the pattern routes, which answer it (404 when none matches). So the static files
// at "/" never answer /api/..., /healthz or /metrics, whatever the web root holds. Below a
// prefix, an encoded slash ("%2F") is refused (400): decoded, it could not be told from a
// separator, and no name holds one.
//
// A GET route also answers HEAD. A path that matches no route is 404; a route without the
// method is 405 with Allow. A prefix route may take every method (its handler then answers
// 405 itself).
//
// Thread-safety: Add() and AddPrefix() while building, before serving; Resolve() and Find()
// from any thread afterwards.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "dms-server/server/http_exchange.h"

namespace synaps::server {

using Handler = std::function<void(Exchange&)>;

class Router {
 public:
  struct Route {
    std::string method;   // "*": a prefix route that takes every method
    std::string pattern;  // as added; for a prefix route, the prefix followed by "/..."
    std::vector<std::string> segments;
    Handler handler;
  };

  // Where a request goes.
  struct Match {
    const Route* route = nullptr;               // null when routing failed: see `error`
    HttpError error{200, "", ""};               // 400, 404 or 405 when `route` is null
    std::string allowed;                        // the methods of the path, for a 405's Allow
    std::string pattern = "unmatched";          // the route's pattern, for logs and metrics
    std::map<std::string, std::string> params;  // a pattern route's {name} segments, decoded
    // A prefix route's path below the prefix: "/" and the decoded segments joined by "/",
    // with a final "/" when the request's path ended with one ("/" for the prefix itself).
    // Empty segments are dropped; "." and ".." are kept, for the handler to refuse.
    std::string subpath;
    Query query;
  };

  // A pattern route.
  void Add(std::string method, std::string pattern, Handler handler);
  // A prefix route for one method: `prefix` is "/" or "/name[/name...]", literal segments.
  void AddPrefix(std::string method, const std::string& prefix, Handler handler);
  // A prefix route for every method, HEAD included as itself (WebDAV at /dav).
  void AddPrefix(const std::string& prefix, Handler handler);

  // Where `method` `uri` (the request target, "/path?query") goes. Never throws.
  Match Resolve(const std::string& method, const std::string& uri) const;

  // Resolve() for x.request: sets x.route, x.params, x.subpath and x.query, then returns the
  // handler. Throws the HttpError of a failed match (405 with Allow set).
  const Handler& Find(Exchange& x) const;

  // Every pattern route, in the order added (for documentation and its tests).
  const std::vector<Route>& routes() const { return routes_; }
  // Every prefix route, in the order added.
  const std::vector<Route>& prefix_routes() const { return prefix_routes_; }

 private:
  void ResolvePrefix(const std::string& method, const std::string& uri, const std::string& path,
                     const std::vector<std::string>& segments, Match* match) const;
  bool BelongsToPatterns(const Route& prefix, const std::vector<std::string>& segments) const;

  std::vector<Route> routes_;
  std::vector<Route> prefix_routes_;
};

}  // namespace synaps::server
