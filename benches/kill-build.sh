#!/usr/bin/env bash
# Kills `briefing build` of a 10,000-article site with SIGKILL at random
# moments and checks, after each kill, that public/ is there and
# byte-identical to the last build that finished.
#
#   benches/kill-build.sh [KILLS]        # 20 by default
#
# Environment: BIN (default target/release/briefing, built if missing),
# WORK (default /tmp/briefing-kill), ARTICLES (default 10000), SEED.
# Each round first changes one article, so a build that finished would
# change public/; the kill comes at a random moment within the time a
# rebuild took (measured once, after the first build). A build that
# finished before its kill (the machine was quicker this time) becomes the
# new reference and does not count as a kill; rounds go on until KILLS
# builds were killed (at most 3 * KILLS rounds). Exit status 1 when any
# round fails.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
kills="${1:-20}"
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

article=$(find "$site/content/articles" -name '*.md' | LC_ALL=C sort | awk 'NR == 1')
start=$(date +%s.%N)
"$bin" build --root "$site" -q
first=$(echo "$(date +%s.%N) - $start" | bc)
printf '\nEdited before the kill rounds.\n' >> "$article"
start=$(date +%s.%N)
"$bin" build --root "$site" -q
full=$(echo "$(date +%s.%N) - $start" | bc)
good="$work/good.txt"
snapshot "$site/public" > "$good"
echo "first build: ${first} s; rebuild after one edit: ${full} s; $(wc -l < "$good") files"

failures=0
finished=0
killed=0
round=0
while [[ "$killed" -lt "$kills" && "$round" -lt $((3 * kills)) ]]; do
    round=$((round + 1))
    printf '\nEdited in kill round %s.\n' "$round" >> "$article"
    # A random moment within the rebuild's time, in milliseconds.
    limit=$(echo "$full * 1000 / 1" | bc)
    delay_ms=$(( (RANDOM * 32768 + RANDOM) % (limit + 1) ))
    "$bin" build --root "$site" -q &
    pid=$!
    sleep "$(echo "scale=3; $delay_ms / 1000" | bc)"
    kill -KILL "$pid" 2>/dev/null || true
    status=0
    wait "$pid" 2>/dev/null || status=$?
    # 137 is death by SIGKILL; 0 is a build that was done before it.
    if [[ "$status" == 0 ]]; then
        outcome=finished
    else
        outcome=killed
    fi
    if [[ "$outcome" == killed ]]; then
        killed=$((killed + 1))
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
            diff "$good" "$now" | sed -n 1,5p || true
            failures=$((failures + 1))
        fi
    fi
done
echo
echo "$round rounds: $killed killed mid-build, $finished finished first, $failures failed"
[[ "$failures" == 0 ]]
