// Internal: a safe way to run a SAX handler over XML bytes (Poco::XML, expat underneath),
// shared by the XML and office-document extractors.
#ifndef SYNAPS_INDEXER_EXTRACT_XML_TEXT_H_
#define SYNAPS_INDEXER_EXTRACT_XML_TEXT_H_

#include <Poco/SAX/DefaultHandler.h>

#include <string>
#include <string_view>

namespace synaps::indexer::extract_internal {

// Parses `xml` with namespaces on and no external entities or DTDs fetched, delivering events
// to `handler`. Returns true if the whole document parsed; false with `*error` set (one line)
// if it is malformed; events already delivered stay delivered. Never throws for bad input.
bool ParseXml(std::string_view xml, Poco::XML::DefaultHandler* handler, std::string* error);

// The local part of a qualified name ("w:t" -> "t").
std::string_view LocalName(std::string_view qname);

}  // namespace synaps::indexer::extract_internal

#endif  // SYNAPS_INDEXER_EXTRACT_XML_TEXT_H_
