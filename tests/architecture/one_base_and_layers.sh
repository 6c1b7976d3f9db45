#!/usr/bin/env bash
# Fails when a module keeps its own copy of what indexer/base/ holds, or reaches a layer it must
# not: one Status type and one UTF-8 validator/decoder/encoder for the store and the indexer
# alike; the permission decision and the services above it know nothing of Xapian (the search
# filter is built at the edge, in dms-server/search/); the indexer knows nothing of the store.
#
# usage: one_base_and_layers.sh SOURCE_DIR
set -euo pipefail
root=$1
found=0
fail() {
  echo "$1"
  found=1
}
sources() { grep -rnsE --include='*.cpp' --include='*.h' "$@" || true; }

# A second status class: any class named *Status with a code() beside indexer/base/status.h.
while IFS= read -r hit; do
  fail "a second status type (use indexer/base/status.h): $hit"
done < <(sources 'class (\[\[nodiscard\]\] )?[A-Za-z]*Status\b[^;]*$' "$root/indexer" \
  "$root/dms-server" "$root/connectors" | grep -v "^$root/indexer/base/" | grep -v 'enum class')

# A hand-written UTF-8 decoder or encoder: continuation bits masked or lead bytes built.
while IFS= read -r hit; do
  fail "UTF-8 decoded or encoded by hand (use indexer/base/utf8.h): $hit"
done < <(sources '& 0x3[Ff]\)|0x[CcEeFf]0 \| \(' "$root/indexer" "$root/dms-server" \
  "$root/connectors" | grep -v "^$root/indexer/base/")

# Layers: the permission decision and the services do not include the index or Xapian.
for module in permissions documents accounts; do
  while IFS= read -r hit; do
    fail "dms-server/$module reaches the index (build search filters in dms-server/search/): $hit"
  done < <(sources '#include [<"](xapian|indexer/(query|index)/)' "$root/dms-server/$module")
done
# ... nor do their libraries link it.
for target in synaps_permissions synaps_documents synaps_accounts; do
  line=$(tr '\n' ' ' <"$root/dms-server/CMakeLists.txt" |
    grep -oE "target_link_libraries\($target [^)]*\)" || true)
  [[ -n $line ]] || fail "no target_link_libraries($target ...) in dms-server/CMakeLists.txt"
  if grep -qE 'indexer_query|indexer_index|XAPIAN|synaps_search' <<<"$line"; then
    fail "$target links the index: $line"
  fi
done
# The indexer does not include the store; the store includes only the base of the indexer.
while IFS= read -r hit; do
  fail "the indexer includes the store: $hit"
done < <(sources '#include "dms-server/' "$root/indexer")
while IFS= read -r hit; do
  fail "the store includes the indexer beyond indexer/base/: $hit"
done < <(sources '#include "indexer/' "$root/dms-server/store" | grep -v '#include "indexer/base/')

if ((found)); then exit 1; fi
echo "one base (Status, UTF-8); permissions and services free of the index; indexer free of the store"
