// Real content comes out of every supported format (in-process extraction).
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <catch2/catch.hpp>
#include <vector>

#include "indexer/extract/extract.h"
#include "tests/indexer/extract/test_util.h"

namespace synaps::indexer {
namespace {

using test::Contains;
using test::ExtractFixture;

TEST_CASE("PDF: text in order, metadata, pages", "[extract][pdf]") {
  ExtractedDocument doc = ExtractFixture("sample.pdf");
  INFO(DescribeForDebug(doc));
  CHECK(doc.mime_type == "application/pdf");
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(Contains(doc.text, "Le préfet de l'Eure arrête :\nArticle 1 : la circulation"));
  CHECK(Contains(doc.text, "Deuxième page : € 150, œuvre."));
  CHECK(doc.text.find("préfet") < doc.text.find("Deuxième"));
  CHECK(doc.properties["title"] == "Arrêté préfectoral");
  CHECK(doc.properties["author"] == "Préfecture de l'Eure");
  CHECK(doc.properties["subject"] == "Sécurité routière");
  CHECK(doc.properties["keywords"] == "arrêté, voirie");
  CHECK(doc.properties["created"] == "2024-03-05T10:00:00Z");
  CHECK(doc.properties["modified"] == "2024-03-06T10:30:00Z");
  CHECK(doc.properties["pages"] == "2");
}

TEST_CASE("PDF: two columns come out one after the other, not line by line", "[extract][pdf]") {
  // Drawn line by line across the page, right column first (see make-fixtures.sh).
  ExtractedDocument doc = ExtractFixture("deux-colonnes.pdf");
  INFO(DescribeForDebug(doc));
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(Contains(doc.text,
                 "Colonne gauche : ligne un,\nla préfecture ouvre\nses guichets le samedi."));
  CHECK(Contains(doc.text, "Colonne droite : ligne un,\nles sous-préfectures\nrestent fermées."));
  CHECK(doc.text.find("samedi") < doc.text.find("Colonne droite"));
}

TEST_CASE("DOCX: body, footer, properties, without field codes or deleted text",
          "[extract][office]") {
  ExtractedDocument doc = ExtractFixture("note.docx");
  INFO(DescribeForDebug(doc));
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(Contains(doc.text, "Note de service : fermeture exceptionnelle\n"));
  CHECK(Contains(doc.text, "Les agents de l’accueil\tsont informés."));
  CHECK(Contains(doc.text, "Pied de page confidentiel"));
  CHECK_FALSE(Contains(doc.text, "PAGE"));
  CHECK_FALSE(Contains(doc.text, "supprimé"));
  CHECK(doc.properties["title"] == "Fermeture de l’accueil");
  CHECK(doc.properties["author"] == "Élodie Martin");
  CHECK(doc.properties["keywords"] == "accueil; fermeture");
  CHECK(doc.properties["created"] == "2024-01-15T08:30:00Z");
  CHECK(doc.properties["pages"] == "1");
}

TEST_CASE("XLSX: every sheet, shared and inline strings", "[extract][office]") {
  ExtractedDocument doc = ExtractFixture("subventions.xlsx");
  INFO(DescribeForDebug(doc));
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(Contains(doc.text, "Communes\nCommune\tSubvention\t\nÉvreux centre\t12500\t"));
  CHECK(Contains(doc.text, "Annexe été\nBernay\tformule calculée\t"));
  CHECK(doc.text.find("Communes") < doc.text.find("Annexe été"));
  CHECK(doc.properties["sheets"] == "2");
  CHECK(doc.properties["title"] == "Subventions 2024");
}

TEST_CASE("PPTX: slides in numeric order, then notes", "[extract][office]") {
  ExtractedDocument doc = ExtractFixture("schema.pptx");
  INFO(DescribeForDebug(doc));
  CHECK(doc.status == ExtractionStatus::kOk);
  std::size_t s1 = doc.text.find("Diapositive 1 : schéma départemental");
  std::size_t s2 = doc.text.find("Diapositive 2");
  std::size_t s10 = doc.text.find("Diapositive 10");
  std::size_t notes = doc.text.find("Note de l’orateur : rappeler le calendrier");
  REQUIRE(s1 != std::string::npos);
  REQUIRE(notes != std::string::npos);
  CHECK(s1 < s2);
  CHECK(s2 < s10);
  CHECK(s10 < notes);
  CHECK(doc.properties["slides"] == "3");
}

TEST_CASE("ODT, ODS and ODP: body text, slides and notes, meta.xml", "[extract][office]") {
  ExtractedDocument odt = ExtractFixture("proces-verbal.odt");
  INFO(DescribeForDebug(odt));
  CHECK(odt.mime_type == "application/vnd.oasis.opendocument.text");
  CHECK(odt.status == ExtractionStatus::kOk);
  CHECK(Contains(odt.text, "Procès-verbal\nSéance du conseil\tdépartemental\nouverte à 9 h."));
  CHECK(Contains(odt.text, "Budget"));
  CHECK_FALSE(Contains(odt.text, "texte effacé"));
  CHECK(odt.properties["title"] == "Procès-verbal de séance");
  CHECK(odt.properties["author"] == "Jérôme Petit");
  CHECK(odt.properties["keywords"] == "conseil, budget");
  CHECK(odt.properties["created"] == "2024-02-01T10:00:00");
  CHECK(odt.properties["language"] == "fr-FR");
  CHECK(odt.properties["pages"] == "2");

  ExtractedDocument ods = ExtractFixture("communes.ods");
  CHECK(ods.mime_type == "application/vnd.oasis.opendocument.spreadsheet");
  CHECK(Contains(ods.text, "Louviers"));
  CHECK(Contains(ods.text, "3 200 €"));

  ExtractedDocument odp = ExtractFixture("canicule.odp");
  INFO(DescribeForDebug(odp));
  CHECK(odp.mime_type == "application/vnd.oasis.opendocument.presentation");
  CHECK(odp.status == ExtractionStatus::kOk);
  CHECK(Contains(odp.text, "Plan canicule 2024"));
  CHECK(Contains(odp.text, "Ouverture des salles rafraîchies"));
  CHECK(Contains(odp.text, "Vigilance orange : mesures d’urgence"));                 // slide 2
  CHECK(Contains(odp.text, "Note de l’oratrice : citer les communes volontaires"));  // notes
  CHECK(odp.properties["slides"] == "2");
  CHECK(odp.properties["title"] == "Plan canicule");
  CHECK(odp.properties["author"] == "Service interministériel de défense");
}

TEST_CASE("Plain text, CSV, Markdown in French charsets", "[extract][text]") {
  const std::string expected =
      "Arrêté préfectoral n° 2024-17 relatif à la sécurité des œuvres : coût 150 €,";
  ExtractedDocument latin9 = ExtractFixture("french-iso-8859-15.txt");
  CHECK(Contains(latin9.text, expected + " l'été."));
  CHECK(latin9.properties["charset"] == "ISO-8859-15");
  ExtractedDocument cp1252 = ExtractFixture("french-windows-1252.txt");
  CHECK(Contains(cp1252.text, expected + " l’été."));
  CHECK(cp1252.properties["charset"] == "WINDOWS-1252");
  CHECK(Contains(ExtractFixture("french-iso-8859-1.txt").text,
                 "Délibération du conseil municipal : élèves, château, garçon."));
  ExtractedDocument csv = ExtractFixture("budget.csv");
  CHECK(csv.mime_type == "text/csv");
  CHECK(Contains(csv.text, "Dupont;Préfecture;12 €"));
  ExtractedDocument md = ExtractFixture("notes.md");
  CHECK(md.mime_type == "text/markdown");
  CHECK(Contains(md.text, "La **réunion** du comité"));
}

TEST_CASE("Text that libmagic takes for an HP-GL plot is extracted as text", "[extract][text]") {
  ExtractedDocument doc = ExtractFixture("manuel-hpgl.txt");
  INFO(DescribeForDebug(doc));
  CHECK(doc.mime_type == "text/plain");
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(Contains(doc.text, "robuste mélange majuscules, chiffres et ponctuation"));
  // Without an extension the content alone decides.
  ExtractedDocument bare = ExtractBytes(test::ReadFixture("manuel-hpgl.txt"), "PASSWD", {});
  CHECK(bare.status == ExtractionStatus::kOk);
  CHECK(Contains(bare.text, "modifier le mot de passe"));
}

TEST_CASE("HTML: visible text only, title, description, declared charset", "[extract][html]") {
  ExtractedDocument doc = ExtractFixture("page-windows-1252.html");
  INFO(DescribeForDebug(doc));
  CHECK(doc.mime_type == "text/html");
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(doc.properties["title"] == "Accueil de la préfecture");
  CHECK(doc.properties["description"] == "Horaires d’ouverture");
  CHECK(doc.properties["charset"] == "WINDOWS-1252");
  CHECK(doc.properties["language"] == "fr");
  CHECK(Contains(doc.text, "Bienvenue € tous\nLes démarches & services : carte grise, permis…"));
  CHECK(Contains(doc.text, "C’est l’œuvre."));
  CHECK(Contains(doc.text, "Lundi\t9h"));
  CHECK_FALSE(Contains(doc.text, "secretScript"));
  CHECK_FALSE(Contains(doc.text, "invisible-style"));
  CHECK_FALSE(Contains(doc.text, "commentaire"));
  CHECK_FALSE(Contains(doc.text, "Accueil de la"));  // The title is a property, not body text.
}

TEST_CASE("XHTML: visible text and title, like HTML", "[extract][html]") {
  const std::string xhtml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
      "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n"
      "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"fr\"><head>"
      "<title>Démarches en ligne</title><script>cacheScript()</script></head>"
      "<body><h1>Titre de séjour</h1><p>Prenez rendez-vous &amp; apportez vos pièces.</p>"
      "</body></html>\n";
  ExtractedDocument doc = ExtractBytes(xhtml, "demarches.xhtml", {});
  INFO(DescribeForDebug(doc));
  CHECK(doc.mime_type == "application/xhtml+xml");
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(doc.properties["title"] == "Démarches en ligne");
  CHECK(Contains(doc.text, "Titre de séjour"));
  CHECK(Contains(doc.text, "Prenez rendez-vous & apportez vos pièces."));
  CHECK_FALSE(Contains(doc.text, "cacheScript"));
}

TEST_CASE("Mail whose only body is HTML: its visible text", "[extract][mail]") {
  const std::string mail =
      "From: Accueil <accueil@eure.gouv.fr>\r\nTo: cabinet@eure.gouv.fr\r\n"
      "Subject: Horaires\r\nDate: Tue, 5 Mar 2024 10:15:00 +0100\r\n"
      "MIME-Version: 1.0\r\nContent-Type: text/html; charset=ISO-8859-1\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "<html><head><style>.cache{}</style></head><body><p>Ouverture exceptionnelle le "
      "samedi =E0 9 h, fermeture =E0 midi.</p></body></html>\r\n";
  ExtractedDocument doc = ExtractBytes(mail, "horaires.eml", {});
  INFO(DescribeForDebug(doc));
  CHECK(doc.mime_type == "message/rfc822");
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(doc.properties["subject"] == "Horaires");
  CHECK(Contains(doc.text, "Ouverture exceptionnelle le samedi à 9 h, fermeture à midi."));
  CHECK_FALSE(Contains(doc.text, "<p>"));
  CHECK_FALSE(Contains(doc.text, ".cache"));
}

TEST_CASE("XML: character data", "[extract][xml]") {
  ExtractedDocument doc = ExtractFixture("dossier.xml");
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(Contains(doc.text, "Permis de construire\nÉvreux"));
  ExtractedDocument bad = ExtractBytes("<a><b>texte gardé</a>", "bad.xml", {});
  CHECK(bad.status == ExtractionStatus::kPartial);
  CHECK(Contains(bad.status_reason, "malformed XML"));
  CHECK(Contains(bad.text, "texte gardé"));
}

TEST_CASE("RTF through unrtf", "[extract][legacy]") {
  ExtractedDocument doc = ExtractFixture("arrete.rtf");
  INFO(DescribeForDebug(doc));
  CHECK(doc.mime_type == "text/rtf");
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(Contains(doc.text, "Arrêté préfectoral : coût €, œuvre."));
}

TEST_CASE("Word 97 and Excel 97 files through antiword and xls2csv", "[extract][legacy]") {
  ExtractedDocument word = ExtractFixture("proces-verbal-commission.doc");
  INFO(DescribeForDebug(word));
  CHECK(word.mime_type == "application/msword");
  CHECK(word.status == ExtractionStatus::kOk);
  CHECK(Contains(word.text, "Procès-verbal de la commission départementale de sécurité"));
  CHECK(Contains(word.text, "« Salle des fêtes de Montclar »"));
  ExtractedDocument sheet = ExtractFixture("subventions-communes.xls");
  INFO(DescribeForDebug(sheet));
  CHECK(sheet.mime_type == "application/vnd.ms-excel");
  CHECK(sheet.status == ExtractionStatus::kOk);
  CHECK(Contains(sheet.text, "Saint-Aubin-sur-Vallière"));
  CHECK(Contains(sheet.text, "15000"));
}

TEST_CASE("A PowerPoint 97 file whose text catppt cannot find says so", "[extract][legacy]") {
  // Written by LibreOffice, which stores slide text where catppt does not look.
  ExtractedDocument slides = ExtractFixture("presentation-crise.ppt");
  INFO(DescribeForDebug(slides));
  CHECK(slides.mime_type == "application/vnd.ms-powerpoint");
  CHECK(slides.status == ExtractionStatus::kFailed);
  CHECK(slides.status_reason ==
        "extraction failed: PowerPoint 97 file: catppt found no text in it");
}

TEST_CASE("Mail subjects split into several encoded words come out whole", "[extract][mail]") {
  // GMime 3.2 alone gives "Élections" for the first one: the '=' padding stops its decoder.
  const std::pair<const char*, const char*> cases[] = {
      {"=?UTF-8?B?w4lsZWN0aW9ucw==?= =?UTF-8?B?IG11bmljaXBhbGVz?=", "Élections municipales"},
      {"=?UTF-8?B?w4lsZWN0aW9ucyBt?=\r\n =?UTF-8?B?dW5pY2lwYWxlcw==?=", "Élections municipales"},
      {"Re: =?ISO-8859-1?Q?R=E9union?=\r\n =?UTF-8?B?IGR1IGNvbWl0w6k=?= du 5 mars",
       "Re: Réunion du comité du 5 mars"},
      {"=?UTF-8?Q?=C3=89lections?= =?UTF-8?Q?_municipales?=", "Élections municipales"},
      {"Sans encodage", "Sans encodage"},
  };
  for (const auto& [raw, expected] : cases) {
    std::string mail = std::string("From: a@b.fr\r\nSubject: ") + raw + "\r\n\r\nCorps.\r\n";
    ExtractedDocument doc = ExtractBytes(mail, "m.eml", {});
    INFO(raw);
    CHECK(doc.properties["subject"] == expected);
  }
}

TEST_CASE("Mail: headers, RFC 2047, chosen body, attachments as children", "[extract][mail]") {
  ExtractedDocument doc = ExtractFixture("reunion.eml");
  INFO(DescribeForDebug(doc));
  CHECK(doc.mime_type == "message/rfc822");
  CHECK(doc.status == ExtractionStatus::kOk);
  CHECK(doc.properties["subject"] == "Réunion de préfecture – été");
  CHECK(doc.properties["title"] == "Réunion de préfecture – été");
  CHECK(Contains(doc.properties["from"], "Renée Lefèvre"));
  CHECK(Contains(doc.properties["from"], "renee.lefevre@eure.gouv.fr"));
  CHECK(Contains(doc.properties["to"], "Service Citoyenneté"));
  CHECK(Contains(doc.properties["to"], "bob@example.org"));
  CHECK(doc.properties["cc"] == "cabinet@eure.gouv.fr");
  CHECK(doc.properties["date"] == "2024-03-05T09:15:00Z");
  CHECK(doc.properties["message_id"] == "20240305101500.1234@eure.gouv.fr");
  CHECK(Contains(doc.text, "Veuillez trouver ci-joint le dossier de la réunion (coût : 10 €)."));
  CHECK_FALSE(Contains(doc.text, "Version HTML"));  // multipart/alternative: plain text kept.
  REQUIRE(doc.children.size() == 3);
  const ExtractedChild& zip = doc.children[0];
  CHECK(zip.name == "dossier.zip");
  CHECK(zip.doc.mime_type == "application/zip");
  // The attachment is an archive: its members nest below it.
  REQUIRE(zip.doc.children.size() == 2);
  bool found_pdf = false;
  for (const ExtractedChild& member : zip.doc.children) {
    if (member.name == "dossier/arrete.pdf") {
      found_pdf = true;
      CHECK(Contains(member.doc.text, "Le préfet de l'Eure arrête"));
    }
  }
  CHECK(found_pdf);
  CHECK(ChildAddress(ChildAddress("reunion.eml", zip.name), "dossier/arrete.pdf") ==
        "reunion.eml!/dossier.zip!/dossier/arrete.pdf");
  const ExtractedChild& html = doc.children[1];
  CHECK(html.name == "annexe été.html");
  CHECK(Contains(html.doc.text, "Annexe € régler"));
  const ExtractedChild& forwarded = doc.children[2];
  CHECK(forwarded.name == "Message transféré.eml");
  CHECK(forwarded.doc.mime_type == "message/rfc822");
  CHECK(forwarded.doc.properties.at("subject") == "Message transféré");
  CHECK(Contains(forwarded.doc.text, "Texte du message transféré."));
}

TEST_CASE("Archives: members as addressable children", "[extract][archive]") {
  for (const char* name : {"dossier.zip", "dossier.tar.gz"}) {
    ExtractedDocument doc = ExtractFixture(name);
    INFO(name << "\n" << DescribeForDebug(doc));
    CHECK(doc.status == ExtractionStatus::kOk);
    CHECK(doc.properties["members"] == "2");
    REQUIRE(doc.children.size() == 2);
    for (const ExtractedChild& child : doc.children) {
      if (child.name == "dossier/arrete.pdf") {
        CHECK(child.doc.mime_type == "application/pdf");
        CHECK(child.doc.properties.at("title") == "Arrêté préfectoral");
      } else {
        CHECK(child.name == "lisez-moi.txt");
        CHECK(Contains(child.doc.text, "l’été"));
      }
    }
  }
  ExtractedDocument single = ExtractFixture("compte-rendu.txt.gz");
  INFO(DescribeForDebug(single));
  REQUIRE(single.children.size() == 1);
  CHECK(single.children[0].name == "compte-rendu.txt");
  CHECK(Contains(single.children[0].doc.text, "Compte rendu compressé seul."));
}

// Writes {name, content} members with libarchive in the given format and filter.
std::string MakeArchive(int format, int filter,
                        const std::vector<std::pair<std::string, std::string>>& members) {
  // libarchive converts names through the locale's charset: use UTF-8 while writing.
  locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  REQUIRE(utf8 != static_cast<locale_t>(0));
  locale_t previous = uselocale(utf8);
  std::string buffer(1 << 20, '\0');
  std::size_t used = 0;
  struct archive* a = archive_write_new();
  archive_write_set_format(a, format);
  if (filter != ARCHIVE_FILTER_NONE) archive_write_add_filter(a, filter);
  REQUIRE(archive_write_open_memory(a, buffer.data(), buffer.size(), &used) == ARCHIVE_OK);
  for (const auto& [name, content] : members) {
    struct archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
    archive_write_header(a, entry);
    archive_write_data(a, content.data(), content.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  uselocale(previous);
  freelocale(utf8);
  buffer.resize(used);
  return buffer;
}

TEST_CASE("Archives: 7z, tar.xz, tar.bz2 written by libarchive", "[extract][archive]") {
  std::vector<std::pair<std::string, std::string>> members = {
      {"rapports/été.txt", "Rapport d’activité de la préfecture.\n"},
      {"/absolu/../x.md", "# Titre\n"}};
  struct Case {
    const char* name;
    int format, filter;
    const char* type;
  };
  for (const Case& c :
       {Case{"a.7z", ARCHIVE_FORMAT_7ZIP, ARCHIVE_FILTER_NONE, "application/x-7z-compressed"},
        Case{"a.tar.xz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_XZ, "application/x-xz"},
        Case{"a.tar.bz2", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_BZIP2,
             "application/x-bzip2"}}) {
    ExtractedDocument doc = ExtractBytes(MakeArchive(c.format, c.filter, members), c.name, {});
    INFO(c.name << "\n" << DescribeForDebug(doc));
    CHECK(doc.mime_type == c.type);
    CHECK(doc.status == ExtractionStatus::kOk);
    REQUIRE(doc.children.size() == 2);
    CHECK(doc.children[0].name == "rapports/été.txt");
    CHECK(Contains(doc.children[0].doc.text, "Rapport d’activité de la préfecture."));
    CHECK(doc.children[1].name == "absolu/../x.md");  // A name, never a place.
    CHECK(doc.children[1].doc.mime_type == "text/markdown");
  }
}

TEST_CASE("Images: metadata only", "[extract][image]") {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\x40\0\0\0\xf0\x08\x02\0\0\0", 29);
  ExtractedDocument doc = ExtractBytes(png, "scan.png", {});
  CHECK(doc.mime_type == "image/png");
  CHECK(doc.status == ExtractionStatus::kUnsupported);
  CHECK(doc.properties["width"] == "320");
  CHECK(doc.properties["height"] == "240");
}

TEST_CASE("Debug and JSON renderings", "[extract]") {
  ExtractedDocument doc = ExtractFixture("dossier.zip");
  std::string text = DescribeForDebug(doc);
  CHECK(Contains(text, "type: application/zip"));
  CHECK(Contains(text, "- member dossier/arrete.pdf"));
  std::string json = ToJson(doc);
  CHECK(Contains(json, "\"mime_type\":\"application/zip\""));
  CHECK(Contains(json, "\"name\":\"dossier/arrete.pdf\""));
  CHECK(StatusName(ExtractionStatus::kEncrypted) == "encrypted");
}

}  // namespace
}  // namespace synaps::indexer
