#!/usr/bin/env bash
# How a build grows with the site (issue 13's "100k cold: at most 10 times our
# own 10k wall"), in one run: cold builds (output and spare removed first) of a
# SMALL and a BIG corpus from ../shared/bench/gen_corpus.py, taking turns,
# PAIRS times, on a RAM disk when one can be mounted. Two separate runs of
# scale.sh are minutes apart, and the machine's load moves between them; pairs
# taken turn about see the same load. Prints medians of wall time, CPU (user +
# sys) and peak memory for each size with BIG's time over SMALL's, then the
# same for each phase of the build (BRIEFING_TIMINGS=1). System time is mostly
# the kernel writing the output's files: on a virtual machine whose host takes
# freed memory back, a big build writes into pages the host must give again,
# and that cost moves with the host's load. Usage, from the
# repository root:
#
#   bash benches/growth.sh [SMALL] [BIG] [PAIRS]   # defaults: 10000 100000 5
#
# BRIEFING sets the binary to time (default: this checkout's release build).
# BENCH_DIR as in scale.sh; the corpora are kept there between runs, so a
# second run starts at once.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
small=${1:-10000}
big=${2:-100000}
pairs=${3:-5}
work=${BENCH_DIR:-/tmp/briefing-scale}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi
if [ -z "${BRIEFING:-}" ]; then
  cargo build --release --quiet
  BRIEFING=$(pwd)/target/release/briefing
fi

ram="$work/ram"
mkdir -p "$ram"
if ! mountpoint -q "$ram" && ! mount -t tmpfs -o size=12g tmpfs "$ram" 2>/dev/null; then
  ram="$work/disk"
  echo "no RAM disk could be mounted: timing on the real disk ($ram)" >&2
  mkdir -p "$ram"
fi
for n in "$small" "$big"; do
  [ -f "$ram/site-$n/site.toml" ] || python3 "$gen" --articles "$n" --out "$ram/site-$n" >/dev/null
done

log="$work/growth.log"
: > "$log"
# One cold build: a line "n wall cpu peak_kib" then its phases, "n phase ms".
cold() {
  local n=$1 out="$ram/growth-$1"
  rm -rf "$out" "$ram/.growth-$n."*
  BRIEFING_TIMINGS=1 /usr/bin/time -f "%e %U %S %M" -o "$work/time.one" \
    "$BRIEFING" build --root "$ram/site-$n" --output "$out" 2> "$work/phases.one" >/dev/null
  awk -v n="$n" '{printf "%s run %s %.2f %s %s %s\n", n, $1, $2 + $3, $4, $2, $3}' "$work/time.one" >> "$log"
  # Phases ("timings: load/articles 115.0 ms (cpu ...)"), not the page kinds.
  awk -v n="$n" '$1 == "timings:" && $2 !~ /^render\// {
      ms = ""; name = ""
      for (i = 2; i <= NF; i++) if ($(i + 1) == "ms") { ms = $i; break } else name = name (name == "" ? "" : "_") $i
      if (ms != "") printf "%s phase %s %s\n", n, name, ms
    }' "$work/phases.one" >> "$log"
}
echo "briefing $("$BRIEFING" --version | cut -d' ' -f2) ($(git rev-parse --short HEAD)), $(nproc) cores, $pairs pairs, $ram"
for _ in $(seq 1 "$pairs"); do
  cold "$small"
  cold "$big"
done
rm -rf "$ram/growth-$small" "$ram/growth-$big"

python3 - "$log" "$small" "$big" <<'PY'
import collections, statistics, sys
log, small, big = sys.argv[1:]
runs = collections.defaultdict(list)
phases = collections.defaultdict(lambda: collections.defaultdict(list))
order = []
for line in open(log):
    f = line.split()
    if f[1] == "run":
        runs[f[0]].append((float(f[2]), float(f[3]), int(f[4]), float(f[5]), float(f[6])))
    else:
        phases[f[2]][f[0]].append(float(f[3]))
        if f[2] not in order:
            order.append(f[2])
med = lambda xs: statistics.median(xs)
print(f"\n| cold build | {small} articles | {big} articles | {big} / {small} |")
print("|---|---|---|---|")
# (name, unit, scale, column of a run)
rows = [("wall", "s", 1, 0), ("CPU (user + sys)", "s", 1, 1), ("CPU, user", "s", 1, 3),
        ("CPU, system", "s", 1, 4), ("peak memory", "MiB", 1 / 1024, 2)]
for name, unit, scale, k in rows:
    a = med([r[k] for r in runs[small]]) * scale
    b = med([r[k] for r in runs[big]]) * scale
    ratio = f"{b / a:.2f}" if a > 0 else "-"
    print(f"| {name} | {a:.2f} {unit} | {b:.2f} {unit} | {ratio} |")
print(f"\n| phase (ms, wall) | {small} | {big} | {big} / {small} |")
print("|---|---|---|---|")
for p in order:
    a, b = phases[p][small], phases[p][big]
    if a and b and med(a) >= 1:
        print(f"| {p.replace('_', ' ')} | {med(a):.0f} | {med(b):.0f} | {med(b) / med(a):.2f} |")
PY
