// The CLI's command table. Each command declares its options and usage; main() parses the
// global options (--data, --config, --json) and the settings files, finds the command and runs
// it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dms-server/accounts/account_service.h"
#include "dms-server/cli/arguments.h"
#include "dms-server/documents/document_service.h"
#include "dms-server/store/store.h"
#include "indexer/extract/extract.h"

namespace synaps::cli {

struct Context {
  std::filesystem::path data_dir;
  std::filesystem::path sources_dir;  // the configured sources (synaps.sources_dir)
  bool json = false;
  store::Actor actor;  // "cli:<unix user>"
  // From the settings files (synaps.extract.*), as the server reads them: `synaps index` and
  // `synaps extract` extract within the same limits.
  indexer::ExtractionLimits extraction_limits;
  // synaps.audit.retention_days, for `synaps audit prune` (0: the log is kept forever).
  int audit_retention_days = accounts::kDefaultAuditRetentionDays;
};

struct Command {
  std::string name;
  std::string usage;    // e.g. "import PATH... --service CODE [--folder F] [--tag T]..."
  std::string summary;  // one line for `synaps help`
  std::vector<OptionSpec> options;
  int (*run)(Context& context, const Arguments& arguments);
};

std::vector<Command> AdminCommands();        // init, service, user
std::vector<Command> DocumentCommands();     // import, ls, info, versions, get, restore, mv, rm...
std::vector<Command> OrganizeCommands();     // trash, tag, tags, meta, audit
std::vector<Command> MaintenanceCommands();  // check, gc, stats
std::vector<Command> SearchCommands();       // extract, index, reindex, search
std::vector<Command> SharingCommands();      // share, shares, unshare, token
std::vector<Command> BackupCommands();       // backup
std::vector<Command> SourceCommands();       // source, ingest

// `restore BACKUP --data DIR`: the whole data directory from a backup (the `restore` command
// restores versions otherwise).
int RestoreBackup(Context& context, const Arguments& arguments);

// Opens the data directory of `context` (which must exist), or reports why not.
store::Result<std::unique_ptr<store::Store>> OpenStore(const Context& context);

// Brings the index of `store` up to date: drains its queue (`synaps index`), or rebuilds it from
// every document (`synaps reindex`, resumable). Print a summary; return the exit status.
int CatchUpIndex(Context& context, store::Store& store);
int RebuildIndex(Context& context, store::Store& store);

// The CLI acts as the administrator, named after the Unix user ("cli:root") in the audit log.
// Every command that touches documents goes through the document service with this caller.
documents::Caller Administrator(const Context& context);
// The same administrator for the account service: every command that touches services, accounts,
// tokens or the audit log goes through it with this caller.
inline accounts::Caller AccountAdministrator(const Context& context) {
  return accounts::Caller::Administrator(context.actor.login);
}

// Finds a document by id or path; reports a clear error otherwise.
store::Result<store::Document> ResolveDocument(store::Store& store, const std::string& ref);

}  // namespace synaps::cli
