// Helpers for the tests of the organising routes, beyond those of server_fixture.h: multipart
// bodies, raw socket exchanges, and searching until the indexer caught up.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/server/server_fixture.h"

namespace synaps::testing {

// One part of a multipart/form-data body: a file when `filename` is set, else a plain field.
struct Part {
  Part(std::string field_name, std::string file_name, std::string part_content,
       std::string extra = "")
      : field(std::move(field_name)),
        filename(std::move(file_name)),
        content(std::move(part_content)),
        disposition_extra(std::move(extra)) {}
  std::string field;
  std::string filename;
  std::string content;
  std::string disposition_extra;  // appended to Content-Disposition, e.g. "; filename*=..."
};

inline const std::string kBoundary = "synaps-test-boundary-7f3a9c";

inline std::string MultipartBody(const std::vector<Part>& parts, bool close = true) {
  std::string body;
  for (const Part& part : parts) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + part.field + "\"";
    if (!part.filename.empty()) body += "; filename=\"" + part.filename + "\"";
    body += part.disposition_extra + "\r\n";
    if (!part.filename.empty()) body += "Content-Type: application/octet-stream\r\n";
    body += "\r\n" + part.content + "\r\n";
  }
  if (close) body += "--" + kBoundary + "--\r\n";
  return body;
}

inline std::string MultipartType() {
  return "multipart/form-data; boundary=" + kBoundary;
}

// POST /api/v1/folders/{folder_id}/documents with the given parts.
inline Reply UploadFiles(const ServerProcess& server, const Credentials* as, int64_t folder_id,
                         const std::vector<Part>& parts) {
  return server.Call("POST", "/api/v1/folders/" + std::to_string(folder_id) + "/documents", as,
                     MultipartBody(parts), {{"Content-Type", MultipartType()}});
}

inline std::string BasicAuthorization(const Credentials& as) {
  Poco::Net::HTTPRequest request;
  Poco::Net::HTTPBasicCredentials(as.login, as.password).authenticate(request);
  return "Authorization: " + request.get("Authorization");
}

// Whether a search for `query` as `as` lists `path`.
inline bool SearchFinds(const ServerProcess& server, const Credentials& as,
                        const std::string& query, const std::string& path) {
  Reply reply = server.Call("GET", "/api/v1/search?q=" + Encode(query), &as);
  REQUIRE(reply.status == 200);
  auto hits = Json(reply)->getArray("hits");
  for (size_t i = 0; i < hits->size(); ++i) {
    if (hits->getObject(static_cast<unsigned>(i))->getValue<std::string>("path") == path) {
      return true;
    }
  }
  return false;
}

// Searches until the answer is `expected` (the indexer works in the background), or 3 s pass.
inline void SearchUntil(const ServerProcess& server, const Credentials& as,
                        const std::string& query, const std::string& path, bool expected) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (SearchFinds(server, as, query, path) != expected) {
    if (std::chrono::steady_clock::now() > deadline) {
      FAIL("search for " << query << (expected ? " never found " : " still finds ") << path);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

inline std::string Id(int64_t id) {
  return std::to_string(id);
}

}  // namespace synaps::testing
