// DOCX, XLSX, PPTX (Office Open XML) and ODT, ODS, ODP (OpenDocument): zip members parsed
// with SAX; body text, every sheet's cells, slides and notes, document properties.
#include <Poco/SAX/Attributes.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <vector>

#include "indexer/extract/context.h"
#include "indexer/extract/text_encoding.h"
#include "indexer/extract/xml_text.h"
#include "indexer/extract/zip_reader.h"

namespace synaps::indexer::extract_internal {
namespace {

using Poco::XML::Attributes;
using Poco::XML::XMLChar;
using Poco::XML::XMLString;

// Shared behaviour: text goes to text_, bounded so a huge member cannot grow it without end.
class TextHandler : public Poco::XML::DefaultHandler {
 public:
  explicit TextHandler(std::size_t limit) : limit_(limit) {}
  std::string& text() { return text_; }

 protected:
  void Add(std::string_view s) {
    if (text_.size() < limit_) text_.append(s);
  }
  void Newline() {
    if (!text_.empty() && text_.back() != '\n') Add("\n");
  }
  std::string text_;
  std::size_t limit_;
};

// Word body/headers/notes and PowerPoint slides: text lives in w:t / a:t runs.
class RunTextHandler : public TextHandler {
 public:
  using TextHandler::TextHandler;
  void startElement(const XMLString&, const XMLString&, const XMLString& qname,
                    const Attributes&) override {
    std::string_view name = LocalName(qname);
    if (name == "t") in_text_ = true;
    if (name == "tab") Add("\t");
    if (name == "br" || name == "cr") Add("\n");
  }
  void endElement(const XMLString&, const XMLString&, const XMLString& qname) override {
    std::string_view name = LocalName(qname);
    if (name == "t") in_text_ = false;
    if (name == "p") Newline();
  }
  void characters(const XMLChar ch[], int start, int length) override {
    if (in_text_) Add(std::string_view(ch + start, static_cast<std::size_t>(length)));
  }

 private:
  bool in_text_ = false;
};

// xl/sharedStrings.xml: one <si> per string, made of <t> runs (phonetic <rPh> runs skipped).
class SharedStringsHandler : public Poco::XML::DefaultHandler {
 public:
  explicit SharedStringsHandler(std::size_t limit) : limit_(limit) {}
  void startElement(const XMLString&, const XMLString&, const XMLString& qname,
                    const Attributes&) override {
    std::string_view name = LocalName(qname);
    if (name == "si") current_.clear();
    if (name == "rPh") in_phonetic_ = true;
    if (name == "t") in_text_ = true;
  }
  void endElement(const XMLString&, const XMLString&, const XMLString& qname) override {
    std::string_view name = LocalName(qname);
    if (name == "t") in_text_ = false;
    if (name == "rPh") in_phonetic_ = false;
    if (name == "si") {
      bytes_ += current_.size();
      strings_.push_back(bytes_ < limit_ ? std::move(current_) : std::string());
      current_.clear();
    }
  }
  void characters(const XMLChar ch[], int start, int length) override {
    if (in_text_ && !in_phonetic_) current_.append(ch + start, static_cast<std::size_t>(length));
  }
  std::vector<std::string> strings_;

 private:
  std::string current_;
  std::size_t limit_;
  std::size_t bytes_ = 0;
  bool in_text_ = false;
  bool in_phonetic_ = false;
};

// xl/worksheets/sheetN.xml: <row><c t="s|str|inlineStr|b|n"><v>..</v> or <is><t>..</t></is>.
class SheetHandler : public TextHandler {
 public:
  SheetHandler(std::size_t limit, const std::vector<std::string>& shared)
      : TextHandler(limit), shared_(shared) {}
  void startElement(const XMLString&, const XMLString&, const XMLString& qname,
                    const Attributes& attributes) override {
    std::string_view name = LocalName(qname);
    if (name == "c") {
      type_ = attributes.getValue("t");
      value_.clear();
    }
    if (name == "v" || name == "t") in_value_ = true;
  }
  void endElement(const XMLString&, const XMLString&, const XMLString& qname) override {
    std::string_view name = LocalName(qname);
    if (name == "v" || name == "t") in_value_ = false;
    if (name == "c" && !value_.empty()) {
      if (type_ == "s") {
        char* end = nullptr;
        unsigned long index = std::strtoul(value_.c_str(), &end, 10);
        if (end != value_.c_str() && index < shared_.size()) Add(shared_[index]);
      } else {
        Add(value_);
      }
      Add("\t");
    }
    if (name == "row") Newline();
  }
  void characters(const XMLChar ch[], int start, int length) override {
    if (in_value_ && value_.size() < 65536) {
      value_.append(ch + start, static_cast<std::size_t>(length));
    }
  }

 private:
  const std::vector<std::string>& shared_;
  std::string type_;
  std::string value_;
  bool in_value_ = false;
};

// OpenDocument content.xml: all text under <office:body>, except tracked deletions.
class OdfBodyHandler : public TextHandler {
 public:
  using TextHandler::TextHandler;
  void startElement(const XMLString&, const XMLString&, const XMLString& qname,
                    const Attributes& attributes) override {
    if (qname == "office:body") in_body_ = true;
    if (qname == "text:tracked-changes") ++skip_;
    if (!in_body_ || skip_ > 0) return;
    if (qname == "text:s") {
      int count = std::atoi(attributes.getValue("text:c").c_str());
      Add(std::string(static_cast<std::size_t>(std::clamp(count, 1, 64)), ' '));
    }
    if (qname == "text:tab") Add("\t");
    if (qname == "text:line-break") Add("\n");
    if (qname == "draw:page") ++draw_pages_;
  }
  void endElement(const XMLString&, const XMLString&, const XMLString& qname) override {
    if (qname == "office:body") in_body_ = false;
    if (qname == "text:tracked-changes") --skip_;
    if (qname == "text:p" || qname == "text:h") Newline();
    if (qname == "table:table-cell") Add("\t");
    if (qname == "table:table-row") Newline();
  }
  void characters(const XMLChar ch[], int start, int length) override {
    if (in_body_ && skip_ == 0) Add(std::string_view(ch + start, static_cast<std::size_t>(length)));
  }
  // The slides of a presentation (pages of a drawing).
  int draw_pages() const { return draw_pages_; }

 private:
  bool in_body_ = false;
  int skip_ = 0;
  int draw_pages_ = 0;
};

// docProps/core.xml, docProps/app.xml and ODF meta.xml share Dublin Core names.
class PropertiesHandler : public Poco::XML::DefaultHandler {
 public:
  explicit PropertiesHandler(std::map<std::string, std::string>* props) : props_(props) {}
  void startElement(const XMLString&, const XMLString&, const XMLString& qname,
                    const Attributes& attributes) override {
    current_ = Key(LocalName(qname));
    value_.clear();
    if (qname == "meta:document-statistic") {
      SetIfPresent("pages", attributes.getValue("meta:page-count"));
      SetIfPresent("sheets", attributes.getValue("meta:table-count"));
    }
  }
  void endElement(const XMLString&, const XMLString&, const XMLString& qname) override {
    std::string key = Key(LocalName(qname));
    std::string value = SanitizeUtf8(value_);
    if (!key.empty() && !value.empty() && value.size() < 4096) {
      std::string& slot = (*props_)[key];
      if (key == "keywords" && !slot.empty()) {
        slot += ", " + value;  // ODF lists one <meta:keyword> per keyword.
      } else if (!(key == "author" && LocalName(qname) == "creator" && !slot.empty())) {
        slot = value;  // The initial creator wins over the last editor.
      }
    }
    current_.clear();
    value_.clear();
  }
  void characters(const XMLChar ch[], int start, int length) override {
    if (!current_.empty() && value_.size() < 4096) {
      value_.append(ch + start, static_cast<std::size_t>(length));
    }
  }

 private:
  static std::string Key(std::string_view local) {
    if (local == "title" || local == "subject" || local == "description" || local == "language" ||
        local == "created" || local == "modified") {
      return std::string(local);
    }
    if (local == "creator" || local == "initial-creator") return "author";
    if (local == "keywords" || local == "keyword") return "keywords";
    if (local == "creation-date") return "created";
    if (local == "date") return "modified";
    if (local == "Pages") return "pages";
    if (local == "Slides") return "slides";
    return {};
  }
  void SetIfPresent(const std::string& key, const std::string& value) {
    if (!value.empty()) (*props_)[key] = value;
  }
  std::map<std::string, std::string>* props_;
  std::string current_;
  std::string value_;
};

// Collects chosen attributes of every element with a given qualified name.
class AttributeCollector : public Poco::XML::DefaultHandler {
 public:
  AttributeCollector(std::string element, std::vector<std::string> attributes)
      : element_(std::move(element)), attributes_(std::move(attributes)) {}
  void startElement(const XMLString&, const XMLString&, const XMLString& qname,
                    const Attributes& attributes) override {
    if (qname != element_ || found.size() >= 10000) return;
    std::vector<std::string> values;
    for (const std::string& name : attributes_) values.push_back(attributes.getValue(name));
    found.push_back(std::move(values));
  }
  std::vector<std::vector<std::string>> found;

 private:
  std::string element_;
  std::vector<std::string> attributes_;
};

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Members named prefix + N + ".xml", in numeric order (slide10 after slide9).
std::vector<std::string> Numbered(const std::map<std::string, std::string>& members,
                                  std::string_view prefix) {
  std::vector<std::pair<long, std::string>> found;
  for (const auto& [name, data] : members) {
    if (!StartsWith(name, prefix) || name.size() < prefix.size() + 5) continue;
    std::string_view rest = std::string_view(name).substr(prefix.size());
    if (rest.substr(rest.size() - 4) != ".xml") continue;
    found.emplace_back(std::atol(std::string(rest).c_str()), name);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> names;
  for (auto& entry : found) names.push_back(std::move(entry.second));
  return names;
}

class OfficeExtractor {
 public:
  OfficeExtractor(ExtractionContext& context, ExtractedDocument* doc)
      : context_(context), doc_(doc) {}

  void Run(std::string_view bytes) {
    const std::string& type = doc_->mime_type;
    bool odf = StartsWith(type, "application/vnd.oasis.opendocument.");
    std::map<std::string, std::string> members;
    std::string error;
    bool complete = ReadZipMembers(
        context_, bytes,
        [odf](std::string_view name) {
          if (odf) return name == "content.xml" || name == "meta.xml";
          if (name == "xl/_rels/workbook.xml.rels") return true;
          return name.substr(name.size() > 4 ? name.size() - 4 : 0) == ".xml" &&
                 (StartsWith(name, "word/") || StartsWith(name, "xl/sharedStrings") ||
                  StartsWith(name, "xl/worksheets/sheet") || name == "xl/workbook.xml" ||
                  StartsWith(name, "ppt/slides/") || StartsWith(name, "ppt/notesSlides/") ||
                  StartsWith(name, "docProps/"));
        },
        &members, &error);
    if (members.empty()) {
      SetStatus(doc_, ExtractionStatus::kFailed,
                "extraction failed: " + (complete ? MissingContent(odf) : error));
      return;
    }
    if (odf) {
      Properties(members, "meta.xml");
      OpenDocumentBody(members);
    } else {
      Properties(members, "docProps/core.xml");
      Properties(members, "docProps/app.xml");
      if (StartsWith(type, "application/vnd.openxmlformats-officedocument.spreadsheetml")) {
        Spreadsheet(members);
      } else if (StartsWith(type, "application/vnd.openxmlformats-officedocument.presentationml")) {
        Presentation(members);
      } else {
        WordProcessing(members);
      }
    }
    if (!complete) MarkPartial(doc_, error);
    if (!xml_error_.empty()) MarkPartial(doc_, xml_error_);
  }

 private:
  std::size_t Budget() const { return static_cast<std::size_t>(context_.text_left()) + 1; }

  bool Emit(std::string& text) {
    if (text.empty()) return true;
    if (!doc_->text.empty() && doc_->text.back() != '\n') context_.AppendText(doc_, "\n");
    return context_.AppendText(doc_, SanitizeUtf8(text));
  }

  void Parse(std::string_view xml, Poco::XML::DefaultHandler* handler, const std::string& name) {
    std::string error;
    if (!ParseXml(xml, handler, &error) && xml_error_.empty()) {
      xml_error_ = "malformed " + name + ": " + error;
    }
  }

  template <typename Handler>
  bool RunHandler(const std::map<std::string, std::string>& members, const std::string& name) {
    auto it = members.find(name);
    if (it == members.end()) return true;
    Handler handler(Budget());
    Parse(it->second, &handler, name);
    return Emit(handler.text());
  }

  // Text, spreadsheet, presentation: the text of content.xml (slides with their notes), and the
  // number of slides, as for PowerPoint.
  void OpenDocumentBody(const std::map<std::string, std::string>& members) {
    auto it = members.find("content.xml");
    if (it == members.end()) return;
    OdfBodyHandler handler(Budget());
    Parse(it->second, &handler, "content.xml");
    if (doc_->mime_type == "application/vnd.oasis.opendocument.presentation") {
      doc_->properties["slides"] = std::to_string(handler.draw_pages());
    }
    Emit(handler.text());
  }

  void Properties(const std::map<std::string, std::string>& members, const std::string& name) {
    auto it = members.find(name);
    if (it == members.end()) return;
    PropertiesHandler handler(&doc_->properties);
    Parse(it->second, &handler, name);
  }

  void WordProcessing(const std::map<std::string, std::string>& members) {
    if (!members.count("word/document.xml")) MarkPartial(doc_, "no word/document.xml");
    if (!RunHandler<RunTextHandler>(members, "word/document.xml")) return;
    // Headers, footers, notes and comments are searchable text too.
    for (const auto& [name, data] : members) {
      if (StartsWith(name, "word/header") || StartsWith(name, "word/footer") ||
          name == "word/footnotes.xml" || name == "word/endnotes.xml" ||
          name == "word/comments.xml") {
        if (!RunHandler<RunTextHandler>(members, name)) return;
      }
    }
  }

  void Spreadsheet(const std::map<std::string, std::string>& members) {
    SharedStringsHandler shared(Budget());
    if (auto it = members.find("xl/sharedStrings.xml"); it != members.end()) {
      Parse(it->second, &shared, it->first);
    }
    std::vector<std::pair<std::string, std::string>> sheets = SheetsInOrder(members);
    doc_->properties["sheets"] = std::to_string(sheets.size());
    for (const auto& [title, member] : sheets) {
      SheetHandler handler(Budget(), shared.strings_);
      Parse(members.at(member), &handler, member);
      // Sheet names are searched for ("onglet Budget 2024"): each sheet starts with its name.
      std::string text = title.empty() ? handler.text() : title + "\n" + handler.text();
      if (!Emit(text)) return;
    }
  }

  // (sheet name, member) in the workbook's tab order, from xl/workbook.xml and its
  // relationships; falls back to the worksheet files in numeric order without names.
  std::vector<std::pair<std::string, std::string>> SheetsInOrder(
      const std::map<std::string, std::string>& members) {
    std::vector<std::pair<std::string, std::string>> sheets;
    auto workbook = members.find("xl/workbook.xml");
    auto rels = members.find("xl/_rels/workbook.xml.rels");
    if (workbook != members.end() && rels != members.end()) {
      AttributeCollector sheet_list("sheet", {"name", "r:id"});
      AttributeCollector targets("Relationship", {"Id", "Target"});
      Parse(workbook->second, &sheet_list, workbook->first);
      Parse(rels->second, &targets, rels->first);
      for (const auto& sheet : sheet_list.found) {
        for (const auto& rel : targets.found) {
          if (rel[0] != sheet[1]) continue;
          // Targets are relative to xl/, or absolute from the package root.
          std::string member = rel[1].substr(0, 1) == "/" ? rel[1].substr(1) : "xl/" + rel[1];
          if (members.count(member)) sheets.emplace_back(sheet[0], member);
        }
      }
    }
    if (sheets.empty()) {
      for (std::string& member : Numbered(members, "xl/worksheets/sheet")) {
        sheets.emplace_back("", std::move(member));
      }
    }
    return sheets;
  }

  void Presentation(const std::map<std::string, std::string>& members) {
    std::vector<std::string> slides = Numbered(members, "ppt/slides/slide");
    doc_->properties["slides"] = std::to_string(slides.size());
    for (const std::string& name : slides) {
      if (!RunHandler<RunTextHandler>(members, name)) return;
    }
    for (const std::string& name : Numbered(members, "ppt/notesSlides/notesSlide")) {
      if (!RunHandler<RunTextHandler>(members, name)) return;
    }
  }

  // Why a zip that read whole gave nothing: it is not the document its type says.
  std::string MissingContent(bool odf) const {
    const std::string& type = doc_->mime_type;
    std::string wanted =
        odf ? "content.xml"
        : StartsWith(type, "application/vnd.openxmlformats-officedocument.spreadsheetml")
            ? "xl/worksheets/"
        : StartsWith(type, "application/vnd.openxmlformats-officedocument.presentationml")
            ? "ppt/slides/"
            : "word/document.xml";
    return std::string(odf ? "not an OpenDocument file" : "not an Office Open XML file") +
           ": the ZIP archive holds no " + wanted;
  }

  ExtractionContext& context_;
  ExtractedDocument* doc_;
  std::string xml_error_;
};

}  // namespace

void ExtractOfficeXml(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc) {
  OfficeExtractor(context, doc).Run(bytes);
}

}  // namespace synaps::indexer::extract_internal
