#!/usr/bin/env bash
# Indexing benchmark (not part of the test suite). In one run:
#  1. builds a mixed, mostly French corpus from Debian documentation packages (PDF split in
#     chunks, HTML, man pages rendered to text) plus generated DOCX/ODT/XLSX and .eml mails;
#  2. times `synaps import` + `synaps index`, then an unchanged re-import + re-index;
#  3. times the references on the same corpus: Xapian omindex, recollindex, and pdftotext alone
#     over the PDFs (the floor for PDF text);
#  4. measures recall@10 of 5-word phrase queries taken from independently extracted text;
#  5. prints a summary table and the ratios Synaps / the faster reference.
#
#   bench/index/run.sh [WORK_DIR]          (default build/bench-index; ~1 GiB free, 4-6 min)
#   CORPUS_MAX=600 RECALL_SAMPLE=60 bench/index/run.sh     (a quicker run)
# Knobs: CORPUS_MAX (documents, default 2500), RECALL_SAMPLE (default 200), SYSTEMS (default
# "synaps omega recoll"), KEEP=1 keeps WORK_DIR, REUSE_CORPUS=1 reuses WORK_DIR's corpus,
# NO_INSTALL=1 installs nothing. Installs its packages with apt-get when root.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/bench/index
synaps=$root/build/bin/synaps
work=${1:-$root/build/bench-index}
corpus_max=${CORPUS_MAX:-2500}
recall_sample=${RECALL_SAMPLE:-200}
systems=${SYSTEMS:-synaps omega recoll}
keep=${KEEP:-0}
reuse=${REUSE_CORPUS:-0}
results=${RESULTS_DIR:-$root/build/bench-index-results}
export LC_ALL=C.UTF-8
if [[ -d $work && -n $(ls -A "$work") && ! -e $work/.bench-index ]]; then
  echo "$work exists and was not made by this benchmark: refusing to delete it" >&2; exit 2
fi

say() { printf '\n== %s (%s)\n' "$*" "$(date -u +%T)"; }
has() { [[ " $systems " == *" $1 "* ]]; }
cleanup() {
  local rc=$?
  if [[ $keep != 1 && $rc == 0 && -e $work/.bench-index ]]; then rm -rf "$work"; else echo "work dir kept: $work"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- packages
# Bench-only tools. omindex needs pdftotext (poppler-utils) for PDF, unzip for OpenDocument and
# OOXML, perl MIME::Tools + HTML::Parser for .eml; recollindex handles HTML, mail and office
# files internally and PDF through rclpdf.py (python3 + pdftotext).
packages=(poppler-utils qpdf zip unzip groff-base bc time xapian-tools xapian-omega libmime-tools-perl
  libhtml-parser-perl recollcmd python3 python3-recoll)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if ((${#missing[@]})); then
  if [[ ${NO_INSTALL:-0} == 1 || $(id -u) != 0 ]]; then
    echo "missing packages: ${missing[*]} (run as root, or apt-get install them)" >&2; exit 1
  fi
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Runs a command under /usr/bin/time; sets $wall (s), $rss_kb (the peak RSS of the largest single
# process, the command or one of its children) and $cpu (user + system s, children included).
measure() {
  local name=$1; shift
  /usr/bin/time -f '%e %M %U %S' -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 \
    || { echo "FAILED: $*" >&2; tail -20 "$work/$name.log" >&2; return 1; }
  local user sys
  read -r wall rss_kb user sys <"$work/$name.time"
  cpu=$(calc "$user + $sys" 2)
  printf '   %s: %s s, CPU %s s, peak RSS %d MB\n' "$name" "$wall" "$cpu" $((rss_kb / 1024))
}
calc() { echo "scale=${2:-2}; $1" | bc -l | sed 's/^\./0./'; }
# Size in bytes of a Xapian database once compacted (xapian-compact to a scratch copy): tells
# the content from the free space that incremental updates leave in the B-trees.
compact_size() {
  rm -rf "$work/compact.tmp"
  xapian-compact "$1" "$work/compact.tmp" >/dev/null 2>&1 || { echo 0; return; }
  du -sb "$work/compact.tmp" | cut -f1; rm -rf "$work/compact.tmp"
}

corpus=$work/corpus
text=$work/text    # independent extraction: text/<rel>.txt

# ---------------------------------------------------------------- corpus
build_corpus() {
  rm -rf "$work" && mkdir -p "$work/debs" "$work/pkgs" "$corpus" "$text" && touch "$work/.bench-index"
  say "downloading French documentation packages"
  local debs=(gimp-help-fr scilab-doc-fr aptitude-doc-fr debian-reference-fr developers-reference-fr
    maint-guide-fr debian-faq-fr debian-edu-doc-fr debian-edu-doc-legacy-fr linuxcnc-doc-fr manpages-fr)
  (cd "$work/debs" && apt-get download "${debs[@]}" >/dev/null 2>&1) \
    || { apt-get update -qq && (cd "$work/debs" && apt-get download "${debs[@]}" >/dev/null); }
  for d in "$work"/debs/*.deb; do dpkg-deb -x "$d" "$work/pkgs"; done
  local pk=$work/pkgs
  mkdir -p "$work/scilab" && unzip -q -o "$pk"/usr/share/scilab/modules/helptools/jar/scilab_fr_FR_help.jar '*.html' -d "$work/scilab"

  # quotas: PDF 16 %, HTML 40 %, text 16 %, DOCX 5 %, ODT 4 %, XLSX 5 %, mail 14 %
  local n=$corpus_max
  local q_pdf=$((n * 16 / 100)) q_html=$((n * 40 / 100)) q_txt=$((n * 16 / 100))
  local q_docx=$((n * 5 / 100)) q_odt=$((n * 4 / 100)) q_xlsx=$((n * 5 / 100))
  local q_mail=$((n - q_pdf - q_html - q_txt - q_docx - q_odt - q_xlsx))
  # keep_every LIST QUOTA: prints QUOTA lines of LIST, evenly spaced
  keep_every() { awk -v q="$2" 'NR==FNR{n++; next} {i++; if (q > 0 && int((i-1)*q/n) != int(i*q/n)) print}' "$1" "$1"; }

  say "PDF: splitting manuals into chunks of 2-11 pages with qpdf"
  local size=2
  for pdf in $(find "$pk" -name '*.pdf' | sort); do
    local base; base=$(basename "$pdf" .pdf); base=${base%.fr}
    local src; src=$(echo "$pdf" | sed -E 's,.*/usr/share/(doc/)?([^/]+)/.*,\2,')
    mkdir -p "$work/pdf-all/$src"
    qpdf --split-pages=$size "$pdf" "$work/pdf-all/$src/$base-%d.pdf" 2>/dev/null || true
    size=$(((size * 7 + 3) % 11 + 2))
  done
  (cd "$work/pdf-all" && find . -name '*.pdf' | sed 's,^\./,,' | sort) >"$work/pdf.list"
  keep_every "$work/pdf.list" $((q_pdf - 3)) | while read -r f; do mkdir -p "$corpus/pdf/$(dirname "$f")"; mv "$work/pdf-all/$f" "$corpus/pdf/$f"; done
  # and three manuals whole (16, 64 and 265 pages)
  mkdir -p "$corpus/pdf/entiers"
  cp "$pk"/usr/share/doc/maint-guide-fr/maint-guide.fr.pdf "$pk"/usr/share/debian-reference/debian-reference.fr.pdf \
    "$pk"/usr/share/doc/debian-edu-doc-legacy-fr/audacity-manual.pdf "$corpus/pdf/entiers/"
  rm -rf "$work/pdf-all"

  say "HTML: GIMP, Scilab, aptitude and Debian manuals"
  {
    find "$pk/usr/share/gimp/2.0/help/fr" -name '*.html' | sort | sed "s,^$pk/usr/share/gimp/2.0/help/fr/,gimp/,"
    find "$pk/usr/share/doc/aptitude/html/fr" -name '*.html' | sort | sed "s,^$pk/usr/share/doc/aptitude/html/fr/,aptitude/,"
    find "$pk/usr/share/debian-reference" "$pk/usr/share/developers-reference/fr" "$pk/usr/share/doc/maint-guide-fr" \
      "$pk/usr/share/doc/debian" "$pk/usr/share/doc/debian-edu-doc-fr" "$pk/usr/share/doc/debian-edu-doc-legacy-fr" \
      -name '*.html' ! -name 'search.html' | sort | sed "s,^$pk/usr/share/,debian/,"
  } >"$work/html-a.list"
  find "$work/scilab" -name '*.html' | sort | sed "s,^$work/scilab/scilab_fr_FR_help/,scilab/," >"$work/html-b.list"
  # Scilab's 2,700 short pages fill what the others leave
  local n_a; n_a=$(wc -l <"$work/html-a.list")
  { keep_every "$work/html-a.list" $((q_html * 7 / 10 < n_a ? q_html * 7 / 10 : n_a))
    keep_every "$work/html-b.list" $((q_html - (q_html * 7 / 10 < n_a ? q_html * 7 / 10 : n_a))); } | while read -r f; do
    case $f in
      gimp/*) src=$pk/usr/share/gimp/2.0/help/fr/${f#gimp/} ;;
      aptitude/*) src=$pk/usr/share/doc/aptitude/html/fr/${f#aptitude/} ;;
      debian/*) src=$pk/usr/share/${f#debian/} ;;
      scilab/*) src=$work/scilab/scilab_fr_FR_help/${f#scilab/} ;;
    esac
    mkdir -p "$corpus/html/$(dirname "$f")"; cp "$src" "$corpus/html/$f"
  done
  rm -rf "$work/scilab"

  say "text: French man pages rendered with groff, plain-text manuals"
  mkdir -p "$work/man-txt"
  find "$pk/usr/share/man/fr" -name '*.gz' | sort >"$work/man.list"
  xargs -P 2 -n 20 bash -c 'for m; do zcat "$m" | groff -k -t -man -Tutf8 -P-cbou -rLL=78n 2>/dev/null >"$0/$(basename "$m" .gz).txt" || true; done' \
    "$work/man-txt" <"$work/man.list"
  find "$work/man-txt" -size -300c -delete
  (cd "$work/man-txt" && ls | sort) >"$work/mantxt.list"
  local n_docs_txt=0
  mkdir -p "$corpus/texte/manuels"
  for z in "$pk"/usr/share/doc/debian/FAQ/debian-faq.fr.txt.gz "$pk"/usr/share/doc/maint-guide-fr/maint-guide.fr.txt.gz \
    "$pk"/usr/share/developers-reference/fr/developers-reference.txt.gz; do
    [[ -f $z ]] && zcat "$z" >"$corpus/texte/manuels/$(basename "$z" .gz)" && n_docs_txt=$((n_docs_txt + 1))
  done
  for r in "$pk"/usr/share/developers-reference/fr/_sources/*.txt; do cp "$r" "$corpus/texte/manuels/"; n_docs_txt=$((n_docs_txt + 1)); done
  # every other man page is a text document; the rest is the pool of paragraphs for office and mail
  mkdir -p "$corpus/texte/pages-de-manuel" "$work/pool"
  local i=0
  while read -r f; do
    i=$((i + 1))
    if ((i % 2 == 1)); then mv "$work/man-txt/$f" "$work/pool/"; else mv "$work/man-txt/$f" "$corpus/texte/pages-de-manuel/$f"; fi
  done <"$work/mantxt.list"
  (cd "$corpus/texte/pages-de-manuel" && ls | sort) >"$work/txt.list"
  local extra; extra=$(($(wc -l <"$work/txt.list") - (q_txt - n_docs_txt)))
  if ((extra > 0)); then
    awk -v keep=$((q_txt - n_docs_txt)) 'NR==FNR{n++; next} {i++; if (int((i-1)*keep/n) == int(i*keep/n)) print}' \
      "$work/txt.list" "$work/txt.list" | while read -r f; do rm "$corpus/texte/pages-de-manuel/$f"; done
  fi
  rm -rf "$work/man-txt"
  # fewer text files than the quota: mails make up the difference
  local n_txt; n_txt=$(find "$corpus/texte" -type f | wc -l)
  ((n_txt < q_txt)) && q_mail=$((q_mail + q_txt - n_txt))
  # the independent "extraction" of text files is the file itself; then one in 8 goes to Latin-1
  (cd "$corpus" && find texte -type f | sort) | while read -r f; do mkdir -p "$text/$(dirname "$f")"; cp "$corpus/$f" "$text/$f.txt"; done
  # (groff's typographic hyphens, quotes and angle brackets become ASCII first, in the text too)
  (cd "$corpus" && find texte/pages-de-manuel -type f | sort) | awk 'NR % 8 == 0' | while read -r f; do
    perl -CSD -e 'local $/; open(my $in, "<", $ARGV[0]) or die; my $t = <$in>; close $in;
      $t =~ tr/\x{2010}\x{2011}\x{2012}\x{2013}\x{2014}\x{2212}\x{2018}\x{2019}\x{201c}\x{201d}\x{27e8}\x{27e9}/\x2d\x2d\x2d\x2d\x2d\x2d\x27\x27""<>/;
      $t =~ s/\x{2026}/.../g; $t =~ s/[^\x{00}-\x{ff}\p{L}]/?/g;
      exit 1 if $t =~ /[^\x{00}-\x{ff}]/;
      open(my $o, ">:raw:encoding(ISO-8859-1)", $ARGV[0]) or die; print $o $t; close $o;
      open($o, ">", $ARGV[1]) or die; print $o $t; close $o' "$corpus/$f" "$text/$f.txt" || true
  done

  say "PDF: pdftotext over every PDF (the floor), as the independent extraction"
  (cd "$corpus" && find pdf -name '*.pdf' | sort) >"$work/pdf.list"
  while read -r f; do mkdir -p "$text/$(dirname "$f")"; done <"$work/pdf.list"
  measure pdftotext bash -c 'cd "$1" && while read -r f; do pdftotext -enc UTF-8 "$f" "$2/$f.txt"; done <"$3"' _ "$corpus" "$text" "$work/pdf.list"
  echo "pdftotext $wall $rss_kb $cpu" >"$work/floor"

  say "HTML: independent tag stripper"
  (cd "$corpus" && find html -name '*.html' | sort) | awk -v c="$corpus" -v t="$text" '{print c "/" $0 "\t" t "/" $0 ".txt"}' \
    | perl "$here/html2txt.pl"

  say "office files and mails (generated from the paragraphs of the other man pages)"
  (cd "$corpus" && find pdf -name '*.pdf' -size -400k | sort | awk -v t="$text" '{print $0 "\t" t "/" $0 ".txt"}') >"$work/attach.list"
  perl "$here/gen_docs.pl" "$work/pool" "$corpus" "$text" "$q_docx" "$q_odt" "$q_xlsx" "$q_mail" "$work/attach.list"
  rm -rf "$work/pool" "$work/debs" "$work/pkgs"
}

if [[ $reuse == 1 && -d $corpus && -f $work/floor ]]; then
  say "reusing the corpus in $corpus"
  rm -rf "$work/synaps-data" "$work/omega-db" "$work/recoll-conf" "$work/recoll-db"
else
  build_corpus
fi
read -r _ floor_wall floor_rss floor_cpu <"$work/floor"

# ---------------------------------------------------------------- composition
type_of() {
  case $1 in
    *.pdf) echo pdf ;; *.html) echo html ;; *.docx) echo docx ;; *.odt) echo odt ;; *.xlsx) echo xlsx ;;
    *.eml) echo eml ;; *) echo txt ;;
  esac
}
(cd "$corpus" && find . -type f -printf '%P\t%s\n' | sort) >"$work/files.tsv"
while IFS=$'\t' read -r f _; do printf '%s\t%s\n' "$f" "$(type_of "$f")"; done <"$work/files.tsv" >"$work/doctypes.tsv"
docs=$(wc -l <"$work/files.tsv")
bytes=$(awk -F'\t' '{s += $2} END {print s}' "$work/files.tsv")
text_bytes=$(( $(find "$text" -type f -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s + 0}') + $(cat "$text/.attachment-bytes" 2>/dev/null || echo 0) ))
say "corpus: $docs documents, $(calc "$bytes / 1000000" 1) MB; independently extracted text $(calc "$text_bytes / 1000000" 1) MB"
paste "$work/doctypes.tsv" <(cut -f2 "$work/files.tsv") | awk -F'\t' '
  {n[$2]++; s[$2] += $3} END {for (t in n) printf "   %-5s %5d docs %8.1f MB\n", t, n[t], s[t] / 1e6}' | sort

# ---------------------------------------------------------------- Synaps
declare -A R    # results: R[system.metric]
if has synaps; then
  [[ -x $synaps ]] || { echo "build first: cmake -S . -B build -G Ninja -DSYNAPS_WITH_INDEXER=ON && ninja -C build synaps synaps-extract-worker" >&2; exit 1; }
  data=$work/synaps-data
  say "synaps: init, import, index"
  "$synaps" --data "$data" init >/dev/null
  "$synaps" --data "$data" service add BENCH --name Bench >/dev/null
  sync
  measure synaps-import "$synaps" --data "$data" import "$corpus" --service BENCH
  R[synaps.import]=$wall; R[synaps.import_rss]=$rss_kb
  tail -1 "$work/synaps-import.log" | sed 's/^/   | /'
  if "$synaps" help 2>&1 | grep -qE '^  index\b'; then
    measure synaps-index "$synaps" --data "$data" index
    R[synaps.wall]=$wall; R[synaps.rss]=$rss_kb; R[synaps.cpu]=$cpu
    tail -3 "$work/synaps-index.log" | sed 's/^/   | /'
    R[synaps.size]=$(du -sb "$data/index" | cut -f1); R[synaps.csize]=$(compact_size "$data/index")
    say "synaps: unchanged re-import + re-index"
    measure synaps-reimport "$synaps" --data "$data" import "$corpus" --service BENCH
    R[synaps.reimport]=$wall
    measure synaps-reindex "$synaps" --data "$data" index
    R[synaps.reindex]=$wall
    tail -1 "$work/synaps-reindex.log" | sed 's/^/   | /'
  else
    echo "   'synaps index' does not exist yet in this build: index steps skipped"
  fi
fi

# ---------------------------------------------------------------- omindex
if has omega; then
  say "omindex (xapian-omega $(omindex --version | awk '{print $NF}'))"
  sync
  measure omindex omindex --db "$work/omega-db" --url / "$corpus"
  R[omega.wall]=$wall; R[omega.rss]=$rss_kb; R[omega.cpu]=$cpu; R[omega.size]=$(du -sb "$work/omega-db" | cut -f1)
  R[omega.csize]=$(compact_size "$work/omega-db")
  grep -ciE 'skip|fail|error' "$work/omindex.log" | sed 's/^/   omindex log lines with skip\/fail\/error: /' || true
  measure omindex-unchanged omindex --db "$work/omega-db" --url / "$corpus"
  R[omega.reindex]=$wall
fi

# ---------------------------------------------------------------- recollindex
if has recoll; then
  conf=$work/recoll-conf
  mkdir -p "$conf"
  cat >"$conf/recoll.conf" <<EOF
topdirs = $corpus
dbdir = $work/recoll-db
indexStemmingLanguages = french english
noaspell = 1
loglevel = 2
logfilename = $work/recoll.log
EOF
  say "recollindex (recollcmd $(dpkg-query -W -f '${Version}' recollcmd))"
  sync
  measure recollindex recollindex -c "$conf" -z
  R[recoll.wall]=$wall; R[recoll.rss]=$rss_kb; R[recoll.cpu]=$cpu; R[recoll.size]=$(du -sb "$work/recoll-db" | cut -f1)
  R[recoll.csize]=$(compact_size "$work/recoll-db")
  if [[ -s $conf/missing ]]; then sed 's/^/   recoll missing helper: /' "$conf/missing" | head -10; fi
  measure recollindex-unchanged recollindex -c "$conf"
  R[recoll.reindex]=$wall
fi

# ---------------------------------------------------------------- recall
say "recall: picking $recall_sample phrases of 5 words from independently extracted text"
perl "$here/phrases.pl" "$text" "$work/doctypes.tsv" "$recall_sample" >"$work/phrases.tsv"
n_phrases=$(wc -l <"$work/phrases.tsv")
echo "   $n_phrases phrases ($(cut -f2 "$work/phrases.tsv" | sort | uniq -c | awk '{printf "%s %s, ", $2, $1}' | sed 's/, $//'))"
for s in synaps omega recoll; do
  has "$s" || continue
  [[ $s == synaps && -z ${R[synaps.wall]:-} ]] && continue
  case $s in
    synaps) args=("$work/synaps-data" "$synaps") ;;
    omega) args=("$work/omega-db") ;;
    recoll) args=("$work/recoll-conf" "$corpus") ;;
  esac
  perl "$here/recall.pl" "$work/phrases.tsv" "$s" "$work/misses-$s.tsv" "${args[@]}" >"$work/recall-$s.txt"
  read -r _ h t < <(head -1 "$work/recall-$s.txt")
  R[$s.recall]=$(calc "$h / $t" 3)
  printf '   %-7s recall@10 %s (%s/%s); by type: %s\n' "$s" "${R[$s.recall]}" "$h" "$t" \
    "$(tail -n +2 "$work/recall-$s.txt" | awk '{printf "%s %d/%d  ", $1, $2, $3}')"
  mkdir -p "$results" && cp "$work/misses-$s.tsv" "$results/misses-$s.tsv"
done
# the same phrases typed the way agents often do, without accents (only those that had some)
perl -CSD -MUnicode::Normalize -F'\t' -lane '$p = NFD($F[2]); $p =~ s/\pM//g; print join("\t", @F[0, 1], $p, $F[3]) if $p ne $F[2]' \
  "$work/phrases.tsv" >"$work/phrases-noaccent.tsv"
for s in synaps omega recoll; do
  [[ -n ${R[$s.recall]:-} ]] || continue
  case $s in
    synaps) args=("$work/synaps-data" "$synaps") ;;
    omega) args=("$work/omega-db") ;;
    recoll) args=("$work/recoll-conf" "$corpus") ;;
  esac
  perl "$here/recall.pl" "$work/phrases-noaccent.tsv" "$s" "$work/misses-noaccent-$s.tsv" "${args[@]}" >"$work/recall-noaccent-$s.txt"
  read -r _ h t < <(head -1 "$work/recall-noaccent-$s.txt")
  R[noacc]+="$s $h/$t, "
done
R[noacc]=${R[noacc]:-}; R[noacc]=${R[noacc]%, }
echo "   recall@10 of the $(wc -l <"$work/phrases-noaccent.tsv") phrases with accents, typed without: ${R[noacc]}"

# ---------------------------------------------------------------- summary
mkdir -p "$results"
exec > >(tee "$results/summary.txt")
say "summary ($(nproc) cores, $(date -u +%F), $docs documents, $(calc "$bytes / 1000000" 1) MB in, $(calc "$text_bytes / 1000000" 1) MB extracted text)"
printf '%-12s %8s %7s %7s %6s %9s %10s %11s %7s %9s %9s\n' system 'wall(s)' 'CPU(s)' docs/s MB/s 'index MB' index/text 'compact/text' 'RSS MB' recall@10 unchanged
row() {
  local s=$1 label=$2
  [[ -n ${R[$s.wall]:-} ]] || return 0
  local w=${R[$s.wall]}; [[ $w == 0.00 ]] && w=0.01
  printf '%-12s %8s %7s %7s %6s %9s %10s %11s %7d %9s %9s\n' "$label" "${R[$s.wall]}" "${R[$s.cpu]}" "$(calc "$docs / $w" 0)" "$(calc "$bytes / 1000000 / $w" 2)" \
    "$(calc "${R[$s.size]} / 1000000" 1)" "$(calc "${R[$s.size]} / $text_bytes" 2)" "$(calc "${R[$s.csize]} / $text_bytes" 2)" \
    $((${R[$s.rss]} / 1024)) "${R[$s.recall]:--}" "${R[$s.reindex]:--}"
}
row synaps 'synaps'
row omega 'omindex'
row recoll 'recollindex'
n_pdf=$(grep -c $'\tpdf$' "$work/doctypes.tsv" || true)
pdf_bytes=$(awk -F'\t' '$1 ~ /\.pdf$/ {s += $2} END {print s + 0}' "$work/files.tsv")
printf '%-12s %8s %7s %7s %6s %9s %10s %11s %7d %9s %9s\n' 'pdftotext' "$floor_wall" "$floor_cpu" "$(calc "$n_pdf / $floor_wall" 0)" \
  "$(calc "$pdf_bytes / 1000000 / $floor_wall" 2)" '' '' '' $((floor_rss / 1024)) '' ''
echo "(pdftotext: the $n_pdf PDFs only, one process per file. unchanged: re-index of the unchanged corpus, s."
echo " compact/text: the index after xapian-compact / extracted text. recall@10 without accents: ${R[noacc]:-})"
echo " docs/s and MB/s from wall time on a shared 2-core machine: compare CPU(s) too; peak RSS: largest single process)"
if [[ -n ${R[synaps.wall]:-} ]]; then
  echo
  echo "synaps import (s): ${R[synaps.import]}, peak RSS $((${R[synaps.import_rss]} / 1024)) MB; import + index: $(calc "${R[synaps.import]} + ${R[synaps.wall]}" 2) s"
  echo "synaps unchanged: re-import ${R[synaps.reimport]} s + re-index ${R[synaps.reindex]} s = $(calc "${R[synaps.reimport]} + ${R[synaps.reindex]}" 2) s (aim < 2 s)"
  best=
  for s in omega recoll; do
    [[ -n ${R[$s.wall]:-} ]] || continue
    if [[ -z $best ]] || (($(echo "${R[$s.wall]} < ${R[$best.wall]}" | bc))); then best=$s; fi
  done
  if [[ -n $best ]]; then
    echo "faster reference: $best"
    echo "ratio docs/s synaps / $best (index only):        $(calc "${R[$best.wall]} / ${R[synaps.wall]}" 2) (aim >= 2)"
    echo "ratio docs/s synaps / $best (import + index):    $(calc "${R[$best.wall]} / (${R[synaps.wall]} + ${R[synaps.import]})" 2)"
    echo "ratio CPU time $best / synaps (index only):       $(calc "${R[$best.cpu]} / ${R[synaps.cpu]}" 2)"
    echo "ratio index size synaps / $best:                 $(calc "${R[synaps.size]} / ${R[$best.size]}" 2)"
    echo "ratio synaps index / extracted text:           $(calc "${R[synaps.size]} / $text_bytes" 2) (aim <= 2)"
    [[ -n ${R[synaps.recall]:-} && -n ${R[$best.recall]:-} ]] && echo "recall@10 synaps - $best:                      $(calc "${R[synaps.recall]} - ${R[$best.recall]}" 3)"
  fi
fi
