#!/usr/bin/env bash
# The Debian package as an administrator meets it: built and checked by lintian
# (appliance/build-deb.sh), installed into a minimal Debian 12 system (mmdebstrap, minbase),
# its unit verified by systemd-analyze, synaps-server started there as the synaps user and
# reached on /healthz; then some data, and an upgrade to a newer version of the package keeps
# the data (synaps check clean) and the administrator's changes to the settings.
#
# Needs root (chroot, mounts) and the Debian registry. Usage: tests/appliance/package_test.sh
# [DEB] (builds the package when DEB is not given). Exit status non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf 'package_test: %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }
[[ $(id -u) -eq 0 ]] || fail "needs root (chroot and mounts)"

for package in mmdebstrap systemd curl; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$package" >/dev/null
done

deb=${1:-}
if [[ -z $deb ]]; then
  appliance/build-deb.sh >/dev/null
  deb=$(ls "$PWD"/build-deb/synaps_*.deb)
fi
deb=$(readlink -f "$deb")
say "package $deb"

work=$(mktemp -d /tmp/synaps-package-test.XXXXXX)
root=$work/root
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  umount -l "$root/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A minimal Debian 12 with the package installed from the registry's dependencies, as apt does
# it on an administrator's machine (the host's own sources).
say "installing into a minimal Debian 12 (mmdebstrap --variant=minbase)"
cp "$deb" "$work/"
mmdebstrap --quiet --variant=minbase --include=ca-certificates,systemd \
  --customize-hook="copy-in $work/$(basename "$deb") /tmp" \
  --customize-hook='chroot "$1" apt-get install -y -qq /tmp/'"$(basename "$deb")" \
  bookworm "$root" /etc/apt/sources.list.d/debian.sources >"$work/mmdebstrap.log" 2>&1 ||
  { tail -30 "$work/mmdebstrap.log"; fail "mmdebstrap could not install the package"; }

# The layout an administrator expects.
for path in /usr/bin/synaps /usr/bin/synaps-server /usr/lib/synaps/synaps-extract-worker \
  /etc/synaps/synaps.properties /usr/lib/systemd/system/synaps-server.service \
  /usr/lib/systemd/system/synaps-ingest.service /usr/lib/systemd/system/synaps-ingest.timer \
  /usr/lib/systemd/system-generators/synaps-memory-generator \
  /usr/share/man/man1/synaps.1.gz /usr/share/man/man8/synaps-server.8.gz \
  /usr/share/synaps/web/index.html; do
  [[ -e $root$path ]] || fail "$path is not installed"
done
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

say "some data, then an upgrade"
in_root() { chroot --userspec=synaps:synaps "$root" "$@"; }
in_root synaps service add CAB --name Cabinet >/dev/null
in_root synaps import /usr/share/synaps/samples/CAB --service CAB --folder Exemples >/dev/null
in_root synaps index >/dev/null
before=$(in_root synaps ls /CAB/Exemples)
echo "synaps.http.threads = 32" >>"$root/etc/synaps/synaps.properties"

# The next version of the same package (repacked with a higher version number): what dpkg does
# on an upgrade — maintainer scripts, conffile kept, data untouched.
newer=$work/synaps-newer.deb
dpkg-deb -R "$deb" "$work/unpacked"
sed -i 's/^Version: \(.*\)$/Version: \1+upgrade1/' "$work/unpacked/DEBIAN/control"
dpkg-deb -b "$work/unpacked" "$newer" >/dev/null
cp "$newer" "$root/tmp/"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  -o Dpkg::Options::=--force-confold "/tmp/$(basename "$newer")" >"$work/upgrade.log" 2>&1 ||
  { cat "$work/upgrade.log"; fail "the upgrade failed"; }
chroot "$root" dpkg-query -W -f='${Version}\n' synaps | grep -q 'upgrade1' || fail "not upgraded"
grep -q 'synaps.http.threads = 32' "$root/etc/synaps/synaps.properties" ||
  fail "the upgrade lost the administrator's change to synaps.properties"
[[ $(in_root synaps ls /CAB/Exemples) == "$before" ]] || fail "the documents changed in the upgrade"
in_root synaps check || fail "synaps check is not clean after the upgrade"
start_server
curl -fsS -u "admin:$password" "http://127.0.0.1:$port/api/v1/search?q=inondation" |
  grep -q 'note-crise-inondations' || fail "search after the upgrade does not find the samples"
stop_server
say "1 passed, 0 failed"
