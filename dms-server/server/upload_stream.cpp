#include "dms-server/server/upload_stream.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "dms-server/server/body_reader.h"
#include "dms-server/server/request_body.h"
#include "dms-server/server/thread_resources.h"
#include "indexer/extract/type_detector.h"

namespace synaps::server {

const char* PutOutcomeName(store::PutOutcome outcome) {
  switch (outcome) {
    case store::PutOutcome::kCreated:
      return "created";
    case store::PutOutcome::kNewVersion:
      return "new_version";
    case store::PutOutcome::kUnchanged:
      return "unchanged";
    case store::PutOutcome::kSavedAgain:
      return "saved_again";
  }
  return "?";
}

HttpError TooLarge(Exchange& x, int64_t max) {
  x.response.setKeepAlive(false);
  return HttpError{413, "too_large", "the document exceeds " + std::to_string(max) + " bytes"};
}

UploadedBlob StreamToBlob(Exchange& x, std::istream& in, int64_t max,
                          store::ContentDigester* digester) {
  auto writer = ValueOrThrow(x.store().blobs().NewWriter());
  UploadedBlob blob;
  const bool own_body = &in == &x.request.stream();
  BodyReader reader = own_body ? BodyReader::OfRequest(x) : BodyReader(in, std::nullopt, nullptr);
  std::vector<char> buffer(kStreamChunk);
  int64_t total = 0;
  size_t n = 0;
  bool received;
  while ((received = reader.Read(buffer.data(), buffer.size(), n)) && n > 0) {
    total += static_cast<int64_t>(n);
    if (total > max) throw TooLarge(x, max);
    if (blob.head.size() < indexer::kTypeDetectorHeadBytes) {
      blob.head.append(buffer.data(),
                       std::min(n, indexer::kTypeDetectorHeadBytes - blob.head.size()));
    }
    OkOrThrow(writer.Append(buffer.data(), n));
    if (digester) digester->Update(buffer.data(), n);
  }
  if (!received) {
    x.response.setKeepAlive(false);
    throw HttpError{400, "incomplete_body",
                    "the request body ended after " + std::to_string(total) + " bytes"};
  }
  // A raw body (not a multipart part) that came whole: the connection may serve another request.
  if (own_body && (!x.request.hasContentLength() || total == x.request.getContentLength64())) {
    BodyRead(x);
  }
  blob.staged = ValueOrThrow(writer.Finish());
  return blob;
}

std::string DetectType(const UploadedBlob& blob, const std::string& name) {
  return ThreadDetector().Detect(blob.head, name);
}

}  // namespace synaps::server
