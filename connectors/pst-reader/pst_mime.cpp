#include "connectors/pst-reader/pst_mime.h"

#include <glib.h>
#include <gmime/gmime.h>

#include <cstring>
#include <memory>
#include <string_view>
#include <tuple>

#include "indexer/extract/gmime_handles.h"

extern "C" {
#include <libpst/lzfu.h>
#include <libpst/timeconv.h>
}

namespace synaps::connectors::pst {

namespace {

using indexer::gmime::GChars;
using indexer::gmime::GPtr;

// Attached messages within attached messages: deeper ones are left out.
constexpr int kMaxDepth = 8;

// A string of the archive as UTF-8: libpst gives UTF-8, or the message's code page.
std::string Utf8(pst_item* item, pst_string& text) {
  if (text.str == nullptr) return {};
  if (!text.is_utf8) pst_convert_utf8(item, &text);
  return text.str;
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  return text;
}

GMimePart* TextPart(const char* subtype, const std::string& text, const char* charset) {
  GMimePart* part = g_mime_part_new_with_type("text", subtype);
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", charset);
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  GPtr<GMimeDataWrapper> content(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part, content.get());
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return part;
}

// The header the message arrived with, without the fields that describe its old body.
void CopyTransportHeader(const std::string& header, GMimeMessage* message) {
  if (header.empty()) return;
  const std::string text = header + "\r\n\r\n";
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> parsed(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!parsed) return;
  GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(parsed.get()));
  const int count = g_mime_header_list_get_count(headers);
  for (int i = 0; i < count; ++i) {
    GMimeHeader* field = g_mime_header_list_get_header_at(headers, i);
    const char* name = g_mime_header_get_name(field);
    const char* value = g_mime_header_get_value(field);
    if (name == nullptr || value == nullptr) continue;
    if (g_ascii_strncasecmp(name, "Content-", 8) == 0 ||
        g_ascii_strcasecmp(name, "MIME-Version") == 0) {
      continue;
    }
    g_mime_object_append_header(GMIME_OBJECT(message), name, value, "utf-8");
  }
}

bool Has(GMimeMessage* message, const char* name) {
  return g_mime_object_get_header(GMIME_OBJECT(message), name) != nullptr;
}

// The header made from the message's properties; with a header it arrived with, only the
// fields that one lacks.
void MakeHeader(pst_item* item, GMimeMessage* message) {
  pst_item_email* email = item->email;
  std::string subject = OneLine(Utf8(item, item->subject));
  if (!subject.empty() && !Has(message, "Subject")) {
    g_mime_message_set_subject(message, subject.c_str(), "utf-8");
  }
  if (email == nullptr) return;
  std::string name = OneLine(Utf8(item, email->outlook_sender_name));
  if (name.empty()) name = OneLine(Utf8(item, email->outlook_sender_name2));
  std::string address = OneLine(Utf8(item, email->sender_address));
  if (address.find('@') == std::string::npos) address = OneLine(Utf8(item, email->sender2_address));
  if (address.find('@') == std::string::npos) address.clear();
  if ((!name.empty() || !address.empty()) && !Has(message, "From")) {
    g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_FROM, name.c_str(), address.c_str());
  }
  // Outlook keeps the recipients' names as displayed ("Alice Martin; Bob Durand"), without
  // their addresses: each becomes a group of that name without members ("Bob Durand: ;"), the
  // form RFC 5322 has for a name without an address.
  for (auto [type, field, names] : {std::tuple{GMIME_ADDRESS_TYPE_TO, "To", &email->sentto_address},
                                    std::tuple{GMIME_ADDRESS_TYPE_CC, "Cc", &email->cc_address}}) {
    const std::string text = OneLine(Utf8(item, *names));
    if (text.empty() || Has(message, field)) continue;
    InternetAddressList* list = g_mime_message_get_addresses(message, type);
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find(';', start);
      if (end == std::string::npos) end = text.size();
      GChars one(g_strstrip(g_strndup(text.data() + start, end - start)));
      if (*one) {
        GPtr<InternetAddress> group(internet_address_group_new(one.get()));
        internet_address_list_add(list, group.get());
      }
      start = end + 1;
    }
  }
  FILETIME* date = email->sent_date ? email->sent_date : email->arrival_date;
  if (date != nullptr && !Has(message, "Date")) {
    std::unique_ptr<GDateTime, void (*)(GDateTime*)> when(
        g_date_time_new_from_unix_utc(pst_fileTimeToUnixTime(date)), g_date_time_unref);
    if (when) g_mime_message_set_date(message, when.get());
  }
  std::string id = OneLine(Utf8(item, email->messageid));
  if (id.size() > 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  if (!id.empty() && !Has(message, "Message-Id")) {
    g_mime_message_set_message_id(message, id.c_str());
  }
  std::string reply = OneLine(Utf8(item, email->in_reply_to));
  if (!reply.empty() && !Has(message, "In-Reply-To")) {
    g_mime_object_set_header(GMIME_OBJECT(message), "In-Reply-To", reply.c_str(), "utf-8");
  }
}

GMimeMessage* Compose(pst_file* archive, pst_item* item, int depth);

GMimeObject* AttachmentPart(pst_file* archive, pst_item_attach* attach, int number, int depth) {
  if (attach->method == PST_ATTACH_EMBEDDED) {
    if (depth >= kMaxDepth || attach->i_id == static_cast<uint64_t>(-1)) return nullptr;
    // An attached message is a node without a place in the tree: its data and sub-nodes.
    pst_desc_tree node{};
    node.desc = pst_getID(archive, attach->i_id);
    if (node.desc == nullptr) return nullptr;
    pst_item* inner = pst_parse_item(archive, &node, attach->id2_head);
    if (inner == nullptr) return nullptr;
    GPtr<GMimeMessage> composed(Compose(archive, inner, depth + 1));
    pst_freeItem(inner);
    return GMIME_OBJECT(g_mime_message_part_new_with_message("rfc822", composed.get()));
  }
  // Attached by reference: the file is elsewhere (a path on the sender's disk), not here.
  if (attach->method >= PST_ATTACH_BY_REF && attach->method <= PST_ATTACH_BY_REF_ONLY) {
    return nullptr;
  }
  pst_binary data = pst_attach_to_mem(archive, attach);
  std::unique_ptr<char, void (*)(void*)> owned(data.data, free);
  std::string mime_type = attach->mimetype.str ? OneLine(attach->mimetype.str) : "";
  if (mime_type.find('/') == std::string::npos) mime_type = "application/octet-stream";
  const size_t slash = mime_type.find('/');
  GMimePart* part = g_mime_part_new_with_type(mime_type.substr(0, slash).c_str(),
                                              mime_type.substr(slash + 1).c_str());
  GPtr<GMimeStream> stream(
      g_mime_stream_mem_new_with_buffer(data.data ? data.data : "", data.size));
  GPtr<GMimeDataWrapper> content(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part, content.get());
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  std::string name;
  if (attach->filename2.str) name = OneLine(attach->filename2.str);
  if (name.empty() && attach->filename1.str) name = OneLine(attach->filename1.str);
  if (name.empty()) name = "attachment-" + std::to_string(number);
  g_mime_part_set_filename(part, name.c_str());
  return GMIME_OBJECT(part);
}

GMimeMessage* Compose(pst_file* archive, pst_item* item, int depth) {
  GMimeMessage* message = g_mime_message_new(TRUE);
  if (item->email != nullptr) CopyTransportHeader(Utf8(item, item->email->header), message);
  MakeHeader(item, message);
  const std::string text = Utf8(item, item->body);
  std::string html;
  if (item->email != nullptr && item->email->htmlbody.str != nullptr)
    html = item->email->htmlbody.str;
  const std::string html_charset =
      item->body_charset.str && *item->body_charset.str ? OneLine(item->body_charset.str) : "utf-8";

  GPtr<GMimeObject> body;
  if (!html.empty() && !text.empty()) {
    GMimeMultipart* alternative = g_mime_multipart_new_with_subtype("alternative");
    GPtr<GMimePart> plain(TextPart("plain", text, "utf-8"));
    GPtr<GMimePart> rich(TextPart("html", html, html_charset.c_str()));
    g_mime_multipart_add(alternative, GMIME_OBJECT(plain.get()));
    g_mime_multipart_add(alternative, GMIME_OBJECT(rich.get()));
    body.reset(GMIME_OBJECT(alternative));
  } else if (!html.empty()) {
    body.reset(GMIME_OBJECT(TextPart("html", html, html_charset.c_str())));
  } else if (text.empty() && item->email != nullptr &&
             item->email->rtf_compressed.data != nullptr &&
             item->email->rtf_compressed.size >= 16) {
    // Written in Outlook's RTF editor, with neither plain text nor HTML kept beside it. Named,
    // so that it is stored beside the message like an attachment and read as RTF.
    size_t size = 0;
    std::unique_ptr<char, void (*)(void*)> rtf(
        pst_lzfu_decompress(item->email->rtf_compressed.data,
                            static_cast<uint32_t>(item->email->rtf_compressed.size), &size),
        free);
    body.reset(GMIME_OBJECT(
        TextPart("rtf", std::string(rtf ? rtf.get() : "", rtf ? size : 0), "us-ascii")));
    g_mime_part_set_filename(GMIME_PART(body.get()), "message.rtf");
    g_mime_part_set_content_encoding(GMIME_PART(body.get()), GMIME_CONTENT_ENCODING_BASE64);
  } else {
    body.reset(GMIME_OBJECT(TextPart("plain", text, "utf-8")));
  }
  if (item->attach == nullptr) {
    g_mime_message_set_mime_part(message, body.get());
    return message;
  }
  GMimeMultipart* mixed = g_mime_multipart_new_with_subtype("mixed");
  g_mime_multipart_add(mixed, body.get());
  int number = 0;
  for (pst_item_attach* attach = item->attach; attach != nullptr; attach = attach->next) {
    GPtr<GMimeObject> part(AttachmentPart(archive, attach, ++number, depth));
    if (part) g_mime_multipart_add(mixed, part.get());
  }
  g_mime_message_set_mime_part(message, GMIME_OBJECT(mixed));
  g_object_unref(mixed);
  return message;
}

}  // namespace

std::string ComposeMessage(pst_file* archive, pst_item* item) {
  indexer::gmime::InitGMime();
  GPtr<GMimeMessage> message(Compose(archive, item, 0));
  GMimeFormatOptions* options = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  GChars text(g_mime_object_to_string(GMIME_OBJECT(message.get()), options));
  g_mime_format_options_free(options);
  return text ? std::string(text.get()) : std::string();
}

}  // namespace synaps::connectors::pst
