#!/usr/bin/perl
# Generates office files (DOCX, ODT, XLSX) and mails (.eml) from a pool of real French text.
#
#   gen_docs.pl POOL_DIR CORPUS_DIR TEXT_DIR N_DOCX N_ODT N_XLSX N_MAIL [ATTACH_LIST]
#
# POOL_DIR: UTF-8 text files (rendered French man pages); their paragraphs become the body text.
# CORPUS_DIR/office/... and CORPUS_DIR/courriel/... receive the documents.
# TEXT_DIR/<path relative to CORPUS_DIR>.txt receives the text each document holds (the ground
# truth used to pick recall phrases: one paragraph or cell per line). For mails it holds the
# subject and the body; the text of attachments is added to TEXT_DIR/.attachment-bytes.
# ATTACH_LIST: lines "corpus-relative-pdf<TAB>its text file", candidates for attachments.
# Deterministic (fixed seed). Needs `zip`.
use strict;
use warnings;
use utf8;
use Encode qw(encode decode);
use MIME::Base64 qw(encode_base64);
use MIME::QuotedPrint qw(encode_qp);
use File::Path qw(make_path remove_tree);
use File::Basename qw(dirname);

my ($pool_dir, $corpus, $text_dir, $n_docx, $n_odt, $n_xlsx, $n_mail, $attach_list) = @ARGV;
die "usage: gen_docs.pl POOL CORPUS TEXT N_DOCX N_ODT N_XLSX N_MAIL [ATTACH_LIST]\n" unless defined $n_mail;
use File::Spec;
$_ = File::Spec->rel2abs($_) for $pool_dir, $corpus, $text_dir;
srand(20240312);

# ---- the pool of paragraphs
my @paragraphs;
opendir(my $dh, $pool_dir) or die "$pool_dir: $!";
for my $f (sort grep { /\.txt$/ } readdir $dh) {
  open(my $in, '<:encoding(UTF-8)', "$pool_dir/$f") or die;
  local $/ = '';    # paragraph mode
  while (my $p = <$in>) {
    $p =~ s/-\n\s*(\p{Ll})/$1/g;    # undo hyphenation at line ends
    $p =~ s/\s+/ /g; $p =~ s/^ | $//g;
    my @w = split / /, $p;
    next if @w < 8 || @w > 200;
    my $letters = () = $p =~ /\p{L}/g;
    next if $letters < 0.7 * length($p);
    push @paragraphs, $p;
  }
  close $in;
}
closedir $dh;
die "pool too small (" . scalar(@paragraphs) . " paragraphs)\n" if @paragraphs < 50;
for (my $i = @paragraphs - 1; $i > 0; $i--) { my $j = int(rand($i + 1)); @paragraphs[$i, $j] = @paragraphs[$j, $i]; }
my $next_paragraph = 0;
sub paragraph { my $p = $paragraphs[$next_paragraph++ % @paragraphs]; return $p; }
sub sentence {    # a shorter piece: the first sentence of a paragraph, at most 25 words
  my $p = paragraph();
  my ($s) = $p =~ /^(.*?[.;:!?])(?: |$)/; $s //= $p;
  my @w = split / /, $s; @w = @w[0 .. 24] if @w > 25;
  return join(' ', @w);
}
sub pick { return $_[int(rand(@_))]; }

my @communes = ('Amiens', 'Abbeville', 'Péronne', 'Montdidier', 'Albert', 'Doullens', 'Ham', 'Roye',
  'Corbie', 'Rue', 'Saint-Valery-sur-Somme', 'Crécy-en-Ponthieu', 'Poix-de-Picardie', 'Nesle');
my @services = ('Cabinet', 'Direction de la citoyenneté', 'DDTM', 'DREAL', 'Bureau des élections',
  'Service des étrangers', 'Pôle juridique', 'Secrétariat général', 'Sous-préfecture d\'Abbeville');
my @people = (['Élodie', 'Lefèvre'], ['François', 'Dupré'], ['Hélène', 'Mercier'], ['Jérôme', 'Castagné'],
  ['Zoé', 'Bénard'], ['Anaïs', 'Rousseau'], ['Grégoire', 'Lemaître'], ['Cécile', 'Vasseur'],
  ['Noël', 'Garçon'], ['Maëlle', 'Thiébaut'], ['Loïc', 'Desprès'], ['Agnès', 'Boulanger']);
my @doc_kinds = ('Compte rendu de réunion', 'Arrêté préfectoral', 'Note de service', 'Rapport d\'activité',
  'Procès-verbal', 'Courrier au maire', 'Fiche de procédure', 'Convention de partenariat');
my @subjects = ('Réunion préparatoire du comité de suivi', 'Demande de pièces complémentaires',
  'Arrêté de fermeture administrative', 'Élections municipales : organisation des bureaux de vote',
  'Crue de la Somme : point de situation', 'Subvention DETR — dossier à compléter',
  'Titre de séjour : rendez-vous en préfecture', 'Relevé de décisions du CODERST',
  'Plan de prévention des risques d\'inondation', 'Visite du préfet à la sous-préfecture');

sub xml_escape { my $s = shift; $s =~ s/&/&amp;/g; $s =~ s/</&lt;/g; $s =~ s/>/&gt;/g; $s =~ s/"/&quot;/g; return $s; }
sub write_file {
  my ($path, $content, $raw) = @_;
  make_path(dirname($path));
  open(my $out, $raw ? '>:raw' : '>:encoding(UTF-8)', $path) or die "$path: $!";
  print $out $content; close $out or die;
}
my $text_bytes_extra = 0;
sub write_truth {
  my ($rel, @lines) = @_;
  write_file("$text_dir/$rel.txt", join("\n", @lines) . "\n");
}
sub date_of { my $i = shift; return sprintf('2024-%02d-%02d', 1 + $i % 12, 1 + $i % 28); }

my $tmp = "$corpus/.gen-tmp";
# zips the members (relative names under $dir) into $out; the first member stored if $store_first
sub zip_dir {
  my ($dir, $out, $store_first, @members) = @_;
  unlink $out;
  my $q = sub { my $s = shift; $s =~ s/'/'\\''/g; return "'$s'"; };
  my $cmd = "cd " . $q->($dir) . " && ";
  if ($store_first) { $cmd .= "zip -q -X -0 " . $q->($out) . " " . $q->(shift @members) . " && "; }
  $cmd .= "zip -q -X -9 " . $q->($out) . " " . join(' ', map { $q->($_) } @members);
  system('sh', '-c', $cmd) == 0 or die "zip failed for $out\n";
}
# splits a paragraph into runs at spaces (Word does so at every formatting change)
sub runs { my $p = shift; my @w = split / /, $p; my @r; my $cur = '';
  for my $w (@w) { $cur .= ($cur eq '' ? '' : ' ') . $w; if (rand() < 0.08) { push @r, $cur . ' '; $cur = ''; } }
  push @r, $cur if $cur ne ''; $r[-1] =~ s/ $// if @r; return @r; }

sub make_docx {
  my ($out, $title, $author, $date, @paras) = @_;
  remove_tree($tmp); make_path("$tmp/_rels", "$tmp/word", "$tmp/docProps");
  write_file("$tmp/[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>');
  write_file("$tmp/_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>');
  my $body = '';
  $body .= '<w:p><w:pPr><w:pStyle w:val="Titre1"/></w:pPr><w:r><w:t>' . xml_escape($title) . '</w:t></w:r></w:p>';
  for my $p (@paras) {
    $body .= '<w:p>';
    my $bold = 0;
    for my $r (runs($p)) {
      $body .= '<w:r>' . ($bold ? '<w:rPr><w:b/></w:rPr>' : '') . '<w:t xml:space="preserve">' . xml_escape($r) . '</w:t></w:r>';
      $bold = !$bold;
    }
    $body .= '</w:p>';
  }
  write_file("$tmp/word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' . $body
    . '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>');
  write_file("$tmp/docProps/core.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    . '<dc:title>' . xml_escape($title) . '</dc:title><dc:creator>' . xml_escape($author) . '</dc:creator>'
    . '<dcterms:created xsi:type="dcterms:W3CDTF">' . $date . 'T09:30:00Z</dcterms:created></cp:coreProperties>');
  zip_dir($tmp, $out, 0, '[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'word/document.xml');
}

sub make_odt {
  my ($out, $title, $author, $date, @paras) = @_;
  remove_tree($tmp); make_path("$tmp/META-INF");
  write_file("$tmp/mimetype", 'application/vnd.oasis.opendocument.text');
  write_file("$tmp/META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>' . "\n"
    . '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>');
  write_file("$tmp/styles.xml", '<?xml version="1.0" encoding="UTF-8"?>' . "\n"
    . '<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2"><office:styles><style:style style:name="Standard" style:family="paragraph"/><style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style></office:styles></office:document-styles>');
  my $body = '<text:h text:outline-level="1">' . xml_escape($title) . '</text:h>';
  for my $p (@paras) {
    my @r = runs($p);
    $body .= '<text:p text:style-name="Standard">'
      . join('', map { $_ % 2 ? '<text:span text:style-name="T1">' . xml_escape($r[$_]) . '</text:span>' : xml_escape($r[$_]) } 0 .. $#r)
      . '</text:p>';
  }
  write_file("$tmp/content.xml", '<?xml version="1.0" encoding="UTF-8"?>' . "\n"
    . '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2"><office:body><office:text>'
    . $body . '</office:text></office:body></office:document-content>');
  write_file("$tmp/meta.xml", '<?xml version="1.0" encoding="UTF-8"?>' . "\n"
    . '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>'
    . '<dc:title>' . xml_escape($title) . '</dc:title><meta:initial-creator>' . xml_escape($author) . '</meta:initial-creator>'
    . '<meta:creation-date>' . $date . 'T09:30:00</meta:creation-date></office:meta></office:document-meta>');
  zip_dir($tmp, $out, 1, 'mimetype', 'META-INF/manifest.xml', 'content.xml', 'styles.xml', 'meta.xml');
}

sub make_xlsx {    # returns the text lines (one per string cell)
  my ($out, $rows) = @_;
  remove_tree($tmp); make_path("$tmp/_rels", "$tmp/xl/_rels", "$tmp/xl/worksheets");
  write_file("$tmp/[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>');
  write_file("$tmp/_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>');
  make_path("$tmp/docProps");
  write_file("$tmp/docProps/core.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    . '<dc:creator>Secrétariat général</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-02-01T08:00:00Z</dcterms:created></cp:coreProperties>');
  write_file("$tmp/xl/styles.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellXfs></styleSheet>');
  write_file("$tmp/xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Suivi" sheetId="1" r:id="rId1"/></sheets></workbook>');
  write_file("$tmp/xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>');
  my (%index, @strings, @lines);
  my $sheet = '';
  my $r = 0;
  for my $row (@$rows) {
    $r++;
    $sheet .= "<row r=\"$r\">";
    my $c = 0;
    for my $cell (@$row) {
      my $ref = chr(ord('A') + $c++) . $r;
      if ($cell =~ /^-?\d+(\.\d+)?$/) { $sheet .= "<c r=\"$ref\"><v>$cell</v></c>"; push @lines, $cell; next; }
      $index{$cell} //= do { push @strings, $cell; $#strings };
      $sheet .= "<c r=\"$ref\" t=\"s\"><v>$index{$cell}</v></c>";
      push @lines, $cell;
    }
    $sheet .= '</row>';
  }
  write_file("$tmp/xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' . $sheet . '</sheetData></worksheet>');
  write_file("$tmp/xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' . "\n"
    . '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="' . scalar(@strings) . '" uniqueCount="' . scalar(@strings) . '">'
    . join('', map { '<si><t xml:space="preserve">' . xml_escape($_) . '</t></si>' } @strings) . '</sst>');
  zip_dir($tmp, $out, 0, '[Content_Types].xml', '_rels/.rels', 'docProps/core.xml', 'xl/workbook.xml', 'xl/styles.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml');
  return @lines;
}

sub slug { my $s = lc shift; $s =~ s/[^\p{L}\p{N}]+/-/g; $s =~ s/^-|-$//g; return substr($s, 0, 40); }

# ---- office documents
for my $i (1 .. $n_docx + $n_odt) {
  my $is_docx = $i <= $n_docx;
  my $kind = pick(@doc_kinds);
  my $commune = pick(@communes);
  my $person = pick(@people);
  my $title = "$kind — $commune (" . date_of($i) . ')';
  my @paras = ("Objet : " . sentence(), map { paragraph() } 1 .. 3 + int(rand(10)));
  my $dir = ($is_docx ? 'office/word/' : 'office/odt/') . slug(pick(@services));
  my $rel = sprintf('%s/%s-%s-%04d.%s', $dir, slug($kind), slug($commune), $i, $is_docx ? 'docx' : 'odt');
  make_path("$corpus/" . dirname($rel));
  my @args = ("$corpus/$rel", $title, "$person->[0] $person->[1]", date_of($i), @paras);
  $is_docx ? make_docx(@args) : make_odt(@args);
  write_truth($rel, $title, @paras);
}
for my $i (1 .. $n_xlsx) {
  my @rows = (['Commune', 'Service', 'Date', 'Montant', 'Objet', 'Observations']);
  for my $j (1 .. 5 + int(rand(30))) {
    push @rows, [pick(@communes), pick(@services), date_of($i + $j), int(rand(500000)) / 100 + 1,
      sentence(), rand() < 0.3 ? paragraph() : 'Dossier complet'];
  }
  my $rel = sprintf('office/tableurs/suivi-%s-%04d.xlsx', slug(pick(@communes)), $i);
  make_path("$corpus/office/tableurs");
  write_truth($rel, make_xlsx("$corpus/$rel", \@rows));
}

# ---- mails
my @attachments;
if ($attach_list && -s $attach_list) {
  open(my $in, '<:encoding(UTF-8)', $attach_list) or die;
  while (<$in>) { chomp; my ($pdf, $txt) = split /\t/; push @attachments, [$pdf, $txt] if -s "$corpus/$pdf" && -s "$corpus/$pdf" < 400_000; }
  close $in;
}
sub b_words {    # RFC 2047 B encoding in pieces of at most 15 characters
  my ($s, $charset) = @_;
  my @pieces; push @pieces, substr($s, 0, 15, '') while length $s;
  return join("\n ", map { "=?$charset?B?" . encode_base64(encode($charset, $_), '') . '?=' } @pieces);
}
sub q_words {    # RFC 2047 Q encoding (ISO-8859-1)
  my $s = shift;
  my @pieces; push @pieces, substr($s, 0, 20, '') while length $s;
  return join("\n ", map { my $b = encode('ISO-8859-1', $_);
    $b =~ s/([^A-Za-z0-9!*+\-\/ ])/sprintf('=%02X', ord $1)/ge; $b =~ s/ /_/g; "=?ISO-8859-1?Q?$b?=" } @pieces);
}
sub latin1_ok { my $s = shift; return $s !~ /[^\x{00}-\x{ff}]/; }
sub address { my ($p, $enc) = @_;
  my $display = "$p->[0] $p->[1]";
  my $ascii = lc("$p->[0].$p->[1]"); $ascii =~ tr/éèêëàâäîïôöûüçñ/eeeeaaaiioouucn/; $ascii =~ s/[^a-z.]//g;
  return ($enc ? b_words($display, 'UTF-8') : "\"$display\"") . " <$ascii\@somme.gouv.fr>"; }

my $boundary_n = 0;
for my $i (1 .. $n_mail) {
  my $from = pick(@people); my $to = pick(@people);
  my $subject = (rand() < 0.3 ? 'RE: ' : '') . pick(@subjects) . " — $communes[$i % @communes] n°$i";
  my @body = ('Bonjour,', map { paragraph() } 1 .. 1 + int(rand(4)));
  push @body, 'Cordialement,', "$from->[0] $from->[1]", pick(@services);
  my $kind = $i % 5;    # 0,1: plain UTF-8 QP; 2: plain Latin-1 8bit; 3: alternative; 4: mixed with attachment
  my $body_text = join("\n\n", @body);
  $kind = 0 if $kind == 2 && !(latin1_ok($body_text) && latin1_ok($subject));
  my $subject_header = $kind == 2 ? q_words($subject) : b_words($subject, 'UTF-8');
  my $crlf = $i % 3 == 0;
  my $h = "From: " . address($from, $i % 2) . "\nTo: " . address($to, 0) . "\nSubject: $subject_header\n"
    . sprintf("Date: %s, %02d %s 2024 %02d:%02d:00 +0100\n", (qw(Mon Tue Wed Thu Fri))[$i % 5], 1 + $i % 28,
      (qw(Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec))[$i % 12], 8 + $i % 10, $i % 60)
    . "Message-ID: <bench.$i\@somme.gouv.fr>\nMIME-Version: 1.0\n";
  $h = encode(q{UTF-8}, $h);
  my $qp = sub { encode_qp(encode('UTF-8', shift)) };
  my $plain_part = "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n" . $qp->($body_text) . "\n";
  my $msg;
  my $attach_bytes = 0;
  if ($kind == 0 || $kind == 1) {
    $msg = $h . $plain_part;
  } elsif ($kind == 2) {
    $msg = $h . "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n\n" . encode('ISO-8859-1', $body_text) . "\n";
  } elsif ($kind == 3) {
    my $b = 'alt-' . ++$boundary_n;
    my $html = join('', map { '<p>' . xml_escape($_) . '</p>' } @body);
    $msg = $h . "Content-Type: multipart/alternative; boundary=\"$b\"\n\nThis is a multi-part message in MIME format.\n--$b\n" . $plain_part
      . "--$b\nContent-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
      . $qp->("<html><body>$html</body></html>") . "\n--$b--\n";
  } else {
    my $b = 'mixed-' . ++$boundary_n;
    my ($name, $type, $bytes);
    my $choice = $i % 3;
    if ($choice == 0 && @attachments) {
      my $a = $attachments[$i % @attachments];
      open(my $in, '<:raw', "$corpus/$a->[0]") or die; local $/; $bytes = <$in>; close $in;
      ($name) = $a->[0] =~ m{([^/]+)$}; $type = 'application/pdf';
      $attach_bytes = -s $a->[1] // 0;
    } elsif ($choice == 1) {
      my @paras = map { paragraph() } 1 .. 3;
      make_docx("$tmp.docx", 'Pièce jointe', "$from->[0] $from->[1]", date_of($i), @paras);
      open(my $in, '<:raw', "$tmp.docx") or die; local $/; $bytes = <$in>; close $in; unlink "$tmp.docx";
      $name = "Note préparatoire $i.docx"; $type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      $attach_bytes = length(encode('UTF-8', join("\n", @paras)));
    } else {
      my $t = join("\n\n", map { paragraph() } 1 .. 2);
      $bytes = encode('UTF-8', $t); $name = "Relevé de décisions $i.txt"; $type = 'text/plain; charset=UTF-8';
      $attach_bytes = length $bytes;
    }
    my $fn = encode('UTF-8', $name); $fn =~ s/([^A-Za-z0-9.\-_])/sprintf('%%%02X', ord $1)/ge;
    $msg = $h . "Content-Type: multipart/mixed; boundary=\"$b\"\n\n--$b\n" . $plain_part
      . "--$b\nContent-Type: $type; name=\"" . b_words($name, 'UTF-8') . "\"\n"
      . "Content-Disposition: attachment; filename*=UTF-8''$fn\nContent-Transfer-Encoding: base64\n\n"
      . encode_base64($bytes) . "--$b--\n";
  }
  $msg =~ s/\n/\r\n/g if $crlf;
  my $folder = sprintf('courriel/%s/2024-%02d', lc(join('.', @$to) =~ tr/éèêëàâäîïôöûüçñ/eeeeaaaiioouucn/r), 1 + $i % 12);
  my $rel = sprintf('%s/%s %04d.eml', $folder, substr($subject =~ s/[^\p{L}\p{N} ]+//gr =~ s/ +/ /gr, 0, 50), $i);
  $rel =~ s/ (\d{4}\.eml)$/ $1/;
  write_file("$corpus/$rel", $msg, 1);
  write_truth($rel, $subject, @body);
  $text_bytes_extra += $attach_bytes;
}
remove_tree($tmp);
write_file("$text_dir/.attachment-bytes", "$text_bytes_extra\n");
