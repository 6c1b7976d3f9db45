#!/usr/bin/env bash
# Builds the Debian package of this checkout: build-deb/synaps_VERSION_ARCH.deb, checked by lintian.
#
# The packaging files live in appliance/debian/ (the top-level layout is fixed); this script
# assembles a source tree with them as debian/ (the checkout's files as they are in the working
# tree, tracked or not ignored), then runs dpkg-buildpackage and lintian, which must report no
# error and no warning (the overrides in appliance/debian/ say why each one is justified).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-$PWD/build-deb}

appliance/install-deps.sh
packaging=(dpkg-dev debhelper fakeroot lintian help2man)
missing=()
for package in "${packaging[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
fi

version=$(dpkg-parsechangelog -l appliance/debian/changelog -S Version)
source_dir="$out/synaps-$version"
rm -rf "$out"
mkdir -p "$source_dir"
git ls-files -z --cached --others --exclude-standard |
  grep -zv '^appliance/debian/' | xargs -0 cp --parents -t "$source_dir"
cp -r appliance/debian "$source_dir/debian"
# The portal's design system, installed here from the lockfile (the registry is reachable from
# this script, not from the package build): debian/rules builds the portal from these files.
echo "build-deb: installing the portal's locked packages (npm ci --omit=dev)"
(cd "$source_dir/web" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)

echo "build-deb: building synaps $version in $source_dir"
(cd "$source_dir" && DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
  dpkg-buildpackage -us -uc -b)

deb=$(ls "$out"/synaps_"${version}"_*.deb)
echo "build-deb: checking $deb with lintian"
lintian --fail-on error,warning "$deb"
echo "build-deb: $deb"
