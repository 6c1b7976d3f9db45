#include "connectors/source/source_factory.h"

#include "connectors/mail/imap_source.h"
#include "connectors/mail/maildir_source.h"
#include "connectors/mail/mbox_source.h"
#include "connectors/mail/pst_source.h"
#include "connectors/share/share_source.h"
#include "connectors/smb/smb_source.h"

namespace synaps::connectors {

namespace {

using Maker = store::Result<std::unique_ptr<Source>> (*)(const SourceConfig&);

struct Type {
  const char* name;
  Maker make;
};

const std::vector<Type>& Types() {
  static const std::vector<Type> types = {
      {"share", MakeShareSource}, {"smb", MakeSmbSource}, {"maildir", MakeMaildirSource},
      {"mbox", MakeMboxSource},   {"pst", MakePstSource}, {"imap", MakeImapSource},
  };
  return types;
}

}  // namespace

store::Result<std::unique_ptr<Source>> MakeSource(const SourceConfig& config) {
  for (const Type& type : Types()) {
    if (config.type == type.name) return type.make(config);
  }
  std::string known;
  for (const std::string& name : SourceTypes()) known += (known.empty() ? "" : ", ") + name;
  return store::Status::Invalid("source " + config.name + ": unknown type '" + config.type +
                                "' (known: " + known + ")");
}

std::vector<std::string> SourceTypes() {
  std::vector<std::string> names;
  for (const Type& type : Types()) names.push_back(type.name);
  return names;
}

}  // namespace synaps::connectors
