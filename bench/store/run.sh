#!/usr/bin/env bash
# Store benchmark: imports 10,000 small files (1-50 KiB) and one 1 GiB file with `synaps import`,
# and in the same run measures the floor: `cp -r` of the same data plus `sha256sum` of it.
# Prints files/s, MB/s, peak RSS and the ratios. Not part of the test suite.
#
#   bench/store/run.sh [WORK_DIR]     (default: build/bench-store; needs ~4 GiB free)
#
# The file system matters: ext4 skips inodes freed in the last hours when it allocates new ones,
# so on a disk that has just seen hundreds of thousands of files come and go (a developer's
# machine) creating files costs much more than on an appliance's data volume. To measure the
# latter, run it on a fresh ext4 volume, e.g.:
#   truncate -s 6G /tmp/fs.img && mkfs.ext4 -q -F /tmp/fs.img && mount -o loop /tmp/fs.img /mnt
#   bench/store/run.sh /mnt/bench
#   SMALL_FILES=2000 BIG_MB=256 bench/store/run.sh   (a quicker run)
set -euo pipefail
cd "$(dirname "$0")/../.."
synaps=$PWD/build/bin/synaps
[[ -x $synaps ]] || { echo "build first: cmake -S . -B build -G Ninja && cmake --build build" >&2; exit 1; }
work=${1:-$PWD/build/bench-store}
small_files=${SMALL_FILES:-10000}
big_mb=${BIG_MB:-1024}
rm -rf "$work" && mkdir -p "$work"

seconds() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
# Runs a command under /usr/bin/time; sets $wall and $rss_kb.
measure() {
  local log=$work/time.log
  /usr/bin/time -f '%e %M' -o "$log" "$@" >"$work/out.log" 2>&1 || { cat "$work/out.log" >&2; exit 1; }
  read -r wall rss_kb <"$log"
}

echo "== generating corpus: $small_files files of 1-50 KiB, one file of $big_mb MiB"
mkdir -p "$work/small"
head -c $((64 << 20)) /dev/urandom >"$work/pool"
perl -e '
  my ($pool_path, $dir, $count) = @ARGV;
  open(my $in, "<:raw", $pool_path) or die; local $/; my $pool = <$in>; close $in;
  srand(42);
  for my $i (0 .. $count - 1) {
    my $sub = sprintf("%s/d%03d", $dir, $i % 100);
    mkdir $sub unless -d $sub;
    my $size = 1024 + int(rand(49 * 1024));
    my $offset = int(rand(length($pool) - $size));
    open(my $out, ">:raw", "$sub/f$i.bin") or die; print $out substr($pool, $offset, $size); close $out;
  }' "$work/pool" "$work/small" "$small_files"
head -c $((big_mb << 20)) /dev/urandom >"$work/big.bin"
rm "$work/pool"
small_bytes=$(du -sb "$work/small" | cut -f1)
big_bytes=$(stat -c %s "$work/big.bin")
sync

echo "== floor: cp -r + sha256sum"
t0=$(seconds); cp -r "$work/small" "$work/copy-small"; find "$work/small" -type f -print0 | xargs -0 sha256sum >/dev/null; t1=$(seconds)
floor_small=$(elapsed "$t0" "$t1")
t0=$(seconds); cp "$work/big.bin" "$work/copy-big.bin"; sha256sum "$work/big.bin" >/dev/null; t1=$(seconds)
floor_big=$(elapsed "$t0" "$t1")
t0=$(seconds); sync; t1=$(seconds)
floor_sync=$(elapsed "$t0" "$t1")
# The copies stay until the end: deleting 10,000 files just before the import would make ext4
# skip their freshly freed inodes (recently_deleted) while Synaps creates its own.
sync

echo "== synaps import"
data=$work/data
"$synaps" --data "$data" init >/dev/null
"$synaps" --data "$data" service add BENCH --name Bench >/dev/null
measure "$synaps" --data "$data" import "$work/small" --service BENCH
synaps_small=$wall; rss_small=$rss_kb
measure "$synaps" --data "$data" import "$work/small" --service BENCH
synaps_unchanged=$wall; rss_unchanged=$rss_kb
measure "$synaps" --data "$data" import "$work/big.bin" --service BENCH
synaps_big=$wall; rss_big=$rss_kb
measure "$synaps" --data "$data" check
check_time=$wall

report() { printf '%-34s %10s\n' "$1" "$2"; }
mb() { echo "scale=1; $1 / 1000000 / $2" | bc -l; }
echo
echo "== results ($(nproc) cores, $(date -u +%F))"
report "small files" "$small_files ($(echo "scale=1; $small_bytes/1000000" | bc) MB)"
report "floor cp -r + sha256sum (s)" "$floor_small"
report "synaps import (s)" "$synaps_small"
report "synaps import files/s" "$(echo "scale=0; $small_files / $synaps_small" | bc)"
report "synaps import MB/s" "$(mb "$small_bytes" "$synaps_small")"
report "ratio synaps / floor" "$(echo "scale=2; $synaps_small / $floor_small" | bc)"
report "unchanged re-import (s)" "$synaps_unchanged"
report "unchanged re-import files/s" "$(echo "scale=0; $small_files / $synaps_unchanged" | bc)"
report "peak RSS small / unchanged (MB)" "$((rss_small / 1024)) / $((rss_unchanged / 1024))"
echo
report "big file (MB)" "$(echo "scale=1; $big_bytes/1000000" | bc)"
report "floor cp + sha256sum (s)" "$floor_big"
report "synaps import (s)" "$synaps_big"
report "synaps import MB/s" "$(mb "$big_bytes" "$synaps_big")"
report "ratio synaps / floor" "$(echo "scale=2; $synaps_big / $floor_big" | bc)"
report "ratio synaps / (floor + sync)" "$(echo "scale=2; $synaps_big / ($floor_big + $floor_sync)" | bc)"
report "peak RSS (MB)" "$((rss_big / 1024))"
echo
report "synaps check, all blobs (s)" "$check_time"
rm -rf "$work"
