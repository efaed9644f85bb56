#!/usr/bin/env bash
# Whole-law diff, end to end: `novelle diff StGB --from 2021-04-30 --to 2021-10-08`
# against `git diff --no-index --word-diff` on the two snapshot files, side by
# side in the same run. Prints both times, their ratio and each one's peak
# memory, for novelle with its cache of parsed section files (warm: every run
# after the first) and without it (cold: every file parsed, as after editing
# them all). novelle is built as it is released (scripts/release.sh: linked
# statically on Linux). See docs/performance.md.
#
# Usage: scripts/bench-vs-git.sh [RUNS]   (default 20; needs ../shared beside the repo)
#
# The two commands run alternately, one run of each after the other, so a
# machine that speeds up or slows down during the benchmark affects both
# alike; the ratio is that of the median times, which a few disturbed runs
# do not move. Needs python3 and /usr/bin/time.

set -euo pipefail

runs=${1:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
snapshots="$repo/../shared/data/stgb/snapshots"
old="$snapshots/StGB-2021-04-30.md"
new="$snapshots/StGB-2021-10-08.md"

for f in "$old" "$new"; do
    [ -r "$f" ] || { echo "error: cannot read $f (../shared must lie beside the repository)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

echo "building novelle as released (scripts/release.sh)..." >&2
novelle=$("$repo/scripts/release.sh" build)

if ! "$novelle" diff --help 2>/dev/null | grep -q -- '--from'; then
    echo "error: this novelle has no whole-law diff yet; the benchmark needs \`novelle diff StGB --from DAY --to DAY\`" >&2
    exit 1
fi

store=$(mktemp -d)
cache=$(mktemp -d)
trap 'rm -rf "$store" "$cache"' EXIT
citation="Strafgesetzbuch in der Fassung der Bekanntmachung vom 13. November 1998 (BGBl. I S. 3322)"
"$novelle" --store "$store" import --from markdown "$old" \
    --law StGB --valid-from 2021-04-30 --source "Stand 2021-04-30" --citation "$citation" >/dev/null
"$novelle" --store "$store" import --from markdown "$new" \
    --law StGB --valid-from 2021-10-08 --source "Stand 2021-10-08" >/dev/null

novelle_cmd=("$novelle" --store "$store" diff StGB --from 2021-04-30 --to 2021-10-08)
git_cmd=(git diff --no-index --word-diff "$old" "$new")

# The cache takes only files left alone for two seconds (see src/load/cache.rs).
sleep 2.1

# Both must work before they are timed (git diff exits 1: the files differ).
# The first run fills the cache; the outputs from it and without it must agree.
NOVELLE_CACHE_DIR="$cache" "${novelle_cmd[@]}" >/dev/null || { echo "error: novelle diff failed" >&2; exit 1; }
NOVELLE_CACHE_DIR="$cache" "${novelle_cmd[@]}" >"$cache/warm.out"
NOVELLE_CACHE_DIR= "${novelle_cmd[@]}" >"$cache/cold.out"
cmp -s "$cache/warm.out" "$cache/cold.out" || { echo "error: the cache changed the output" >&2; exit 1; }
rm -f "$cache"/*.out
set +e; "${git_cmd[@]}" >/dev/null; rc=$?; set -e
[ "$rc" -le 1 ] || { echo "error: git diff failed ($rc)" >&2; exit 1; }

# Peak resident memory in KiB: the largest of five runs.
peak() {
    local max=0 kib out
    out=$(mktemp)
    for _ in 1 2 3 4 5; do
        /usr/bin/time -o "$out" -f '%M' "$@" >/dev/null 2>&1 || true
        kib=$(tail -n1 "$out")
        [ "$kib" -gt "$max" ] && max=$kib
    done
    rm -f "$out"
    echo "$max"
}

# Median and mean wall time in seconds of novelle and of git, run
# alternately $runs times each after three runs of each to warm up, with
# NOVELLE_CACHE_DIR set to $1: "novelle_median git_median novelle_mean git_mean".
times() {
    NOVELLE_CACHE_DIR=$1 python3 - "$runs" "${#novelle_cmd[@]}" "${novelle_cmd[@]}" "${git_cmd[@]}" <<'PY'
import statistics, subprocess, sys, time
runs, n = int(sys.argv[1]), int(sys.argv[2])
commands = (sys.argv[3:3 + n], sys.argv[3 + n:])
taken = ([], [])
for i in range(runs + 3):
    for cmd, times in zip(commands, taken):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i >= 3:
            times.append(time.perf_counter() - start)
print(*(statistics.median(t) for t in taken), *(statistics.mean(t) for t in taken))
PY
}

echo "timing $runs alternate runs of each, with the cache and without..." >&2
read -r t_warm t_git_warm a_warm a_git_warm < <(times "$cache")
read -r t_cold t_git_cold a_cold a_git_cold < <(times "")

export NOVELLE_CACHE_DIR=$cache
m_warm=$(peak "${novelle_cmd[@]}")
export NOVELLE_CACHE_DIR=
m_cold=$(peak "${novelle_cmd[@]}")
m_git=$(peak "${git_cmd[@]}")

python3 - "$t_warm" "$t_cold" "$t_git_warm" "$t_git_cold" "$a_warm" "$a_cold" "$a_git_warm" "$a_git_cold" \
    "$m_warm" "$m_cold" "$m_git" <<'EOF'
import sys
tw, tc, gw, gc, aw, ac, agw, agc = map(float, sys.argv[1:9])
mw, mc, mg = map(int, sys.argv[9:12])
print(f"{'':34} {'median':>9} {'mean':>9} {'peak RSS':>12} {'ratio to git':>13}")
print(f"{'novelle diff StGB (cache)':34} {tw*1000:6.1f} ms {aw*1000:6.1f} ms {mw/1024:8.1f} MiB {tw/gw:13.2f}")
print(f"{'novelle diff StGB (no cache)':34} {tc*1000:6.1f} ms {ac*1000:6.1f} ms {mc/1024:8.1f} MiB {tc/gc:13.2f}")
print(f"{'git diff --no-index --word-diff':34} {gw*1000:6.1f} ms {agw*1000:6.1f} ms {mg/1024:8.1f} MiB")
print(f"ratios of median times, each against git's in the same alternating runs (git beside the runs without cache: {gc*1000:.1f} ms median)")
print("target: at most 0.50, peak memory under 64 MiB")
EOF
