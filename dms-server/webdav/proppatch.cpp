// PROPPATCH (RFC 4918 9.2): sets and removes dead properties, all or none. Live properties are
// Synaps' own: changing one is refused (403) and fails the others (424). A document's
// modification time may be set, as clients do after copying a file: DAV:lastmodified (Unix
// seconds, ownCloud's clients), or Windows' Win32LastModifiedTime (an HTTP date, also kept as a
// dead property with the other Win32 ones).
#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <algorithm>

#include "dms-server/webdav/dav_request.h"
#include "dms-server/webdav/dav_xml.h"

namespace synaps::webdav {

namespace {

// The modification time Windows' Mini-Redirector sets after a save, as an RFC 1123 date, beside
// Win32CreationTime, Win32LastAccessTime and Win32FileAttributes (all kept as dead properties).
const PropertyName kWin32LastModifiedTime{"urn:schemas-microsoft-com:", "Win32LastModifiedTime"};

// A property's text as a time, in Unix milliseconds (nullopt when it is not one): an HTTP date
// ("Thu, 05 Dec 2024 10:00:00 GMT", Windows)...
std::optional<int64_t> HttpDateProperty(const std::string& value) {
  std::string text = Poco::trim(value);
  Poco::DateTime time;
  int zone = 0;
  // The parser takes nearly anything: what does not read back the same is not a date.
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, text, time, zone) ||
      zone != 0 ||
      Poco::DateTimeFormatter::format(time, Poco::DateTimeFormat::HTTP_FORMAT) != text) {
    return std::nullopt;
  }
  return time.timestamp().epochMicroseconds() / 1000;
}

// ... or Unix seconds (DAV:lastmodified, as ownCloud's clients set it).
std::optional<int64_t> UnixSecondsProperty(const std::string& value) {
  Poco::Int64 seconds = 0;
  if (!Poco::NumberParser::tryParse64(Poco::trim(value), seconds) || seconds < 0 ||
      seconds > 253402300799) {
    return std::nullopt;
  }
  return seconds * 1000;
}

}  // namespace

void Proppatch(DavRequest& r) {
  auto updates = ParseProppatch(ReadXmlBody(r));
  if (!updates.ok()) throw server::HttpError{400, "invalid_xml", updates.status().message()};
  Resource resource = Resolve(r, r.path);
  switch (resource.kind) {
    case Resource::Kind::kMissing:
      throw server::HttpError{404, "not_found", "no such resource " + r.path.Href(false)};
    case Resource::Kind::kRoot:
      throw server::HttpError{403, "forbidden", "the root's properties are Synaps' own"};
    case Resource::Kind::kWayDown:  // refused before any handler, as every write there is
    case Resource::Kind::kHistory:
    case Resource::Kind::kVersion:
      throw server::HttpError{403, "forbidden", "nothing here may be written"};
    case Resource::Kind::kFolder:
      DavOk(r.service.MayWriteIn(r.caller, resource.folder.id));
      break;
    case Resource::Kind::kDocument:
      DavOk(r.service.MayEdit(r.caller, resource.document.id));
      break;
    case Resource::Kind::kJunk:
      DavOk(r.service.MayWriteIn(r.caller, resource.junk.folder_id));
      break;
  }
  CheckIf(r, resource);
  CheckLocks(r, resource.store_path, false);
  Multistatus::Response response;
  response.href = resource.Href();
  // A time a client sets as a property becomes the document's modification time, when it is
  // simple: the last one given wins.
  std::optional<int64_t> modified_at;
  for (const PropertyUpdate& update : *updates) {
    bool document = resource.kind == Resource::Kind::kDocument;
    if (update.name.IsDav("lastmodified") && document && !update.remove) {
      if (auto time = UnixSecondsProperty(update.value_xml)) {
        modified_at = time;
      } else {
        response.forbidden.push_back(update.name);  // a time in Unix seconds, or nothing
      }
    } else if (update.name.ns == kDav) {
      response.forbidden.push_back(update.name);
    } else if (update.name == kWin32LastModifiedTime && document && !update.remove) {
      if (auto time = HttpDateProperty(update.value_xml)) modified_at = time;
    }
  }
  if (!response.forbidden.empty()) {
    for (const PropertyUpdate& update : *updates) {
      bool refused = std::find(response.forbidden.begin(), response.forbidden.end(), update.name) !=
                     response.forbidden.end();
      if (!refused) response.failed.push_back(update.name);
    }
  } else {
    // The time first: if it is refused, no property has changed.
    if (modified_at)
      DavValue(r.service.SetModifiedTime(r.caller, resource.document.id, *modified_at));
    std::vector<store::DavPropertyChange> changes;
    for (const PropertyUpdate& update : *updates) {
      // DAV:lastmodified is Synaps' own, shown as getlastmodified: not kept as a dead property.
      if (!update.name.IsDav("lastmodified")) {
        changes.push_back(
            {update.name.Key(), update.remove ? std::nullopt : std::optional(update.value_xml)});
      }
      response.found.push_back(PropertyElement(update.name));
    }
    // A document's or a folder's are kept in the store, all or none; a junk file's with it.
    if (auto item = DeadPropertyItem(resource)) {
      DavOk(r.service.ChangeDeadProperties(r.caller, *item, changes));
    } else {
      for (const store::DavPropertyChange& change : changes) {
        if (change.value_xml) {
          r.properties.Set(resource.store_path, change.name, *change.value_xml);
        } else {
          r.properties.Remove(resource.store_path, change.name);
        }
      }
    }
  }
  Multistatus multistatus;
  multistatus.Add(response);
  SendMultistatus(r, multistatus.Finish());
}

}  // namespace synaps::webdav
