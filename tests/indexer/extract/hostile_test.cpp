// Nasty inputs: each ends with a clear status, valid UTF-8 text and bounded output.
#include <sys/resource.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "indexer/extract/extract.h"
#include "indexer/extract/text_encoding.h"
#include "tests/indexer/extract/test_util.h"

namespace synaps::indexer {
namespace {

using extract_internal::IsValidUtf8;
using test::Contains;
using test::ExtractFixture;

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void CheckClean(const ExtractedDocument& doc) {
  CHECK(IsValidUtf8(doc.text));
  CHECK(doc.text.find('\0') == std::string::npos);
  if (doc.status != ExtractionStatus::kOk) CHECK_FALSE(doc.status_reason.empty());
  CHECK(doc.status_reason.find('\n') == std::string::npos);
  if (doc.status != ExtractionStatus::kOk) {
    INFO(doc.status_reason);
    CHECK(test::VagueReasonProblem(doc.status_reason).empty());
  }
  for (const ExtractedChild& child : doc.children) CheckClean(child.doc);
}

TEST_CASE("Damaged PDFs end with a status, never a crash", "[extract][hostile][pdf]") {
  for (const char* name : {"truncated.pdf", "corrupted.pdf", "reference-loop.pdf"}) {
    ExtractedDocument doc = ExtractFixture(name);
    INFO(name << "\n" << DescribeForDebug(doc));
    CheckClean(doc);
    CHECK(doc.mime_type == "application/pdf");
  }
  // The truncated file lost its second page and trailer: poppler rebuilds what it can.
  ExtractedDocument truncated = ExtractFixture("truncated.pdf");
  CHECK((truncated.status == ExtractionStatus::kFailed || Contains(truncated.text, "Le préfet")));
  ExtractedDocument garbage = ExtractBytes("%PDF-1.7\n garbage only", "x.pdf", {});
  CHECK(garbage.status == ExtractionStatus::kFailed);
  CHECK(garbage.status_reason ==
        "extraction failed: PDF is truncated: the file ends before its cross-reference table");
}

TEST_CASE("Encrypted PDF without password: metadata only", "[extract][hostile][pdf]") {
  ExtractedDocument doc = ExtractFixture("encrypted.pdf");
  INFO(DescribeForDebug(doc));
  CHECK(doc.status == ExtractionStatus::kEncrypted);
  CHECK(doc.status_reason == "encrypted PDF: password required, metadata only");
  CHECK(doc.text.empty());
  CHECK(doc.mime_type == "application/pdf");
}

TEST_CASE("Zip bomb is stopped by the compression ratio", "[extract][hostile][archive]") {
  ExtractedDocument doc = ExtractFixture("zip-bomb.zip");
  INFO(DescribeForDebug(doc));
  CHECK(doc.status == ExtractionStatus::kPartial);
  CHECK(Contains(doc.status_reason, "compression ratio above 200 (zip bomb?)"));
  CHECK(doc.children.empty());
  // With the ratio check relaxed the total-size budget still stops it.
  ExtractionLimits limits;
  limits.max_compression_ratio = 1e9;
  limits.max_total_uncompressed_bytes = 8 * 1024 * 1024;
  ExtractedDocument capped = ExtractFixture("zip-bomb.zip", limits);
  CHECK(capped.status == ExtractionStatus::kPartial);
  CHECK(Contains(capped.status_reason, "total uncompressed size limit"));
}

TEST_CASE("Archive nested 20 deep stops at max_depth", "[extract][hostile][archive]") {
  ExtractedDocument doc = ExtractFixture("nested-20.zip");
  CheckClean(doc);
  CHECK(doc.status == ExtractionStatus::kPartial);
  CHECK(doc.status_reason ==
        "level-19.zip!/level-18.zip!/level-17.zip!/level-16.zip!/level-15.zip: members nested "
        "deeper than 5 levels not extracted");
  int depth = 0;
  const ExtractedDocument* level = &doc;
  while (!level->children.empty()) {
    level = &level->children.front().doc;
    ++depth;
  }
  CHECK(depth == 6);  // Five extracted levels, the sixth recorded but not opened.
  CHECK(level->status == ExtractionStatus::kUnsupported);
  CHECK(level->mime_type == "application/zip");

  ExtractionLimits deep;
  deep.max_depth = 25;
  ExtractedDocument bottom = ExtractFixture("nested-20.zip", deep);
  level = &bottom;
  while (!level->children.empty()) level = &level->children.front().doc;
  CHECK(Contains(level->text, "Le fond du puits."));
  CHECK(bottom.status == ExtractionStatus::kOk);
}

TEST_CASE("Member count limit", "[extract][hostile][archive]") {
  ExtractionLimits limits;
  limits.max_members = 1;
  ExtractedDocument doc = ExtractFixture("dossier.zip", limits);
  CHECK(doc.children.size() == 1);
  CHECK(doc.status == ExtractionStatus::kPartial);
  CHECK(Contains(doc.status_reason, "stopped after 1 members"));
}

TEST_CASE("A 200 MB single line is cut, quickly and in bounded memory", "[extract][hostile]") {
  test::TempDir dir;
  std::filesystem::path big = dir.path() / "ligne.txt";
  {
    std::ofstream out(big, std::ios::binary);
    std::string chunk(1 << 20, 'a');
    chunk.replace(0, 7, "début ");  // 7 bytes: é takes two.
    for (int i = 0; i < 200; ++i)
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  }
  REQUIRE(std::filesystem::file_size(big) == 200ull << 20);
  ExtractionLimits limits;
  limits.max_text_bytes = 4 * 1024 * 1024;
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  ExtractedDocument doc = ExtractFile(big, "ligne.txt", limits);
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  CHECK(doc.status == ExtractionStatus::kPartial);
  CHECK(Contains(doc.status_reason, "truncated"));
  CHECK(doc.text.size() <= limits.max_text_bytes);
  CHECK(doc.text.substr(0, 7) == "début ");
  // Only the prefix was read: peak RSS grew by far less than the file (ru_maxrss is in KiB).
  if (!test::kAsan) CHECK(after.ru_maxrss - before.ru_maxrss < 64 * 1024);
}

TEST_CASE("Text output is capped across the whole tree", "[extract][hostile]") {
  ExtractionLimits limits;
  limits.max_text_bytes = 40;
  ExtractedDocument doc = ExtractFixture("sample.pdf", limits);
  CHECK(doc.status == ExtractionStatus::kPartial);
  CHECK(doc.status_reason == "text truncated at 40 bytes");
  CHECK(doc.text.size() <= 40);
  CHECK(IsValidUtf8(doc.text));
  ExtractedDocument mail = ExtractFixture("reunion.eml", limits);
  std::size_t total = mail.text.size();
  for (const ExtractedChild& child : mail.children) total += child.doc.text.size();
  CHECK(total <= 40);
  CHECK(mail.status == ExtractionStatus::kPartial);
}

TEST_CASE("Invalid UTF-8 and NUL bytes come out clean", "[extract][hostile][text]") {
  ExtractedDocument invalid = ExtractFixture("invalid-utf8.txt");
  CheckClean(invalid);
  CHECK(Contains(invalid.text, "début valide"));
  CHECK(Contains(invalid.text, "fin"));
  ExtractedDocument nul = ExtractFixture("nul-bytes.txt");
  CheckClean(nul);
  CHECK(Contains(nul.text, "avantaprès"));
  CHECK(Contains(nul.text, "fin"));
}

TEST_CASE("Mail with a broken boundary and 8-bit headers", "[extract][hostile][mail]") {
  ExtractedDocument doc = ExtractFixture("broken-boundary.eml");
  INFO(DescribeForDebug(doc));
  CheckClean(doc);
  CHECK(doc.mime_type == "message/rfc822");
  CHECK(doc.status != ExtractionStatus::kFailed);
  CHECK(doc.properties["subject"] == "Demande de régularisation à traiter");
  CHECK(Contains(doc.properties["from"], "José García"));
  CHECK(doc.properties.count("date") == 0);
}

TEST_CASE("Unreadable paths fail cleanly", "[extract][hostile]") {
  ExtractedDocument missing = ExtractFile("/nonexistent/file.pdf", "", {});
  CHECK(missing.status == ExtractionStatus::kFailed);
  CHECK(Contains(missing.status_reason, "cannot open file"));
  ExtractedDocument directory = ExtractFile(SYNAPS_FIXTURES_DIR, "", {});
  CHECK(directory.status == ExtractionStatus::kFailed);
  test::TempDir dir;
  std::filesystem::path fifo = dir.path() / "tube.pdf";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  ExtractedDocument pipe = ExtractFile(fifo, "", {});  // Must not block waiting for a writer.
  CHECK(pipe.status_reason == "extraction failed: not a regular file");
  ExtractedDocument empty = ExtractBytes("", "vide.txt", {});
  CHECK(empty.status == ExtractionStatus::kOk);
  CHECK(empty.text.empty());
}

TEST_CASE("Billion laughs are refused by the XML parser", "[extract][hostile][xml]") {
  ExtractedDocument doc = ExtractFixture("billion-laughs.xml");
  INFO(DescribeForDebug(doc));
  CHECK(doc.status == ExtractionStatus::kPartial);
  CHECK(Contains(doc.status_reason, "amplification"));
  CHECK(doc.text.size() < 1024);
}

TEST_CASE("A broken legacy Word file fails through its converters", "[extract][hostile]") {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(4096, '\x01');
  ExtractedDocument doc = ExtractBytes(ole, "vieux.doc", {});
  INFO(DescribeForDebug(doc));
  CHECK(doc.mime_type == "application/msword");
  CheckClean(doc);
  CHECK(doc.status == ExtractionStatus::kFailed);
  CHECK(Contains(doc.status_reason, "extraction failed: "));
}

// A poor man's fuzzer: every fixture cut at many lengths and with flipped bytes must still
// give a clean document. Run under ASan/UBSan, this is where memory errors would show.
TEST_CASE("Truncated and bit-flipped fixtures never break extraction", "[extract][hostile]") {
  ExtractionLimits limits;
  limits.filter_seconds = 5;
  for (const auto& entry : std::filesystem::directory_iterator(test::Fixture(""))) {
    std::string name = entry.path().filename().string();
    if (name == "zip-bomb.zip" || name == "make-fixtures.sh" || name == "arrete.rtf") continue;
    std::string bytes = ReadAll(entry.path());
    for (std::size_t cut :
         {bytes.size() / 7, bytes.size() / 3, bytes.size() / 2, bytes.size() - bytes.size() / 10}) {
      INFO(name << " cut at " << cut);
      CheckClean(ExtractBytes(std::string_view(bytes).substr(0, cut), name, limits));
    }
    std::string flipped = bytes;
    for (std::size_t i = flipped.size() / 5; i < flipped.size(); i += 97) flipped[i] ^= 0x5A;
    INFO(name << " flipped");
    CheckClean(ExtractBytes(flipped, name, limits));
  }
}

TEST_CASE("Properties and reasons leave as clean single lines whatever the input",
          "[extract][hostile]") {
  ExtractedDocument html = ExtractBytes(
      "<html><head><title>Avis&#1;&#27;[2J &#133;pr\xE9"
      "fet</title>"
      "<meta name=\"description\" content=\"ligne&#10;deux\"></head><body>x</body></html>",
      "avis.html", {});
  INFO(DescribeForDebug(html));
  for (const auto& [key, value] : html.properties) {
    for (unsigned char c : value) CHECK((c >= 0x20 && c != 0x7F));
    CHECK(value.find("\xC2\x85") == std::string::npos);
  }
  CHECK(Contains(html.properties["title"], "Avis"));
  ExtractedDocument xml = ExtractBytes(
      "<?xml version=\"1.0\" encoding=\"latin1\x01\x1b\"?><doc>texte</doc>", "d.xml", {});
  for (const auto& [key, value] : xml.properties) {
    for (unsigned char c : value) CHECK(c >= 0x20);
  }
}

TEST_CASE("A type the caller already detected is not detected again", "[extract]") {
  test::TempDir dir;
  std::filesystem::path file = dir.path() / "note.txt";
  std::ofstream(file) << "<p>Bonjour <b>madame</b> la pr\xC3\xA9"
                         "f\xC3\xA8te</p>\n";
  ExtractedDocument detected = ExtractFile(file, "", {});
  CHECK(detected.mime_type == "text/plain");
  CHECK(Contains(detected.text, "<b>"));
  ExtractedDocument given = ExtractFile(file, "", {}, "text/html");
  CHECK(given.mime_type == "text/html");
  CHECK(Contains(given.text, "Bonjour madame"));
  CHECK_FALSE(Contains(given.text, "<b>"));
}

}  // namespace
}  // namespace synaps::indexer
