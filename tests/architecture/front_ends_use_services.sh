#!/usr/bin/env bash
# Fails when a front end calls a mutating Store method: every change goes through a service
# (dms-server/documents/, dms-server/accounts/) that decides, never through a route handler or a
# CLI command (ARCHITECTURE invariant 6). The mutating methods are read off store.h: those that
# take the acting `const Actor&`.
#
# usage: front_ends_use_services.sh STORE_H FRONT_END_DIR...
set -euo pipefail
store_h=$1
shift
mapfile -t methods < <(grep -oE '\b[A-Z][A-Za-z0-9]*\(const Actor& ' "$store_h" |
  sed 's/(.*//' | sort -u)
if ((${#methods[@]} < 10)); then
  echo "found only ${#methods[@]} mutating methods in $store_h: the pattern no longer matches" >&2
  exit 2
fi
alternatives=$(IFS='|'; echo "${methods[*]}")
# A call on anything named like a store: x.store().M(, (*store)->M(, store_.M(, store->M(.
pattern="[Ss]tore[A-Za-z_]*(\(\))?\)?[[:space:]]*(\.|->)[[:space:]]*($alternatives)[[:space:]]*\("
found=0
for dir in "$@"; do
  while IFS= read -r hit; do
    echo "a front end calls a mutating store method (use the document or account service): $hit"
    found=1
  done < <(grep -rnE --include='*.cpp' --include='*.h' "$pattern" "$dir" || true)
done
if ((found)); then exit 1; fi
echo "no front end calls any of the ${#methods[@]} mutating store methods"
