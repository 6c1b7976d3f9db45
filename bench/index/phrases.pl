#!/usr/bin/perl
# Picks a recall sample: for about N documents, a phrase of 5 consecutive words taken from the
# text an independent extractor produced (TEXT_DIR/<rel>.txt).
#   phrases.pl TEXT_DIR DOC_LIST N > phrases.tsv
# DOC_LIST: lines "rel<TAB>type". Output: "rel<TAB>type<TAB>phrase<TAB>df", where df is the number
# of documents whose text holds the phrase (words compared case-insensitively, punctuation ignored);
# phrases held by more than 3 documents are avoided, since then the target may fairly rank past 10.
# Sampling is stratified by type (at least 10 per type when there are that many). Deterministic.
use strict;
use warnings;
use utf8;
binmode STDOUT, ':encoding(UTF-8)';

my ($text_dir, $list, $n) = @ARGV;
die "usage: phrases.pl TEXT_DIR DOC_LIST N\n" unless defined $n;
srand(7);
my (%by_type, @all);
open(my $in, '<:encoding(UTF-8)', $list) or die "$list: $!";
while (<$in>) { chomp; my ($rel, $type) = split /\t/; next unless -s "$text_dir/$rel.txt"; push @{ $by_type{$type} }, $rel; push @all, $rel; }
close $in;

sub normalise { my $s = lc shift; $s =~ s/[^\p{L}\p{N}]+/ /g; return " $s "; }
my %norm;    # rel -> normalised text
for my $rel (@all) {
  open(my $t, '<:encoding(UTF-8)', "$text_dir/$rel.txt") or die;
  local $/; $norm{$rel} = normalise(<$t> // ''); close $t;
}
sub df { my $p = normalise(shift); my $c = 0; for my $rel (@all) { $c++ if index($norm{$rel}, $p) >= 0; } return $c; }

sub candidates {
  my $rel = shift;
  open(my $t, '<:encoding(UTF-8)', "$text_dir/$rel.txt") or die;
  my @c;
  while (my $line = <$t>) {
    my @tok = split ' ', $line;
    my $run = 0;
    for my $i (0 .. $#tok) {
      if ($tok[$i] =~ /^\p{L}{2,}$/) { $run++ } else { $run = 0; next }
      next if $run < 5;
      my @w = @tok[$i - 4 .. $i];
      next if (grep { length($_) >= 4 } @w) < 3;
      push @c, join(' ', @w);
    }
  }
  close $t;
  return @c;
}

my $total = @all;
for my $type (sort keys %by_type) {
  my @docs = @{ $by_type{$type} };
  my $quota = int($n * @docs / $total + 0.5);
  $quota = 10 if $quota < 10; $quota = @docs if $quota > @docs;
  # shuffle deterministically, then take documents until the quota is met
  for (my $i = @docs - 1; $i > 0; $i--) { my $j = int(rand($i + 1)); @docs[$i, $j] = @docs[$j, $i]; }
  my $taken = 0;
  for my $rel (@docs) {
    last if $taken >= $quota;
    my @c = candidates($rel);
    next unless @c;
    for my $try (1 .. 8) {
      my $p = $c[int(rand(@c))];
      my $df = df($p);
      next if $df > 3 || $df == 0;
      print "$rel\t$type\t$p\t$df\n";
      $taken++;
      last;
    }
  }
}
