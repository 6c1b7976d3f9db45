#!/usr/bin/perl
# One pass of bench/server/run.sh's queries through the server, in order, on one connection:
# prints the number of answers that were not 200 and the mean "total" of the others, to compare
# with the match counts of the in-process floors (same queries, same permission filter).
#   check.pl URL TOKEN QUERIES_FILE
use strict;
use warnings;
use HTTP::Tiny;
use JSON::PP;

my ($url, $token, $file) = @ARGV;
die "usage: check.pl URL TOKEN QUERIES_FILE\n" unless defined $file;
my $http = HTTP::Tiny->new(keep_alive => 1, timeout => 60,
  default_headers => {Authorization => "Bearer $token"});
open(my $in, '<:raw', $file) or die "$file: $!\n";
my ($answers, $not_ok, $total) = (0, 0, 0);
while (my $query = <$in>) {
  chomp $query;
  next if $query eq '';
  (my $encoded = $query) =~ s/([^A-Za-z0-9\-._~])/sprintf('%%%02X', ord $1)/ge;
  my $response = $http->get("$url/api/v1/search?q=$encoded");
  ++$answers;
  if ($response->{status} != 200) {
    ++$not_ok;
    warn "$response->{status} for '$query': $response->{content}\n" if $not_ok <= 5;
    next;
  }
  $total += decode_json($response->{content})->{total};
}
printf "check answers=%d not_ok=%d mean_total=%.1f\n", $answers, $not_ok,
  $answers > $not_ok ? $total / ($answers - $not_ok) : 0;
