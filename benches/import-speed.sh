#!/usr/bin/env bash
# Import speed on one core: saved pages a second (the 39 real pages of
# tests/realworld/html copied until there are PAGES of them), pasted
# articles a second (its 40 text files, whole-page pastes, copied until
# there are TEXTS) and seed articles a second (the five clean texts of raw/
# copied until there are SEEDS), each imported with --dry-run into this
# repository's site (its actors and events are matched). Targets: 200
# pages/s and 2,000 pasted articles/s. Usage, from the repository root:
#
#   bash benches/import-speed.sh [PAGES] [TEXTS] [RUNS] [SEEDS]   # defaults: 1000 5000 3 2000
#
# Prints each run's wall and CPU time and its rate by CPU time, then the
# best rate of each kind, and last a summary of the three.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pages=${1:-1000}
texts=${2:-5000}
runs=${3:-3}
seeds=${4:-2000}
realworld=${REALWORLD:-tests/realworld}
work=$(mktemp -d "${TMPDIR:-/tmp}/briefing-import-speed.XXXXXX")
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=$PWD/target/release/briefing
one_core=()
command -v taskset >/dev/null && one_core=(taskset -c 0)

# Copies the files matching GLOB in FROM into TO until there are COUNT.
fill() {
    local from=$1 glob=$2 to=$3 count=$4 n=0
    mkdir -p "$to"
    local files=("$from"/$glob)
    [ -e "${files[0]}" ] || { echo "no $glob files in $from" >&2; exit 1; }
    while [ "$n" -lt "$count" ]; do
        for f in "${files[@]}"; do
            [ "$n" -lt "$count" ] || break
            local name
            name=$(basename "$f")
            cp "$f" "$to/$n-$name"
            n=$((n + 1))
        done
    done
}
fill "$realworld/html" '*.html' "$work/pages" "$pages"
fill "$realworld/text" '*.txt' "$work/texts" "$texts"
fill raw '*.txt' "$work/seeds" "$seeds"

# Runs one import RUNS times; prints each run's wall and CPU (user + system)
# time, and the rate by CPU time, which holds on a busy machine too; then
# the best rate, which it also keeps in BEST.
measure() {
    local label=$1 dir=$2 count=$3 unit=$4 best=0
    for run in $(seq "$runs"); do
        local times cpu wall rate
        times=$( { TIMEFORMAT='%R %U %S'; time "${one_core[@]}" "$bin" import --root . --dry-run "$dir" >/dev/null 2>&1 || [ $? -le 2 ]; } 2>&1 )
        read -r wall user sys <<<"$times"
        cpu=$(python3 -c "print($user + $sys)")
        rate=$(python3 -c "print(round($count / max($cpu, 0.001)))")
        printf '%s run %d: %d %s, wall %.2f s, CPU %.2f s: %d %s/s\n' "$label" "$run" "$count" "$unit" \
            "$wall" "$cpu" "$rate" "$unit"
        [ "$rate" -gt "$best" ] && best=$rate
    done
    echo "$label: best $best $unit/s (one core, by CPU time)"
    BEST=$best
}
measure "saved pages" "$work/pages" "$pages" pages
saved=$BEST
measure "pasted articles" "$work/texts" "$texts" articles
pasted=$BEST
measure "seed articles" "$work/seeds" "$seeds" articles
echo
echo "summary (best of $runs, one core, by CPU time):"
echo "  whole-page pastes: $pasted articles/s (target 2000)"
echo "  seed articles:     $BEST articles/s"
echo "  saved HTML pages:  $saved pages/s (target 200)"
