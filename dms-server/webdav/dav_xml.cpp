#include "dms-server/webdav/dav_xml.h"

#include <Poco/DOM/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NamedNodeMap.h>
#include <Poco/DOM/Node.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/SAX/XMLReader.h>

#include "dms-server/store/names.h"

namespace synaps::webdav {

using Poco::XML::Element;
using Poco::XML::Node;
using store::Result;
using store::Status;

namespace {

Result<Poco::AutoPtr<Poco::XML::Document>> Parse(std::string_view body) {
  Poco::XML::DOMParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_NAMESPACES, true);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  parser.setFeature(Poco::XML::DOMParser::FEATURE_FILTER_WHITESPACE, false);
  try {
    return Poco::AutoPtr<Poco::XML::Document>(parser.parseMemory(body.data(), body.size()));
  } catch (const Poco::Exception& error) {
    return Status::Invalid("the XML body is malformed: " + error.message());
  }
}

bool Is(const Node* node, std::string_view local) {
  return node != nullptr && node->nodeType() == Node::ELEMENT_NODE &&
         node->namespaceURI() == kDav && node->localName() == local;
}

// The first child element of `parent` in DAV: named `local`.
const Element* Child(const Node* parent, std::string_view local) {
  for (const Node* child = parent->firstChild(); child; child = child->nextSibling()) {
    if (Is(child, local)) return static_cast<const Element*>(child);
  }
  return nullptr;
}

std::vector<PropertyName> PropertyNames(const Node* prop) {
  std::vector<PropertyName> names;
  for (const Node* child = prop->firstChild(); child; child = child->nextSibling()) {
    if (child->nodeType() == Node::ELEMENT_NODE) {
      names.push_back({child->namespaceURI(), child->localName()});
    }
  }
  return names;
}

// The children of `node` as XML, each element declaring its own namespace (and its attributes'),
// so the fragment stands alone wherever it is sent back.
void WriteChildren(const Node* node, std::string& out, int& prefixes) {
  for (const Node* child = node->firstChild(); child; child = child->nextSibling()) {
    if (child->nodeType() == Node::TEXT_NODE || child->nodeType() == Node::CDATA_SECTION_NODE) {
      out += XmlEscape(child->getNodeValue());
    } else if (child->nodeType() == Node::ELEMENT_NODE) {
      std::string prefix = "x" + std::to_string(prefixes++);
      std::string tag =
          child->namespaceURI().empty() ? child->localName() : prefix + ":" + child->localName();
      out += "<" + tag;
      if (!child->namespaceURI().empty()) {
        out += " xmlns:" + prefix + "=\"" + XmlEscape(child->namespaceURI()) + "\"";
      } else {
        out += " xmlns=\"\"";
      }
      const Poco::XML::NamedNodeMap* attributes = child->attributes();
      for (unsigned long i = 0; attributes && i < attributes->length(); ++i) {
        const Node* attribute = attributes->item(i);
        const std::string& name = attribute->nodeName();
        if (name == "xmlns" || name.rfind("xmlns:", 0) == 0) continue;  // declared above
        if (attribute->namespaceURI().empty()) {
          out += " " + attribute->localName() + "=\"" + XmlEscape(attribute->getNodeValue()) + "\"";
        } else {
          std::string attribute_prefix = "x" + std::to_string(prefixes++);
          out += " xmlns:" + attribute_prefix + "=\"" + XmlEscape(attribute->namespaceURI()) +
                 "\" " + attribute_prefix + ":" + attribute->localName() + "=\"" +
                 XmlEscape(attribute->getNodeValue()) + "\"";
        }
      }
      if (attributes) attributes->release();
      out += ">";
      WriteChildren(child, out, prefixes);
      out += "</" + tag + ">";
    }
  }
}

std::string InnerXml(const Node* node) {
  std::string out;
  int prefixes = 0;
  WriteChildren(node, out, prefixes);
  return out;
}

}  // namespace

PropertyName NameOfKey(std::string_view key) {
  size_t close = key.find('}');
  if (key.empty() || key.front() != '{' || close == std::string_view::npos) {
    return {"", std::string(key)};
  }
  return {std::string(key.substr(1, close - 1)), std::string(key.substr(close + 1))};
}

Result<PropfindRequest> ParsePropfind(std::string_view body) {
  PropfindRequest request;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return request;
  SYNAPS_ASSIGN_OR_RETURN(auto document, Parse(body));
  const Element* root = document->documentElement();
  if (!Is(root, "propfind")) return Status::Invalid("the body is not a DAV:propfind");
  if (const Element* prop = Child(root, "prop")) {
    request.kind = PropfindRequest::Kind::kProp;
    request.props = PropertyNames(prop);
  } else if (Child(root, "propname")) {
    request.kind = PropfindRequest::Kind::kPropName;
  } else if (Child(root, "allprop")) {
    if (const Element* include = Child(root, "include")) request.props = PropertyNames(include);
  } else {
    return Status::Invalid("a propfind holds prop, propname or allprop");
  }
  return request;
}

Result<std::vector<PropertyUpdate>> ParseProppatch(std::string_view body) {
  SYNAPS_ASSIGN_OR_RETURN(auto document, Parse(body));
  const Element* root = document->documentElement();
  if (!Is(root, "propertyupdate")) return Status::Invalid("the body is not a DAV:propertyupdate");
  std::vector<PropertyUpdate> updates;
  for (const Node* change = root->firstChild(); change; change = change->nextSibling()) {
    bool set = Is(change, "set"), remove = Is(change, "remove");
    if (!set && !remove) continue;
    const Element* prop = Child(change, "prop");
    if (!prop) return Status::Invalid("a set or remove without a prop");
    for (const Node* property = prop->firstChild(); property; property = property->nextSibling()) {
      if (property->nodeType() != Node::ELEMENT_NODE) continue;
      PropertyUpdate update;
      update.name = {property->namespaceURI(), property->localName()};
      update.remove = remove;
      if (set) update.value_xml = InnerXml(property);
      updates.push_back(std::move(update));
    }
  }
  if (updates.empty()) return Status::Invalid("the propertyupdate changes nothing");
  return updates;
}

Result<std::optional<LockRequest>> ParseLockInfo(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return std::optional<LockRequest>();
  }
  SYNAPS_ASSIGN_OR_RETURN(auto document, Parse(body));
  const Element* root = document->documentElement();
  if (!Is(root, "lockinfo")) return Status::Invalid("the body is not a DAV:lockinfo");
  LockRequest request;
  const Element* scope = Child(root, "lockscope");
  const Element* type = Child(root, "locktype");
  if (!scope || !type || !Child(type, "write")) {
    return Status::Invalid("a lockinfo needs a lockscope and a write locktype");
  }
  if (Child(scope, "shared")) {
    request.exclusive = false;
  } else if (!Child(scope, "exclusive")) {
    return Status::Invalid("the lockscope is exclusive or shared");
  }
  if (const Element* owner = Child(root, "owner")) request.owner_xml = InnerXml(owner);
  return std::optional<LockRequest>(std::move(request));
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string PropertyElement(const PropertyName& name, std::string_view inner_xml) {
  std::string tag, declaration;
  if (name.ns == kDav) {
    tag = "D:" + name.local;  // D: is declared on the multistatus
  } else if (name.ns.empty()) {
    tag = name.local;
    declaration = " xmlns=\"\"";
  } else {
    tag = "P:" + name.local;
    declaration = " xmlns:P=\"" + XmlEscape(name.ns) + "\"";
  }
  if (inner_xml.empty()) return "<" + tag + declaration + "/>";
  return "<" + tag + declaration + ">" + std::string(inner_xml) + "</" + tag + ">";
}

std::string StatusLine(int status) {
  return "HTTP/1.1 " + std::to_string(status) + " " +
         Poco::Net::HTTPResponse::getReasonForStatus(
             static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
}

Multistatus::Multistatus()
    : xml_("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">") {}

void Multistatus::Add(const Response& response) {
  xml_ += "<D:response><D:href>" + XmlEscape(response.href) + "</D:href>";
  if (response.status != 0) {
    xml_ += "<D:status>" + StatusLine(response.status) + "</D:status>";
  }
  if (!response.found.empty()) {
    xml_ += "<D:propstat><D:prop>";
    for (const std::string& element : response.found) xml_ += element;
    xml_ += "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>";
  }
  auto propstat = [&](const std::vector<PropertyName>& names, int status) {
    if (names.empty()) return;
    xml_ += "<D:propstat><D:prop>";
    for (const PropertyName& name : names) xml_ += PropertyElement(name);
    xml_ += "</D:prop><D:status>" + StatusLine(status) + "</D:status></D:propstat>";
  };
  propstat(response.missing, 404);
  propstat(response.forbidden, 403);
  propstat(response.failed, 424);
  xml_ += "</D:response>";
}

std::string Multistatus::Finish() {
  xml_ += "</D:multistatus>\n";
  return std::move(xml_);
}

}  // namespace synaps::webdav
