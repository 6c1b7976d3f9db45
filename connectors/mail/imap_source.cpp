#include "connectors/mail/imap_source.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <unordered_map>

#include "connectors/mail/imap_answers.h"
#include "connectors/mail/mail_entries.h"
#include "connectors/mail/mailbox_name.h"
#include "connectors/source/sources_config.h"
#include "dms-server/store/names.h"

namespace synaps::connectors {

using mail::ImapAnswers;
using mail::ImapMailbox;
using mail::ParseImapAnswers;
using store::Result;
using store::Status;

namespace {

// UIDs asked for in one UID SEARCH: its answer (at most 11 bytes a UID) fits kBufferSize.
constexpr uint64_t kUidRange = 20000;
constexpr long kBufferSize = 512 * 1024;

// The largest message fetched: past it the message fails (a mail server refuses far less).
constexpr size_t kMaxMessageBytes = size_t{1} << 30;

void InitCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using Curl = std::unique_ptr<CURL, CurlDeleter>;

std::string Trim(std::string text) {
  size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = Trim(text.substr(start, comma - start));
    if (!item.empty()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

// A mailbox name in a URL path (libcurl decodes it and quotes it for the server).
std::string UrlPath(std::string_view name) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : name) {
    bool plain = std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

size_t Append(char* data, size_t size, size_t count, void* out) {
  auto* text = static_cast<std::string*>(out);
  size_t n = size * count;
  if (text->size() + n > kMaxMessageBytes) return 0;  // fails the transfer
  text->append(data, n);
  return n;
}

struct Settings {
  std::string base_url;  // "imap://host:port/", no credentials
  bool tls_required = false;
  // PEM certificates of the authorities to trust instead of the system's (a service's own PKI);
  // empty: the system's. The server's certificate and name are always verified.
  std::filesystem::path ca_file;
  std::string user;
  std::filesystem::path password_file;
  std::vector<std::string> folders;  // UTF-8 names, or {"*"}
  enum class After { kNothing, kSeen, kFlag, kMove } after = After::kNothing;
  std::string after_argument;  // the keyword or the mailbox
};

// One listed message: where it is, and whether it was unseen.
struct Located {
  std::string mailbox;  // as the server spells it
  uint32_t uidvalidity = 0;
  uint32_t uid = 0;
  bool unseen = false;
};

class ImapSource : public Source {
 public:
  explicit ImapSource(Settings settings) : settings_(std::move(settings)) { InitCurl(); }

  std::string Describe() const override { return settings_.base_url; }
  bool ListsEverything() const override { return settings_.after != Settings::After::kMove; }

  Status List(ListingSink& sink) override {
    located_.clear();
    if (!settings_.password_file.empty()) {
      SYNAPS_ASSIGN_OR_RETURN(password_, ReadPasswordFile(settings_.password_file));
    }
    Curl curl = NewHandle();
    std::string answer;
    SYNAPS_RETURN_IF_ERROR(
        Command(curl.get(), "", "LIST \"\" \"*\"", answer, "list the mailboxes"));
    ImapAnswers listed = ParseImapAnswers(answer);
    std::vector<ImapMailbox> wanted;
    if (settings_.folders.size() == 1 && settings_.folders[0] == "*") {
      for (const ImapMailbox& mailbox : listed.mailboxes) {
        if (mailbox.selectable) wanted.push_back(mailbox);
      }
    } else {
      for (const std::string& folder : settings_.folders) {
        std::string encoded = mail::EncodeMailboxName(folder);
        const ImapMailbox* found = nullptr;
        for (const ImapMailbox& mailbox : listed.mailboxes) {
          bool inbox = store::SameServiceCode(encoded, "INBOX") &&
                       store::SameServiceCode(mailbox.name, "INBOX");
          if (mailbox.name == encoded || inbox) found = &mailbox;
        }
        if (found == nullptr) {
          sink.Skipped(folder, "no such mailbox on the server", encoded + "/");
          continue;
        }
        wanted.push_back(*found);
      }
    }
    for (const ImapMailbox& mailbox : wanted) ListMailbox(curl.get(), mailbox, sink);
    return Status::Ok();
  }

  Result<std::unique_ptr<EntryReader>> Open(const Entry& entry) override {
    if (!entry.parent_key.empty()) return parts_.Open(entry);
    auto found = located_.find(entry.key);
    if (found == located_.end()) return Status::NotFound("not listed");
    const Located& where = found->second;
    Reader reader = TakeReader();
    OpenReadOnly(reader, where);
    std::string bytes;
    std::string url = MessageUrl(where);
    CURL* curl = reader.curl.get();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &bytes);
    CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK) {
      if (code == CURLE_REMOTE_FILE_NOT_FOUND) {
        return Status::NotFound("gone from the server (or its mailbox's UIDVALIDITY changed)");
      }
      return Failure(code, "fetch the message");
    }
    // A connection libcurl had to open anew for this fetch (the old one had dropped) selected
    // the mailbox read-write again: there the fetch set \Seen.
    long connects = 0;
    if (curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects) != CURLE_OK || connects > 0) {
      reader.read_only.clear();
    }
    if (where.unseen && reader.read_only.empty()) {
      // The fetch marked it \Seen: as it was for its reader, unseen.
      // Best effort: a message stays unread-looking for its reader, or at worst reads as read.
      std::string ignored;
      (void)Command(curl, MailboxPath(where),
                    "UID STORE " + std::to_string(where.uid) + " -FLAGS.SILENT (\\Seen)", ignored,
                    "mark the message unseen again");
    }
    GiveBack(std::move(reader));
    return mail::ReadAsMail(mail::ReadBytes(std::move(bytes)), entry.key);
  }

  bool HasChildren(const Entry& entry) const override {
    (void)entry;
    return true;
  }

  Result<std::vector<Entry>> Children(const Entry& parent,
                                      const std::filesystem::path& content) override {
    return parts_.Children(parent, content);
  }

  Status Stored(const Entry& entry, int64_t) override {
    if (settings_.after == Settings::After::kNothing || !entry.parent_key.empty()) {
      return Status::Ok();
    }
    auto found = located_.find(entry.key);
    if (found == located_.end()) return Status::Ok();
    const Located& where = found->second;
    const std::string uid = std::to_string(where.uid);
    std::string command;
    switch (settings_.after) {
      case Settings::After::kSeen:
        command = "UID STORE " + uid + " +FLAGS.SILENT (\\Seen)";
        break;
      case Settings::After::kFlag:
        command = "UID STORE " + uid + " +FLAGS.SILENT (" + settings_.after_argument + ")";
        break;
      case Settings::After::kMove:
        command = "UID MOVE " + uid + " " +
                  mail::QuoteImapString(mail::EncodeMailboxName(settings_.after_argument));
        break;
      case Settings::After::kNothing:
        break;
    }
    if (!actions_) actions_ = NewHandle();
    std::string ignored;
    return Command(actions_.get(), MailboxPath(where), command, ignored, "act on the message");
  }

 private:
  Curl NewHandle() const {
    Curl curl(curl_easy_init());
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 30L);
    // A server that stops answering fails the transfer instead of hanging the run.
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, 120L);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, Append);
    curl_easy_setopt(curl.get(), CURLOPT_BUFFERSIZE, kBufferSize);
    if (settings_.tls_required) curl_easy_setopt(curl.get(), CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (!settings_.ca_file.empty()) {
      curl_easy_setopt(curl.get(), CURLOPT_CAINFO, settings_.ca_file.c_str());
    }
    if (!settings_.user.empty()) {
      curl_easy_setopt(curl.get(), CURLOPT_USERNAME, settings_.user.c_str());
      curl_easy_setopt(curl.get(), CURLOPT_PASSWORD, password_.c_str());
    }
    return curl;
  }

  // A reader thread's connection (it stays open, its mailbox opened), taken from the pool for
  // one message at a time.
  struct Reader {
    Curl curl;
    std::string read_only;  // the mailbox path opened read-only on it, if any
  };
  Reader TakeReader() {
    std::lock_guard lock(pool_mutex_);
    if (pool_.empty()) return Reader{NewHandle(), {}};
    Reader reader = std::move(pool_.back());
    pool_.pop_back();
    return reader;
  }
  void GiveBack(Reader reader) {
    std::lock_guard lock(pool_mutex_);
    pool_.push_back(std::move(reader));
  }

  // Opens the message's mailbox read-only (EXAMINE) on a reader's connection, once for all its
  // messages: a fetch from a read-only mailbox leaves \Seen as it was (RFC 3501, 6.3.2), where
  // a fetch from a selected one sets it, and clearing it again cost the server a second command
  // and two changes of the message. libcurl selects the mailbox itself before the NOOP and then
  // believes it selected: the EXAMINE after it, and the fetches that follow in that mailbox, go
  // as they are, without a new SELECT. reader.read_only stays empty if the server refused
  // (Open() then clears \Seen after the fetch).
  void OpenReadOnly(Reader& reader, const Located& where) const {
    const std::string path = MailboxPath(where);
    if (reader.read_only == path) return;
    reader.read_only.clear();
    std::string ignored;
    if (Command(reader.curl.get(), path, "NOOP", ignored, "open the mailbox").ok() &&
        Command(reader.curl.get(), path, "EXAMINE " + mail::QuoteImapString(where.mailbox), ignored,
                "open the mailbox read-only")
            .ok()) {
      reader.read_only = path;
    }
  }

  std::string MailboxPath(const Located& where) const {
    return UrlPath(where.mailbox) + ";UIDVALIDITY=" + std::to_string(where.uidvalidity);
  }
  std::string MessageUrl(const Located& where) const {
    return settings_.base_url + MailboxPath(where) + "/;UID=" + std::to_string(where.uid);
  }

  Status Failure(CURLcode code, const std::string& what) const {
    std::string reason = curl_easy_strerror(code);
    if (code == CURLE_LOGIN_DENIED) {
      reason = "permission denied (wrong user or password?)";
    } else if (code == CURLE_PEER_FAILED_VERIFICATION || code == CURLE_SSL_CACERT_BADFILE) {
      reason +=
          " (the server's certificate is not trusted: imap.ca_file names the authority "
          "to trust)";
    } else if (code == CURLE_USE_SSL_FAILED) {
      reason += " (the server does not offer STARTTLS)";
    }
    return Status::Io("cannot " + what + " on " + settings_.base_url + ": " + reason);
  }

  // Sends `command` (its untagged answers into `answer`) in `mailbox_path` (selected by libcurl
  // first), or with no mailbox selected by libcurl when it is empty. A handle that sends
  // commands of its own that change the selected mailbox (EXAMINE) never takes a mailbox path:
  // libcurl would believe its own selection still holds.
  Status Command(CURL* curl, const std::string& mailbox_path, const std::string& command,
                 std::string& answer, const std::string& what) const {
    std::string url = settings_.base_url + mailbox_path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, command.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    CURLcode code = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
    if (code != CURLE_OK) return Failure(code, what);
    return Status::Ok();
  }

  void ListMailbox(CURL* curl, const ImapMailbox& mailbox, ListingSink& sink) {
    const std::string shown = mail::DecodeMailboxName(mailbox.name);
    const std::string protect = mailbox.name + "/";
    std::vector<std::string> folders;
    if (mailbox.delimiter == 0) {
      folders.push_back(shown);
    } else {
      size_t start = 0;
      while (start <= mailbox.name.size()) {
        size_t end = mailbox.name.find(mailbox.delimiter, start);
        if (end == std::string::npos) end = mailbox.name.size();
        folders.push_back(mail::DecodeMailboxName(mailbox.name.substr(start, end - start)));
        start = end + 1;
      }
    }
    for (const std::string& folder : folders) {
      if (!store::ValidateName(folder).ok()) {
        sink.Skipped(shown, "its name cannot be a folder's", protect);
        return;
      }
    }
    std::string quoted = mail::QuoteImapString(mailbox.name);
    std::string answer;
    Status examined = Command(curl, "", "EXAMINE " + quoted, answer, "open the mailbox " + shown);
    ImapAnswers opened = ParseImapAnswers(answer);
    if (!examined.ok() || quoted.empty() || !opened.uidvalidity) {
      sink.Skipped(shown, examined.ok() ? "no UIDVALIDITY" : examined.message(), protect);
      return;
    }
    // libcurl passes on a long answer line cut short: the UIDs are asked for in ranges whose
    // answers fit its buffer, and their number checked against the mailbox's, since a message
    // missing from the listing would be taken for deleted.
    std::vector<uint32_t> uids;
    std::set<uint32_t> unseen;
    const uint32_t exists = opened.exists.value_or(0);
    const uint64_t next = opened.uidnext.value_or(0xffffffffu);
    for (uint64_t low = 1; exists > 0 && low < next; low += kUidRange) {
      const bool last = low + kUidRange >= next;
      const std::string range = std::to_string(low) + ":" +
                                (last ? std::string("*") : std::to_string(low + kUidRange - 1));
      for (const char* which : {"", " UNSEEN"}) {
        answer.clear();
        Status searched = Command(curl, "", "UID SEARCH UID " + range + which, answer,
                                  "list the messages of " + shown);
        if (!searched.ok()) {
          sink.Skipped(shown, searched.message(), protect);
          return;
        }
        std::vector<uint32_t> found = ParseImapAnswers(answer).search;
        if (*which == '\0') {
          uids.insert(uids.end(), found.begin(), found.end());
        } else {
          unseen.insert(found.begin(), found.end());
        }
      }
      if (last) break;
    }
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    if (uids.size() != exists) {
      sink.Skipped(shown,
                   "the server listed " + std::to_string(uids.size()) + " of its " +
                       std::to_string(exists) + " messages; left for the next run",
                   protect);
      return;
    }
    const std::string prefix = mailbox.name + "/" + std::to_string(*opened.uidvalidity) + "/";
    for (uint32_t uid : uids) {
      Entry entry;
      entry.key = prefix + std::to_string(uid);
      entry.change_token = std::to_string(uid);
      entry.folder = folders;
      entry.name = "message.eml";  // named by its header once read
      entry.mime_type = mail::kMessageType;
      Located where{mailbox.name, *opened.uidvalidity, uid, unseen.count(uid) > 0};
      if (!located_.emplace(entry.key, where).second) continue;  // the same UID twice
      sink.Add(std::move(entry));
    }
  }

  Settings settings_;
  std::string password_;
  std::unordered_map<std::string, Located> located_;  // key -> where, as listed
  std::mutex pool_mutex_;
  std::vector<Reader> pool_;
  Curl actions_;  // Stored()'s handle (the engine's thread)
  mail::MailParts parts_;
};

}  // namespace

Result<std::unique_ptr<Source>> MakeImapSource(const SourceConfig& config) {
  Settings settings;
  const std::string& location = config.location;
  bool imaps = location.rfind("imaps://", 0) == 0;
  if (!imaps && location.rfind("imap://", 0) != 0) {
    return Status::Invalid("an IMAP location is imap://host[:port]/ or imaps://host[:port]/, not " +
                           location);
  }
  size_t host = location.find("://") + 3;
  size_t end = location.find('/', host);
  std::string authority = location.substr(host, end == std::string::npos ? end : end - host);
  if (authority.empty() || authority.find('@') != std::string::npos ||
      (end != std::string::npos && end + 1 != location.size())) {
    return Status::Invalid("an IMAP location names a server, without user or path: " +
                           std::string(imaps ? "imaps" : "imap") +
                           "://host[:port]/ (the user "
                           "goes in --user, the mailboxes in imap.folders)");
  }
  settings.base_url = (imaps ? "imaps://" : "imap://") + authority + "/";
  settings.tls_required = imaps;
  settings.user = config.user;
  settings.password_file = config.password_file;
  if (settings.user.empty()) return Status::Invalid("an IMAP source needs a user (--user)");
  auto option = [&](const std::string& key) {
    auto found = config.options.find(key);
    return found == config.options.end() ? std::string() : Trim(found->second);
  };
  for (const auto& [key, value] : config.options) {
    if (key != "imap.folders" && key != "imap.after" && key != "imap.tls" &&
        key != "imap.ca_file") {
      return Status::Invalid("unknown option " + key +
                             " (imap.folders, imap.after, imap.tls, imap.ca_file)");
    }
  }
  // The scheme and imap.tls must agree: a setting that asks for TLS never ends in plain text.
  std::string tls = option("imap.tls");
  if (tls == "starttls") {
    if (imaps) return Status::Invalid("imap.tls=starttls goes with imap://, not imaps://");
    settings.tls_required = true;
  } else if (tls == "implicit") {
    if (!imaps) return Status::Invalid("imap.tls=implicit needs an imaps:// location");
  } else if (tls == "none") {
    if (imaps) return Status::Invalid("imap.tls=none contradicts an imaps:// location");
  } else if (!tls.empty()) {
    return Status::Invalid("imap.tls is starttls, implicit (imaps://) or none, not " + tls);
  }
  if (std::string ca = option("imap.ca_file"); !ca.empty()) {
    if (!settings.tls_required) {
      return Status::Invalid("imap.ca_file is for TLS: use imaps:// or imap.tls=starttls");
    }
    std::error_code error;
    if (!std::filesystem::is_regular_file(ca, error)) {
      return Status::Invalid("imap.ca_file: no such file: " + ca);
    }
    settings.ca_file = ca;
  }
  settings.folders = SplitList(option("imap.folders"));
  if (settings.folders.empty()) settings.folders = {"INBOX"};
  std::string after = option("imap.after");
  if (after.empty() || after == "none") {
    settings.after = Settings::After::kNothing;
  } else if (after == "seen") {
    settings.after = Settings::After::kSeen;
  } else if (after.rfind("flag:", 0) == 0 && after.size() > 5 &&
             after.find_first_of(" ()\"\r\n{%*]", 5) == std::string::npos) {
    settings.after = Settings::After::kFlag;
    settings.after_argument = after.substr(5);
  } else if (after.rfind("move:", 0) == 0 && after.size() > 5 &&
             !mail::QuoteImapString(after.substr(5)).empty()) {
    settings.after = Settings::After::kMove;
    settings.after_argument = after.substr(5);
  } else {
    return Status::Invalid("imap.after is none, seen, flag:KEYWORD or move:MAILBOX, not " + after);
  }
  return std::unique_ptr<Source>(new ImapSource(std::move(settings)));
}

}  // namespace synaps::connectors
