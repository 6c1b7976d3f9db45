// The OpenAPI 3 description of the API, served at /api/v1/openapi.json.
//
// It is written as fragments in dms-server/server/openapi/, compiled into the program: base.json
// holds the document's frame (openapi, info, security schemes, shared schemas such as Error);
// each other fragment documents the routes of one subject as {"paths": {...}, "components":
// {"schemas": {...}}}. The merge puts every path's operations and every schema into the frame.
// A test checks that the merged paths and the router's routes are the same set.
#pragma once

#include <string>

namespace synaps::server {

// The merged document as JSON text, built on first use. Throws std::runtime_error when a
// fragment is not a JSON object, or when two fragments define the same operation or the same
// schema (a mistake to fix, never to resolve silently).
const std::string& OpenApiJson();

}  // namespace synaps::server
