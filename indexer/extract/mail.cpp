// Internet mail (RFC 5322/MIME) through GMime 3: headers (RFC 2047 decoded, raw 8-bit read
// as UTF-8 or Windows-1252), text and HTML bodies, attachments as children.
#include <gmime/gmime.h>

#include <memory>
#include <mutex>

#include "indexer/extract/context.h"
#include "indexer/extract/html_text.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

void InitGMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};
using GString_ = std::unique_ptr<char, GFree>;

std::string Addresses(InternetAddressList* list) {
  if (list == nullptr || internet_address_list_length(list) == 0) return {};
  GString_ text(internet_address_list_to_string(list, nullptr, FALSE));
  return text ? SanitizeUtf8(text.get()) : std::string();
}

std::string MimeType(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) return "text/plain";
  GString_ name(g_mime_content_type_get_mime_type(type));
  std::string out = name ? name.get() : "application/octet-stream";
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
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
      SetStatus(doc_, ExtractionStatus::kFailed, "extraction failed: not a readable mail");
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
      Set("subject", SanitizeUtf8(subject));
      Set("title", SanitizeUtf8(subject));
    }
    if (const char* id = g_mime_message_get_message_id(message)) {
      Set("message_id", SanitizeUtf8(id));
    }
    if (GDateTime* date = g_mime_message_get_date(message)) {
      GDateTime* utc = g_date_time_to_utc(date);
      if (utc != nullptr) {
        GString_ text(g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ"));
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
      MarkPartial(doc_, "MIME structure nested too deep");
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
      GString_ raw(g_mime_object_to_string(GMIME_OBJECT(inner), nullptr));
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
