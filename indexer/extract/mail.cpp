// Internet mail (RFC 5322/MIME) through GMime 3: headers (RFC 2047 decoded, raw 8-bit read
// as UTF-8 or Windows-1252), text and HTML bodies, attachments as children.
#include <gmime/gmime.h>

#include <cctype>
#include <memory>

#include "indexer/extract/context.h"
#include "indexer/extract/gmime_handles.h"
#include "indexer/extract/html_text.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

using gmime::GChars;
using gmime::GPtr;
using gmime::InitGMime;
using gmime::MimeType;

std::string Addresses(InternetAddressList* list) {
  if (list == nullptr || internet_address_list_length(list) == 0) return {};
  GChars text(internet_address_list_to_string(list, nullptr, FALSE));
  return text ? SanitizeUtf8(text.get()) : std::string();
}

// The decoded (base64/quoted-printable undone) content of a leaf part.
std::string PartBytes(GMimePart* part) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (wrapper == nullptr) return {};
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(wrapper, stream.get());
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  if (array == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

// Decodes the RFC 2047 encoded words of a raw header value, each on its own. GMime 3.2 merges
// adjacent encoded words before decoding them, which cuts a subject short when a base64 word
// ends in '=' padding ("=?UTF-8?B?w4lsZWN0aW9ucw==?= =?UTF-8?B?IG11bmljaXBhbGVz?=" gives
// "Élections"). Here the bytes of adjacent words in the same charset are joined (so a character
// split across two words still decodes) and converted once; the space between two encoded
// words is dropped, as the RFC says. Returns "" when the value holds no encoded word.
std::string DecodeEncodedWords(std::string_view raw) {
  std::string out, pending_bytes, pending_charset;
  bool any = false;
  auto flush = [&] {
    if (!pending_bytes.empty()) out += DecodeText(pending_bytes, pending_charset, nullptr);
    pending_bytes.clear();
  };
  size_t i = 0;
  std::string gap;  // text between the previous encoded word and the next one
  while (i < raw.size()) {
    size_t start = raw.find("=?", i);
    if (start == std::string_view::npos) break;
    size_t q1 = raw.find('?', start + 2);
    size_t q2 = q1 == std::string_view::npos ? q1 : raw.find('?', q1 + 1);
    size_t end = q2 == std::string_view::npos ? q2 : raw.find("?=", q2 + 1);
    if (end == std::string_view::npos) break;
    std::string charset(raw.substr(start + 2, q1 - start - 2));
    if (auto star = charset.find('*'); star != std::string::npos)
      charset.resize(star);  // RFC 2231 language
    char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(raw[q1 + 1])));
    std::string_view payload = raw.substr(q2 + 1, end - q2 - 1);
    if (q2 != q1 + 2 || (encoding != 'B' && encoding != 'Q')) {
      i = start + 2;
      continue;
    }
    std::string between(raw.substr(i, start - i));
    bool only_space = between.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!any || !only_space) {
      flush();
      out += between;
    } else if (charset != pending_charset) {
      flush();
    }
    std::string bytes;
    if (encoding == 'B') {
      gsize length = 0;
      std::string text(payload);
      guchar* decoded = g_base64_decode(text.c_str(), &length);
      bytes.assign(reinterpret_cast<const char*>(decoded), length);
      g_free(decoded);
    } else {
      for (size_t k = 0; k < payload.size(); ++k) {
        if (payload[k] == '_') {
          bytes.push_back(' ');
        } else if (payload[k] == '=' && k + 2 < payload.size() &&
                   std::isxdigit(static_cast<unsigned char>(payload[k + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(payload[k + 2]))) {
          bytes.push_back(
              static_cast<char>(std::stoi(std::string(payload.substr(k + 1, 2)), nullptr, 16)));
          k += 2;
        } else {
          bytes.push_back(payload[k]);
        }
      }
    }
    pending_charset = charset;
    pending_bytes += bytes;
    any = true;
    i = end + 2;
  }
  if (!any) return {};
  flush();
  out += std::string(raw.substr(i));
  // Folded header lines: one line.
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  out = out.substr(first, out.find_last_not_of(' ') - first + 1);
  return SanitizeUtf8(out);
}

// Why GMime found no message in `bytes` (it does not say): a mail starts with header lines.
std::string WhyNotMail(std::string_view bytes) {
  std::string_view first = bytes.substr(0, bytes.find('\n'));
  std::size_t colon = first.find(':');
  bool header = colon != std::string_view::npos && colon > 0 &&
                first.substr(0, colon).find_first_of(" \t") == std::string_view::npos;
  if (bytes.empty() || !header) {
    return "not a mail: it does not start with header lines (\"Name: value\")";
  }
  return "mail headers cannot be parsed";
}

class MailExtractor {
 public:
  MailExtractor(ExtractionContext& context, int depth, ExtractedDocument* doc)
      : context_(context), depth_(depth), doc_(doc) {}

  void Run(std::string_view bytes) {
    InitGMime();
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GMimeParserOptions* options = g_mime_parser_options_new();
    // Raw 8-bit headers from French mailers are UTF-8 or, failing that, Windows-1252.
    const char* fallback[] = {"UTF-8", "WINDOWS-1252", nullptr};
    g_mime_parser_options_set_fallback_charsets(options, fallback);
    GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options));
    g_mime_parser_options_free(options);
    if (!message) {
      SetStatus(doc_, ExtractionStatus::kFailed, "extraction failed: " + WhyNotMail(bytes));
      return;
    }
    Headers(message.get());
    GMimeObject* body = g_mime_message_get_mime_part(message.get());
    if (body != nullptr) Walk(body, 0);
  }

 private:
  void Set(const char* key, const std::string& value) {
    if (!value.empty()) doc_->properties[key] = value;
  }

  void Headers(GMimeMessage* message) {
    Set("from", Addresses(g_mime_message_get_from(message)));
    Set("to", Addresses(g_mime_message_get_to(message)));
    Set("cc", Addresses(g_mime_message_get_cc(message)));
    if (const char* subject = g_mime_message_get_subject(message)) {
      std::string decoded = SanitizeUtf8(subject);
      GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
      GMimeHeader* header = headers ? g_mime_header_list_get_header(headers, "Subject") : nullptr;
      const char* raw = header ? g_mime_header_get_raw_value(header) : nullptr;
      std::string word_by_word = raw ? DecodeEncodedWords(raw) : std::string();
      // Trust GMime unless it lost text (the merged-words bug described above).
      if (word_by_word.size() > decoded.size()) decoded = word_by_word;
      Set("subject", decoded);
      Set("title", decoded);
    }
    if (const char* id = g_mime_message_get_message_id(message)) {
      Set("message_id", SanitizeUtf8(id));
    }
    if (GDateTime* date = g_mime_message_get_date(message)) {
      GDateTime* utc = g_date_time_to_utc(date);
      if (utc != nullptr) {
        GChars text(g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ"));
        if (text) Set("date", text.get());
        g_date_time_unref(utc);
      }
    }
    // The headers people search for belong in the text too.
    std::string head;
    for (const char* key : {"from", "to", "cc", "subject"}) {
      auto it = doc_->properties.find(key);
      if (it != doc_->properties.end()) head += it->second + "\n";
    }
    context_.AppendText(doc_, head);
  }

  void Walk(GMimeObject* object, int level) {
    // Malicious nesting of multiparts is bounded like archives.
    if (level > 32) {
      MarkPartial(doc_, "MIME parts nested deeper than 32 levels not read");
      return;
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      int count = g_mime_multipart_get_count(multipart);
      if (MimeType(object) == "multipart/alternative") {
        // Same content twice: keep the plain text if there is one.
        GMimeObject* chosen = nullptr;
        for (int i = 0; i < count && chosen == nullptr; ++i) {
          GMimeObject* part = g_mime_multipart_get_part(multipart, i);
          if (MimeType(part) == "text/plain") chosen = part;
        }
        if (chosen == nullptr && count > 0) {
          chosen = g_mime_multipart_get_part(multipart, count - 1);
        }
        if (chosen != nullptr) Walk(chosen, level + 1);
        return;
      }
      for (int i = 0; i < count; ++i) Walk(g_mime_multipart_get_part(multipart, i), level + 1);
      return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner == nullptr) return;
      GChars raw(g_mime_object_to_string(GMIME_OBJECT(inner), nullptr));
      const char* subject = g_mime_message_get_subject(inner);
      std::string name = (subject != nullptr && *subject) ? subject : "message";
      if (raw) AddChild(context_, raw.get(), name + ".eml", depth_, doc_);
      return;
    }
    if (!GMIME_IS_PART(object)) return;
    GMimePart* part = GMIME_PART(object);
    std::string type = MimeType(object);
    const char* filename = g_mime_part_get_filename(part);
    bool attachment = g_mime_part_is_attachment(part) ||
                      (filename != nullptr && type != "text/plain" && type != "text/html");
    if (!attachment && (type == "text/plain" || type == "text/html")) {
      const char* charset = g_mime_object_get_content_type_parameter(object, "charset");
      std::string raw = PartBytes(part);
      std::string declared = charset != nullptr ? charset : "";
      if (type == "text/html" && declared.empty()) declared = DeclaredHtmlCharset(raw);
      std::string text = DecodeText(raw, declared, nullptr);
      if (type == "text/html") text = SanitizeUtf8(HtmlVisibleText(text, nullptr));
      if (!doc_->text.empty() && doc_->text.back() != '\n') context_.AppendText(doc_, "\n");
      context_.AppendText(doc_, text);
      return;
    }
    ++attachments_;
    std::string name = filename != nullptr && *filename
                           ? SanitizeUtf8(filename)
                           : "attachment-" + std::to_string(attachments_);
    std::string data = PartBytes(part);
    if (!context_.TakeUncompressed(data.size())) {
      MarkPartial(doc_, "attachment " + name + " skipped: total size limit");
      return;
    }
    AddChild(context_, data, name, depth_, doc_);
  }

  ExtractionContext& context_;
  int depth_;
  ExtractedDocument* doc_;
  int attachments_ = 0;
};

}  // namespace

void ExtractMail(ExtractionContext& context, std::string_view bytes, int depth,
                 ExtractedDocument* doc) {
  MailExtractor(context, depth, doc).Run(bytes);
}

}  // namespace synaps::indexer::extract_internal
