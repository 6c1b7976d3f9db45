// CLI: changing accounts and services after their creation. Each function runs one
// subcommand of `synaps user` or `synaps service` on an open store and returns the exit code.
#pragma once

#include "dms-server/cli/command.h"

namespace synaps::cli {

// user set LOGIN [--name NAME] [--admin | --no-admin]
int UserSet(Context& context, const Arguments& arguments, store::Store& store);
// user role LOGIN --service CODE --role reader|editor|manager|none
int UserRole(Context& context, const Arguments& arguments, store::Store& store);
// user passwd LOGIN --password-stdin
int UserPasswd(Context& context, const Arguments& arguments, store::Store& store);
// user disable LOGIN | user enable LOGIN
int UserEnable(Context& context, const Arguments& arguments, store::Store& store, bool enable);
// service rename CODE --name NAME
int ServiceRename(Context& context, const Arguments& arguments, store::Store& store);
// service members CODE
int ServiceMembers(Context& context, const Arguments& arguments, store::Store& store);

// One line of standard input, without its line ending: how passwords reach the CLI (never on
// the command line, where `ps` would show them).
std::string ReadPasswordLine();

}  // namespace synaps::cli
