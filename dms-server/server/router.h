// Router: maps a method and a URL path to the handler of a route.
//
// Routes are patterns of segments, literal or "{name}": "/api/v1/documents/{id}/content". When
// several patterns match a path, the one with the most literal segments wins, so
// "/api/v1/documents/content" is not taken for a document id. A GET route also answers HEAD.
// A path that matches no pattern is 404; a pattern without the method is 405 with Allow.
// Prefix routes (AddPrefix) take every method for a whole subtree of paths, when no pattern
// matches: WebDAV under /dav.
//
// Thread-safety: Add() while building, before serving; Find() from any thread afterwards.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "dms-server/server/http_exchange.h"

namespace synaps::server {

using Handler = std::function<void(Exchange&)>;

class Router {
 public:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };

  void Add(std::string method, std::string pattern, Handler handler);
  // Every request, whatever its method, whose path is `prefix` ("/dav") or beneath it, when no
  // pattern route matches the path. The handler reads the path from the request itself.
  void AddPrefix(std::string prefix, Handler handler);

  // Routes x.request: sets x.route (the pattern), x.params and x.query, then returns the
  // handler. Throws 400 (malformed URI), 404 or 405.
  const Handler& Find(Exchange& x) const;

  // Every route, in the order added (for documentation and its tests).
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::pair<std::vector<std::string>, Handler>> prefixes_;  // segments, handler
};

}  // namespace synaps::server
