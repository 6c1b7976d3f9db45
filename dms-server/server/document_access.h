// How a route reaches documents: the caller it authenticates, and the document service over the
// thread's Store that wakes the server's indexer after each change. Route handlers use these
// and never a mutating Store method (documents/document_service.h).
#pragma once

#include "dms-server/documents/document_service.h"
#include "dms-server/server/http_exchange.h"

namespace synaps::server {

// The authenticated account of the request (401 otherwise, see RequireUser).
documents::Caller RequireCaller(Exchange& x);

// The document service for this request. Cheap: build one per request.
documents::DocumentService Documents(Exchange& x);

}  // namespace synaps::server
