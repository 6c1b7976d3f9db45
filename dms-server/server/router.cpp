#include "dms-server/server/router.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <sstream>

namespace synaps::server {

namespace {

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> parts;
  std::istringstream in(path);
  for (std::string part; std::getline(in, part, '/');) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

bool IsParameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The number of literal segments when `pattern` matches `path`, else -1.
int MatchScore(const std::vector<std::string>& pattern, const std::vector<std::string>& path) {
  if (pattern.size() != path.size()) return -1;
  int literals = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsParameter(pattern[i])) continue;
    if (pattern[i] != path[i]) return -1;
    ++literals;
  }
  return literals;
}

// Whether `path` begins with the segments of `prefix`.
bool StartsWith(const std::vector<std::string>& path, const std::vector<std::string>& prefix) {
  if (prefix.size() > path.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (prefix[i] != path[i]) return false;
  }
  return true;
}

// Whether the request target's path, before decoding, holds an encoded slash.
bool HasEncodedSlash(const std::string& uri) {
  std::string path = uri.substr(0, uri.find_first_of("?#"));
  return Poco::toLower(path).find("%2f") != std::string::npos;
}

// The route of `routes` with `segments` for `method` into `match`; else its 405.
void PickMethod(const std::vector<Router::Route>& routes, const std::vector<std::string>& segments,
                const std::string& method, Router::Match* match) {
  for (const Router::Route& route : routes) {
    if (route.segments != segments) continue;
    match->pattern = route.pattern;
    if (route.method == method || route.method == "*") {
      match->route = &route;
      return;
    }
    match->allowed += (match->allowed.empty() ? "" : ", ") + route.method;
    if (route.method == "GET") match->allowed += ", HEAD";
  }
  match->error = {405, "method_not_allowed", "allowed: " + match->allowed};
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments = Segments(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

void Router::AddPrefix(std::string method, const std::string& prefix, Handler handler) {
  std::vector<std::string> segments = Segments(prefix);
  std::string pattern;
  for (const std::string& segment : segments) pattern += "/" + segment;
  prefix_routes_.push_back(
      {std::move(method), pattern + "/...", std::move(segments), std::move(handler)});
}

void Router::AddPrefix(const std::string& prefix, Handler handler) {
  AddPrefix("*", prefix, std::move(handler));
}

Router::Match Router::Resolve(const std::string& request_method, const std::string& uri) const {
  Match match;
  Poco::URI parsed;
  try {
    parsed = Poco::URI(uri);
    match.query = ParseQueryString(parsed.getRawQuery());
  } catch (const Poco::Exception&) {
    match.error = {400, "bad_request", "malformed request URI"};
    return match;
  } catch (const HttpError&) {
    match.error = {400, "bad_request", "malformed request URI"};
    return match;
  }
  const std::string& path = parsed.getPath();
  const std::vector<std::string> segments = Segments(path);
  const std::string method = request_method == "HEAD" ? "GET" : request_method;

  int best_score = -1;
  const std::vector<std::string>* best_pattern = nullptr;
  for (const Route& route : routes_) {
    int score = MatchScore(route.segments, segments);
    if (score > best_score) {
      best_score = score;
      best_pattern = &route.segments;
    }
  }
  if (!best_pattern) {
    ResolvePrefix(method, uri, path, segments, &match);
    return match;
  }
  PickMethod(routes_, *best_pattern, method, &match);
  if (!match.route) return match;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& segment = match.route->segments[i];
    if (IsParameter(segment)) match.params[segment.substr(1, segment.size() - 2)] = segments[i];
  }
  return match;
}

bool Router::BelongsToPatterns(const Route& prefix,
                               const std::vector<std::string>& segments) const {
  const size_t depth = prefix.segments.size();
  if (segments.size() <= depth) return false;
  for (const Route& route : routes_) {
    if (route.segments.size() > depth && StartsWith(route.segments, prefix.segments) &&
        !IsParameter(route.segments[depth]) && route.segments[depth] == segments[depth]) {
      return true;
    }
  }
  return false;
}

void Router::ResolvePrefix(const std::string& method, const std::string& uri,
                           const std::string& path, const std::vector<std::string>& segments,
                           Match* match) const {
  const Route* best = nullptr;
  for (const Route& route : prefix_routes_) {
    if (!StartsWith(segments, route.segments) || BelongsToPatterns(route, segments)) continue;
    if (!best || route.segments.size() > best->segments.size()) best = &route;
  }
  if (!best) {
    match->error = {404, "not_found", "no such route"};
    return;
  }
  match->pattern = best->pattern;
  if (HasEncodedSlash(uri)) {
    match->error = {400, "bad_request", "an encoded slash (%2F) in a path"};
    return;
  }
  PickMethod(prefix_routes_, best->segments, method, match);
  if (!match->route) return;
  for (size_t i = best->segments.size(); i < segments.size(); ++i) {
    match->subpath += "/" + segments[i];
  }
  if (match->subpath.empty() || path.back() == '/') match->subpath += "/";
}

const Handler& Router::Find(Exchange& x) const {
  Match match = Resolve(x.request.getMethod(), x.request.getURI());
  x.route = match.pattern;
  x.query = std::move(match.query);
  if (!match.route) {
    if (match.error.status == 405) x.response.set("Allow", match.allowed);
    throw match.error;
  }
  x.params = std::move(match.params);
  x.subpath = std::move(match.subpath);
  return match.route->handler;
}

}  // namespace synaps::server
