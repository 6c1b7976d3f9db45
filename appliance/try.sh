#!/usr/bin/env bash
# Sets up, builds and runs Synaps on an embedded default, for a first look:
# installs the Debian packages, builds into build/, initialises a data directory in the checkout
# (var/data), imports the sample documents of config/samples (one folder per service), indexes
# them, lists them, runs a search, then starts synaps-server on 127.0.0.1:8080. Safe to run
# again: nothing is imported twice, and the admin password is printed only on the first start.
set -euo pipefail
cd "$(dirname "$0")/.."

appliance/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
# The portal too: npm installs its locked packages into build/, node writes build/web/root.
cmake --build build -j"$(nproc)" --target synaps synaps-server synaps-extract-worker synaps-pst-reader portal

synaps=build/bin/synaps
export SYNAPS_DATA="${SYNAPS_DATA:-$PWD/var/data}"
"$synaps" init

declare -A service_names=(
  [CAB]="Cabinet du préfet"
  [DCL]="Direction de la citoyenneté et de la légalité"
  [DDT]="Direction départementale des territoires"
)
for code in "${!service_names[@]}"; do
  if ! "$synaps" service list | cut -f1 | grep -qx "$code"; then
    "$synaps" service add "$code" --name "${service_names[$code]}"
  fi
  "$synaps" import "config/samples/$code" --service "$code" --folder "Exemples" --tag exemple
done

"$synaps" index

echo
echo "Synaps data directory: $SYNAPS_DATA"
for code in $(printf '%s\n' "${!service_names[@]}" | sort); do
  "$synaps" ls "/$code/Exemples"
done
echo
echo "Search across services (accents and case do not matter):"
"$synaps" search "arrete prefectoral"
echo
echo "Try: $synaps --data $SYNAPS_DATA search 'crue OU inondation'"
echo
# The server indexes in the background from now on (it holds the index's writer lock).
# On its first start it prints the admin login and a generated password, once.
listen="${SYNAPS_LISTEN:-127.0.0.1:8080}"
echo "Starting synaps-server on http://$listen/ (Ctrl-C stops it): open it in a browser and log in"
echo "as admin (the portal), or, for example:"
echo "  curl -u admin:PASSWORD 'http://$listen/api/v1/search?q=arrete+prefectoral'"
exec build/bin/synaps-server --data "$SYNAPS_DATA" --listen "$listen"
