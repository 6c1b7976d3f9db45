#!/usr/bin/env bash
# A davfs2 mount of /dav/CAB/ (as root: mount needs it): copy a folder in with cp -r, edit a file
# in place, rename it, read everything back, and see the versions in the store.
#   usage: davfs2_test.sh BIN_DIR
BIN_DIR=$1
# Exit status 77 tells CTest the test was skipped: where mounting is impossible (not root, no
# FUSE device, no right to mount in a container), not where it fails.
if [[ $(id -u) -ne 0 || ! -c /dev/fuse ]]; then
  echo "skipped: mounting davfs2 needs root and /dev/fuse"
  exit 77
fi
source "$(dirname "$0")/dav_server.sh"
mnt=$DAV_WORK/mnt
mkdir -p "$mnt" "$DAV_WORK/cache"
chmod 755 "$DAV_WORK"  # davfs2 drops to its own user, which must reach its cache
# davfs2 refuses a secrets file that others may read, and runs its cache under davfs2's group.
printf '%s cab-editor cab-editor-password\n' "$DAV_URL/CAB/" >"$DAV_WORK/secrets"
chmod 600 "$DAV_WORK/secrets"
chown root:davfs2 "$DAV_WORK/cache" && chmod 775 "$DAV_WORK/cache"
cat >"$DAV_WORK/davfs2.conf" <<CONF
secrets $DAV_WORK/secrets
cache_dir $DAV_WORK/cache
ask_auth 0
use_locks 1
buf_size 64
delay_upload 0
dir_refresh 1
file_refresh 1
CONF
if ! mount -t davfs -o "conf=$DAV_WORK/davfs2.conf" "$DAV_URL/CAB/" "$mnt" 2>"$DAV_WORK/mount.err"; then
  if grep -qiE "permission denied|operation not permitted|fuse" "$DAV_WORK/mount.err"; then
    echo "skipped: this machine does not let us mount: $(cat "$DAV_WORK/mount.err")"
    exit 77
  fi
  cat "$DAV_WORK/mount.err"
  exit 1
fi
unmount() { umount "$mnt" 2>/dev/null || true; dav_cleanup; }
trap unmount EXIT

synaps() { "$BIN_DIR/synaps" --data "$SYNAPS_DATA" "$@"; }
# An upload happens just after close(): wait for the store to show it.
wait_for() {  # a command that succeeds once the upload arrived
  for _ in $(seq 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "FAIL: never true: $*"
  exit 1
}

src=$DAV_WORK/src
mkdir -p "$src/réunions/2024"
for i in 1 2 3; do echo "ordre du jour $i" >"$src/réunions/2024/odj-$i.txt"; done
echo "synthèse" >"$src/réunions/synthese.txt"
cp -r "$src/réunions" "$mnt/"
wait_for synaps info "/CAB/réunions/2024/odj-3.txt"
wait_for synaps info "/CAB/réunions/synthese.txt"

echo "ajout du point 4" >>"$mnt/réunions/2024/odj-1.txt"
has_two_versions() { [[ $(synaps versions "/CAB/réunions/2024/odj-1.txt" | wc -l) -ge 2 ]]; }
wait_for has_two_versions
mv "$mnt/réunions/synthese.txt" "$mnt/réunions/synthèse-finale.txt"
wait_for synaps info "/CAB/réunions/synthèse-finale.txt"
diff -r "$src/réunions/2024/odj-2.txt" "$mnt/réunions/2024/odj-2.txt"
grep -q "ajout du point 4" "$mnt/réunions/2024/odj-1.txt"
umount "$mnt"
# Read back through a fresh mount: what the store holds, not davfs2's cache.
rm -rf "${DAV_WORK:?}/cache/"*
mount -t davfs -o "conf=$DAV_WORK/davfs2.conf" "$DAV_URL/CAB/" "$mnt"
[[ $(cat "$mnt/réunions/synthèse-finale.txt") == "synthèse" ]]
grep -q "ajout du point 4" "$mnt/réunions/2024/odj-1.txt"
echo "davfs2: cp -r, edit in place, rename and read back all as expected"
