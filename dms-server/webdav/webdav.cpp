// WebDAV: the dispatch of methods, and what every handler shares (resources, errors, the If
// header and locks).
#include "dms-server/webdav/webdav.h"

#include "dms-server/server/authentication.h"
#include "dms-server/server/document_access.h"
#include "dms-server/server/request_body.h"
#include "dms-server/webdav/dav_request.h"
#include "dms-server/webdav/dav_xml.h"

namespace synaps::webdav {

using server::HttpError;

namespace {

// Thrown by a handler that already sent its answer (an error with an XML body).
struct Answered {};

constexpr int64_t kMaxXmlBody = 1 << 20;
constexpr const char* kAllowed =
    "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK";

bool IsWrite(const std::string& method) {
  return method == "PUT" || method == "DELETE" || method == "MKCOL" || method == "PROPPATCH" ||
         method == "COPY" || method == "MOVE" || method == "LOCK";
}

// The methods whose handlers look up what the path names before they read any body: they do it
// in the snapshot the account was read in (a snapshot must not be held while a client sends).
bool ReadsFirst(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "PUT";
}

// A folder shown only as the way down to something shared with the caller is read-only, and so
// is every name in it that the caller does not see: 403, whatever the method (COPY included:
// only part of it is the caller's to see). Decided here, before any handler, for every write.
void RefuseWritesOnWaysDown(DavRequest& r, const std::string& method) {
  auto refuse = [](const Resource& resource) {
    if (resource.kind != Resource::Kind::kWayDown && !resource.parent_is_way_down) return;
    DavPath place = FromStorePath(resource.store_path);
    if (resource.parent_is_way_down) place = place.Parent();
    throw HttpError{403, "forbidden",
                    place.Href(true) +
                        " only leads to what was shared with you: nothing in it "
                        "may be written"};
  };
  // Ways down are in services the caller does not read whole: in theirs, nothing need be
  // looked up (most writes, which then resolve their path once, in their handler).
  auto check = [&](const DavPath& path) {
    if (!path.IsRoot() && documents::DocumentService::ReadsWholeService(r.caller, path.names[0])) {
      return;
    }
    refuse(Resolve(r, path));
  };
  check(r.path);
  if (method == "COPY" || method == "MOVE") {
    auto destination = ParseDestination(r.x.request.get("Destination", ""));
    if (destination.ok()) check(*destination);
  }
}

// The tree of past versions is read-only, whatever is or is not there: 403 for every write in
// it or into it, before anything is looked up.
void RefuseWritesInVersions(DavRequest& r, const std::string& method) {
  bool destination_in_versions = false;
  if (method == "COPY" || method == "MOVE") {
    auto destination = ParseDestination(r.x.request.get("Destination", ""));
    destination_in_versions = destination.ok() && InVersions(*destination);
  }
  if (InVersions(r.path) || destination_in_versions) {
    throw HttpError{403, "forbidden",
                    "past versions are read-only; restore one through the API (POST "
                    "/api/v1/documents/{id}/versions/{n}/restore)"};
  }
}

}  // namespace

std::string Resource::ETag() const {
  if (!content()) return "";
  if (kind == Kind::kJunk) return junk.ETag();
  if (kind == Kind::kVersion) return VersionETag(document.id, version.number, version.saves);
  return VersionETag(document.id, document.current_version, document.current_saves);
}

std::string VersionETag(int64_t id, int number, int saves) {
  std::string tag = std::to_string(id) + "-" + std::to_string(number);
  if (saves > 1) tag += "." + std::to_string(saves);
  return "\"" + tag + "\"";
}

std::optional<int64_t> OpenUntil(DavRequest& r, const std::string& store_path, int64_t size) {
  for (const Lock& lock : r.locks.Covering(store_path)) {
    // A lock on the document itself, or on a folder above it with depth infinity (Covering
    // returns only those): the holder's saves are one version until it is released.
    if (lock.login == r.caller.user().login) {
      return store::NowMs() + kQuietPeriodMs;
    }
  }
  if (size == 0) return store::NowMs() + kPlaceholderMs;
  return std::nullopt;
}

HttpError DavError(const store::Status& status) {
  const std::string& message = status.message();
  switch (status.code()) {
    case store::ErrorCode::kNotFound:
      return {404, "not_found", message};
    case store::ErrorCode::kPermissionDenied:
      return {403, "forbidden", message};
    case store::ErrorCode::kAlreadyExists:
      return {405, "already_exists", message};
    case store::ErrorCode::kConflict:
      if (documents::IsLocked(status)) return {423, "locked", message};
      return {409, "conflict", message};
    case store::ErrorCode::kInvalidArgument:
      return {400, "invalid_argument", message};
    default:
      return server::FromStatus(status);
  }
}

Resource Resolve(DavRequest& r, const DavPath& path) {
  if (InVersions(path)) return ResolveInVersions(r, path);
  Resource resource;
  resource.path = path;
  if (path.IsRoot()) {
    resource.kind = Resource::Kind::kRoot;
    return resource;
  }
  std::string store_path = path.StorePath();
  resource.store_path = store_path;
  auto folder = r.service.FindFolder(r.caller, std::string_view(store_path));
  if (folder.ok()) {
    resource.kind = Resource::Kind::kFolder;
    resource.folder = *folder;
    resource.store_path = folder->path;
    return resource;
  }
  if (folder.status().code() != store::ErrorCode::kNotFound &&
      folder.status().code() != store::ErrorCode::kInvalidArgument) {
    throw DavError(folder.status());
  }
  if (path.names.size() > 1) {
    auto document = r.service.Find(r.caller, store_path);
    // A document parked under a junk name is seen there only (junk_files.h).
    if (document.ok() && !r.junk.Parked(document->id)) {
      resource.kind = Resource::Kind::kDocument;
      resource.document = *document;
      resource.store_path = document->path();
      return resource;
    }
    if (!document.ok() && document.status().code() != store::ErrorCode::kNotFound &&
        document.status().code() != store::ErrorCode::kInvalidArgument) {
      throw DavError(document.status());
    }
    auto parent = r.service.FindFolder(r.caller, std::string_view(path.Parent().StorePath()));
    if (parent.ok()) {
      if (IsJunkName(path.Name())) {
        if (auto junk = r.junk.Find(parent->id, path.Name())) {
          Resource found = JunkResource(r, *junk, parent->path);
          if (found.exists()) return found;
        }
      }
      resource.parent = *parent;
      resource.store_path = parent->path + "/" + path.Name();
      return resource;
    }
  }
  // Not found as it is: perhaps a folder on the way down to something shared with the caller,
  // or a name in one (which the caller may neither see nor write).
  const SharedView& shared = SharedWithCaller(r);
  if (auto way_down = shared.WayDown(path)) {
    resource.kind = Resource::Kind::kWayDown;
    resource.store_path = *way_down;
    return resource;
  }
  if (path.names.size() > 1) {
    if (auto parent = shared.WayDown(path.Parent())) {
      resource.parent_is_way_down = true;
      resource.store_path = *parent + "/" + path.Name();
    }
  }
  return resource;
}

const SharedView& SharedWithCaller(DavRequest& r) {
  if (!r.shared) r.shared = SharedView(DavValue(r.service.SharedWith(r.caller)));
  return *r.shared;
}

std::vector<Resource> Members(DavRequest& r, const Resource& collection) {
  if (collection.in_versions) return VersionsMembers(r, collection);
  std::vector<Resource> members;
  switch (collection.kind) {
    case Resource::Kind::kRoot: {
      std::vector<std::string> codes;
      for (const store::Folder& root : DavValue(r.service.ServiceRoots(r.caller))) {
        codes.push_back(root.path.substr(1));
        members.push_back(FolderResource(root));
      }
      // The services something was shared from, each as what the caller reaches of it.
      for (const std::string& code : SharedWithCaller(r).Services()) {
        if (std::find(codes.begin(), codes.end(), code) != codes.end()) continue;
        DavPath path;
        path.names.push_back(code);
        Resource service = Resolve(r, path);
        if (service.exists()) members.push_back(std::move(service));
      }
      DavPath versions;
      versions.names.emplace_back(kVersionsFolder);
      members.push_back(Resolve(r, versions));
      break;
    }
    case Resource::Kind::kFolder: {
      documents::FolderContents contents =
          DavValue(r.service.Folder(r.caller, collection.folder.id));
      for (const store::Folder& folder : contents.subfolders) {
        members.push_back(FolderResource(folder));
      }
      std::vector<int64_t> parked = r.junk.ParkedDocuments();
      for (const store::Document& document : contents.documents) {
        if (std::find(parked.begin(), parked.end(), document.id) != parked.end()) continue;
        members.push_back(DocumentResource(document));
      }
      for (const JunkFiles::Entry& entry : r.junk.In(collection.folder.id)) {
        Resource junk = JunkResource(r, entry, collection.folder.path);
        if (junk.exists()) members.push_back(std::move(junk));
      }
      break;
    }
    case Resource::Kind::kWayDown: {
      DavPath here = FromStorePath(collection.store_path);
      std::vector<Resource> documents;
      for (const std::string& name : SharedWithCaller(r).NextSteps(here)) {
        DavPath path = here;
        path.names.push_back(name);
        Resource member = Resolve(r, path);
        if (!member.exists()) continue;  // a share whose target just went
        (member.collection() ? members : documents).push_back(std::move(member));
      }
      for (Resource& document : documents) members.push_back(std::move(document));
      break;
    }
    case Resource::Kind::kDocument:
    case Resource::Kind::kHistory:  // in_versions
    case Resource::Kind::kVersion:
    case Resource::Kind::kJunk:
    case Resource::Kind::kMissing:
      break;
  }
  return members;
}

Resource FolderResource(const store::Folder& folder) {
  Resource resource;
  resource.kind = Resource::Kind::kFolder;
  resource.folder = folder;
  resource.store_path = folder.path;
  resource.path = FromStorePath(folder.path);
  return resource;
}

Resource DocumentResource(const store::Document& document) {
  Resource resource;
  resource.kind = Resource::Kind::kDocument;
  resource.document = document;
  resource.store_path = document.path();
  resource.path = FromStorePath(resource.store_path);
  return resource;
}

Resource JunkResource(DavRequest& r, const JunkFiles::Entry& entry,
                      const std::string& folder_path) {
  Resource resource;
  resource.kind = Resource::Kind::kJunk;
  resource.junk = entry;
  resource.store_path = folder_path + "/" + entry.name;
  resource.path = FromStorePath(resource.store_path);
  if (entry.document_id) {
    auto version = r.service.Version(r.caller, entry.document_id, entry.version);
    if (!version.ok()) {
      if (version.status().code() == store::ErrorCode::kNotFound) return Resource{};
      throw DavError(version.status());
    }
    resource.document = std::move(version->document);
    resource.version = std::move(version->version);
  }
  return resource;
}

void DeleteResource(DavRequest& r, const Resource& resource) {
  if (resource.kind == Resource::Kind::kJunk) {
    DavOk(r.service.MayWriteIn(r.caller, resource.junk.folder_id));
    // A document parked here was deleted under the name it was last given.
    if (resource.junk.parked()) DavOk(r.service.Trash(r.caller, resource.junk.document_id));
    r.junk.Remove(resource.junk.folder_id, resource.junk.name);
  } else if (resource.kind == Resource::Kind::kDocument) {
    DavOk(r.service.Trash(r.caller, resource.document.id));
  } else {
    DavOk(r.service.DeleteFolderTree(r.caller, resource.folder.id));
  }
  // A trashed document keeps its dead properties (they come back with it); a deleted folder's
  // go with it (the store's cascade); the junk files' beneath go here.
  DropLocks(r, r.locks.Forget(resource.store_path));
  r.properties.Drop(resource.store_path);
}

void KeepLocks(DavRequest& r, const std::vector<Lock>& locks) {
  if (!locks.empty()) DavOk(r.service.KeepLocks(r.caller, locks));
}

void DropLocks(DavRequest& r, const std::vector<std::string>& tokens) {
  if (!tokens.empty()) DavOk(r.service.DropLocks(r.caller, tokens));
}

std::optional<store::DavItem> DeadPropertyItem(const Resource& resource) {
  if (resource.in_versions) return std::nullopt;
  if (resource.kind == Resource::Kind::kDocument)
    return store::DavItem::Document(resource.document.id);
  if (resource.kind == Resource::Kind::kFolder) return store::DavItem::Folder(resource.folder.id);
  return std::nullopt;
}

void CheckIf(DavRequest& r, const Resource& resource) {
  if (!r.conditions) return;
  auto state_of = [&](const std::optional<std::string>& tag) {
    ResourceState state;
    Resource target = resource;
    if (tag) {
      auto path = ParseDestination(*tag);
      if (!path.ok()) return state;  // a resource outside /dav: no state, its lists fail
      target = Resolve(r, *path);
    }
    std::string store_path = target.store_path;
    state.entity_tag = target.ETag();
    state.has_token = [&r, store_path](const std::string& token) {
      return r.locks.Covers(token, store_path);
    };
    return state;
  };
  if (!Evaluate(*r.conditions, state_of)) {
    throw HttpError{412, "precondition_failed", "the If header does not hold"};
  }
}

void CheckLocks(DavRequest& r, const std::string& store_path, bool tree) {
  std::vector<Lock> locks = r.locks.Covering(store_path);
  if (tree) {
    for (Lock& lock : r.locks.Within(store_path)) {
      if (lock.path != store_path) locks.push_back(std::move(lock));
    }
  }
  std::vector<std::string> submitted;
  if (r.conditions) submitted = r.conditions->Tokens();
  for (const Lock& lock : locks) {
    bool given = std::find(submitted.begin(), submitted.end(), lock.token) != submitted.end();
    if (!given || lock.login != r.caller.user().login) {
      FailPrecondition(r, 423, "lock-token-submitted",
                       "<D:href>" + XmlEscape(FromStorePath(lock.path).Href(false)) + "</D:href>");
    }
  }
}

std::string ReadXmlBody(DavRequest& r) {
  return server::ReadSmallBody(r.x, kMaxXmlBody);
}

void SendMultistatus(DavRequest& r, std::string body) {
  r.x.Send(207, "application/xml; charset=utf-8", body);
}

void FailPrecondition(DavRequest& r, int status, const std::string& condition,
                      const std::string& inner_xml) {
  r.x.Send(status, "application/xml; charset=utf-8",
           "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\"><D:" + condition +
               (inner_xml.empty() ? "/>" : ">" + inner_xml + "</D:" + condition + ">") +
               "</D:error>\n");
  throw Answered{};
}

void Options(server::Exchange& x) {
  x.response.set("DAV", "1, 2");
  x.response.set("MS-Author-Via", "DAV");
  x.response.set("Allow", kAllowed);
  x.SendEmpty(200);
}

void ServeWebDav(server::Exchange& x, LockManager& locks, DeadProperties& properties,
                 JunkFiles& junk) {
  const std::string method = x.request.getMethod();
  x.route = "/dav/";
  std::string raw_path = x.request.getURI();
  raw_path = raw_path.substr(0, raw_path.find('?'));
  auto path = ParseDavPath(raw_path);
  if (!path.ok()) throw HttpError{400, "invalid_argument", path.status().message()};
  if (method == "OPTIONS" && !x.request.has("Authorization")) {
    // Clients probe before they authenticate (Windows' Mini-Redirector): nothing here depends
    // on who asks.
    Options(x);
    return;
  }
  // The account and the method's first lookups from one snapshot: one read transaction a
  // request instead of two.
  store::Store::ReadScope read = x.store().BeginRead();
  documents::Caller caller = server::RequireCaller(x);
  documents::DocumentService service = server::Documents(x);
  DavRequest r{x, caller, service, locks, properties, junk, *path, {}, {}, read};
  if (!ReadsFirst(method)) read.End();
  if (x.request.has("If")) {
    auto conditions = ParseIfHeader(x.request.get("If"));
    if (!conditions.ok()) throw HttpError{400, "invalid_argument", conditions.status().message()};
    r.conditions = *conditions;
  }
  try {
    if (IsWrite(method) || method == "UNLOCK") RefuseWritesInVersions(r, method);
    if (IsWrite(method)) RefuseWritesOnWaysDown(r, method);
    if (method == "OPTIONS") {
      Options(x);
    } else if (method == "PROPFIND") {
      Propfind(r);
    } else if (method == "PROPPATCH") {
      Proppatch(r);
    } else if (method == "GET" || method == "HEAD") {
      Get(r);
    } else if (method == "PUT") {
      Put(r);
    } else if (method == "MKCOL") {
      Mkcol(r);
    } else if (method == "DELETE") {
      Delete(r);
    } else if (method == "COPY" || method == "MOVE") {
      CopyOrMove(r, method == "MOVE");
    } else if (method == "LOCK") {
      LockMethod(r);
    } else if (method == "UNLOCK") {
      Unlock(r);
    } else {
      x.response.set("Allow", kAllowed);
      throw HttpError{405, "method_not_allowed", method + " is not a WebDAV method here"};
    }
  } catch (const Answered&) {
    // the handler sent its answer
  }
}

}  // namespace synaps::webdav
