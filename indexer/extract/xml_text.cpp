// Generic XML: all character data, one line per element; the SAX parsing helper.
#include "indexer/extract/xml_text.h"

#include <Poco/Exception.h>
#include <Poco/SAX/SAXParser.h>
#include <Poco/SAX/XMLReader.h>

#include "indexer/extract/context.h"
#include "indexer/extract/html_text.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

class AllTextHandler : public Poco::XML::DefaultHandler {
 public:
  void characters(const Poco::XML::XMLChar ch[], int start, int length) override {
    if (full_) return;
    text_.append(ch + start, static_cast<std::size_t>(length));
    if (text_.size() > limit_) full_ = true;
  }
  void endElement(const Poco::XML::XMLString&, const Poco::XML::XMLString&,
                  const Poco::XML::XMLString&) override {
    if (!text_.empty() && text_.back() != '\n') text_.push_back('\n');
  }
  explicit AllTextHandler(std::size_t limit) : limit_(limit) {}
  std::string text_;
  std::size_t limit_;
  bool full_ = false;
};

}  // namespace

std::string_view LocalName(std::string_view qname) {
  std::size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

bool ParseXml(std::string_view xml, Poco::XML::DefaultHandler* handler, std::string* error) {
  try {
    Poco::XML::SAXParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    parser.setContentHandler(handler);
    parser.setErrorHandler(handler);
    parser.parseMemoryNP(xml.data(), xml.size());
    return true;
  } catch (const Poco::Exception& e) {
    *error = SanitizeUtf8(e.displayText());
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    *error = SanitizeUtf8(e.what());
  }
  if (std::size_t newline = error->find('\n'); newline != std::string::npos) error->resize(newline);
  return false;
}

void ExtractXml(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc) {
  AllTextHandler handler(static_cast<std::size_t>(context.text_left()) + 1);
  std::string error;
  if (ParseXml(bytes, &handler, &error)) {
    context.AppendText(doc, SanitizeUtf8(handler.text_));
    return;
  }
  // Malformed or in a charset expat does not know: fall back to the tolerant markup scanner.
  std::string charset;
  std::string decoded = DecodeText(bytes, DeclaredHtmlCharset(bytes), &charset);
  doc->properties["charset"] = charset;
  context.AppendText(doc, SanitizeUtf8(HtmlVisibleText(decoded, nullptr)));
  MarkPartial(doc, "malformed XML: " + error);
}

}  // namespace synaps::indexer::extract_internal
