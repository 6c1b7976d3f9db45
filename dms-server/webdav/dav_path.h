// DavPath: a URL path under /dav/, decoded into the store path it names, and back into the
// href a response gives for it.
//
// "/dav/" is the root (the services the caller sees); "/dav/CAB/notes/a.odt" names "/CAB/notes/
// a.odt" in the store. Segments are percent-decoded and must be valid UTF-8; "." and ".." are
// refused rather than resolved (a client never needs them, an attacker would).
//
// Pure values and functions: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dms-server/store/status.h"

namespace synaps::webdav {

inline constexpr std::string_view kDavPrefix = "/dav";

struct DavPath {
  std::vector<std::string> names;  // decoded segments after /dav: [service, folder..., name]
  bool trailing_slash = false;

  bool IsRoot() const { return names.empty(); }
  // "/CAB/notes/a.odt"; "" for the root.
  std::string StorePath() const;
  // The path of the parent ("" for a service's root, whose parent is the DAV root).
  DavPath Parent() const;
  const std::string& Name() const { return names.back(); }
  // "/dav/CAB/notes/a.odt", each segment percent-encoded; with a final '/' for a collection.
  std::string Href(bool collection) const;
  // Whether `other` is this path or beneath it.
  bool Contains(const DavPath& other) const;
};

// The DavPath of a request path (still percent-encoded, without the query): InvalidArgument
// for a path outside /dav, a bad escape, invalid UTF-8 or a "." or ".." segment.
store::Result<DavPath> ParseDavPath(std::string_view raw_path);

// The DavPath a Destination header names: an absolute URI or an absolute path. Only the path is
// compared, so that a destination through a TLS proxy ("https://dms.prefecture.gouv.fr/dav/...")
// names the same place as the request behind it.
store::Result<DavPath> ParseDestination(std::string_view header);

// A store path ("/CAB/a") as a DavPath.
DavPath FromStorePath(std::string_view store_path);

// The read-only tree of past versions: "/dav/.versions/CAB/notes/rapport.odt/v2.odt" is version 2
// of "/CAB/notes/rapport.odt". No service code starts with a dot, so the name is never a
// service's.
inline constexpr std::string_view kVersionsFolder = ".versions";
// Whether `path` is in that tree (or is its root).
bool InVersions(const DavPath& path);
// The name version `number` of the document `document_name` has there: "v<number>" with the
// document's extension ("v2.odt"), so that it opens with the document's application.
std::string VersionFileName(std::string_view document_name, int number);
// The number that name gives (`name` from VersionFileName), or 0 when it is not one.
int ParseVersionFileName(std::string_view name, std::string_view document_name);

}  // namespace synaps::webdav
