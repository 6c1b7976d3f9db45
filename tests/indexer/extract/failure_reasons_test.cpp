// Every hostile input fails with a reason that says what was wrong, through the real worker.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "indexer/extract/extract.h"
#include "tests/indexer/extract/test_util.h"

namespace synaps::indexer {
namespace {

using test::Contains;

// The reasons of `doc` and of its whole tree, with the address of each.
void CollectReasons(const std::string& address, const ExtractedDocument& doc,
                    std::vector<std::pair<std::string, std::string>>* out) {
  if (doc.status != ExtractionStatus::kOk) out->emplace_back(address, doc.status_reason);
  for (const ExtractedChild& child : doc.children) {
    CollectReasons(ChildAddress(address, child.name), child.doc, out);
  }
}

// What the reason of each file in hostile/ must say.
const std::map<std::string, std::string> kExpected = {
    {"zip-truncated.zip", "ZIP archive truncated after 1 members: central directory missing"},
    {"zip-header-only.zip", "extraction failed: ZIP archive truncated: central directory missing"},
    {"zip-encrypted.zip", "archive is encrypted (password-protected members)"},
    {"docx-truncated.docx", "ZIP archive truncated after 2 members: central directory missing"},
    {"docx-without-document.docx",
     "not an Office Open XML file: the ZIP archive holds no word/document.xml"},
    {"7z-truncated.7z", "7z archive truncated: its header lies past the end of the file"},
    {"tar-truncated.tar", "tar archive truncated after 0 members"},
    {"gzip-truncated.tar.gz", "gzip data truncated"},
    {"bzip2-truncated.txt.bz2", "bzip2 data truncated"},
    {"xz-truncated.txt.xz", "xz data truncated"},
    {"gzip-corrupt.txt.gz", "gzip data corrupt"},
    {"rar5.rar", "RAR archives are not supported"},
    {"pdf-header-only.pdf",
     "extraction failed: PDF is truncated: the file ends before its cross-reference table"},
    {"pdf-without-catalog.pdf", "extraction failed: PDF is damaged: no document catalog (/Root)"},
    {"mail-without-headers.eml", "not a mail: it does not start with header lines"},
    {"doc-broken.doc", "Word 97 file: antiword says \"file is not a Word Document.\"; catdoc says"},
    {"xls-truncated.xls", "Excel 97 file: xls2csv says"},
    {"xlsx-encrypted.xlsx", "Office document is encrypted (password-protected)"},
};

TEST_CASE("Hostile inputs fail with a reason that says what was wrong",
          "[extract][worker][hostile]") {
  ExtractionLimits limits;
  limits.filter_seconds = 5;
  ExtractionWorker::Options options;
  options.program = test::WorkerProgram();
  options.limits = limits;
  ExtractionWorker worker(options);
  std::set<std::string> seen;
  for (const auto& entry : std::filesystem::directory_iterator(test::Fixture("hostile"))) {
    std::string name = entry.path().filename().string();
    seen.insert(name);
    ExtractedDocument doc = worker.Extract(entry.path(), name);
    INFO(name << "\n" << DescribeForDebug(doc));
    CHECK(doc.status != ExtractionStatus::kOk);
    auto expected = kExpected.find(name);
    CHECK(expected != kExpected.end());  // Every fixture says what it must fail with.
    if (expected != kExpected.end()) CHECK(Contains(doc.status_reason, expected->second));
    std::vector<std::pair<std::string, std::string>> reasons;
    CollectReasons(name, doc, &reasons);
    for (const auto& [address, reason] : reasons) {
      INFO(address << ": " << reason);
      CHECK(test::VagueReasonProblem(reason).empty());
    }
  }
  for (const auto& [name, reason] : kExpected) {
    INFO(name);
    CHECK(seen.count(name) == 1);
  }
  // The older hostile fixtures, at the top of the folder, too.
  for (const char* name :
       {"truncated.pdf", "corrupted.pdf", "reference-loop.pdf", "encrypted.pdf", "nested-20.zip",
        "zip-bomb.zip", "broken-boundary.eml", "billion-laughs.xml", "invalid-utf8.txt"}) {
    ExtractedDocument doc = worker.Extract(test::Fixture(name), name);
    std::vector<std::pair<std::string, std::string>> reasons;
    CollectReasons(name, doc, &reasons);
    for (const auto& [address, reason] : reasons) {
      INFO(address << ": " << reason);
      CHECK(test::VagueReasonProblem(reason).empty());
    }
  }
}

TEST_CASE("Limits met inside converters and mails are named", "[extract][hostile]") {
  ExtractionLimits limits;
  limits.max_text_bytes = 20;
  ExtractedDocument word = test::ExtractFixture("proces-verbal-commission.doc", limits);
  INFO(DescribeForDebug(word));
  CHECK(word.status == ExtractionStatus::kPartial);
  CHECK(test::VagueReasonProblem(word.status_reason).empty());
  CHECK(Contains(word.status_reason, "text truncated"));

  std::string mail = "From: a@example.org\nSubject: gigognes\nMIME-Version: 1.0\n";
  for (int level = 0; level < 40; ++level) {
    mail += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(level) + "\"\n\n--b" +
            std::to_string(level) + "\n";
  }
  mail += "Content-Type: text/plain\n\nau fond\n";
  ExtractedDocument nested = ExtractBytes(mail, "gigognes.eml", {});
  INFO(DescribeForDebug(nested));
  CHECK(nested.status_reason == "MIME parts nested deeper than 32 levels not read");
}

TEST_CASE("Vague reasons are recognised", "[extract]") {
  CHECK_FALSE(
      test::VagueReasonProblem("extraction failed: unreadable archive: open failed").empty());
  CHECK_FALSE(test::VagueReasonProblem("extraction failed: unknown error").empty());
  CHECK_FALSE(test::VagueReasonProblem("extraction failed: memory limit").empty());
  CHECK_FALSE(test::VagueReasonProblem("extraction failed: corrupt file").empty());
  CHECK(test::VagueReasonProblem("extraction failed: memory limit of 400 MiB exceeded").empty());
  CHECK(test::VagueReasonProblem("extraction failed: ZIP archive truncated: central directory "
                                 "missing")
            .empty());
}

}  // namespace
}  // namespace synaps::indexer
