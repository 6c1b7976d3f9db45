// Arguments: the words of one CLI command, split into positionals and declared options.
//
// Options are declared by the command ("--service" takes a value, "--admin" does not, "--tag"
// may repeat). Anything else that starts with '-' is an error, so a typo never silently becomes
// a file name. "--" ends the options.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace synaps::cli {

struct OptionSpec {
  std::string name;  // without dashes: "service", or "o" for -o
  bool takes_value = false;
};

class Arguments {
 public:
  // Parses `words`; on a bad option sets error() and leaves the rest empty.
  Arguments(const std::vector<std::string>& words, const std::vector<OptionSpec>& specs);

  const std::string& error() const { return error_; }
  const std::vector<std::string>& positionals() const { return positionals_; }
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The last value given for an option, if any.
  std::optional<std::string> Value(const std::string& name) const;
  // All values given for a repeatable option, in order.
  std::vector<std::string> Values(const std::string& name) const;

 private:
  std::vector<std::string> positionals_;
  std::map<std::string, std::vector<std::string>> values_;
  std::string error_;
};

}  // namespace synaps::cli
