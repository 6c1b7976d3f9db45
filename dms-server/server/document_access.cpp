#include "dms-server/server/document_access.h"

#include "dms-server/server/authentication.h"

namespace synaps::server {

documents::Caller RequireCaller(Exchange& x) {
  return documents::Caller::Account(RequireUser(x));
}

documents::DocumentService Documents(Exchange& x) {
  return documents::DocumentService(x.store(), [&x] { x.WakeIndexer(); });
}

}  // namespace synaps::server
