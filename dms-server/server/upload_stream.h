// Streaming an upload into the blob store in bounded memory. Shared by the raw PUT of a
// document and by multipart uploads, so both enforce the size limit, hash, stage and detect
// the type of what they receive the same way.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "dms-server/server/http_exchange.h"
#include "dms-server/store/blob_store.h"
#include "dms-server/store/content_digests.h"
#include "dms-server/store/store.h"

namespace synaps::server {

struct UploadedBlob {
  store::StagedBlob staged;  // hashed and staged: publish it before any reference commits
  std::string head;          // its first bytes, for type detection
};

// Reads `in` to its end into a new staged blob of x.store(). Throws 413 (and closes the
// connection) once more than `max` bytes arrive, 400 incomplete_body when `in` fails, 500 when
// the blob cannot be written. When `in` is the request's own body and it came whole, records
// it as read (BodyRead). The caller holds a shared BlobLock from before this call until
// the transaction that references the blob commits, and checks that the body ended where it
// should (a short body just ends `in` early).
// `digester`, when given, also sees every byte (WebDAV's SHA-1 and MD5 for ownCloud clients).
UploadedBlob StreamToBlob(Exchange& x, std::istream& in, int64_t max,
                          store::ContentDigester* digester = nullptr);

// The MIME type of an uploaded blob named `name`, as the raw PUT and multipart uploads record it.
std::string DetectType(const UploadedBlob& blob, const std::string& name);

// "created", "new_version", "unchanged" or "saved_again" (the current version was open and the
// caller's: its content replaced), as upload answers name the outcome of a put.
const char* PutOutcomeName(store::PutOutcome outcome);

// The 413 answer for an upload over `max` bytes. Closes the connection afterwards: the rest of
// the body will not be read.
HttpError TooLarge(Exchange& x, int64_t max);

}  // namespace synaps::server
