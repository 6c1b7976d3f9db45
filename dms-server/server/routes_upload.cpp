// Multipart uploads into a folder (browsers' <input type="file" multiple>): each file part is
// streamed to a staged blob as it arrives, never held in memory; when the whole body has
// arrived intact, the blobs are published and every file is stored in one transaction, all
// or nothing.
#include <Poco/Net/MediaType.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <optional>
#include <vector>

#include "dms-server/json/model_json.h"
#include "dms-server/server/document_access.h"
#include "dms-server/server/routes.h"
#include "dms-server/server/upload_stream.h"
#include "dms-server/store/names.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// Room for the boundaries and part headers around the files: the files themselves may use
// all of max_upload_bytes, so a file of exactly that size fits in a multipart body.
constexpr int64_t kMultipartFraming = 1 << 20;
// Bounds the work a body of empty parts can cause.
constexpr int kMaxParts = 256;

HttpError Malformed(const std::string& message) {
  return HttpError{400, "malformed_multipart", message};
}

// The file name of a part: its RFC 5987 "filename*" (UTF-8 only) when present, else "filename".
std::optional<std::string> PartFileName(const Poco::Net::NameValueCollection& parameters) {
  if (parameters.has("filename*")) {
    const std::string& value = parameters.get("filename*");
    size_t quotes = value.find("''");
    if (quotes == std::string::npos || Poco::toLower(value.substr(0, quotes)) != "utf-8") {
      throw Malformed("filename* must be UTF-8''<percent-encoded name>");
    }
    std::string decoded;
    try {
      Poco::URI::decode(value.substr(quotes + 2), decoded);
    } catch (const Poco::Exception&) {
      throw Malformed("filename* is not percent-encoded correctly");
    }
    return decoded;
  }
  if (parameters.has("filename")) return parameters.get("filename");
  return std::nullopt;
}

// Reads a small form field (at most `max` bytes, else 400).
std::string ReadField(std::istream& in, size_t max, const std::string& name) {
  std::string value;
  char buffer[1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    value.append(buffer, static_cast<size_t>(in.gcount()));
    if (value.size() > max) {
      throw HttpError{400, "invalid_argument",
                      "the field \"" + name + "\" exceeds " + std::to_string(max) + " bytes"};
    }
  }
  return value;
}

// Whether the part just read ended with the closing boundary ("--boundary--").
bool EndedWithLastBoundary(Poco::Net::MultipartReader& reader) {
  auto* part = dynamic_cast<Poco::Net::MultipartInputStream*>(&reader.stream());
  return part != nullptr && part->lastPart();
}

struct UploadedFile {
  std::string name;
  UploadedBlob blob;
};

void UploadIntoFolder(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t folder_id = ParseIdParam(x.Param("id"), "folder");
  documents::DocumentService service = Documents(x);
  store::Folder folder = ValueOrThrow(service.FindFolder(caller, folder_id));

  std::string boundary;
  try {
    Poco::Net::MediaType type(x.request.getContentType());
    if (type.matches("multipart", "form-data") && type.hasParameter("boundary")) {
      boundary = type.getParameter("boundary");
    }
  } catch (const Poco::Exception&) {
    // an unparsable Content-Type is refused below like a missing one
  }
  if (boundary.empty()) {
    throw HttpError{415, "unsupported_media_type",
                    "send multipart/form-data with a boundary (or PUT the raw content to "
                    "/api/v1/documents/content?path=...)"};
  }
  if (boundary.size() > 70) throw Malformed("the boundary exceeds 70 characters (RFC 2046)");
  const int64_t max = x.context.options.max_upload_bytes;
  if (x.request.hasContentLength() && x.request.getContentLength64() > max + kMultipartFraming) {
    throw TooLarge(x, max);
  }
  if (!x.request.hasContentLength() && !x.request.getChunkedTransferEncoding()) {
    throw HttpError{411, "length_required", "send Content-Length or a chunked body"};
  }

  // Held from the first blob written until the documents reference them (see `synaps gc`).
  store::BlobLock blob_lock =
      ValueOrThrow(store::BlobLock::Acquire(x.store().blobs(), store::BlobLock::Mode::kShared));
  std::istream& body = x.request.stream();
  std::vector<UploadedFile> files;
  std::string comment;
  int64_t received = 0;  // bytes of every part, files or not
  bool complete = false;
  try {
    Poco::Net::MultipartReader reader(body, boundary);
    for (int parts = 0; !complete && reader.hasNextPart(); ++parts) {
      if (parts == kMaxParts) throw Malformed("more than " + std::to_string(kMaxParts) + " parts");
      Poco::Net::MessageHeader header;
      reader.nextPart(header);
      std::string disposition;
      Poco::Net::NameValueCollection parameters;
      Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition,
                                                parameters);
      if (Poco::icompare(disposition, "form-data") != 0) {
        throw Malformed("a part has no Content-Disposition: form-data");
      }
      std::string field = parameters.get("name", "");
      std::optional<std::string> file_name = PartFileName(parameters);
      std::istream& part = reader.stream();
      if (file_name) {
        // Checked before a byte of the file is stored: a bad name or a forbidden place stops here.
        if (!store::IsValidUtf8(*file_name)) {
          throw HttpError{
              400, "invalid_argument",
              "the file name " + store::EscapeForDisplay(*file_name) + " is not valid UTF-8"};
        }
        OkOrThrow(service.MayPut(caller, documents::PutPlace::InFolder(folder.id, *file_name)));
        try {
          files.push_back({*file_name, StreamToBlob(x, part, max - received)});
        } catch (HttpError& error) {
          if (error.status == 413) {
            error.message = "the files exceed " + std::to_string(max) + " bytes in all";
          }
          throw;
        }
        received += files.back().blob.staged.info().size;
      } else if (field == "comment") {
        comment = ReadField(part, store::kMaxCommentBytes, field);
        OkOrThrow(store::ValidateComment(comment));
        received += static_cast<int64_t>(comment.size());
      } else {
        // Other form fields (a submit button...) are read and ignored, within the same budget.
        char buffer[4096];
        while (part.read(buffer, sizeof buffer) || part.gcount() > 0) {
          received += part.gcount();
          if (received > max) throw TooLarge(x, max);
        }
      }
      if (part.bad()) throw HttpError{400, "incomplete_body", "the request body ended early"};
      complete = EndedWithLastBoundary(reader);
      // A part cut short by the end of the body looks like a finished one: only the closing
      // boundary proves that everything arrived.
      if (!complete && body.rdbuf()->sgetc() == std::char_traits<char>::eof()) break;
    }
  } catch (const Poco::Net::NetException& error) {
    x.response.setKeepAlive(false);
    throw Malformed(error.displayText());
  }
  if (!complete) {
    x.response.setKeepAlive(false);
    throw HttpError{400, "incomplete_body",
                    "the multipart body ended before its closing boundary: nothing was stored"};
  }
  if (files.empty()) throw HttpError{400, "invalid_argument", "the body carries no file part"};
  // What follows the closing boundary (usually a CRLF) is read, so the connection can serve
  // another request; a long epilogue just closes it.
  char epilogue[4096];
  int64_t after = 0;
  while (after < 65536 && (body.read(epilogue, sizeof epilogue) || body.gcount() > 0)) {
    after += body.gcount();
  }
  if (after < 65536 && !body.bad()) BodyRead(x);

  std::vector<store::StagedBlob> staged;
  std::vector<std::pair<std::string, documents::NewContent>> contents;
  for (UploadedFile& file : files) {
    documents::NewContent content;
    content.mime_type = DetectType(file.blob, file.name);
    content.comment = comment;
    contents.emplace_back(file.name, std::move(content));
    staged.push_back(std::move(file.blob.staged));
  }
  OkOrThrow(x.store().blobs().PublishToJournal(staged));
  for (size_t i = 0; i < contents.size(); ++i) contents[i].second.blob = staged[i].info();
  std::vector<store::PutResult> results = ValueOrThrow(service.PutAll(caller, folder.id, contents));

  bool created = false;
  Array::Ptr documents = new Array;
  for (size_t i = 0; i < results.size(); ++i) {
    Object::Ptr item = new Object;
    item->set("id", results[i].document_id);
    item->set("version", results[i].version);
    item->set("outcome", PutOutcomeName(results[i].outcome));
    const auto& [name, content] = contents[i];
    item->set("name", name);
    item->set("path", folder.path + "/" + name);
    item->set("size", content.blob.size);
    item->set("sha256", content.blob.sha256);
    item->set("mime_type", content.mime_type);
    documents->add(item);
    created = created || results[i].outcome == store::PutOutcome::kCreated;
  }
  Object::Ptr object = new Object;
  object->set("folder", FolderJson(folder));
  object->set("documents", documents);
  x.SendJson(created ? 201 : 200, object);
}

}  // namespace

void AddUploadRoutes(Router& router) {
  router.Add("POST", "/api/v1/folders/{id}/documents", UploadIntoFolder);
}

}  // namespace synaps::server
