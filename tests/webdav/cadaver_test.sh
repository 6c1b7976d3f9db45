#!/usr/bin/env bash
# A scripted cadaver session against /dav/CAB/: make a folder, put, list, get back, copy, move,
# set and read a property, lock and unlock, delete.
#   usage: cadaver_test.sh BIN_DIR
BIN_DIR=$1
source "$(dirname "$0")/dav_server.sh"
export HOME=$DAV_WORK
printf 'machine 127.0.0.1 login cab-editor password cab-editor-password\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
cd "$DAV_WORK"
echo "arrêté préfectoral du 3 mars" >arrete.txt
cadaver "$DAV_URL/CAB/" >session.log 2>&1 <<'SESSION'
mkcol dossiers
cd dossiers
put arrete.txt
ls
get arrete.txt copie-locale.txt
copy arrete.txt arrete-copie.txt
move arrete-copie.txt arrete-renomme.txt
propset arrete.txt note "à relire"
propget arrete.txt note
lock arrete.txt
put arrete.txt
unlock arrete.txt
delete arrete-renomme.txt
ls
quit
SESSION
failures=0
check() {
  if ! grep -q -- "$1" session.log; then
    echo "FAIL: the session does not show: $1"
    failures=$((failures + 1))
  fi
}
check "Uploading arrete.txt to \`/dav/CAB/dossiers/arrete.txt': .*succeeded"
check "Downloading \`/dav/CAB/dossiers/arrete.txt' to copie-locale.txt: .*succeeded"
check "Copying .*succeeded"
check "Moving .*succeeded"
check "Setting property on \`arrete.txt': succeeded"
check "à relire"
check "Locking \`arrete.txt': succeeded"
check "Unlocking \`arrete.txt': succeeded"
check "Deleting \`arrete-renomme.txt': succeeded"
cmp -s arrete.txt copie-locale.txt || { echo "FAIL: the copy read back differs"; failures=$((failures + 1)); }
versions=$("$BIN_DIR/synaps" --data "$SYNAPS_DATA" versions /CAB/dossiers/arrete.txt | wc -l)
[[ $versions -ge 1 ]] || { echo "FAIL: no version of the uploaded file"; failures=$((failures + 1)); }
if ((failures)); then
  cat session.log
  exit 1
fi
echo "cadaver: every step of the session succeeded"
