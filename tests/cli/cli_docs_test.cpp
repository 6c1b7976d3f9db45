// `synaps help` and docs/CLI.md stay honest: they list the same commands with the same options,
// and every command form either documents is run, filled in, against a small data directory and
// accepted (no usage error, no unknown option).
//
// A form is read the way its reader would: "[...]" is optional, "(a | b)" a choice, "add|rm" a
// choice of words, "..." a repetition (run once), CAPITALS a value (kValues). Each form is run
// as many times as its widest choice has branches, the n-th run taking the n-th branch of each
// choice (and the optional parts first given, then left out), so that every option and word is
// run at least once without running every combination.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/cli/cli_fixture.h"
#include "tests/support/files.h"

namespace synaps::testing {
namespace {

using Words = std::vector<std::string>;

// Splits `text` at " | " outside brackets and parentheses.
std::vector<std::string> SplitChoices(const std::string& text) {
  std::vector<std::string> choices;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '[' || text[i] == '(') ++depth;
    if (text[i] == ']' || text[i] == ')') --depth;
    if (depth == 0 && text.compare(i, 3, " | ") == 0) {
      choices.push_back(text.substr(start, i - start));
      start = i + 3;
      i += 2;
    }
  }
  choices.push_back(text.substr(start));
  return choices;
}

// The runs of one form or part of one: each is a list of words, still with their CAPITALS.
std::vector<Words> Expand(const std::string& form);

// The runs of a sequence of parts: as many as its widest part has, the n-th taking the n-th run
// of each part (modulo its count).
std::vector<Words> ExpandSequence(const std::string& sequence) {
  std::vector<std::vector<Words>> parts;
  for (size_t i = 0; i < sequence.size();) {
    if (sequence[i] == ' ') {
      ++i;
      continue;
    }
    size_t end = i;
    if (sequence[i] == '[' || sequence[i] == '(') {
      int depth = 0;
      for (; end < sequence.size(); ++end) {
        if (sequence[end] == '[' || sequence[end] == '(') ++depth;
        if (sequence[end] == ']' || sequence[end] == ')') --depth;
        if (depth == 0) break;
      }
      REQUIRE(end < sequence.size());
      std::vector<Words> runs = Expand(sequence.substr(i + 1, end - i - 1));
      if (sequence[i] == '[') runs.push_back({});
      parts.push_back(runs);
      i = end + 1;
      if (sequence.compare(i, 3, "...") == 0) i += 3;
      continue;
    }
    end = sequence.find(' ', i);
    if (end == std::string::npos) end = sequence.size();
    std::string word = sequence.substr(i, end - i);
    if (word.size() > 3 && word.compare(word.size() - 3, 3, "...") == 0)
      word.resize(word.size() - 3);
    std::vector<Words> runs;
    std::istringstream choices(word);
    for (std::string choice; std::getline(choices, choice, '|');) runs.push_back({choice});
    parts.push_back(runs);
    i = end;
  }
  size_t count = 1;
  for (const auto& part : parts) count = std::max(count, part.size());
  std::vector<Words> runs(count);
  for (size_t n = 0; n < count; ++n) {
    for (const auto& part : parts) {
      const Words& taken = part[n % part.size()];
      runs[n].insert(runs[n].end(), taken.begin(), taken.end());
    }
  }
  return runs;
}

std::vector<Words> Expand(const std::string& form) {
  std::vector<Words> runs;
  for (const std::string& choice : SplitChoices(form)) {
    for (Words& run : ExpandSequence(choice)) runs.push_back(std::move(run));
  }
  return runs;
}

// The options a form names ("--service", "-o").
std::set<std::string> Options(const std::string& form) {
  static const std::regex option(R"((?:^|[\s\[(|])(--?[a-z][a-z-]*))");
  std::set<std::string> found;
  for (std::sregex_iterator it(form.begin(), form.end(), option), end; it != end; ++it) {
    found.insert((*it)[1]);
  }
  return found;
}

// The command forms of `synaps help`: its usage lines, split at their top-level choices.
std::vector<std::string> HelpForms(const std::string& help) {
  std::vector<std::string> forms;
  std::istringstream lines(help.substr(help.find("commands:\n")));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  ", 0) != 0 || line.rfind("   ", 0) == 0) continue;  // summaries: 6 spaces
    for (const std::string& form : SplitChoices(line.substr(2))) forms.push_back(form);
  }
  return forms;
}

// The command forms of docs/CLI.md: the code spans of the first column of its table.
std::vector<std::string> DocumentedForms(const std::string& markdown) {
  std::vector<std::string> forms;
  std::istringstream lines(markdown);
  static const std::regex code("`([^`]+)`");
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `", 0) != 0) continue;
    // The first cell ends at the first '|' not escaped as "\|".
    size_t end = 1;
    while ((end = line.find('|', end)) != std::string::npos && line[end - 1] == '\\') ++end;
    REQUIRE(end != std::string::npos);
    std::string cell = line.substr(1, end - 1);
    for (std::sregex_iterator it(cell.begin(), cell.end(), code), stop; it != stop; ++it) {
      forms.push_back(std::regex_replace((*it)[1].str(), std::regex(R"(\\\|)"), "|"));
    }
  }
  return forms;
}

std::string CommandName(const std::string& form) {
  return form.substr(0, form.find(' '));
}

bool IsValue(const std::string& word) {
  return !word.empty() && std::all_of(word.begin(), word.end(),
                                      [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
}

// A small data directory, made once, copied for each run so that runs do not disturb each
// other: services CAB and DDT, an administrator, the CAB editor "alice" (with an API token
// "script"), one indexed
// document /CAB/notes/rapport.txt (tagged, with a metadata key), and a share of /CAB/notes/
// with DDT (share 1).
class Playground {
 public:
  Playground() {
    WriteFile(dir_ / "src" / "rapport.txt", "Rapport annuel du service.");
    WriteFile(dir_ / "settings.properties", "synaps.extract.wall_seconds = 60\n");
    // The sources folder of the runs (`source add`), instead of the checkout's config/sources.d.
    WriteFile(dir_ / "system.properties",
              "synaps.sources_dir = " + (dir_ / "sources.d").string() + "\n");
    ::setenv("SYNAPS_SYSTEM_CONFIG", (dir_ / "system.properties").c_str(), 1);
    Must({"init"});
    Must({"service", "add", "CAB", "--name", "Cabinet"});
    Must({"service", "add", "DDT", "--name", "Territoires"});
    Must({"user", "add", "root", "--admin", "--password-stdin"});
    Must({"user", "add", "alice", "--service", "CAB", "--role", "editor", "--password-stdin"});
    Must({"token", "create", "alice", "--name", "script"});
    Must({"import", (dir_ / "src").string(), "--service", "CAB", "--folder", "notes"});
    auto info = Must({"--json", "info", "/CAB/notes/rapport.txt"});
    doc_ = std::to_string(
        Poco::JSON::Parser().parse(info.out).extract<Poco::JSON::Object::Ptr>()->getValue<int64_t>(
            "id"));
    Must({"tag", doc_, "add", "urgent"});
    Must({"meta", doc_, "set", "origine", "scan"});
    Must({"share", "/CAB/notes/", "--with", "DDT"});
    Must({"index"});
  }

  // Runs `synaps --data COPY WORDS...` (CAPITALS filled in) on a fresh copy of the directory.
  ProcessResult RunOnCopy(const Words& form_words) {
    const auto copy = dir_ / "copy";
    std::filesystem::remove_all(copy);
    std::filesystem::copy(dir_ / "data", copy, std::filesystem::copy_options::recursive);
    Words words = {BinPath("synaps"), "--data", copy.string()};
    std::string previous;
    for (const std::string& word : form_words) {
      if (IsValue(word)) {
        std::string value = ValueOf(form_words[0], previous, word, copy.string());
        if (!value.empty()) words.push_back(value);
      } else {
        words.push_back(word);
      }
      previous = word;
    }
    return Run(words, kPassword);
  }

 private:
  static constexpr const char* kPassword = "un mot de passe solide\n";

  ProcessResult Must(Words words) {
    words.insert(words.begin(), {BinPath("synaps"), "--data", (dir_ / "data").string()});
    ProcessResult result = Run(words, kPassword);
    INFO(words[3] << ": " << result.err);
    REQUIRE(result.exit_code == 0);
    return result;
  }

  // The value of `name` in a run of `command`, after the word `previous`: the most precise of
  // "command NAME", "previous NAME" and "NAME" in the table. Empty: leave it out.
  std::string ValueOf(const std::string& command, const std::string& previous,
                      const std::string& name, const std::string& data) {
    const std::map<std::string, std::string> values = {
        {"DIR", data},
        {"--config FILE", (dir_ / "settings.properties").string()},
        {"-o FILE", (dir_ / "out.bin").string()},
        {"FILE", (dir_ / "src" / "rapport.txt").string()},
        {"COMMAND", "stats"},
        {"ARGS", ""},
        {"DOC", doc_},
        {"FOLDER", "/CAB/notes"},
        {"import PATH", (dir_ / "src").string()},
        {"PATH", "/CAB/notes"},
        {"CODE", "CAB"},
        {"SERVICE", "DDT"},
        {"S", "CAB"},
        {"NAME", "script"},
        {"LOGIN", "alice"},
        {"R", "editor"},
        {"N", "1"},
        {"ID", "1"},
        {"SHARE_ID", "1"},
        {"F", "import"},
        {"T", "urgent"},
        {"C", "un commentaire"},
        {"DEST", "/CAB/archives/"},
        {"backup DEST", (dir_ / "sauvegarde").string()},
        {"BACKUP", (dir_ / "sauvegarde").string()},
        {"restore DIR", (dir_ / "restauration").string()},
        {"KEY", "origine"},
        {"VALUE", "papier"},
        {"TAG", "urgent"},
        {"QUERY", "rapport"},
        {"PATH_OR_URL", (dir_ / "src").string()},
        {"P", "*.txt"},
        {"U", "svc-synaps"},
    };
    for (const std::string& key : {command + " " + name, previous + " " + name, name}) {
      if (auto found = values.find(key); found != values.end()) return found->second;
    }
    FAIL("no value for " << name << " (in a form of " << command << "): add one to the table");
    return "";
  }

  TempDir dir_;
  std::string doc_;
};

TEST_CASE("synaps help and docs/CLI.md list the same commands and options, and each form runs",
          "[cli][docs]") {
  TempDir empty;
  ProcessResult help = Run({BinPath("synaps"), "--data", (empty / "data").string(), "help"});
  REQUIRE(help.exit_code == 0);
  const std::string markdown = ReadFile(std::string(SYNAPS_SOURCE_DIR) + "/docs/CLI.md");

  // The usage line is the one the page opens with.
  const std::string usage = help.out.substr(0, help.out.find('\n'));
  REQUIRE(usage.rfind("usage: ", 0) == 0);
  CHECK(markdown.find("```\n" + usage.substr(7) + "\n```") != std::string::npos);

  const std::vector<std::string> help_forms = HelpForms(help.out);
  const std::vector<std::string> documented_forms = DocumentedForms(markdown);
  REQUIRE(help_forms.size() > 30);
  REQUIRE(documented_forms.size() > 30);
  std::map<std::string, std::set<std::string>> help_options, documented_options;
  for (const auto& form : help_forms) {
    auto options = Options(form);
    help_options[CommandName(form)].insert(options.begin(), options.end());
  }
  for (const auto& form : documented_forms) {
    auto options = Options(form);
    documented_options[CommandName(form)].insert(options.begin(), options.end());
  }
  for (const auto& [command, options] : help_options) {
    INFO("command " << command << " of synaps help");
    REQUIRE(documented_options.count(command) == 1);  // documented in docs/CLI.md
    CHECK(documented_options.at(command) == options);
  }
  for (const auto& [command, options] : documented_options) {
    INFO("command " << command << " of docs/CLI.md");
    CHECK(help_options.count(command) == 1);  // listed by synaps help
  }

  Playground playground;
  std::vector<std::string> forms = documented_forms;
  forms.insert(forms.end(), help_forms.begin(), help_forms.end());
  forms.push_back(usage.substr(7 + std::string("synaps ").size()));  // the global options
  for (const std::string& form : forms) {
    for (const Words& run : Expand(form)) {
      ProcessResult result = playground.RunOnCopy(run);
      std::string shown;
      for (const auto& word : run) shown += " " + word;
      INFO("form: " << form << "\nrun:" << shown << "\nexit " << result.exit_code << ": "
                    << result.err);
      // With --json, errors come on standard output.
      CHECK((result.out + result.err).find("unknown option") == std::string::npos);
      CHECK((result.out + result.err).find("usage") == std::string::npos);
      CHECK((result.exit_code == 0 || result.exit_code == 1));  // 2: a usage error
    }
  }
}

}  // namespace
}  // namespace synaps::testing
