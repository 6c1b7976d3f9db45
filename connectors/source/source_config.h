// SourceConfig: one configured source, as read from its sources.d/NAME.properties file (see
// connectors/README.md for the file format and where the files live). Plain values; reading,
// writing and validating the files is in sources_config.h.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace synaps::connectors {

// What a run does with a document whose entry disappeared from the source.
enum class DeletionPolicy {
  kTrash,  // the document goes to the trash (restorable); it comes back if the entry does
  kKeep,   // the document stays as it is; the engine forgets the entry
};

struct SourceConfig {
  std::string name;      // [A-Za-z0-9_.-]+, the file's name without .properties
  std::string type;      // "share", "smb", "maildir", "mbox", "pst", "imap"
  std::string location;  // a path, or a URL (smb://server/share/path, imaps://host/)
  std::string service_code;
  std::vector<std::string> folder;   // destination folder under the service's root
  std::vector<std::string> tags;     // added to every document of the source
  std::vector<std::string> include;  // glob patterns on the entry's relative path; empty: all
  std::vector<std::string> exclude;  // glob patterns; win over include
  DeletionPolicy on_delete = DeletionPolicy::kTrash;
  std::string user;  // for sources that log in (smb, imap); may be empty (Kerberos)
  // A file holding the password alone (trailing newline ignored), readable by the service only.
  // The password is read by the source when it connects, never kept in SourceConfig, never
  // printed or logged.
  std::filesystem::path password_file;
  // Type-specific keys, with their type's prefix ("imap.folders", "imap.after", "smb.workgroup").
  std::map<std::string, std::string> options;
};

}  // namespace synaps::connectors
