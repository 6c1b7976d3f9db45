#include "connectors/mail/mail_message.h"

#include <fcntl.h>
#include <gmime/gmime.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <set>

#include "indexer/extract/gmime_handles.h"

namespace synaps::connectors::mail {

using store::Result;
using store::Status;

namespace {

using indexer::gmime::GChars;
using indexer::gmime::GPtr;
using indexer::gmime::InitGMime;
using indexer::gmime::MimeType;

constexpr size_t kMaxMetadataBytes = 4000;

struct OptionsFree {
  void operator()(GMimeParserOptions* options) const { g_mime_parser_options_free(options); }
};
using ParserOptions = std::unique_ptr<GMimeParserOptions, OptionsFree>;

ParserOptions MakeOptions() {
  ParserOptions options(g_mime_parser_options_new());
  // Raw 8-bit headers from French mailers are UTF-8 or, failing that, Windows-1252.
  const char* fallback[] = {"UTF-8", "WINDOWS-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
  return options;
}

// Valid UTF-8, one line, without control characters; runs of spaces collapsed, trimmed.
std::string OneLine(std::string_view text) {
  GChars valid(g_utf8_make_valid(text.data(), static_cast<gssize>(text.size())));
  std::string out;
  bool space = false;
  for (const char* p = valid.get(); *p != '\0'; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.append(p, static_cast<size_t>(g_utf8_next_char(p) - p));
  }
  return out;
}

// `text` cut to at most `max_bytes`, at a character boundary.
std::string CutUtf8(std::string text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  text.resize(end);
  return text;
}

std::string_view HeaderBlock(std::string_view bytes) {
  size_t end = std::min(bytes.size(), kMaxHeaderBytes);
  for (size_t i = 0; i < end; ++i) {
    if (bytes[i] != '\n') continue;
    size_t next = i + 1;
    if (next < bytes.size() && bytes[next] == '\r') ++next;
    if (next >= bytes.size() || bytes[next] == '\n') return bytes.substr(0, i + 1);
  }
  return bytes.substr(0, end);
}

// Whether `line` is "Name: value": a field name of printable ASCII without ':' then ':'.
bool IsHeaderLine(std::string_view line) {
  size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  for (size_t i = 0; i < colon; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c < 33 || c > 126) return false;
  }
  return true;
}

std::vector<std::string> ParseIds(const char* value, GMimeParserOptions* options) {
  std::vector<std::string> ids;
  if (value == nullptr) return ids;
  GMimeReferences* references = g_mime_references_parse(options, value);
  if (references == nullptr) return ids;
  int count = g_mime_references_length(references);
  for (int i = 0; i < count; ++i) {
    std::string id = OneLine(g_mime_references_get_message_id(references, i));
    if (!id.empty()) ids.push_back(CutUtf8(std::move(id), 998));
  }
  g_mime_references_free(references);
  return ids;
}

std::string StreamBytes(GMimeStream* stream) {
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream));
  if (array == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

class PartCollector {
 public:
  explicit PartCollector(std::vector<MailPart>& parts) : parts_(parts) {}
  bool truncated = false;

  void Walk(GMimeObject* object, int level) {
    if (level > kMaxPartDepth) {
      truncated = true;
      return;
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      int count = g_mime_multipart_get_count(multipart);
      if (MimeType(object) == "multipart/alternative") {
        // The same content twice: the indexer reads the plain text if there is one.
        GMimeObject* chosen = nullptr;
        for (int i = 0; i < count && chosen == nullptr; ++i) {
          GMimeObject* part = g_mime_multipart_get_part(multipart, i);
          if (MimeType(part) == "text/plain") chosen = part;
        }
        if (chosen == nullptr && count > 0)
          chosen = g_mime_multipart_get_part(multipart, count - 1);
        if (chosen != nullptr) Walk(chosen, level + 1);
        return;
      }
      for (int i = 0; i < count; ++i) Walk(g_mime_multipart_get_part(multipart, i), level + 1);
      return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner == nullptr) return;
      const char* subject = g_mime_message_get_subject(inner);
      GPtr<GMimeStream> stream(g_mime_stream_mem_new());
      g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, stream.get());
      std::string name = OneLine(subject != nullptr ? subject : "");
      Add(CutUtf8(name.empty() ? "message" : name, 96) + ".eml", StreamBytes(stream.get()));
      return;
    }
    if (!GMIME_IS_PART(object)) return;
    GMimePart* part = GMIME_PART(object);
    std::string type = MimeType(object);
    const char* filename = g_mime_part_get_filename(part);
    bool attachment = g_mime_part_is_attachment(part) ||
                      (filename != nullptr && type != "text/plain" && type != "text/html");
    if (!attachment && (type == "text/plain" || type == "text/html")) return;  // the body
    std::string bytes;
    if (GMimeDataWrapper* wrapper = g_mime_part_get_content(part)) {
      GPtr<GMimeStream> stream(g_mime_stream_mem_new());
      g_mime_data_wrapper_write_to_stream(wrapper, stream.get());
      bytes = StreamBytes(stream.get());
    }
    Add(filename != nullptr ? OneLine(filename) : std::string(), std::move(bytes));
  }

 private:
  void Add(std::string name, std::string bytes) {
    if (parts_.size() >= kMaxParts) {
      truncated = true;
      return;
    }
    if (name.empty()) name = "piece-jointe-" + std::to_string(parts_.size() + 1);
    parts_.push_back({std::move(name), std::move(bytes)});
  }

  std::vector<MailPart>& parts_;
};

std::vector<MailPart> PartsOf(GMimeStream* stream, bool* truncated) {
  InitGMime();
  ParserOptions options = MakeOptions();
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
  std::vector<MailPart> parts;
  PartCollector collector(parts);
  if (message) {
    if (GMimeObject* body = g_mime_message_get_mime_part(message.get())) collector.Walk(body, 0);
  }
  if (truncated != nullptr) *truncated = collector.truncated;
  return parts;
}

}  // namespace

std::string MailHeader::Thread() const {
  if (!references.empty()) return references.front();
  if (!in_reply_to.empty()) return in_reply_to;
  return message_id;
}

Result<MailHeader> ParseMailHeader(std::string_view bytes) {
  std::string_view head = HeaderBlock(bytes);
  // A message saved with its mbox "From " line still starts with its header after it.
  if (head.substr(0, 5) == "From ") {
    size_t end = head.find('\n');
    head = end == std::string_view::npos ? std::string_view() : head.substr(end + 1);
  }
  if (!IsHeaderLine(head.substr(0, head.find('\n')))) {
    return Status::Invalid("not a mail: it does not start with header lines (\"Name: value\")");
  }
  InitGMime();
  ParserOptions options = MakeOptions();
  std::string text(head);
  text += "\n";  // the end of the header block, whatever was cut
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
  MailHeader header;
  if (!message) return header;  // a header line, but nothing GMime could read: a bare message
  if (const char* id = g_mime_message_get_message_id(message.get())) {
    header.message_id = CutUtf8(OneLine(id), 998);
  }
  GMimeObject* object = GMIME_OBJECT(message.get());
  auto replies = ParseIds(g_mime_object_get_header(object, "In-Reply-To"), options.get());
  if (!replies.empty()) header.in_reply_to = replies.front();
  header.references = ParseIds(g_mime_object_get_header(object, "References"), options.get());
  if (const char* subject = g_mime_message_get_subject(message.get())) {
    header.subject = OneLine(subject);
  }
  if (GDateTime* date = g_mime_message_get_date(message.get())) {
    header.date = g_date_time_to_unix(date);
    header.date_offset_minutes =
        static_cast<int>(g_date_time_get_utc_offset(date) / G_TIME_SPAN_MINUTE);
  }
  return header;
}

EntryMetadata MailMetadata(const MailHeader& header) {
  EntryMetadata metadata;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) metadata.emplace_back(key, CutUtf8(value, kMaxMetadataBytes));
  };
  add("mail.message_id", header.message_id);
  add("mail.in_reply_to", header.in_reply_to);
  // The latest ids that fit: the thread's root is in mail.thread.
  std::string references;
  for (auto id = header.references.rbegin(); id != header.references.rend(); ++id) {
    if (references.size() + id->size() + 1 > kMaxMetadataBytes) break;
    references = references.empty() ? *id : *id + " " + references;
  }
  add("mail.references", references);
  add("mail.thread", header.Thread());
  metadata.emplace_back("synaps.parts", "documents");
  return metadata;
}

std::string KeyTag(std::string_view key) {
  uint64_t hash = 14695981039346656037ull;  // FNV-1a, 64 bits
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  static const char* kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string tag;
  for (int i = 0; i < 8; ++i) {
    tag.push_back(kDigits[hash % 36]);
    hash /= 36;
  }
  return tag;
}

std::string CleanName(std::string_view text, size_t max_bytes, std::string_view fallback) {
  std::string spaced(text);
  for (char& c : spaced) {
    if (c == '/' || c == '\\') c = ' ';
  }
  std::string name = CutUtf8(OneLine(spaced), max_bytes);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (name.empty() || name == "." || name == "..") return std::string(fallback);
  return name;
}

std::string MailDocumentName(const MailHeader& header, std::string_view key) {
  std::string date;
  if (header.date != 0) {
    GDateTime* utc = g_date_time_new_from_unix_utc(header.date);
    if (utc != nullptr) {
      GDateTime* local = g_date_time_add_minutes(utc, header.date_offset_minutes);
      if (local != nullptr) {
        GChars text(g_date_time_format(local, "%Y-%m-%d %Hh%M "));
        if (text) date = text.get();
        g_date_time_unref(local);
      }
      g_date_time_unref(utc);
    }
  }
  return date + CleanName(header.subject, 120, "(sans objet)") + " [" + KeyTag(key) + "].eml";
}

std::vector<MailPart> ParseMailParts(std::string_view bytes, bool* truncated) {
  InitGMime();
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  return PartsOf(stream.get(), truncated);
}

Result<std::vector<MailPart>> ReadMailParts(const std::filesystem::path& file, bool* truncated) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Io("cannot read " + file.string() + ": " + std::strerror(errno));
  InitGMime();
  GPtr<GMimeStream> stream(g_mime_stream_fs_new(fd));  // owns fd
  return PartsOf(stream.get(), truncated);
}

std::vector<std::string> PartDocumentNames(std::string_view message_name,
                                           const std::vector<MailPart>& parts) {
  std::string stem(message_name);
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".eml") == 0)
    stem.resize(stem.size() - 4);
  stem = CleanName(stem, 150, "message");
  std::set<std::string> taken;
  std::vector<std::string> names;
  for (const MailPart& part : parts) {
    std::string file = CleanName(part.file_name, 96, "piece-jointe");
    size_t dot = file.rfind('.');
    std::string base = dot == std::string::npos || dot == 0 ? file : file.substr(0, dot);
    std::string extension = dot == std::string::npos || dot == 0 ? "" : file.substr(dot);
    std::string name = stem + " - " + file;
    for (int n = 2; !taken.insert(name).second; ++n) {
      name = stem + " - " + base + " (" + std::to_string(n) + ")" + extension;
    }
    names.push_back(name);
  }
  return names;
}

}  // namespace synaps::connectors::mail
