#!/usr/bin/env bash
# Import speed: saved pages a second (the 39 real pages of
# tests/realworld/html copied until there are PAGES of them), pasted
# articles a second (its 40 text files, whole-page pastes, copied until
# there are TEXTS) and seed articles a second (the five clean texts of raw/
# copied until there are SEEDS), each imported with --dry-run into this
# repository's site (its actors and events are matched). Targets: 200
# pages/s and 2,000 pasted articles/s. Usage, from the repository root:
#
#   bash benches/import-speed.sh [PAGES] [TEXTS] [RUNS] [SEEDS]   # defaults: 1000 5000 3 2000
#
# Each run imports twice, taking turns: on one core (rate by CPU time,
# which holds on a busy machine too) and on all the machine's cores (rate
# by wall time, what an editor waits for). Prints each run, the best rate
# of each kind both ways, and last a summary.
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
cores=$(nproc 2>/dev/null || echo 1)

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

# Runs one import RUNS times on one core and on all cores, taking turns;
# prints each run's wall and CPU (user + system) time and rates; then the
# best rates, which it also keeps in BEST (one core, by CPU time) and
# BEST_ALL (all cores, by wall time).
measure() {
    local label=$1 dir=$2 count=$3 unit=$4 best=0 best_all=0
    for run in $(seq "$runs"); do
        local times cpu wall rate all_wall all_rate
        times=$( { TIMEFORMAT='%R %U %S'; time "${one_core[@]}" "$bin" import --root . --dry-run "$dir" >/dev/null 2>&1 || [ $? -le 2 ]; } 2>&1 )
        read -r wall user sys <<<"$times"
        cpu=$(python3 -c "print($user + $sys)")
        rate=$(python3 -c "print(round($count / max($cpu, 0.001)))")
        times=$( { TIMEFORMAT='%R'; time "$bin" import --root . --dry-run "$dir" >/dev/null 2>&1 || [ $? -le 2 ]; } 2>&1 )
        all_wall=$times
        all_rate=$(python3 -c "print(round($count / max($all_wall, 0.001)))")
        printf '%s run %d: %d %s; one core: wall %.2f s, CPU %.2f s: %d %s/s; %d cores: wall %.2f s: %d %s/s\n' \
            "$label" "$run" "$count" "$unit" "$wall" "$cpu" "$rate" "$unit" "$cores" "$all_wall" "$all_rate" "$unit"
        [ "$rate" -gt "$best" ] && best=$rate
        [ "$all_rate" -gt "$best_all" ] && best_all=$all_rate
    done
    echo "$label: best $best $unit/s on one core by CPU time, $best_all $unit/s on $cores cores by wall time"
    BEST=$best
    BEST_ALL=$best_all
}
measure "saved pages" "$work/pages" "$pages" pages
saved=$BEST saved_all=$BEST_ALL
measure "pasted articles" "$work/texts" "$texts" articles
pasted=$BEST pasted_all=$BEST_ALL
measure "seed articles" "$work/seeds" "$seeds" articles
echo
echo "summary (best of $runs; one core by CPU time / $cores cores by wall time):"
echo "  whole-page pastes: $pasted / $pasted_all articles/s (target 2000)"
echo "  seed articles:     $BEST / $BEST_ALL articles/s"
echo "  saved HTML pages:  $saved / $saved_all pages/s (target 200)"
