// How CLI commands reach documents: as the administrator, through the document service.
#include "dms-server/cli/command.h"

namespace synaps::cli {

documents::Caller Administrator(const Context& context) {
  return documents::Caller::Administrator(context.actor.login);
}

store::Result<store::Document> ResolveDocument(store::Store& store, const std::string& ref) {
  documents::DocumentService service(store);
  return service.Find(documents::Caller::Administrator("cli"), ref);
}

}  // namespace synaps::cli
