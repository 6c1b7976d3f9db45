#!/usr/bin/env bash
# litmus, the WebDAV compliance suite, against /dav/CAB/ as a manager of CAB: every suite (basic,
# copymove, props, locks, http) must pass, with no warnings.
#   usage: litmus_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
cd "$DAV_WORK"
if ! litmus "$DAV_URL/CAB/" cab-manager cab-manager-password >litmus.log 2>&1; then
  cat litmus.log
  echo "--- server log (last lines)"
  tail -n 40 server.log
  exit 1
fi
cat litmus.log
if grep -q "WARNING" litmus.log; then
  echo "litmus passed with warnings" >&2
  exit 1
fi
