#!/usr/bin/env bash
# Whole-law diff, end to end: `novelle diff StGB --from 2021-04-30 --to 2021-10-08`
# against `git diff --no-index --word-diff` on the two snapshot files, side by
# side in the same run. Prints both times, their ratio and each one's peak
# memory, for novelle with its cache of parsed section files (warm: every run
# after the first) and without it (cold: every file parsed, as after editing
# them all). See docs/performance.md.
#
# Usage: scripts/bench-vs-git.sh [RUNS]   (default 20; needs ../shared beside the repo)
# Uses hyperfine if it is installed (apt-get install hyperfine), else a loop
# with /usr/bin/time.

set -euo pipefail

runs=${1:-20}
repo=$(cd "$(dirname "$0")/.." && pwd)
snapshots="$repo/../shared/data/stgb/snapshots"
old="$snapshots/StGB-2021-04-30.md"
new="$snapshots/StGB-2021-10-08.md"
novelle="$repo/target/release/novelle"

for f in "$old" "$new"; do
    [ -r "$f" ] || { echo "error: cannot read $f (../shared must lie beside the repository)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

echo "building novelle (release)..." >&2
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"

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

# Mean wall time in seconds of novelle and of git, side by side over $runs
# runs each, with NOVELLE_CACHE_DIR set to $1.
times() {
    export NOVELLE_CACHE_DIR=$1
    if command -v hyperfine >/dev/null; then
        local json
        json=$(mktemp)
        hyperfine --style basic -N -i --warmup 3 --runs "$runs" --export-json "$json" \
            -n "novelle ($2)" "${novelle_cmd[*]}" -n git "${git_cmd[*]}" >&2
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["mean"], r[1]["mean"])' "$json"
        rm -f "$json"
    else
        echo "hyperfine not found: timing a loop of $runs runs each" >&2
        echo "$(mean "${novelle_cmd[@]}") $(mean "${git_cmd[@]}")"
    fi
}

mean() {
    python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
for _ in range(runs):
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print((time.perf_counter() - start) / runs)
PY
}

read -r t_warm t_git_warm < <(times "$cache" "cache")
read -r t_cold t_git_cold < <(times "" "no cache")

export NOVELLE_CACHE_DIR=$cache
m_warm=$(peak "${novelle_cmd[@]}")
export NOVELLE_CACHE_DIR=
m_cold=$(peak "${novelle_cmd[@]}")
m_git=$(peak "${git_cmd[@]}")

python3 - "$t_warm" "$t_cold" "$t_git_warm" "$t_git_cold" "$m_warm" "$m_cold" "$m_git" <<'EOF'
import sys
tw, tc, gw, gc = map(float, sys.argv[1:5])
mw, mc, mg = map(int, sys.argv[5:8])
print(f"{'':34} {'mean time':>12} {'peak RSS':>12} {'ratio to git':>13}")
print(f"{'novelle diff StGB (cache)':34} {tw*1000:10.1f} ms {mw/1024:9.1f} MiB {tw/gw:13.2f}")
print(f"{'novelle diff StGB (no cache)':34} {tc*1000:10.1f} ms {mc/1024:9.1f} MiB {tc/gc:13.2f}")
print(f"{'git diff --no-index --word-diff':34} {min(gw, gc)*1000:10.1f} ms {mg/1024:9.1f} MiB")
print("ratios against git's time in the same hyperfine run; target: at most 0.50, peak memory under 64 MiB")
EOF
