#!/usr/bin/perl
# A plain tag stripper, independent of every indexer under test: HTML in, UTF-8 text out.
#   html2txt.pl < LIST      LIST: lines "input.html<TAB>output.txt"
# Drops <head>, <script>, <style> and comments; block elements become line breaks; entities are
# decoded (HTML::Entities when present, else the common ones and numeric references).
use strict;
use warnings;
use Encode qw(decode);
use File::Path qw(make_path);
use File::Basename qw(dirname);

my $have_entities = eval { require HTML::Entities; 1 };
my %named = (amp => '&', lt => '<', gt => '>', quot => '"', apos => "'", nbsp => "\x{a0}",
  eacute => 'é', egrave => 'è', ecirc => 'ê', agrave => 'à', acirc => 'â', ccedil => 'ç',
  ocirc => 'ô', ucirc => 'û', icirc => 'î', iuml => 'ï', euml => 'ë', ugrave => 'ù',
  laquo => '«', raquo => '»', hellip => '…', rsquo => '’', lsquo => '‘', ldquo => '“', rdquo => '”',
  mdash => '—', ndash => '–', copy => '©', Eacute => 'É', Egrave => 'È', Agrave => 'À', oelig => 'œ');
sub decode_entities {
  my $s = shift;
  return HTML::Entities::decode_entities($s) if $have_entities;
  $s =~ s/&#[xX]([0-9a-fA-F]+);/chr(hex $1)/ge;
  $s =~ s/&#(\d+);/chr($1)/ge;
  $s =~ s/&(\w+);/exists $named{$1} ? $named{$1} : "&$1;"/ge;
  return $s;
}
my $blocks = qr/p|div|br|h[1-6]|li|ul|ol|dl|dt|dd|tr|td|th|table|pre|blockquote|section|article|header|footer|nav|title|hr|tbody|thead/i;
while (my $line = <STDIN>) {
  chomp $line;
  my ($in_path, $out_path) = split /\t/, $line;
  open(my $in, '<:raw', $in_path) or die "$in_path: $!";
  my $raw = do { local $/; <$in> };
  close $in;
  my $html = eval { decode('UTF-8', $raw, Encode::FB_CROAK) } // decode('ISO-8859-1', $raw);
  $html =~ s/<!--.*?-->//gs;
  $html =~ s/<(head|script|style)\b.*?<\/\1\s*>//gis;
  $html =~ s/<!\[CDATA\[(.*?)\]\]>/$1/gs;
  $html =~ s/<\/?(?:$blocks)\b[^>]*>/\n/g;
  $html =~ s/<[^>]*>//gs;
  $html = decode_entities($html);
  $html =~ s/[ \t\r\x{a0}]+/ /g;
  $html =~ s/ *\n[ \n]*/\n/g;
  $html =~ s/^\n//;
  make_path(dirname($out_path));
  open(my $out, '>:encoding(UTF-8)', $out_path) or die "$out_path: $!";
  print $out $html;
  close $out;
}
