// CLI: trash, tag, tags, meta, audit.
#include <Poco/JSON/Array.h>

#include <iostream>

#include "dms-server/cli/command.h"
#include "dms-server/cli/output.h"

namespace synaps::cli {

namespace {

int Trash(Context& context, const Arguments& arguments) {
  const auto& words = arguments.positionals();
  if (words.empty()) {
    return UsageError("usage: trash list | trash restore DOC | trash purge [DOC]", context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  documents::Caller caller = Administrator(context);
  if (words[0] == "list" && words.size() == 1) {
    auto trashed = service.TrashContents(caller);
    if (!trashed.ok()) return ReportError(trashed.status(), context.json);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& document : *trashed) {
      if (context.json) {
        list->add(json::DocumentSummaryJson(document));
      } else {
        std::cout << document.id << '\t' << DisplayTime(*document.trashed_at) << '\t'
                  << document.path() << '\n';
      }
    }
    if (context.json) PrintJson(list);
    return 0;
  }
  if (words[0] == "restore" && words.size() == 2) {
    auto document = service.Find(caller, words[1]);
    if (!document.ok()) return ReportError(document.status(), context.json);
    auto restored = service.RestoreFromTrash(caller, document->id);
    if (!restored.ok()) return ReportError(restored.status(), context.json);
    if (!context.json) std::cout << "restored " << document->path() << '\n';
    return 0;
  }
  if (words[0] == "purge" && words.size() <= 2) {
    store::Result<int64_t> purged = int64_t{1};
    if (words.size() == 2) {
      auto document = service.Find(caller, words[1]);
      if (!document.ok()) return ReportError(document.status(), context.json);
      store::Status one = service.Purge(caller, document->id);
      if (!one.ok()) purged = one;
    } else {
      purged = service.EmptyTrash(caller);
    }
    if (!purged.ok()) return ReportError(purged.status(), context.json);
    auto collected = (*store)->CollectGarbage();
    if (!collected.ok()) return ReportError(collected.status(), context.json);
    if (context.json) {
      Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
      result->set("purged", *purged);
      result->set("bytes_freed", collected->bytes_freed);
      PrintJson(result);
    } else {
      std::cout << "purged " << *purged << " document(s); freed "
                << HumanBytes(collected->bytes_freed) << '\n';
    }
    return 0;
  }
  return UsageError("usage: trash list | trash restore DOC | trash purge [DOC]", context.json);
}

int Tag(Context& context, const Arguments& arguments) {
  const auto& words = arguments.positionals();
  if (words.size() != 3 || (words[1] != "add" && words[1] != "rm")) {
    return UsageError("usage: tag DOC add|rm TAG", context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  documents::Caller caller = Administrator(context);
  auto document = service.Find(caller, words[0]);
  if (!document.ok()) return ReportError(document.status(), context.json);
  store::Status changed = words[1] == "add" ? service.AddTag(caller, document->id, words[2])
                                            : service.RemoveTag(caller, document->id, words[2]);
  if (!changed.ok()) return ReportError(changed, context.json);
  return 0;
}

int Tags(Context& context, const Arguments&) {
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  auto tags = service.Tags(Administrator(context));
  if (!tags.ok()) return ReportError(tags.status(), context.json);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& [name, count] : *tags) {
    if (context.json) {
      Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
      item->set("tag", name);
      item->set("documents", count);
      list->add(item);
    } else {
      std::cout << name << '\t' << count << '\n';
    }
  }
  if (context.json) PrintJson(list);
  return 0;
}

int Meta(Context& context, const Arguments& arguments) {
  const auto& words = arguments.positionals();
  bool set = words.size() == 4 && words[1] == "set";
  bool get = (words.size() == 2 || words.size() == 3) && words[1] == "get";
  bool remove = words.size() == 3 && words[1] == "rm";
  if (!set && !get && !remove) {
    return UsageError("usage: meta DOC set KEY VALUE | meta DOC get [KEY] | meta DOC rm KEY",
                      context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService service(**store);
  documents::Caller caller = Administrator(context);
  auto document = service.Find(caller, words[0]);
  if (!document.ok()) return ReportError(document.status(), context.json);
  if (set) {
    store::Status status = service.SetMetadata(caller, document->id, words[2], words[3]);
    return status.ok() ? 0 : ReportError(status, context.json);
  }
  if (remove) {
    store::Status status = service.RemoveMetadata(caller, document->id, words[2]);
    return status.ok() ? 0 : ReportError(status, context.json);
  }
  auto details = service.Document(caller, document->id);
  if (!details.ok()) return ReportError(details.status(), context.json);
  const std::map<std::string, std::string>* metadata = &details->metadata;
  if (words.size() == 3) {
    auto it = metadata->find(words[2]);
    if (it == metadata->end()) {
      return ReportError(
          store::Status::NotFound(document->path() + " has no metadata '" + words[2] + "'"),
          context.json);
    }
    if (context.json) {
      PrintJson(Poco::Dynamic::Var(it->second));
    } else {
      std::cout << it->second << '\n';
    }
    return 0;
  }
  if (context.json) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    for (const auto& [key, value] : *metadata) object->set(key, value);
    PrintJson(object);
  } else {
    for (const auto& [key, value] : *metadata) std::cout << key << '\t' << value << '\n';
  }
  return 0;
}

// audit prune: deletes the entries older than synaps.audit.retention_days.
int AuditPrune(Context& context, const Arguments& arguments) {
  if (arguments.positionals().size() != 1 || arguments.Value("limit") ||
      arguments.Value("before") || !arguments.Values("service").empty()) {
    return UsageError("usage: audit prune", context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  accounts::AccountService accounts(**store);
  auto deleted = accounts.PruneAudit(AccountAdministrator(context), context.audit_retention_days);
  if (!deleted.ok()) return ReportError(deleted.status(), context.json);
  if (context.json) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("deleted", *deleted);
    object->set("retention_days", context.audit_retention_days);
    PrintJson(object);
  } else if (context.audit_retention_days == 0) {
    std::cout << "the audit log is kept forever (synaps.audit.retention_days = 0)\n";
  } else {
    std::cout << "deleted " << *deleted << " audit entries older than "
              << context.audit_retention_days << " days\n";
  }
  return 0;
}

int AuditLog(Context& context, const Arguments& arguments) {
  if (!arguments.positionals().empty() && arguments.positionals()[0] == "prune") {
    return AuditPrune(context, arguments);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  accounts::AuditRequest request;
  if (!arguments.positionals().empty()) {
    auto document = ResolveDocument(**store, arguments.positionals()[0]);
    if (!document.ok()) return ReportError(document.status(), context.json);
    request.document_id = document->id;
  }
  auto limit = store::ParseDocumentId(arguments.Value("limit").value_or("50"));
  if (!limit || *limit > 10000) {
    return UsageError("--limit takes a number from 1 to 10000", context.json);
  }
  request.limit = static_cast<int>(*limit);
  if (auto before = arguments.Value("before")) {
    request.before_id = store::ParseDocumentId(*before);
    if (!request.before_id) return UsageError("--before takes an entry id", context.json);
  }
  request.services = arguments.Values("service");
  accounts::AccountService accounts(**store);
  auto entries = accounts.ListAudit(AccountAdministrator(context), request);
  if (!entries.ok()) return ReportError(entries.status(), context.json);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& entry : *entries) {
    if (context.json) {
      list->add(json::AuditEntryJson(entry));
    } else {
      std::cout << entry.id << '\t' << DisplayTime(entry.at) << '\t' << entry.actor << '\t'
                << entry.action << '\t' << entry.detail << '\n';
    }
  }
  if (context.json) PrintJson(list);
  return 0;
}

}  // namespace

std::vector<Command> OrganizeCommands() {
  return {
      {"trash",
       "trash list | trash restore DOC | trash purge [DOC]",
       "list, restore or permanently remove trashed documents",
       {},
       Trash},
      {"tag", "tag DOC add|rm TAG", "add or remove a tag", {}, Tag},
      {"tags", "tags", "list tags with their number of documents", {}, Tags},
      {"meta",
       "meta DOC set KEY VALUE | meta DOC get [KEY] | meta DOC rm KEY",
       "set, read or remove free metadata",
       {},
       Meta},
      {"audit",
       "audit [DOC] [--service CODE]... [--limit N] [--before ID] | audit prune",
       "show the audit log, newest first (ID: the first column; --before pages on), or delete "
       "the entries older than synaps.audit.retention_days",
       {{"limit", true}, {"service", true}, {"before", true}},
       AuditLog},
  };
}

}  // namespace synaps::cli
