// LOCK and UNLOCK (RFC 4918 9.10, 9.11). LOCK on an unmapped URL creates an empty document
// there (201), as clients expect before they PUT the real content (an empty junk file for a junk
// name: junk_files.h).
#include <Poco/NumberParser.h>

#include <cstdio>

#include "dms-server/webdav/dav_request.h"
#include "dms-server/webdav/dav_xml.h"

namespace synaps::webdav {

using server::HttpError;

namespace {

// "Second-3600", "Infinite", or a list of them: the first one understood (0: the default).
int64_t ParseTimeout(const std::string& header) {
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string item = header.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    if (item.rfind("Second-", 0) == 0) {
      int64_t seconds = 0;
      if (Poco::NumberParser::tryParse64(item.substr(7), seconds) && seconds > 0) return seconds;
    } else if (item == "Infinite") {
      return 86400;
    }
    start = end + 1;
  }
  return 0;
}

void SendLock(DavRequest& r, const Lock& lock, int status) {
  r.x.response.set("Lock-Token", "<" + lock.token + ">");
  r.x.Send(
      status, "application/xml; charset=utf-8",
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:prop xmlns:D=\"DAV:\"><D:lockdiscovery>" +
          LockDiscovery({lock}) + "</D:lockdiscovery></D:prop>\n");
}

// 403 when `token` is a lock on `resource` that someone else holds: only its holder refreshes
// or releases it.
void RefuseSomeoneElses(DavRequest& r, const Resource& resource, const std::string& token) {
  for (const Lock& lock : r.locks.Covering(resource.store_path)) {
    if (lock.token == token && lock.login != r.caller.user().login) {
      throw HttpError{403, "forbidden", "the lock is someone else's"};
    }
  }
}

}  // namespace

void LockMethod(DavRequest& r) {
  auto request = ParseLockInfo(ReadXmlBody(r));
  if (!request.ok()) throw HttpError{400, "invalid_xml", request.status().message()};
  int64_t timeout = ParseTimeout(r.x.request.get("Timeout", ""));
  Resource resource = Resolve(r, r.path);
  if (!*request) {  // a refresh: the lock's token in the If header
    std::vector<std::string> tokens =
        r.conditions ? r.conditions->Tokens() : std::vector<std::string>();
    if (!resource.exists() || tokens.size() != 1) {
      throw HttpError{400, "invalid_argument", "a refresh names one lock token in an If header"};
    }
    RefuseSomeoneElses(r, resource, tokens.front());
    auto refreshed = r.locks.Refresh(tokens.front(), resource.store_path, timeout);
    if (!refreshed.ok()) FailPrecondition(r, 412, "lock-token-matches-request-uri");
    KeepLocks(r, {*refreshed});
    SendLock(r, *refreshed, 200);
    return;
  }
  std::string depth = r.x.request.get("Depth", "infinity");
  if (depth != "0" && depth != "infinity") {
    throw HttpError{400, "invalid_argument", "Depth is 0 or infinity"};
  }
  if (resource.kind == Resource::Kind::kRoot)
    throw HttpError{403, "forbidden", "the root is not locked"};
  if (!resource.exists() && !resource.parent) {
    throw HttpError{409, "conflict",
                    "the folder to hold " + r.path.Href(false) + " does not exist"};
  }
  // Locking is writing: whoever may not write may not lock.
  if (resource.kind == Resource::Kind::kDocument) {
    DavOk(r.service.MayEdit(r.caller, resource.document.id));
  } else if (resource.kind == Resource::Kind::kJunk) {
    DavOk(r.service.MayWriteIn(r.caller, resource.junk.folder_id));
  } else if (resource.kind == Resource::Kind::kFolder) {
    DavOk(r.service.MayWriteIn(r.caller, resource.folder.id));
  } else {
    DavOk(r.service.MayPut(r.caller,
                           documents::PutPlace::InFolder(resource.parent->id, r.path.Name())));
  }
  CheckIf(r, resource);
  auto lock =
      r.locks.Acquire(r.caller.user().login, resource.store_path, (*request)->exclusive,
                      depth == "infinity" && resource.collection(), (*request)->owner_xml, timeout);
  if (!lock.ok()) FailPrecondition(r, 423, "no-conflicting-lock");
  // Kept in the store before anything else, so that a lock that was answered outlives a
  // restart; a lock the store could not keep is not taken.
  store::Status kept = r.service.KeepLocks(r.caller, {*lock});
  if (!kept.ok()) {
    (void)r.locks.Release(lock->token, resource.store_path);
    throw DavError(kept);
  }
  // Undoes the lock when what it holds the place of cannot be made.
  auto abandon = [&] {
    (void)r.locks.Release(lock->token, resource.store_path);
    DropLocks(r, {lock->token});
  };
  if (!resource.exists() && IsJunkName(r.path.Name())) {
    // An empty junk file holds the place: never a document.
    std::filesystem::path file = server::ValueOrThrow(r.junk.NewFile());
    std::FILE* created = std::fopen(file.c_str(), "wb");
    if (created == nullptr || std::fclose(created) != 0) {
      abandon();
      throw HttpError{500, "io_error", "cannot create a file in " + file.parent_path().string()};
    }
    r.junk.Keep(resource.parent->id, r.path.Name(), r.caller.user().login, file, 0);
    SendLock(r, *lock, 201);
    return;
  }
  if (!resource.exists()) {
    // The empty document the lock holds the place of; the lock holder's PUT fills it.
    store::BlobLock blob_lock = server::ValueOrThrow(
        store::BlobLock::Acquire(r.x.store().blobs(), store::BlobLock::Mode::kShared));
    auto writer = server::ValueOrThrow(r.x.store().blobs().NewWriter());
    documents::NewContent empty;
    empty.blob = server::ValueOrThrow(writer.Commit());
    empty.mime_type = "application/octet-stream";
    // Open, so that the lock holder's first PUT fills this version rather than adding one.
    empty.open_until = store::NowMs() + kQuietPeriodMs;
    auto created = r.service.Put(
        r.caller, documents::PutPlace::InFolder(resource.parent->id, r.path.Name()), empty);
    if (!created.ok()) {
      abandon();
      throw DavError(created.status());
    }
    SendLock(r, *lock, 201);
    return;
  }
  SendLock(r, *lock, 200);
}

void Unlock(DavRequest& r) {
  std::string token = r.x.request.get("Lock-Token", "");
  // Windows sends the token without its angle brackets.
  if (token.size() >= 2 && token.front() == '<' && token.back() == '>') {
    token = token.substr(1, token.size() - 2);
  }
  if (token.empty()) throw HttpError{400, "invalid_argument", "UNLOCK needs a Lock-Token header"};
  Resource resource = Resolve(r, r.path);
  if (!resource.exists())
    throw HttpError{404, "not_found", "no such resource " + r.path.Href(false)};
  RefuseSomeoneElses(r, resource, token);
  if (!r.locks.Covers(token, resource.store_path)) {
    FailPrecondition(r, 409, "lock-token-matches-request-uri");
  }
  // The saves made under the lock are one version from now on: the locked document's, and
  // those of the documents saved beneath a depth-infinity lock.
  if (resource.kind == Resource::Kind::kDocument) {
    (void)r.service.SealVersion(r.caller, resource.document.id);
  }
  for (int64_t saved : r.locks.SavedUnder(token)) (void)r.service.SealVersion(r.caller, saved);
  if (!r.locks.Release(token, resource.store_path).ok()) {
    FailPrecondition(r, 409, "lock-token-matches-request-uri");
  }
  DropLocks(r, {token});
  r.x.SendEmpty(204);
}

}  // namespace synaps::webdav
