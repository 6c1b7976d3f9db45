// PstReader: one Outlook archive (.pst), read by a synaps-pst-reader process of its own
// (connectors/pst-reader/), so that an archive that crashes libpst ends that process only.
// What the process answers is checked like any outside input (pst_answers.h).
//
// A reader starts its process when first asked and keeps it for the next requests; Stop()
// ends it (the next request starts another one). When the process dies or stops answering
// (kAnswerTimeout) during a request, that request fails with the reason ("the archive reader
// crashed (SIGSEGV) on this message: ...") and the next one starts a new process.
//
// Thread safety: the methods may be called from several threads; requests are served one at
// a time.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "connectors/mail/pst_answers.h"
#include "dms-server/store/status.h"

namespace synaps::connectors::mail {

class PstReader {
 public:
  // How long one answer may take (a message with large attachments from a slow drive).
  static constexpr std::chrono::seconds kAnswerTimeout{120};

  explicit PstReader(std::filesystem::path archive);
  ~PstReader();
  PstReader(const PstReader&) = delete;
  PstReader& operator=(const PstReader&) = delete;

  // Every message of the archive, and the reasons of what it left out (folders of contacts,
  // calendars...). InvalidArgument when the file is not an archive it can read or its process
  // died listing it; Io when the process cannot be started.
  store::Status List(std::vector<PstListedMessage>* messages, std::vector<std::string>* skipped);

  // One listed message as Internet mail. NotFound when the archive no longer holds it;
  // InvalidArgument when it cannot be read (damaged there, or the process died on it).
  store::Result<std::string> Message(uint64_t node);

  // Ends the process, if one runs.
  void Stop();

 private:
  struct Answer {
    char kind = 0;
    std::string payload;
  };
  store::Status StartLocked();
  void StopLocked();
  store::Status SendLocked(const std::string& request);
  // The next answer; on failure, the process is stopped and the status says why.
  store::Result<Answer> ReadAnswerLocked(const std::string& doing);
  store::Status ReadSomeLocked(std::chrono::steady_clock::time_point deadline);
  // Why the process is gone (reaped, or killed when it `timed_out`); forgets it.
  std::string DescribeEndLocked(const std::string& doing, bool timed_out);

  const std::filesystem::path archive_;
  std::mutex mutex_;
  pid_t pid_ = -1;
  int fd_ = -1;         // our end of the socket pair: requests out, answers in
  std::string buffer_;  // bytes read and not yet taken
};

}  // namespace synaps::connectors::mail
