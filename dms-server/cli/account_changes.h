// CLI: changing accounts and services after their creation. Each function runs one
// subcommand of `synaps user` or `synaps service` through the account service, as the CLI's
// administrator, and returns the exit code.
#pragma once

#include "dms-server/cli/command.h"

namespace synaps::cli {

// user set LOGIN [--name NAME] [--admin | --no-admin]
int UserSet(Context& context, const Arguments& arguments, accounts::AccountService& accounts);
// user role LOGIN --service CODE --role reader|editor|manager|none
int UserRole(Context& context, const Arguments& arguments, accounts::AccountService& accounts);
// user passwd LOGIN --password-stdin
int UserPasswd(Context& context, const Arguments& arguments, accounts::AccountService& accounts);
// user disable LOGIN | user enable LOGIN
int UserEnable(Context& context, const Arguments& arguments, accounts::AccountService& accounts,
               bool enable);
// service rename CODE --name NAME
int ServiceRename(Context& context, const Arguments& arguments, accounts::AccountService& accounts);
// service members CODE
int ServiceMembers(Context& context, const Arguments& arguments,
                   accounts::AccountService& accounts);

// One line of standard input, without its line ending: how passwords reach the CLI (never on
// the command line, where `ps` would show them).
std::string ReadPasswordLine();

}  // namespace synaps::cli
