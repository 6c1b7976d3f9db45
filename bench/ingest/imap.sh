#!/usr/bin/env bash
# IMAP ingest benchmark: 5,000 messages (1 to 40 KiB, one in 20 with an attachment) in a real
# Dovecot started on loopback (../shared/REAL-PARTS.md recipe; needs root), measured in the same
# run against mbsync (isync) fetching the same mailbox into a Maildir:
#   - the first `synaps ingest` (every message fetched, stored, its attachments stored, thread
#     metadata recorded, indexing queued) against mbsync's first sync. Aim: within 1.5x;
#   - the no-change re-run (EXAMINE and UID SEARCH: nothing fetched). Aim: under 1 s.
# Each measure is taken three times (fresh data directory or fresh Maildir for first runs), the
# best kept. Prints the figures and the ratios. Not part of the test suite.
#
#   bench/ingest/imap.sh [WORK_DIR]   (default: build/bench-imap; MESSAGES=N, PORT=P,
#                                      BIN_DIR=build-rel/bin for a Release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
synaps=${BIN_DIR:-$PWD/build/bin}/synaps
[[ -x $synaps ]] || { echo "build first: cmake -S . -B build -G Ninja && cmake --build build" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || { echo "needs root (Dovecot runs the mail processes as nobody)" >&2; exit 1; }
command -v dovecot >/dev/null && command -v mbsync >/dev/null ||
  { echo "needs dovecot-imapd and isync (appliance/install-deps.sh)" >&2; exit 1; }
work=${1:-$PWD/build/bench-imap}
messages=${MESSAGES:-5000}
port=${PORT:-10943}
rm -rf "$work" && mkdir -p "$work"/{run,state,mail}
chmod 755 "$work"
user=agent password=bench-imap-pw

cat >"$work/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $work/run
state_dir = $work/state
log_path = $work/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$work/mail/%u/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $work/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$work/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
}
CONF
echo "$user:{PLAIN}$password" >"$work/users"

echo "generating $messages messages"
python3 - "$work/mail/$user/Maildir" "$messages" <<'PY'
import base64, os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(root, sub), exist_ok=True)
rng = random.Random(16)
words = "préfecture arrêté réunion crue commune service dossier subvention note cabinet".split()
for i in range(count):
    body = " ".join(rng.choice(words) for _ in range(rng.randint(150, 6000))) + "\n"
    head = ("From: agent%d@prefecture.gouv.fr\nTo: cabinet@prefecture.gouv.fr\n"
            "Subject: Dossier %d\nMessage-ID: <bench-%d@prefecture.gouv.fr>\n"
            "Date: Thu, 05 Mar 2026 10:%02d:00 +0100\n" % (i % 40, i, i, i % 60))
    if i % 10 == 9:
        head += "In-Reply-To: <bench-%d@prefecture.gouv.fr>\n" % (i - 1)
    if i % 20 == 0:
        attachment = base64.encodebytes(rng.randbytes(rng.randint(10000, 60000))).decode()
        text = (head + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
                "Content-Type: text/plain; charset=utf-8\n\n" + body + "--b\n"
                "Content-Type: application/octet-stream\n"
                "Content-Disposition: attachment; filename=\"piece-%d.bin\"\n"
                "Content-Transfer-Encoding: base64\n\n" % i + attachment + "--b--\n")
    else:
        text = head + "Content-Type: text/plain; charset=utf-8\n\n" + body
    with open(os.path.join(root, "new", "1772700000.%d.bench" % i), "w") as out:
        out.write(text)
PY
chown -R nobody:nogroup "$work/mail"
dovecot -c "$work/dovecot.conf" </dev/null >/dev/null 2>&1
trap 'doveadm -c "$work/dovecot.conf" stop >/dev/null 2>&1 || true' EXIT
for _ in $(seq 100); do curl -s "imap://127.0.0.1:$port/" -u "$user:$password" >/dev/null && break; sleep 0.1; done
# Let Dovecot index the mailbox once, so that neither side pays for it.
curl -s "imap://127.0.0.1:$port/INBOX" -u "$user:$password" -X 'UID SEARCH ALL' >/dev/null

source bench/ingest/common.sh

cat >"$work/mbsyncrc" <<RC
IMAPAccount a
Host 127.0.0.1
Port $port
User $user
Pass $password
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account a

MaildirStore local
Path $work/local/
Inbox $work/local/INBOX

Channel inbox
Far :remote:INBOX
Near :local:INBOX
Sync Pull
Create Near
SyncState *
RC

mbsync_first=""
for _ in 1 2 3; do
  rm -rf "$work/local" && mkdir -p "$work/local"
  start=$(seconds)
  mbsync -q -c "$work/mbsyncrc" inbox 2>/dev/null
  mbsync_first=$(min "$mbsync_first" "$(since "$start")")
done
fetched=$(find "$work/local/INBOX/cur" "$work/local/INBOX/new" -type f | wc -l)
[[ $fetched -eq $messages ]] || { echo "mbsync fetched $fetched messages, not $messages" >&2; exit 1; }

echo "$password" >"$work/secret"
secret=$work/secret
first_runs boite CAB --type imap --location "imap://127.0.0.1:$port/" --user "$user" \
  --password-file -
attachments=$(((messages + 19) / 20))
grep -q "\"new\":$((messages + attachments))" "$work/first-1.json" ||
  { cat "$work/first-1.json"; echo "the first run did not store $messages messages" >&2; exit 1; }
reruns boite
unseen=$(curl -s "imap://127.0.0.1:$port/INBOX" -u "$user:$password" -X 'UID SEARCH UNSEEN' | wc -w)

printf '%-44s %8.2f s  %8.0f messages/s\n' "first run (synaps ingest, imap)" "$first" "$(echo "$messages / $first" | bc -l)"
printf '%-44s %8.2f s\n' "  floor: mbsync into a Maildir" "$mbsync_first"
printf '%-44s %8.2f   (aim: <= 1.5)\n' "  ratio first run / mbsync" "$(echo "$first / $mbsync_first" | bc -l)"
printf '%-44s %8.3f s   (aim: < 1 s)\n' "no-change re-run (synaps ingest)" "$rerun"
printf '%-44s %8d\n' "  messages still unseen at the server" "$((unseen - 2))"
