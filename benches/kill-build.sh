#!/usr/bin/env bash
# Kills `briefing build` of a 10,000-article site with SIGKILL at random
# moments and checks, after each kill, that public/ is there and
# byte-identical to the last build that finished.
#
#   benches/kill-build.sh [ROUNDS]        # 20 by default
#
# Environment: BIN (default target/release/briefing, built if missing),
# WORK (default /tmp/briefing-kill), ARTICLES (default 10000), SEED.
# Each round first changes one article, so a build that finished would
# change public/; the kill comes at a random moment between 0 and 1.2
# times the length of a full build. A build that finished before its kill
# becomes the new reference. Exit status 1 when any round fails.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-20}"
work="${WORK:-/tmp/briefing-kill}"
articles="${ARTICLES:-10000}"
bin="${BIN:-$here/target/release/briefing}"
RANDOM="${SEED:-9}"

if [[ ! -x "$bin" ]]; then
    (cd "$here" && cargo build --release)
fi
site="$work/site"
if [[ ! -d "$site" ]]; then
    mkdir -p "$work"
    python3 /work/shared/bench/gen_corpus.py --articles "$articles" --out "$site" >/dev/null
fi
rm -rf "$site/public" "$site"/.public.*

# A fingerprint of a folder: every path with its bytes' hash, links and
# special files by kind.
snapshot() {
    (
        cd "$1"
        find . -type f -print0 | sort -z | xargs -0 -r sha256sum
        find . -mindepth 1 ! -type f ! -type d -printf 'special %p\n' | sort
    )
}

start=$(date +%s.%N)
"$bin" build --root "$site" -q
full=$(echo "$(date +%s.%N) - $start" | bc)
good="$work/good.txt"
snapshot "$site/public" > "$good"
echo "full build: ${full} s, $(wc -l < "$good") files"

article=$(find "$site/content/articles" -name '*.md' | sort | head -n 1)
failures=0
finished=0
for round in $(seq 1 "$rounds"); do
    printf '\nEdited in kill round %s.\n' "$round" >> "$article"
    # A random moment in [0, 1.2 * full), in milliseconds.
    limit=$(echo "$full * 1200 / 1" | bc)
    delay_ms=$(( (RANDOM * 32768 + RANDOM) % (limit + 1) ))
    "$bin" build --root "$site" -q &
    pid=$!
    sleep "$(echo "scale=3; $delay_ms / 1000" | bc)"
    if kill -KILL "$pid" 2>/dev/null; then
        outcome=killed
    else
        outcome=finished
    fi
    status=0
    wait "$pid" || status=$?
    if [[ "$outcome" == finished && "$status" != 0 ]]; then
        outcome=killed
    fi
    if [[ ! -d "$site/public" ]]; then
        echo "round $round: killed at ${delay_ms} ms: public/ is MISSING"
        failures=$((failures + 1))
        continue
    fi
    now="$work/now.txt"
    snapshot "$site/public" > "$now"
    if [[ "$outcome" == finished ]]; then
        finished=$((finished + 1))
        cp "$now" "$good"
        echo "round $round: build finished before its kill at ${delay_ms} ms; new reference"
    elif cmp -s "$now" "$good"; then
        echo "round $round: killed at ${delay_ms} ms: public/ present and identical"
    else
        # The kill may land after the swap, before the process ends: then
        # public/ must be exactly what a finished build writes.
        "$bin" build --root "$site" -q
        snapshot "$site/public" > "$work/rebuilt.txt"
        if cmp -s "$now" "$work/rebuilt.txt"; then
            cp "$now" "$good"
            echo "round $round: killed at ${delay_ms} ms, after the swap: public/ is the complete new build"
        else
            echo "round $round: killed at ${delay_ms} ms: public/ DIFFERS from the last good build"
            diff "$good" "$now" | head -n 5
            failures=$((failures + 1))
        fi
    fi
done
echo
echo "$rounds rounds: $((rounds - finished)) killed mid-build, $finished finished first, $failures failed"
[[ "$failures" == 0 ]]
