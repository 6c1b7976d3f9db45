// CLI: share, shares, unshare, token.
#include <Poco/JSON/Array.h>

#include <iostream>

#include "dms-server/cli/command.h"
#include "dms-server/cli/output.h"

namespace synaps::cli {

namespace {

std::string ShareLine(const store::Share& share) {
  return std::to_string(share.id) + "\t" +
         (share.service_code.empty() ? "everyone" : share.service_code) + "\t" +
         store::ShareModeName(share.mode) + "\t" + share.created_by + "\t" +
         DisplayTime(share.created_at);
}

// A share target: a folder path ("/CAB/crise/" or an existing folder) or a document.
struct Target {
  std::optional<int64_t> document_id, folder_id;
  std::string label;
};

store::Result<Target> ResolveTarget(documents::DocumentService& service,
                                    const documents::Caller& caller, const std::string& ref) {
  if (!ref.empty() && ref.front() == '/') {
    auto folder = service.FindFolder(caller, ref);
    if (folder.ok()) return Target{std::nullopt, folder->id, folder->path + "/"};
    if (ref.back() == '/') return folder.status();
  }
  SYNAPS_ASSIGN_OR_RETURN(store::Document document, service.Find(caller, ref));
  return Target{document.id, std::nullopt, document.path()};
}

int Share(Context& context, const Arguments& arguments) {
  auto with = arguments.Value("with");
  bool everyone = arguments.Has("everyone");
  if (arguments.positionals().size() != 1 || with.has_value() == everyone) {
    return UsageError("usage: share DOC|FOLDER (--with SERVICE | --everyone) [--write]",
                      context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService documents(**store);
  documents::Caller caller = Administrator(context);
  auto target = ResolveTarget(documents, caller, arguments.positionals()[0]);
  if (!target.ok()) return ReportError(target.status(), context.json);
  auto mode = arguments.Has("write") ? store::ShareMode::kWrite : store::ShareMode::kRead;
  std::string service = with.value_or("");
  auto share = target->folder_id
                   ? documents.ShareFolder(caller, *target->folder_id, service, mode)
                   : documents.ShareDocument(caller, *target->document_id, service, mode);
  if (!share.ok()) return ReportError(share.status(), context.json);
  if (context.json) {
    PrintJson(json::ShareJson(*share));
  } else {
    std::cout << "shared " << target->label << " with "
              << (service.empty() ? "the whole administration" : service) << " ("
              << store::ShareModeName(mode) << "), share " << share->id << '\n';
  }
  return 0;
}

// What was shared with `login` ("shared with me"), as permissions.h decides it.
int IncomingShares(Context& context, const std::string& login) {
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  auto user = (*store)->FindUser(login);
  if (!user.ok()) return ReportError(user.status(), context.json);
  documents::DocumentService documents(**store);
  auto incoming = documents.SharedWith(documents::Caller::Account(*user));
  if (!incoming.ok()) return ReportError(incoming.status(), context.json);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& entry : *incoming) {
    if (context.json) {
      list->add(json::IncomingShareJson(entry));
      continue;
    }
    const store::Share& share = entry.share;
    std::cout << share.id << '\t' << entry.path << (share.folder_id ? "/" : "") << '\t'
              << store::ShareAccessName(share.mode) << '\t'
              << (share.service_code.empty() ? "everyone" : share.service_code) << '\t'
              << share.created_by << '\t' << DisplayTime(share.created_at) << '\n';
  }
  if (context.json) PrintJson(list);
  return 0;
}

int Shares(Context& context, const Arguments& arguments) {
  auto login = arguments.Value("user");
  if (arguments.Has("incoming") && login && arguments.positionals().empty()) {
    return IncomingShares(context, *login);
  }
  if (arguments.positionals().size() != 1 || arguments.Has("incoming") || login) {
    return UsageError("usage: shares DOC|FOLDER | shares --incoming --user LOGIN", context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService documents(**store);
  documents::Caller caller = Administrator(context);
  auto target = ResolveTarget(documents, caller, arguments.positionals()[0]);
  if (!target.ok()) return ReportError(target.status(), context.json);
  // For a document, what applies (its own and inherited); for a folder, what is set on it.
  auto shares = target->document_id ? documents.DocumentShares(caller, *target->document_id)
                                    : documents.FolderShares(caller, *target->folder_id);
  if (!shares.ok()) return ReportError(shares.status(), context.json);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& share : *shares) {
    if (context.json) {
      list->add(json::ShareJson(share));
    } else {
      std::cout << ShareLine(share) << (share.folder_id && target->document_id ? "\t(folder)" : "")
                << '\n';
    }
  }
  if (context.json) PrintJson(list);
  return 0;
}

int Unshare(Context& context, const Arguments& arguments) {
  auto id = arguments.positionals().size() == 1 ? store::ParseDocumentId(arguments.positionals()[0])
                                                : std::nullopt;
  if (!id) return UsageError("usage: unshare SHARE_ID", context.json);
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  documents::DocumentService documents(**store);
  store::Status removed = documents.RemoveShare(Administrator(context), *id);
  return removed.ok() ? 0 : ReportError(removed, context.json);
}

int Token(Context& context, const Arguments& arguments) {
  const auto& words = arguments.positionals();
  auto name = arguments.Value("name");
  bool create = words.size() == 2 && words[0] == "create" && name;
  bool list = words.size() == 2 && words[0] == "list";
  bool revoke = words.size() == 2 && words[0] == "revoke" && name;
  if (!create && !list && !revoke) {
    return UsageError("usage: token create|revoke LOGIN --name NAME | token list LOGIN",
                      context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  accounts::AccountService accounts(**store);
  if (create) {
    auto token = accounts.CreateTokenFor(AccountAdministrator(context), words[1], *name);
    if (!token.ok()) return ReportError(token.status(), context.json);
    if (context.json) {
      Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
      object->set("token", *token);
      PrintJson(object);
    } else {
      std::cout << *token << "\n(shown once: keep it somewhere safe)\n";
    }
    return 0;
  }
  if (revoke) {
    store::Status revoked = accounts.RevokeTokenOf(AccountAdministrator(context), words[1], *name);
    return revoked.ok() ? 0 : ReportError(revoked, context.json);
  }
  auto tokens = accounts.ListTokensOf(AccountAdministrator(context), words[1]);
  if (!tokens.ok()) return ReportError(tokens.status(), context.json);
  Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
  for (const auto& token : *tokens) {
    if (context.json) {
      array->add(json::ApiTokenJson(token));
    } else {
      std::cout << token.name << '\t' << DisplayTime(token.created_at) << '\n';
    }
  }
  if (context.json) PrintJson(array);
  return 0;
}

}  // namespace

std::vector<Command> SharingCommands() {
  return {
      {"share",
       "share DOC|FOLDER (--with SERVICE | --everyone) [--write]",
       "share a document, or everything under a folder, with another service or everyone",
       {{"with", true}, {"everyone", false}, {"write", false}},
       Share},
      {"shares",
       "shares DOC|FOLDER | shares --incoming --user LOGIN",
       "list the shares of a document (with inherited ones) or folder, or what other services "
       "shared with a user's services or everyone",
       {{"incoming", false}, {"user", true}},
       Shares},
      {"unshare", "unshare SHARE_ID", "remove a share", {}, Unshare},
      {"token",
       "token create|revoke LOGIN --name NAME | token list LOGIN",
       "personal API tokens for scripts (shown once at creation)",
       {{"name", true}},
       Token},
  };
}

}  // namespace synaps::cli
