#include "dms-server/server/document_access.h"

#include "dms-server/server/authentication.h"

namespace synaps::server {

documents::Caller RequireCaller(Exchange& x) {
  return documents::Caller::Account(RequireUser(x));
}

documents::DocumentService Documents(Exchange& x) {
  // What a WebDAV client locked, nobody else changes, through any front end.
  return documents::DocumentService(
      x.store(), [&x] { x.WakeIndexer(); }, &x.context.locks);
}

}  // namespace synaps::server
