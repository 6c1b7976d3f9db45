#!/usr/bin/env bash
# Installs every Debian package that building, testing and running Synaps needs.
# Idempotent: packages already present are left alone. Run as root (or through sudo).
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config clang-format
  libsqlite3-dev libssl-dev
  libxapian-dev libpoco-dev libarchive-dev libpoppler-cpp-dev
  zlib1g-dev libgmime-3.0-dev libmagic-dev libuchardet-dev libexttextcat-dev libutf8proc-dev
  rapidjson-dev libzstd-dev libgoogle-perftools-dev
  catch2
)
runtime_packages=(
  sqlite3 xapian-tools poppler-utils antiword catdoc unrtf
  time bc perl openssl
)

wanted=("${build_packages[@]}" "${runtime_packages[@]}")
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

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
