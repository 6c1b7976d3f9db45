#!/usr/bin/env bash
# SMB ingest benchmark: a generated tree of 10,000 files (100 folders of 100, 200 B to 4 KiB)
# served by a real Samba started on loopback (../shared/REAL-PARTS.md recipe; needs root),
# measured in the same run against smbclient copying the same tree:
#   - the first `synaps ingest` of an smb source (every file listed, read, hashed, stored, its
#     type detected) against `smbclient -c 'recurse; prompt; mget *'`. Aim: within 1.5x;
#   - the no-change re-run (listing only).
# Each measure is taken three times (a fresh data directory or a fresh copy each time), the best
# kept. Prints the figures and the ratio. Not part of the test suite.
#
#   bench/ingest/smb.sh [WORK_DIR]   (default: build/bench-smb; FILES=N, PORT=P,
#                                    BIN_DIR=build-rel/bin for a Release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
synaps=${BIN_DIR:-$PWD/build/bin}/synaps
[[ -x $synaps ]] || { echo "build first: cmake -S . -B build -G Ninja && cmake --build build" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || { echo "needs root (smbd)" >&2; exit 1; }
command -v smbd >/dev/null && command -v smbclient >/dev/null ||
  { echo "needs samba and smbclient (appliance/install-deps.sh)" >&2; exit 1; }
work=${1:-$PWD/build/bench-smb}
files=${FILES:-10000}
port=${PORT:-1445}
user=synapsbench password=bench-smb-pw
rm -rf "$work" && mkdir -p "$work"/{private,lock,state,cache,pid,ncalrpc,log,share}
chmod 755 "$work"
useradd -M -s /usr/sbin/nologin "$user" 2>/dev/null || true

echo "generating $files files"
python3 - "$work/share" "$files" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(16)
for i in range(count):
    folder = os.path.join(root, "dossier-%03d" % (i % 100))
    os.makedirs(folder, exist_ok=True)
    size = rng.randint(200, 4096)
    head = ("Note %d du service, compte rendu n° %d.\n" % (i, rng.randint(1, 10**9))).encode()
    with open(os.path.join(folder, "note-%06d.txt" % i), "wb") as out:
        out.write(head + bytes(rng.getrandbits(8) % 26 + 97 for _ in range(max(0, size - len(head)))))
PY
chown -R "$user" "$work/share"
cat >"$work/smb.conf" <<CONF
[global]
 server role = standalone server
 interfaces = 127.0.0.1
 bind interfaces only = yes
 smb ports = $port
 disable netbios = yes
 private dir = $work/private
 lock directory = $work/lock
 state directory = $work/state
 cache directory = $work/cache
 pid directory = $work/pid
 ncalrpc dir = $work/ncalrpc
 log file = $work/log/log.%m
 passdb backend = tdbsam:$work/private/passdb.tdb
 map to guest = never
 load printers = no
 disable spoolss = yes
 server min protocol = SMB2_02
[share]
 path = $work/share
 read only = yes
 valid users = $user
CONF
printf '%s\n%s\n' "$password" "$password" | smbpasswd -c "$work/smb.conf" -s -a "$user" >/dev/null
setsid smbd --foreground --no-process-group --debug-stdout -s "$work/smb.conf" >"$work/smbd.log" 2>&1 &
smbd_pid=$!
trap 'kill -- -$smbd_pid 2>/dev/null || kill $smbd_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  smbclient -p "$port" //127.0.0.1/share -U "$user%$password" -c ls >/dev/null 2>&1 && break
  sleep 0.1
done

source bench/ingest/common.sh

floor=""
for _ in 1 2 3; do
  rm -rf "$work/copy" && mkdir -p "$work/copy"
  start=$(seconds)
  (cd "$work/copy" && smbclient -p "$port" //127.0.0.1/share -U "$user%$password" \
    -c 'recurse; prompt; mget *' >/dev/null 2>&1)
  floor=$(min "$floor" "$(since "$start")")
done
copied=$(find "$work/copy" -type f | wc -l)
[[ $copied -eq $files ]] || { echo "smbclient copied $copied files, not $files" >&2; exit 1; }

echo "$password" >"$work/secret"
secret=$work/secret
first_runs partage DDT --type smb --location "smb://127.0.0.1:$port/share/" --user "$user" \
  --password-file -
grep -q "\"new\":$files" "$work/first-1.json" ||
  { cat "$work/first-1.json"; echo "the first run did not store $files files" >&2; exit 1; }
reruns partage

printf '%-44s %8.2f s  %8.0f files/s\n' "first run (synaps ingest, smb)" "$first" "$(echo "$files / $first" | bc -l)"
printf '%-44s %8.2f s\n' "  floor: smbclient recurse; prompt; mget *" "$floor"
printf '%-44s %8.2f   (aim: <= 1.5)\n' "  ratio first run / smbclient" "$(echo "$first / $floor" | bc -l)"
printf '%-44s %8.3f s\n' "no-change re-run (synaps ingest)" "$rerun"
