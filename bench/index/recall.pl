#!/usr/bin/perl
# Recall@10 of one system over the phrase sample: is the document among the first 10 results of
# the phrase query?
#   recall.pl PHRASES SYSTEM MISSES_FILE ARGS...
#     synaps DATA_DIR SYNAPS_BIN    -> synaps --data DATA_DIR search '"phrase"' --json
#     omega  DB                     -> quest -d DB -m 10 '"phrase"'
#     recoll CONF_DIR CORPUS_DIR    -> recollq -c CONF_DIR -n 10 -b '"phrase"'
# Prints "hits total" then one "type hits total" line per type; misses go to MISSES_FILE.
use strict;
use warnings;
use JSON::PP;

my ($phrases, $system, $misses_path, @args) = @ARGV;
die "usage: recall.pl PHRASES SYSTEM MISSES ARGS...\n" unless @args;

sub run_capture {
  my @cmd = @_;
  my $pid = open(my $fh, '-|');
  die "fork: $!" unless defined $pid;
  if ($pid == 0) { open(STDERR, '>', '/dev/null'); exec(@cmd) or exit 127; }
  local $/; my $out = <$fh> // ''; close $fh;
  return $out;
}
sub unescape { my $s = shift; $s =~ s/%([0-9A-Fa-f]{2})/chr(hex $1)/ge; return $s; }
sub json_paths {    # every "path" string in the JSON, in order
  my ($node, $out) = @_;
  if (ref $node eq 'HASH') {
    for my $k (sort keys %$node) { push @$out, $node->{$k} if $k eq 'path' && !ref $node->{$k}; }
    json_paths($node->{hits}, $out) if exists $node->{hits};
    for my $k (sort keys %$node) { json_paths($node->{$k}, $out) if $k ne 'hits' && ref $node->{$k}; }
  } elsif (ref $node eq 'ARRAY') { json_paths($_, $out) for @$node; }
}

sub results {    # the corpus-relative paths of the first 10 results
  my $phrase = '"' . shift() . '"';
  my @rel;
  if ($system eq 'synaps') {
    my ($data, $bin) = @args;
    my $out = run_capture($bin, '--data', $data, 'search', $phrase, '--json');
    my $json = eval { JSON::PP->new->utf8(1)->decode($out) };
    return () unless $json;
    my @paths; json_paths($json, \@paths);
    for my $p (@paths) { utf8::encode($p) if utf8::is_utf8($p); next unless $p =~ s{^/BENCH/}{}; $p =~ s{[#!].*$}{}; push @rel, $p; }
  } elsif ($system eq 'omega') {
    my ($db) = @args;
    my $out = run_capture('quest', '-d', $db, '-m', '10', $phrase);
    for my $line (split /\n/, $out) { push @rel, unescape($1) if $line =~ m{^url=/(.*)$}; }
  } elsif ($system eq 'recoll') {
    my ($conf, $corpus) = @args;
    my $out = run_capture('recollq', '-c', $conf, '-n', '10', '-b', $phrase);
    for my $line (split /\n/, $out) { push @rel, unescape($1) if $line =~ m{^file://\Q$corpus\E/(.*?)\s*$}; }
  } else { die "unknown system $system\n"; }
  my %seen; @rel = grep { !$seen{$_}++ } @rel;
  return @rel[0 .. ($#rel < 9 ? $#rel : 9)];
}

open(my $in, '<', $phrases) or die "$phrases: $!";
open(my $misses, '>', $misses_path) or die "$misses_path: $!";
my (%hits, %total, $hits, $total);
while (my $line = <$in>) {
  chomp $line;
  my ($rel, $type, $phrase) = split /\t/, $line;
  my @r = results($phrase);
  my $found = grep { $_ eq $rel } @r;
  $total++; $total{$type}++;
  if ($found) { $hits++; $hits{$type}++; }
  else { print $misses "$type\t$rel\t\"$phrase\"\t" . scalar(@r) . " results" . (@r ? ", first: $r[0]" : '') . "\n"; }
}
close $misses;
print "all ", ($hits // 0), " ", ($total // 0), "\n";
print "$_ ", ($hits{$_} // 0), " $total{$_}\n" for sort keys %total;
