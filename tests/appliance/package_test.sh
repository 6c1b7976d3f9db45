#!/usr/bin/env bash
# The Debian package as an administrator meets it: built and checked by lintian
# (appliance/build-deb.sh), installed into a minimal Debian 12 system (mmdebstrap, minbase),
# its unit verified by systemd-analyze, synaps-server started there as the synaps user and
# reached on /healthz; then the upgrade from the package of the parent commit (built from its own
# sources), holding data, keeps the data (synaps check clean, the same documents, search) and the
# administrator's changes to the settings.
#
# Needs root (chroot, mounts), the Debian registry and the git history (the parent commit).
# Usage: [PREVIOUS_DEB=older.deb] tests/appliance/package_test.sh [DEB] (builds the packages
# not given). Exit status non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf 'package_test: %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }
[[ $(id -u) -eq 0 ]] || fail "needs root (chroot and mounts)"

for package in mmdebstrap systemd curl ccache; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$package" >/dev/null
done
# This package and the parent commit's are built with one compiler cache: they differ in a few
# files. Both source trees lie under the checkout, where ccache sees the same relative paths.
export CCACHE_DIR=${CCACHE_DIR:-$PWD/build-deb-ccache} CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=true CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache

deb=${1:-}
if [[ -z $deb ]]; then
  appliance/build-deb.sh >/dev/null
  deb=$(ls "$PWD"/build-deb/synaps_*.deb)
fi
deb=$(readlink -f "$deb")
say "package $deb"
previous_deb=${PREVIOUS_DEB:+$(readlink -f "$PREVIOUS_DEB")}

work=$(mktemp -d /tmp/synaps-package-test.XXXXXX)
root=$work/root
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  umount -l "$work/root/proc" "$work/upgraded/proc" 2>/dev/null || true
  [[ -d $work/previous ]] && git worktree remove --force "$work/previous" 2>/dev/null
  rm -rf "$work"
  git worktree prune
}
trap cleanup EXIT

# install_system ROOT DEB: a minimal Debian 12 in ROOT with DEB installed from the registry's
# dependencies, as apt does it on an administrator's machine (the host's own sources).
install_system() {
  local target=$1 package=$2 log=$work/mmdebstrap-$(basename "$1").log
  mmdebstrap --quiet --variant=minbase --include=ca-certificates,systemd \
    --customize-hook="copy-in $package /tmp" \
    --customize-hook='chroot "$1" apt-get install -y -qq /tmp/'"$(basename "$package")" \
    bookworm "$target" /etc/apt/sources.list.d/debian.sources >"$log" 2>&1 ||
    { tail -30 "$log"; fail "mmdebstrap could not install $(basename "$package")"; }
}
say "installing into a minimal Debian 12 (mmdebstrap --variant=minbase)"
install_system "$root" "$deb"

# The layout an administrator expects.
for path in /usr/bin/synaps /usr/bin/synaps-server /usr/lib/synaps/synaps-extract-worker \
  /usr/lib/synaps/synaps-pst-reader \
  /etc/synaps/synaps.properties /usr/lib/systemd/system/synaps-server.service \
  /usr/lib/systemd/system/synaps-ingest.service /usr/lib/systemd/system/synaps-ingest.timer \
  /usr/lib/systemd/system-generators/synaps-memory-generator \
  /usr/share/man/man1/synaps.1.gz /usr/share/man/man8/synaps-server.8.gz \
  /usr/share/synaps/web/index.html; do
  [[ -e $root$path ]] || fail "$path is not installed"
done
# The archive reader runs with its libraries (libpst), and refuses what is no archive.
[[ $(chroot "$root" /usr/lib/synaps/synaps-pst-reader /etc/hostname </dev/null | head -c 1) == F ]] ||
  fail "synaps-pst-reader does not run in the installed system"
grep -qx '/etc/synaps/synaps.properties' "$root/var/lib/dpkg/info/synaps.conffiles" ||
  fail "/etc/synaps/synaps.properties is not a conffile"
chroot "$root" getent passwd synaps >/dev/null || fail "no synaps system user"
[[ $(chroot "$root" stat -c '%U %a' /var/lib/synaps) == "synaps 700" ]] ||
  fail "/var/lib/synaps is $(chroot "$root" stat -c '%U %a' /var/lib/synaps), not synaps 700"
if grep -rq --binary-files=text "$PWD" "$root/usr/bin/synaps" "$root/usr/bin/synaps-server"; then
  fail "a path of the build tree is compiled into the programs"
fi

say "systemd-analyze verify"
# The manual pages are checked above, in the chroot (the host's man cannot see them).
systemd-analyze verify --man=no --root="$root" synaps-server.service synaps-ingest.service \
  synaps-ingest.timer 2>&1 | tee "$work/verify.log"
[[ -s $work/verify.log ]] && fail "systemd-analyze verify found problems in the units"

mount -t proc proc "$root/proc"
port=$((20000 + RANDOM % 20000))
start_server() {
  chroot --userspec=synaps:synaps "$root" /usr/lib/synaps/synaps-first-start
  chroot --userspec=synaps:synaps "$root" /usr/bin/synaps-server --listen "127.0.0.1:$port" \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$work/server.log"
  fail "synaps-server in the chroot does not answer /healthz"
}
stop_server() {
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

say "starting synaps-server as the synaps user"
start_server
say "/healthz: $(curl -fsS "http://127.0.0.1:$port/healthz")"
grep -q 'password' "$work/server.log" || fail "the first start did not print the admin password"
password=$(sed -n 's/.*password: *//p' "$work/server.log" | head -n 1)
curl -fsS -u "admin:$password" "http://127.0.0.1:$port/api/v1/me" >/dev/null ||
  fail "the admin account printed on the first start cannot log in"
# The portal, from the package's web root: the page and the assets it names.
curl -fsS "http://127.0.0.1:$port/" >"$work/index.html" || fail "the portal's page is not served"
grep -q '<html lang="fr"' "$work/index.html" || fail "/ is not the portal's page"
asset=$(grep -o 'assets/[0-9a-f]*/[^"]*\.css' "$work/index.html" | head -n 1)
[[ -n $asset ]] && curl -fsS -o /dev/null "http://127.0.0.1:$port/$asset" ||
  fail "the portal's stylesheet ($asset) is not served"
stop_server

# An upgrade as an administrator meets it: the package of the release before this one (there is
# no release tag yet: the parent commit, built from its own sources by its own build-deb.sh),
# installed in a second minimal system, holding documents, an index and a changed setting; then
# this package installed over it.
if [[ -z $previous_deb ]] && parent=$(git rev-parse -q --verify 'HEAD~1^{commit}'); then
  say "building the package of the parent commit $(git rev-parse --short "$parent")"
  git worktree add --detach "$work/previous" "$parent" >/dev/null 2>&1 ||
    fail "cannot check out the parent commit"
  "$work/previous/appliance/build-deb.sh" "$PWD/build-deb-previous" >"$work/previous-build.log" \
    2>&1 || { tail -30 "$work/previous-build.log"; fail "the parent commit's package does not build"; }
  previous_deb=$(ls "$PWD"/build-deb-previous/synaps_*.deb)
elif [[ -z $previous_deb ]]; then
  # A clone without history: this package stands in for the older one (maintainer scripts,
  # conffile and data are still exercised, the older programs and schema are not).
  say "WARNING: no parent commit (a shallow clone?): upgrading from this same package"
  previous_deb=$deb
fi
# Both carry the changelog's version: the older one is renumbered below it (~), as it would be.
dpkg-deb -R "$previous_deb" "$work/previous-unpacked"
sed -i 's/^Version: \(.*\)$/Version: \1~previous/' "$work/previous-unpacked/DEBIAN/control"
dpkg-deb -b "$work/previous-unpacked" "$work/synaps-previous.deb" >/dev/null

umount -l "$root/proc"
root=$work/upgraded
say "installing the previous package into a second minimal Debian 12"
install_system "$root" "$work/synaps-previous.deb"
mount -t proc proc "$root/proc"
start_server
password=$(sed -n 's/.*password: *//p' "$work/server.log" | head -n 1)
stop_server

say "some data in the previous release, then the upgrade"
in_root() { chroot --userspec=synaps:synaps "$root" "$@"; }
in_root synaps service add CAB --name Cabinet >/dev/null
in_root synaps import /usr/share/synaps/samples/CAB --service CAB --folder Exemples >/dev/null
in_root synaps index >/dev/null
before=$(in_root synaps ls /CAB/Exemples)
echo "synaps.http.threads = 32" >>"$root/etc/synaps/synaps.properties"

cp "$deb" "$root/tmp/"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  -o Dpkg::Options::=--force-confold "/tmp/$(basename "$deb")" >"$work/upgrade.log" 2>&1 ||
  { cat "$work/upgrade.log"; fail "the upgrade failed"; }
[[ $(chroot "$root" dpkg-query -W -f='${Version}' synaps) == "$(dpkg-deb -f "$deb" Version)" ]] ||
  fail "not upgraded"
grep -q 'synaps.http.threads = 32' "$root/etc/synaps/synaps.properties" ||
  fail "the upgrade lost the administrator's change to synaps.properties"
[[ $(in_root synaps ls /CAB/Exemples) == "$before" ]] || fail "the documents changed in the upgrade"
in_root synaps check || fail "synaps check is not clean after the upgrade"
start_server
curl -fsS -u "admin:$password" "http://127.0.0.1:$port/api/v1/search?q=inondation" |
  grep -q 'note-crise-inondations' ||
  fail "after the upgrade, the first administrator cannot log in or search does not find the samples"
stop_server
say "1 passed, 0 failed"
