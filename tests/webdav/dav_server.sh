# Sourced by the WebDAV client tests: a real synaps-server on a free loopback port over a fresh
# data directory with two services (CAB, DDT) and their agents, stopped when the test exits.
#   BIN_DIR  the build's bin/ (synaps, synaps-server)
#   DAV_SERVER_CONFIG  (optional) a settings file for the server (--config)
# Sets: DAV_URL (http://127.0.0.1:PORT/dav), DAV_WORK (a temporary directory), and these
# accounts (password = login + "-password"): cab-manager (manager of CAB), cab-editor,
# cab-reader, ddt-editor.
set -euo pipefail
: "${BIN_DIR:?set BIN_DIR to the bin folder of the build}"
DAV_WORK=$(mktemp -d)
export SYNAPS_DATA=$DAV_WORK/data
dav_server_pid=
dav_cleanup() {
  [[ -n $dav_server_pid ]] && kill "$dav_server_pid" 2>/dev/null && wait "$dav_server_pid" 2>/dev/null
  rm -rf "$DAV_WORK"
}
trap dav_cleanup EXIT

synaps() { "$BIN_DIR/synaps" --data "$SYNAPS_DATA" "$@"; }
synaps init >/dev/null
synaps service add CAB --name "Cabinet du préfet" >/dev/null
synaps service add DDT --name "Direction départementale des territoires" >/dev/null
add_agent() {  # login service role
  echo "$1-password" | synaps user add "$1" --service "$2" --role "$3" --password-stdin >/dev/null
}
add_agent cab-manager CAB manager
add_agent cab-editor CAB editor
add_agent cab-reader CAB reader
add_agent ddt-editor DDT editor

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
server_config=()
[[ -n ${DAV_SERVER_CONFIG:-} ]] && server_config=(--config "$DAV_SERVER_CONFIG")
"$BIN_DIR/synaps-server" --data "$SYNAPS_DATA" --listen "127.0.0.1:$port" "${server_config[@]}" \
  >"$DAV_WORK/server.log" 2>&1 &
dav_server_pid=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
DAV_URL=http://127.0.0.1:$port/dav
