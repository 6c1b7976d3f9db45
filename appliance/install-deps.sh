#!/usr/bin/env bash
# Installs every Debian package that building, testing and running Synaps needs.
# Idempotent: packages already present are left alone. Run as root (or through sudo).
#
# Another package manager at work (unattended-upgrades, busy for minutes after a Debian VM's
# first boot) holds apt's and dpkg's locks: the script then waits for it, saying so, up to
# $SYNAPS_APT_LOCK_TIMEOUT seconds (default 600), and fails if it is still at work by then.
# $SYNAPS_EXTRA_PACKAGES (space-separated) are installed along with Synaps's own.
set -euo pipefail

lock_timeout=${SYNAPS_APT_LOCK_TIMEOUT:-600}
if [[ ! $lock_timeout =~ ^[0-9]+$ ]]; then
  echo "install-deps: SYNAPS_APT_LOCK_TIMEOUT must be a number of seconds" >&2
  exit 2
fi

build_packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libsqlite3-dev libssl-dev
  libxapian-dev libpoco-dev libarchive-dev libpoppler-cpp-dev
  zlib1g-dev libgmime-3.0-dev libmagic-dev libuchardet-dev libexttextcat-dev libutf8proc-dev
  rapidjson-dev libzstd-dev libgoogle-perftools-dev libsmbclient-dev libcurl4-openssl-dev libpst-dev
  catch2
)
runtime_packages=(
  sqlite3 xapian-tools poppler-utils antiword catdoc unrtf
  time bc perl openssl
  # Test-only: the real servers the connector tests start on loopback (a setpriv from
  # util-linux runs them as another user): Samba, Dovecot's IMAP server.
  samba smbclient util-linux systemd dovecot-imapd
)

# The real clients the tests drive: WebDAV's compliance suite and clients, and the browser the
# portal's tests drive (with npm's playwright-core).
test_packages=(
  curl python3 litmus cadaver rclone davfs2 fuse3 chromium fonts-dejavu-core
  # The floors the ingestion benchmark measures against (bench/ingest): mbsync, readpst.
  isync pst-utils
)
# The portal is built with node and npm (build time only). A node that brings its own npm (not
# Debian's) is kept: Debian's npm package would conflict with it.
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  build_packages+=(nodejs npm)
fi

read -r -a extra_packages <<<"${SYNAPS_EXTRA_PACKAGES:-}"
wanted=("${build_packages[@]}" "${runtime_packages[@]}" "${test_packages[@]}"
  "${extra_packages[@]}")
missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#wanted[@]} packages already installed"
  exit 0
fi

# The file of apt's or dpkg's locks that a process holds, if any. Read from /proc/locks, which
# needs no root (opening the lock files does), by device and inode.
held_lock() {
  local file dev inode
  for file in /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock \
    /var/cache/apt/archives/lock; do
    [[ -e $file ]] || continue
    read -r dev inode < <(stat -c '%d %i' "$file")
    if grep -q " $(printf '%02x:%02x:%d' $(((dev >> 8) & 0xfff)) \
      $(((dev & 0xff) | ((dev >> 12) & 0xfff00))) "$inode") " /proc/locks; then
      echo "$file"
      return
    fi
  done
}

wait_for_other_package_managers() {
  local file deadline=$((SECONDS + lock_timeout))
  file=$(held_lock)
  [[ -n $file ]] || return 0
  echo "install-deps: waiting for another package manager to finish" \
    "(up to $lock_timeout s; it holds $file)..."
  while [[ -n $file ]]; do
    if ((SECONDS >= deadline)); then
      echo "install-deps: another package manager still holds $file after $lock_timeout s;" \
        "run this again once it is done (ps -C apt,apt-get,dpkg,unattended-upgr shows it)," \
        "or wait longer with SYNAPS_APT_LOCK_TIMEOUT=SECONDS" >&2
      exit 1
    fi
    sleep 2
    file=$(held_lock)
  done
  echo "install-deps: the other package manager is done"
}

echo "install-deps: installing ${missing[*]}"
wait_for_other_package_managers
# Should another package manager start between the check above and apt, apt-get install waits
# for dpkg's lock (DPkg::Lock::Timeout); apt-get update does not wait for its lists lock (apt
# 2.6 fails at once), which is why the script checks first.
apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=$lock_timeout")
if [[ $(id -u) -ne 0 ]]; then apt=(sudo "${apt[@]}"); fi
"${apt[@]}" update -qq
"${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
