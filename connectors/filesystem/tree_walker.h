// TreeWalker: lists the regular files under a local path (a directory on disk or a mounted
// share), depth first, in name order, so that an import is reproducible.
//
// Symbolic links are never followed (a link could leave the share or loop), and a folder that is
// one of its own ancestors (a bind mount looping back) is not entered again. Links, loops,
// sockets, devices, unreadable folders, entries that vanish while the walk goes on and names the
// store cannot hold (invalid UTF-8, control characters...) are reported as skipped entries with a
// reason, and the walk goes on. Costs one directory read per folder and one fstatat() per entry,
// as `find` does.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace synaps::connectors {

struct WalkedFile {
  std::filesystem::path source;               // where to read it
  std::vector<std::string> relative_folders;  // folders between the walk's root and the file
  std::string name;                           // the file's name
  int64_t size = 0;                           // as seen while walking
  int64_t mtime_ns = 0;                       // last modification, Unix nanoseconds
};

struct SkippedEntry {
  std::filesystem::path source;
  std::string reason;
  // Set for a folder whose content could not be listed (permission denied, I/O error): its
  // path relative to the root, '/'-separated, with a trailing '/' ("" for the root itself).
  // Whatever was found below it before is not known to be gone.
  std::optional<std::string> unlisted_folder;
};

// Walks `root`. A root that is itself a regular file yields that one file with no folders.
// Calls `on_file` for each regular file and `on_skipped` for everything left out.
void WalkTree(const std::filesystem::path& root, const std::function<void(WalkedFile)>& on_file,
              const std::function<void(SkippedEntry)>& on_skipped);

}  // namespace synaps::connectors
