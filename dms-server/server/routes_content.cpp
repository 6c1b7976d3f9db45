// Downloads of a document's content, current or of a given version: ETag / If-None-Match,
// Last-Modified / If-Modified-Since, one byte Range (If-Range), Content-Disposition with the
// exact UTF-8 name. Sent from the blob by content_response.h: memory stays flat whatever the
// size.
#include <cctype>
#include <string>
#include <string_view>

#include "dms-server/server/content_response.h"
#include "dms-server/server/document_access.h"
#include "dms-server/server/routes.h"

namespace synaps::server {

namespace {

// Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987).
std::string ContentDisposition(const std::string& name) {
  std::string fallback, encoded;
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : name) {
    bool plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%';
    if (plain) {
      fallback += static_cast<char>(c);
    } else if ((c & 0xC0) != 0x80) {  // one '_' per UTF-8 character, not per byte
      fallback += '_';
    }
    if (std::isalnum(c) ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

void Content(Exchange& x) {
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  documents::Caller caller = RequireCaller(x);
  documents::DocumentService service = Documents(x);
  int number = 0;  // the current version
  if (x.params.count("n")) {
    // /versions/{n}/content names a resource: a number that is not a version is not found.
    auto n = store::ParseDocumentId(x.Param("n"));
    if (!n || *n <= 0 || *n > (1 << 30)) {
      throw HttpError{404, "not_found",
                      "document " + std::to_string(id) + " has no version " + x.Param("n")};
    }
    number = static_cast<int>(*n);
  } else if (x.query.Has("version")) {
    number = static_cast<int>(ParseInteger(x.query.Get("version"), "version", 1, 1 << 30));
  }
  auto [document, version] = ValueOrThrow(service.Version(caller, id, number));
  ContentEntity entity;
  entity.size = version.size;
  entity.etag = "\"" + version.blob + "\"";
  entity.last_modified_ms = version.created_at;
  entity.content_type = version.mime_type.empty() ? "application/octet-stream" : version.mime_type;
  entity.cache_control = "private, no-cache";
  entity.content_disposition = ContentDisposition(document.name);
  // Opened, and so audited as a read, only when bytes are sent: not for HEAD, 304 or 416.
  SendContent(x, entity,
              [&] { return ValueOrThrow(service.OpenContent(caller, version, "download")); });
}

}  // namespace

void AddContentRoutes(Router& router) {
  router.Add("GET", "/api/v1/documents/{id}/content", Content);
  router.Add("GET", "/api/v1/documents/{id}/versions/{n}/content", Content);
}

}  // namespace synaps::server
