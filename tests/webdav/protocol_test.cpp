// WebDAV's protocol pieces alone: paths and destinations, the If header, the XML bodies, and
// the way down to what was shared.
#include <catch2/catch.hpp>

#include "dms-server/webdav/dav_path.h"
#include "dms-server/webdav/dav_xml.h"
#include "dms-server/webdav/if_header.h"
#include "dms-server/webdav/shared_view.h"

using namespace synaps::webdav;

TEST_CASE("paths under /dav decode, refuse dot segments, and encode back", "[webdav]") {
  auto path = ParseDavPath("/dav/CAB/comptes%20rendus/r%C3%A9union%231.odt");
  REQUIRE(path.ok());
  CHECK(path->StorePath() == "/CAB/comptes rendus/réunion#1.odt");
  CHECK(path->Href(false) == "/dav/CAB/comptes%20rendus/r%C3%A9union%231.odt");
  CHECK(ParseDavPath("/dav/").value().IsRoot());
  CHECK(!ParseDavPath("/dav/CAB/../DDT/x").ok());
  CHECK(!ParseDavPath("/dav/CAB/a%2Fb").ok());
  CHECK(!ParseDavPath("/dav/CAB/%FF").ok());
  CHECK(!ParseDavPath("/davx/CAB").ok());
  CHECK(!ParseDavPath("/api/v1/documents").ok());
}

TEST_CASE("a Destination is compared by path, whatever host and scheme name it", "[webdav]") {
  auto behind_proxy = ParseDestination("https://dms.prefecture.gouv.fr/dav/CAB/a%20b.txt");
  REQUIRE(behind_proxy.ok());
  CHECK(behind_proxy->StorePath() == "/CAB/a b.txt");
  CHECK(ParseDestination("/dav/CAB/x").value().StorePath() == "/CAB/x");
  CHECK(!ParseDestination("").ok());
  CHECK(!ParseDestination("https://elsewhere.example/other/x").ok());
}

TEST_CASE("the If header's grammar, tagged and untagged, and its evaluation", "[webdav]") {
  auto header = ParseIfHeader("(<opaquelocktoken:a> [\"1-2\"]) (Not <DAV:no-lock>)");
  REQUIRE(header.ok());
  REQUIRE(header->lists.size() == 2);
  CHECK(header->lists[0].conditions.size() == 2);
  CHECK(header->lists[1].conditions[0].negated);
  CHECK(header->Tokens() == std::vector<std::string>{"opaquelocktoken:a"});
  auto state = [](const std::optional<std::string>&) {
    ResourceState s;
    s.entity_tag = "\"1-2\"";
    s.has_token = [](const std::string& token) { return token == "opaquelocktoken:a"; };
    return s;
  };
  CHECK(Evaluate(*header, state));
  auto wrong = ParseIfHeader("(<opaquelocktoken:b>)");
  CHECK(!Evaluate(*wrong, state));
  auto tagged = ParseIfHeader("<http://h/dav/CAB/a> (<opaquelocktoken:a>) (<opaquelocktoken:z>)");
  REQUIRE(tagged.ok());
  CHECK(tagged->lists[1].resource == std::optional<std::string>("http://h/dav/CAB/a"));
  for (const char* bad : {"", "(", "()", "<x>", "(<a>) <x> (<b>)", "(Not)", "([])", "x"}) {
    INFO(bad);
    CHECK(!ParseIfHeader(bad).ok());
  }
}

TEST_CASE("PROPFIND, PROPPATCH and LOCK bodies, and what is refused", "[webdav]") {
  CHECK(ParsePropfind("").value().kind == PropfindRequest::Kind::kAllProp);
  auto prop = ParsePropfind(
      "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/><x:a xmlns:x=\"urn:x\"/></D:prop>"
      "</D:propfind>");
  REQUIRE(prop.ok());
  REQUIRE(prop->props.size() == 2);
  CHECK(prop->props[1] == PropertyName{"urn:x", "a"});
  auto patch = ParseProppatch(
      "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><z:n xmlns:z=\"urn:z\">a &amp; "
      "<b xmlns=\"urn:b\">c</b></z:n></D:prop></D:set><D:remove><D:prop><z:o xmlns:z=\"urn:z\"/>"
      "</D:prop></D:remove></D:propertyupdate>");
  REQUIRE(patch.ok());
  REQUIRE(patch->size() == 2);
  CHECK(patch->at(0).value_xml == "a &amp; <x0:b xmlns:x0=\"urn:b\">c</x0:b>");
  CHECK(patch->at(1).remove);
  auto lock = ParseLockInfo(
      "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/>"
      "</D:locktype></D:lockinfo>");
  REQUIRE(lock.ok());
  CHECK(!(*lock)->exclusive);
  CHECK(!ParseLockInfo("").value().has_value());  // a refresh
  // An external entity is never fetched: the document is refused or the entity left empty.
  auto entity = ParsePropfind(
      "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
      "<D:propfind xmlns:D=\"DAV:\"><D:prop><x xmlns=\"urn:x\">&e;</x></D:prop></D:propfind>");
  if (entity.ok()) CHECK(entity->props.size() == 1);
  CHECK(!ParsePropfind("<not-xml").ok());
  CHECK(!ParsePropfind("<D:other xmlns:D=\"DAV:\"/>").ok());
}

TEST_CASE("the way down to what was shared: only the next steps, the service code in any case",
          "[webdav]") {
  auto share = [](const std::string& path) {
    synaps::store::IncomingShare incoming;
    incoming.path = path;
    return incoming;
  };
  SharedView view({share("/CAB/crise/lecture"), share("/CAB/crise/fiche.txt"),
                   share("/CAB/archives/2024/bilan.pdf"), share("/DREAL/public")});
  CHECK(view.Services() == std::vector<std::string>{"CAB", "DREAL"});
  auto path = [](const char* raw) { return ParseDavPath(raw).value(); };
  CHECK(view.WayDown(path("/dav/cab/crise/")) == std::optional<std::string>("/CAB/crise"));
  CHECK(view.WayDown(path("/dav/CAB")) == std::optional<std::string>("/CAB"));
  CHECK(view.WayDown(path("/dav/CAB/archives/2024")) ==
        std::optional<std::string>("/CAB/archives/2024"));
  // The shared items themselves, what lies beside or beneath them, and the root are no way down.
  CHECK(!view.WayDown(path("/dav/CAB/crise/lecture")));
  CHECK(!view.WayDown(path("/dav/CAB/crise/lecture/sub")));
  CHECK(!view.WayDown(path("/dav/CAB/crise/budget.txt")));
  CHECK(!view.WayDown(path("/dav/CAB/crisex")));
  CHECK(!view.WayDown(path("/dav/DDT")));
  CHECK(!view.WayDown(path("/dav/")));
  CHECK(view.NextSteps(path("/dav/CAB")) == std::vector<std::string>{"archives", "crise"});
  CHECK(view.NextSteps(path("/dav/CAB/crise")) == std::vector<std::string>{"fiche.txt", "lecture"});
  CHECK(view.NextSteps(path("/dav/DREAL")) == std::vector<std::string>{"public"});
}

TEST_CASE("past versions are named v<N> with the document's extension, and read back", "[webdav]") {
  CHECK(VersionFileName("rapport.odt", 2) == "v2.odt");
  CHECK(VersionFileName("archive.tar.gz", 10) == "v10.gz");
  CHECK(VersionFileName("LISEZMOI", 1) == "v1");
  CHECK(VersionFileName(".profile", 3) == "v3");
  CHECK(ParseVersionFileName("v2.odt", "rapport.odt") == 2);
  CHECK(ParseVersionFileName("v10.gz", "archive.tar.gz") == 10);
  CHECK(ParseVersionFileName("v1", "LISEZMOI") == 1);
  for (const char* name : {"v2.pdf", "v.odt", "v02.odt", "v-1.odt", "x2.odt", "v2",
                           "v99999999999.odt", "v2.odt.odt"}) {
    INFO(name);
    CHECK(ParseVersionFileName(name, "rapport.odt") == 0);
  }
  CHECK(InVersions(ParseDavPath("/dav/.versions/CAB/a").value()));
  CHECK(!InVersions(ParseDavPath("/dav/CAB/.versions").value()));
}
