// HTML and XHTML: the visible text (not script/style), title, description, keywords, author,
// language and declared charset. A tolerant scanner rather than a DOM: real-world HTML is
// rarely well-formed, and only the text is wanted.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <vector>

#include "indexer/extract/context.h"
#include "indexer/extract/html_text.h"
#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::extract_internal {
namespace {

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};

// The entities French documents actually use, plus the XML five.
constexpr std::array kEntities = {
    NamedEntity{"amp", U'&'},    NamedEntity{"lt", U'<'},     NamedEntity{"gt", U'>'},
    NamedEntity{"quot", U'"'},   NamedEntity{"apos", U'\''},  NamedEntity{"nbsp", U' '},
    NamedEntity{"eacute", U'é'}, NamedEntity{"Eacute", U'É'}, NamedEntity{"egrave", U'è'},
    NamedEntity{"Egrave", U'È'}, NamedEntity{"ecirc", U'ê'},  NamedEntity{"Ecirc", U'Ê'},
    NamedEntity{"euml", U'ë'},   NamedEntity{"agrave", U'à'}, NamedEntity{"Agrave", U'À'},
    NamedEntity{"acirc", U'â'},  NamedEntity{"Acirc", U'Â'},  NamedEntity{"auml", U'ä'},
    NamedEntity{"ccedil", U'ç'}, NamedEntity{"Ccedil", U'Ç'}, NamedEntity{"icirc", U'î'},
    NamedEntity{"Icirc", U'Î'},  NamedEntity{"iuml", U'ï'},   NamedEntity{"ocirc", U'ô'},
    NamedEntity{"Ocirc", U'Ô'},  NamedEntity{"ouml", U'ö'},   NamedEntity{"ugrave", U'ù'},
    NamedEntity{"Ugrave", U'Ù'}, NamedEntity{"ucirc", U'û'},  NamedEntity{"Ucirc", U'Û'},
    NamedEntity{"uuml", U'ü'},   NamedEntity{"yuml", U'ÿ'},   NamedEntity{"oelig", U'œ'},
    NamedEntity{"OElig", U'Œ'},  NamedEntity{"aelig", U'æ'},  NamedEntity{"AElig", U'Æ'},
    NamedEntity{"euro", U'€'},   NamedEntity{"rsquo", U'’'},  NamedEntity{"lsquo", U'‘'},
    NamedEntity{"ldquo", U'“'},  NamedEntity{"rdquo", U'”'},  NamedEntity{"laquo", U'«'},
    NamedEntity{"raquo", U'»'},  NamedEntity{"hellip", U'…'}, NamedEntity{"ndash", U'–'},
    NamedEntity{"mdash", U'—'},  NamedEntity{"deg", U'°'},    NamedEntity{"copy", U'©'},
    NamedEntity{"reg", U'®'},    NamedEntity{"sect", U'§'},   NamedEntity{"middot", U'·'},
    NamedEntity{"bull", U'•'},   NamedEntity{"times", U'×'},  NamedEntity{"shy", U'\u00AD'},
};

// Numeric references 128-159 mean Windows-1252 characters in practice (&#146; is ’).
char32_t FromWindows1252Range(char32_t cp) {
  static constexpr char32_t kMap[32] = {
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  return (cp >= 0x80 && cp <= 0x9F) ? kMap[cp - 0x80] : cp;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool IsBlockTag(std::string_view tag) {
  static constexpr std::array<std::string_view, 30> kBlocks = {
      "p",   "div",   "br",      "li",    "tr",         "h1",      "h2",     "h3",
      "h4",  "h5",    "h6",      "table", "section",    "article", "header", "footer",
      "ul",  "ol",    "pre",     "hr",    "blockquote", "dt",      "dd",     "form",
      "nav", "aside", "address", "main",  "figcaption", "caption"};
  return std::find(kBlocks.begin(), kBlocks.end(), tag) != kBlocks.end();
}

// Whitespace-collapsing text accumulator: runs of spaces become one, block breaks one newline.
class TextOut {
 public:
  void Text(std::string_view s) {
    for (char c : s) {
      if (IsSpace(c)) {
        pending_space_ = true;
      } else {
        Flush();
        out_.push_back(c);
      }
    }
  }
  void Break() {
    if (!out_.empty()) pending_newline_ = true;
  }
  void Tab() {
    if (!out_.empty() && !pending_newline_) {
      pending_space_ = false;
      out_.push_back('\t');
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  void Flush() {
    if (pending_newline_) {
      out_.push_back('\n');
    } else if (pending_space_ && !out_.empty() && out_.back() != '\t') {
      out_.push_back(' ');
    }
    pending_newline_ = pending_space_ = false;
  }
  std::string out_;
  bool pending_space_ = false;
  bool pending_newline_ = false;
};

std::size_t FindCaseInsensitive(std::string_view haystack, std::string_view needle,
                                std::size_t from) {
  auto it = std::search(haystack.begin() + static_cast<std::ptrdiff_t>(from), haystack.end(),
                        needle.begin(), needle.end(), [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
  return it == haystack.end() ? std::string_view::npos
                              : static_cast<std::size_t>(it - haystack.begin());
}

struct Tag {
  std::string name;  // Lower case, without "/".
  bool closing = false;
  std::vector<std::pair<std::string, std::string>> attributes;  // Names lower case.
  std::string_view Attribute(std::string_view attribute) const {
    for (const auto& [key, value] : attributes) {
      if (key == attribute) return value;
    }
    return {};
  }
};

// Parses the tag starting at html[pos] == '<'; returns the position after '>'.
std::size_t ParseTag(std::string_view html, std::size_t pos, Tag* tag) {
  std::size_t i = pos + 1;
  if (i < html.size() && html[i] == '/') {
    tag->closing = true;
    ++i;
  }
  std::size_t start = i;
  while (i < html.size() && !IsSpace(html[i]) && html[i] != '>' && html[i] != '/') ++i;
  tag->name = Lower(html.substr(start, i - start));
  // Attribute values are small; long ones (inline images) are skipped, not copied.
  while (i < html.size() && html[i] != '>') {
    if (IsSpace(html[i]) || html[i] == '/') {
      ++i;
      continue;
    }
    std::size_t name_start = i;
    while (i < html.size() && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>') ++i;
    std::string name = Lower(html.substr(name_start, i - name_start));
    while (i < html.size() && IsSpace(html[i])) ++i;
    std::string value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        char quote = html[i++];
        std::size_t end = html.find(quote, i);
        if (end == std::string_view::npos) end = html.size();
        value = html.substr(i, std::min<std::size_t>(end - i, 4096));
        i = end < html.size() ? end + 1 : end;
      } else {
        std::size_t value_start = i;
        while (i < html.size() && !IsSpace(html[i]) && html[i] != '>') ++i;
        value = html.substr(value_start, std::min<std::size_t>(i - value_start, 4096));
      }
    }
    if (tag->attributes.size() < 64) tag->attributes.emplace_back(std::move(name), value);
  }
  return i < html.size() ? i + 1 : i;
}

std::string CollapseSpaces(std::string_view s) {
  TextOut out;
  out.Text(DecodeEntities(s));
  return out.Take();
}

}  // namespace

std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    std::size_t semicolon = s.find(';', i + 1);
    if (semicolon == std::string_view::npos || semicolon - i > 12) {
      out.push_back('&');
      continue;
    }
    std::string_view name = s.substr(i + 1, semicolon - i - 1);
    if (!name.empty() && name[0] == '#') {
      std::uint32_t cp = 0;
      bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string_view digits = name.substr(hex ? 2 : 1);
      bool valid = !digits.empty();
      for (char c : digits) {
        int d = std::isdigit(static_cast<unsigned char>(c))
                    ? c - '0'
                    : (hex && std::isxdigit(static_cast<unsigned char>(c))
                           ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                           : -1);
        if (d < 0) valid = false;
        if (!valid) break;
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        if (cp > 0x10FFFF) cp = 0xFFFD;
      }
      if (valid) {
        base::AppendUtf8(&out, FromWindows1252Range(cp));
        i = semicolon;
        continue;
      }
    } else {
      auto it = std::find_if(kEntities.begin(), kEntities.end(),
                             [&](const NamedEntity& e) { return e.name == name; });
      if (it != kEntities.end()) {
        base::AppendUtf8(&out, it->code_point);
        i = semicolon;
        continue;
      }
    }
    out.push_back('&');
  }
  return out;
}

std::string DeclaredHtmlCharset(std::string_view head) {
  head = head.substr(0, 16384);
  for (std::size_t pos = 0; (pos = FindCaseInsensitive(head, "charset", pos)) != head.npos;) {
    pos += 7;
    while (pos < head.size() &&
           (IsSpace(head[pos]) || head[pos] == '=' || head[pos] == '"' || head[pos] == '\'')) {
      ++pos;
    }
    std::size_t start = pos;
    while (pos < head.size() &&
           (std::isalnum(static_cast<unsigned char>(head[pos])) || head[pos] == '-' ||
            head[pos] == '_' || head[pos] == ':' || head[pos] == '.')) {
      ++pos;
    }
    if (pos > start) return std::string(head.substr(start, pos - start));
  }
  // XHTML served as XML declares it in the prolog.
  if (head.substr(0, 5) == "<?xml") {
    std::size_t end = head.find("?>");
    std::size_t enc = FindCaseInsensitive(head.substr(0, end), "encoding", 0);
    if (enc != head.npos) {
      std::size_t start = head.find_first_of("\"'", enc);
      if (start != head.npos) {
        std::size_t stop = head.find(head[start], start + 1);
        if (stop != head.npos) return std::string(head.substr(start + 1, stop - start - 1));
      }
    }
  }
  return {};
}

std::string HtmlVisibleText(std::string_view html, std::map<std::string, std::string>* props) {
  TextOut out;
  std::size_t i = 0;
  while (i < html.size()) {
    std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) lt = html.size();
    if (lt > i) out.Text(DecodeEntities(html.substr(i, lt - i)));
    if (lt >= html.size()) break;
    if (html.substr(lt, 4) == "<!--") {
      std::size_t end = html.find("-->", lt + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (lt + 1 < html.size() && (html[lt + 1] == '!' || html[lt + 1] == '?')) {
      if (html.substr(lt, 9) == "<![CDATA[") {
        std::size_t end = html.find("]]>", lt + 9);
        std::size_t stop = end == std::string_view::npos ? html.size() : end;
        out.Text(html.substr(lt + 9, stop - lt - 9));
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      std::size_t end = html.find('>', lt);
      i = end == std::string_view::npos ? html.size() : end + 1;
      continue;
    }
    if (lt + 1 >= html.size() ||
        !(std::isalpha(static_cast<unsigned char>(html[lt + 1])) || html[lt + 1] == '/')) {
      out.Text("<");
      i = lt + 1;
      continue;
    }
    Tag tag;
    i = ParseTag(html, lt, &tag);
    if (tag.closing) {
      if (IsBlockTag(tag.name)) out.Break();
      if (tag.name == "td" || tag.name == "th") out.Tab();
      continue;
    }
    const std::string& name = tag.name;
    if (name == "script" || name == "style" || name == "noscript" || name == "template" ||
        name == "title") {
      std::size_t end = FindCaseInsensitive(html, "</" + name, i);
      std::size_t stop = end == std::string_view::npos ? html.size() : end;
      if (name == "title" && props != nullptr && !props->count("title")) {
        std::string title = CollapseSpaces(html.substr(i, std::min<std::size_t>(stop - i, 4096)));
        if (!title.empty()) (*props)["title"] = title;
      }
      std::size_t close = end == std::string_view::npos ? html.size() : html.find('>', end);
      i = close == std::string_view::npos ? html.size() : close + 1;
      continue;
    }
    if (props != nullptr && name == "meta") {
      std::string meta_name = Lower(tag.Attribute("name"));
      std::string content = CollapseSpaces(tag.Attribute("content"));
      if (!content.empty() &&
          (meta_name == "description" || meta_name == "keywords" || meta_name == "author")) {
        (*props)[meta_name] = content;
      }
    }
    if (props != nullptr && name == "html") {
      std::string_view lang = tag.Attribute("lang");
      if (lang.empty()) lang = tag.Attribute("xml:lang");
      if (!lang.empty()) (*props)["language"] = Lower(lang);
    }
    if (IsBlockTag(name)) out.Break();
    if (name == "img") {
      std::string alt = CollapseSpaces(tag.Attribute("alt"));
      if (!alt.empty()) out.Text(" " + alt + " ");
    }
  }
  return out.Take();
}

void ExtractHtml(ExtractionContext& context, std::string_view bytes, ExtractedDocument* doc) {
  std::string declared = DeclaredHtmlCharset(bytes);
  std::string charset;
  std::string html = DecodeText(bytes, declared, &charset);
  doc->properties["charset"] = charset;
  std::string text = HtmlVisibleText(html, &doc->properties);
  // Entities may have produced controls or NULs (&#0;); the output must stay clean.
  context.AppendText(doc, SanitizeUtf8(text));
}

}  // namespace synaps::indexer::extract_internal
