#include "indexer/extract/type_detector.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "tests/indexer/extract/test_util.h"

namespace synaps::indexer {
namespace {

std::string Head(const std::string& fixture) {
  std::ifstream in(test::Fixture(fixture), std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str().substr(0, kTypeDetectorHeadBytes);
}

TEST_CASE("TypeDetector names formats by their content", "[extract][type]") {
  TypeDetector detector;
  REQUIRE(detector.ok());
  CHECK(detector.Detect(Head("sample.pdf"), "sample.pdf") == "application/pdf");
  // Content wins over a lying extension.
  CHECK(detector.Detect(Head("sample.pdf"), "photo.jpg") == "application/pdf");
  CHECK(detector.Detect(Head("sample.pdf"), "") == "application/pdf");
  CHECK(detector.Detect(Head("note.docx"), "note.docx") ==
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(detector.Detect(Head("subventions.xlsx"), "subventions.xlsx") ==
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(detector.Detect(Head("proces-verbal.odt"), "pv.odt") ==
        "application/vnd.oasis.opendocument.text");
  CHECK(detector.Detect(Head("dossier.zip"), "dossier.zip") == "application/zip");
  CHECK(detector.Detect(Head("dossier.tar.gz"), "dossier.tar.gz") == "application/gzip");
  CHECK(detector.Detect(Head("page-windows-1252.html"), "page.html") == "text/html");
  CHECK(detector.Detect(Head("arrete.rtf"), "arrete.rtf") == "text/rtf");
}

TEST_CASE("TypeDetector refines vague text with the extension", "[extract][type]") {
  TypeDetector detector;
  CHECK(detector.Detect(Head("budget.csv"), "budget.csv") == "text/csv");
  CHECK(detector.Detect(Head("notes.md"), "notes.md") == "text/markdown");
  CHECK(detector.Detect(Head("reunion.eml"), "reunion.eml") == "message/rfc822");
  CHECK(detector.Detect(Head("broken-boundary.eml"), "x.eml") == "message/rfc822");
  CHECK(detector.Detect(Head("french-windows-1252.txt"), "lettre.txt") == "text/plain");
  CHECK(detector.Detect("plain words, nothing else\n", "no-extension") == "text/plain");
}

TEST_CASE("TypeDetector never names text as a type nothing reads text from", "[extract][type]") {
  TypeDetector detector;
  // A formatted manual page whose title starts with two capitals: libmagic says HP-GL plot.
  std::string manual = Head("manuel-hpgl.txt");
  CHECK(detector.Detect(manual, "manuel-hpgl.txt") == "text/plain");
  CHECK(detector.Detect(manual, "passwd") == "text/plain");
  CHECK(detector.Detect(manual, "passwd.md") == "text/markdown");
  CHECK(detector.Detect(manual, "passwd.pdf") == "text/plain");
  // The same first letters in binary data are left to libmagic.
  std::string plot("PASSWD(1)\0\x01\x02\x03\x04\x05\x06\0\0\x10\x11", 20);
  CHECK(detector.Detect(plot, "plot") != "text/plain");
  // A .txt manual source quoting HTML is not read as a web page (its "<name@domain>" would be
  // dropped as tags); the same bytes named .html are.
  std::string troff =
      ".\\\" <html> exemple\n.TH GREP 1\n.SH AUTEURS\nLuc Froidefond <luc.froidefond@free.fr>\n";
  CHECK(detector.Detect(troff, "grep.1.html") == "text/html");
  CHECK(detector.Detect(troff, "grep.1.txt") == "text/plain");
  // Formats written in text keep their type, whatever the extension.
  CHECK(detector.Detect(Head("sample.pdf"), "sample.txt") == "application/pdf");
  CHECK(detector.Detect(Head("reunion.eml"), "reunion.txt") == "message/rfc822");
  CHECK(detector.Detect(Head("dossier.xml"), "dossier.xml") == "application/xml");
  CHECK(detector.Detect(Head("arrete.rtf"), "arrete.txt") == "text/rtf");
  CHECK(detector.Detect("<?xml version=\"1.0\"?>\n<dossier/>\n", "dossier.txt") ==
        "application/xml");
}

TEST_CASE("TypeDetector reads an arrêté whose first word is Article as text", "[extract][type]") {
  // libmagic calls text starting with "Article" saved news, which nothing reads text from.
  TypeDetector detector;
  std::string arrete =
      "Article 1er - Le présent arrêté est applicable à compter de sa publication.\n"
      "Article 2 - Le secrétaire général de la préfecture est chargé de son exécution.\n";
  CHECK(detector.Detect(arrete, "arrete-2026-114.txt") == "text/plain");
  CHECK(detector.Detect(arrete, "arrete-2026-114") == "text/plain");
  CHECK(detector.Detect(arrete, "arrete-2026-114.md") == "text/markdown");
  // A header line first still lets libmagic tell a mail saved as .txt.
  CHECK(detector.Detect("Received: from mx.prefecture.gouv.fr\nFrom: a@b.fr\nTo: c@d.fr\n"
                        "Subject: crue\nMessage-ID: <1@b.fr>\n\nTexte.\n",
                        "courriel.txt") == "message/rfc822");
}

TEST_CASE("TypeDetector names text without a known extension as plain text", "[extract][type]") {
  // libmagic would call these a shell script and CSV: kinds of text, all read alike, named
  // without it.
  TypeDetector detector;
  CHECK(detector.Detect("#!/bin/sh\necho bonjour\n", "sauvegarde") == "text/plain");
  CHECK(detector.Detect("#!/bin/sh\necho bonjour\n", "sauvegarde.sh") == "text/plain");
  CHECK(detector.Detect("commune,population\nBesançon,119198\nDole,23312\n", "communes") ==
        "text/plain");
  CHECK(detector.Detect("This is\na test file.\n", "res") == "text/plain");
  // A sign of a format read otherwise still goes to libmagic, wherever it stands.
  CHECK(detector.Detect("Compte rendu\n\n<!DOCTYPE html>\n<p>séance</p>\n", "page") == "text/html");
  CHECK(detector.Detect("Joint au dossier\n%PDF-1.4\n", "piece") == "application/pdf");
  CHECK(detector.Detect("Forward to accueil@prefecture.gouv.fr\n", "renvoi") == "message/rfc822");
  CHECK(detector.Detect("From: accueil@prefecture.gouv.fr\nTo: cab@prefecture.gouv.fr\n"
                        "Subject: crue\n\nTexte.\n",
                        "message") == "message/rfc822");
  // A known extension still names its type.
  CHECK(detector.Detect("commune,population\nDole,23312\n", "communes.csv") == "text/csv");
}

TEST_CASE("TypeDetector handles empty and unknown content", "[extract][type]") {
  TypeDetector detector;
  CHECK(detector.Detect("", "vide.pdf") == "application/x-empty");
  std::string binary("\x01\x02\x03\x04\xff\xfe\x00\x00\x10\x80", 10);
  CHECK(detector.Detect(binary, "blob") == "application/octet-stream");
  CHECK(TypeDetector::TypeFromExtension("Rapport.PDF") == "application/pdf");
  CHECK(TypeDetector::TypeFromExtension("dir.v2/archive") == "");
}

}  // namespace
}  // namespace synaps::indexer
