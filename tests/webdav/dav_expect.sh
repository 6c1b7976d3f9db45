# Sourced by the curl-driven WebDAV tests after dav_server.sh: one request, its status checked.
#   expect STATUS LOGIN METHOD PATH [curl options...]   (LOGIN "-": anonymous)
#   body_has [!] TEXT                                    (the last answer's body holds TEXT, or not)
#   finish NAME                                          (exit 1 when anything failed)
# The last answer's body is in $DAV_WORK/body, its headers in $DAV_WORK/headers.
failures=0
expect() {
  local want=$1 login=$2 method=$3 path=$4
  shift 4
  local auth=()
  [[ $login != - ]] && auth=(-u "$login:$login-password")
  local got
  got=$(curl -s -o "$DAV_WORK/body" -D "$DAV_WORK/headers" -w '%{http_code}' "${auth[@]}" \
    -X "$method" "$@" "$DAV_URL$path")
  if [[ $got != "$want" ]]; then
    echo "FAIL: $login $method $path: $got, expected $want: $(head -c 300 "$DAV_WORK/body")"
    failures=$((failures + 1))
  fi
}
body_has() {
  if [[ $1 == ! ]]; then
    if grep -q -- "$2" "$DAV_WORK/body"; then
      echo "FAIL: the body holds $2"
      failures=$((failures + 1))
    fi
  elif ! grep -q -- "$1" "$DAV_WORK/body"; then
    echo "FAIL: the body lacks $1"
    failures=$((failures + 1))
  fi
}
finish() {
  if ((failures)); then
    echo "$failures failure(s)"
    tail -n 20 "$DAV_WORK/server.log"
    exit 1
  fi
  echo "$1: every check passed"
}
