// GET, HEAD and PUT: a document's bytes out (conditional, ranges, audited as a read) and in
// (streamed to a blob, stored as a new version, with the modification time and checksums of
// ownCloud's clients: owncloud.h); a junk file's bytes out and in, kept aside (junk_files.h).
#include <Poco/NumberParser.h>
#include <fcntl.h>

#include <vector>

#include "dms-server/server/body_reader.h"
#include "dms-server/server/content_response.h"
#include "dms-server/server/request_body.h"
#include "dms-server/server/upload_stream.h"
#include "dms-server/webdav/dav_request.h"
#include "dms-server/webdav/dav_xml.h"
#include "dms-server/webdav/owncloud.h"

namespace synaps::webdav {

using server::HttpError;

void Get(DavRequest& r) {
  // The lookups from the snapshot the account was read in, ended before the content is sent (a
  // long download must not hold it: the database's log could not be checkpointed meanwhile).
  store::Store::ReadScope& read = r.read;
  Resource resource = Resolve(r, r.path);
  if (!resource.exists())
    throw HttpError{404, "not_found", "no such resource " + r.path.Href(false)};
  CheckIf(r, resource);
  if (resource.collection()) {
    // A browser pointed at the mount gets a plain index; file explorers use PROPFIND.
    std::string html = "<!doctype html><meta charset=utf-8><title>Synaps</title><ul>";
    for (const Resource& member : Members(r, resource)) {
      html += "<li><a href=\"" + XmlEscape(member.Href()) + "\">" + XmlEscape(member.path.Name()) +
              (member.collection() ? "/" : "") + "</a>";
    }
    r.x.Send(200, "text/html; charset=utf-8", html + "</ul>\n");
    return;
  }
  if (resource.kind == Resource::Kind::kJunk) {
    server::ContentEntity entity;
    entity.size = resource.junk.document_id ? resource.version.size : resource.junk.size;
    entity.etag = resource.ETag();
    entity.last_modified_ms = resource.junk.modified_at;
    entity.content_type = "application/octet-stream";
    entity.cache_control = "private, no-cache";
    server::SendContent(r.x, entity, [&] {
      store::UniqueFd content = OpenJunk(r, resource);
      read.End();
      return content;
    });
    return;
  }
  // A past version was read when resolved; the current one is read now, with its document.
  store::Document document = resource.document;
  store::Version version = resource.version;
  if (resource.kind == Resource::Kind::kDocument) {
    documents::DocumentVersion current =
        DavValue(r.service.Version(r.caller, resource.document.id, 0));
    document = std::move(current.document);
    version = std::move(current.version);
  }
  server::ContentEntity entity;
  entity.size = version.size;
  entity.etag = resource.ETag();
  entity.last_modified_ms = version.modified_at;
  entity.content_type = version.mime_type.empty() ? "application/octet-stream" : version.mime_type;
  entity.cache_control = "private, no-cache";
  server::SendContent(r.x, entity, [&] {
    store::UniqueFd content = DavValue(r.service.OpenContent(r.caller, version, "webdav"));
    read.End();
    return content;
  });
}

namespace {

// Bodies up to this size are expected by the put group while they arrive (PutGroup::Expect): on
// a gigabit network they take about 2 ms, the longest a leader waits (PutGroup::kGather).
constexpr int64_t kGatheredBodyBytes = 256 * 1024;

// The length of a PUT's body as announced: Content-Length, else X-Expected-Entity-Length, which
// macOS Finder sends with its chunked PUTs; nullopt when neither. 400 for a value that is no
// length.
std::optional<int64_t> AnnouncedLength(const Poco::Net::HTTPServerRequest& request) {
  if (request.hasContentLength()) return request.getContentLength64();
  if (!request.has("X-Expected-Entity-Length")) return std::nullopt;
  Poco::Int64 length = -1;
  if (!Poco::NumberParser::tryParse64(request.get("X-Expected-Entity-Length"), length) ||
      length < 0) {
    throw HttpError{400, "invalid_argument", "X-Expected-Entity-Length is not a length"};
  }
  return length;
}

// A PUT of a junk file: its bytes kept aside, never a document.
void PutJunk(DavRequest& r, const Resource& resource) {
  int64_t folder_id = resource.exists() ? resource.junk.folder_id : resource.parent->id;
  std::string name = resource.exists() ? resource.junk.name : r.path.Name();
  DavOk(r.service.MayWriteIn(r.caller, folder_id));
  r.read.End();  // not held while the body comes
  const int64_t max = r.x.context.options.max_upload_bytes;
  std::optional<int64_t> announced = AnnouncedLength(r.x.request);
  if (announced && *announced > max) throw server::TooLarge(r.x, max);
  JunkWriter writer(r);
  server::BodyReader reader = server::BodyReader::OfRequest(r.x);
  std::vector<char> buffer(1 << 16);
  int64_t total = 0;
  size_t n = 0;
  bool received;
  while ((received = reader.Read(buffer.data(), buffer.size(), n)) && n > 0) {
    total += static_cast<int64_t>(n);
    if (total > max) throw server::TooLarge(r.x, max);
    writer.Append(buffer.data(), n);
  }
  if (!received || (announced && total != *announced)) {
    r.x.response.setKeepAlive(false);
    throw HttpError{400, "incomplete_body",
                    "the request body ended after " + std::to_string(total) + " bytes"};
  }
  if (!r.x.request.hasContentLength() || total == r.x.request.getContentLength64()) {
    server::BodyRead(r.x);
  }
  JunkFiles::Entry kept = writer.Keep(folder_id, name);
  r.x.response.set("ETag", kept.ETag());
  r.x.SendEmpty(resource.exists() ? 204 : 201);
}

}  // namespace

JunkWriter::JunkWriter(DavRequest& r) : r_(r), path_(server::ValueOrThrow(r.junk.NewFile())) {
  fd_ = store::UniqueFd(::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd_.valid()) server::OkOrThrow(store::ErrnoStatus("cannot create", path_, errno));
}

JunkWriter::~JunkWriter() {
  std::error_code ignored;
  if (!kept_) std::filesystem::remove(path_, ignored);
}

void JunkWriter::Append(const char* data, size_t size) {
  server::OkOrThrow(store::WriteAll(fd_.get(), data, size, path_));
  size_ += static_cast<int64_t>(size);
}

void JunkWriter::AppendAll(int fd) {
  std::vector<char> buffer(1 << 16);
  for (;;) {
    size_t got = server::ValueOrThrow(store::ReadSome(fd, buffer.data(), buffer.size(), path_));
    if (got == 0) break;
    Append(buffer.data(), got);
  }
}

JunkFiles::Entry JunkWriter::Keep(int64_t folder_id, const std::string& name) {
  fd_ = store::UniqueFd();
  r_.junk.Keep(folder_id, name, r_.caller.user().login, path_, size_);
  kept_ = true;
  auto kept = r_.junk.Find(folder_id, name);
  return kept ? *kept : JunkFiles::Entry{};
}

store::UniqueFd OpenJunk(DavRequest& r, const Resource& junk) {
  if (junk.junk.document_id)
    return DavValue(r.service.OpenContent(r.caller, junk.version, "webdav"));
  return server::ValueOrThrow(store::OpenForReading(junk.junk.file));
}

void Put(DavRequest& r) {
  // A small body comes in well under the group's gathering time: the save committing meanwhile
  // waits for this one (checked, then received) rather than leaving it a commit of its own.
  const std::optional<int64_t> announced = AnnouncedLength(r.x.request);
  std::optional<documents::PutGroup::Expected> expected;
  if (announced && *announced <= kGatheredBodyBytes) expected.emplace(r.x.context.puts.Expect());
  // The checks from the snapshot the account was read in, ended before the body is received;
  // Put() decides again in its transaction.
  store::Store::ReadScope& read = r.read;
  Resource resource = Resolve(r, r.path);
  if (resource.collection()) throw HttpError{405, "method_not_allowed", "PUT on a collection"};
  if (!resource.exists() && !resource.parent) {
    throw HttpError{409, "conflict",
                    "the folder to hold " + r.path.Href(false) + " does not exist"};
  }
  CheckIf(r, resource);
  CheckLocks(r, resource.store_path, false);
  if (r.x.request.has("If-Match") && r.x.request.get("If-Match") != "*" &&
      r.x.request.get("If-Match") != resource.ETag()) {
    throw HttpError{412, "precondition_failed", "If-Match does not match"};
  }
  if (r.x.request.get("If-None-Match", "") == "*" && resource.exists()) {
    throw HttpError{412, "precondition_failed", "the resource exists"};
  }
  if (resource.kind == Resource::Kind::kJunk || (!resource.exists() && IsJunkName(r.path.Name()))) {
    expected.reset();  // kept aside, not saved by the group
    PutJunk(r, resource);
    return;
  }
  int64_t folder_id = resource.exists() ? resource.document.folder_id : resource.parent->id;
  std::string name = resource.exists() ? resource.document.name : r.path.Name();
  documents::PutPlace place = documents::PutPlace::InFolder(folder_id, name);
  DavOk(r.service.MayPut(r.caller, place));
  read.End();

  documents::NewContent content;
  content.modified_at = OcMtime(r.x.request);
  const int64_t max = r.x.context.options.max_upload_bytes;
  if (announced && *announced > max) throw server::TooLarge(r.x, max);
  store::BlobLock blob_lock = server::ValueOrThrow(
      store::BlobLock::Acquire(r.x.store().blobs(), store::BlobLock::Mode::kShared));
  std::optional<store::ContentDigester> digester;
  if (WantsDigests(r.x.request)) digester.emplace();
  server::UploadedBlob uploaded =
      server::StreamToBlob(r.x, r.x.request.stream(), max, digester ? &*digester : nullptr);
  if (announced && uploaded.staged.info().size != *announced) {
    r.x.response.setKeepAlive(false);
    throw HttpError{400, "incomplete_body",
                    "the request body has " + std::to_string(uploaded.staged.info().size) +
                        " bytes, not the " + std::to_string(*announced) + " announced"};
  }
  if (digester) {
    content.digests = digester->Finish();
    CheckUploadChecksum(r.x.request, *content.digests);
  }
  content.mime_type = server::DetectType(uploaded, name);
  std::vector<store::StagedBlob> staged;
  staged.push_back(std::move(uploaded.staged));
  server::OkOrThrow(r.x.store().blobs().PublishToJournal(staged));
  content.blob = staged.front().info();
  content.open_until = OpenUntil(r, resource.store_path, content.blob.size);
  store::PutResult result =
      DavValue(r.x.context.puts.Put(r.caller, place, content, expected ? &*expected : nullptr));
  if (content.open_until) {
    KeepLocks(r,
              r.locks.RecordSave(r.caller.user().login, resource.store_path, result.document_id));
  }
  r.x.response.set("ETag", VersionETag(result.document_id, result.version, result.saves));
  if (content.modified_at) r.x.response.set("X-OC-MTime", "accepted");
  r.x.SendEmpty(resource.exists() ? 204 : 201);
}

}  // namespace synaps::webdav
