#include "dms-server/server/router.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
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

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments = Segments(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

void Router::AddPrefix(std::string prefix, Handler handler) {
  prefixes_.emplace_back(Segments(prefix), std::move(handler));
}

const Handler& Router::Find(Exchange& x) const {
  Poco::URI uri;
  try {
    uri = Poco::URI(x.request.getURI());
    for (auto& [name, value] : uri.getQueryParameters()) x.query.values[name].push_back(value);
  } catch (const Poco::Exception&) {
    throw HttpError{400, "bad_request", "malformed request URI"};
  }
  const std::vector<std::string> path = Segments(uri.getPath());
  std::string method = x.request.getMethod();
  if (method == "HEAD") method = "GET";

  int best_score = -1;
  const std::vector<std::string>* best_pattern = nullptr;
  for (const Route& route : routes_) {
    int score = MatchScore(route.segments, path);
    if (score > best_score) {
      best_score = score;
      best_pattern = &route.segments;
    }
  }
  if (!best_pattern) {
    for (const auto& [prefix, handler] : prefixes_) {
      if (path.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), path.begin())) {
        x.route = "/" + prefix.front() + "/...";
        return handler;
      }
    }
    throw HttpError{404, "not_found", "no such route"};
  }

  std::string allowed;
  for (const Route& route : routes_) {
    if (route.segments != *best_pattern) continue;
    x.route = route.pattern;
    if (route.method == method) {
      for (size_t i = 0; i < path.size(); ++i) {
        const std::string& segment = route.segments[i];
        if (IsParameter(segment)) x.params[segment.substr(1, segment.size() - 2)] = path[i];
      }
      return route.handler;
    }
    allowed += (allowed.empty() ? "" : ", ") + route.method;
    if (route.method == "GET") allowed += ", HEAD";
  }
  x.response.set("Allow", allowed);
  throw HttpError{405, "method_not_allowed", "allowed: " + allowed};
}

}  // namespace synaps::server
