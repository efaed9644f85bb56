#!/usr/bin/env bash
# novelle as it is released: on Linux with glibc, linked statically.
#
# Usage: scripts/release.sh build   builds it and prints the binary's path
#        scripts/release.sh test    runs the whole Rust test suite against it
#
# A static binary starts without the dynamic loader: no libraries to find,
# map and relocate, no symbols to bind. That is about 1.2 ms of a 10 ms
# whole-law diff and 0.7 ms of `novelle --version` on the machine measured
# (docs/performance.md, round 10). Cargo links statically only for an
# explicit `--target` (a proc-macro cannot be built with `crt-static`), so
# a plain `cargo build --release` stays dynamic and this script adds both.
# Elsewhere (macOS, Windows, musl) it is the plain release build.
#
# glibc's name-service functions still load their modules at run time in a
# static binary; novelle reaches them only through libgit2 looking up the
# home directory when HOME is unset, and the modules are then those of the
# glibc on the machine.

set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
host=$(rustc -vV | sed -n 's/^host: //p')
manifest=(--manifest-path "$repo/Cargo.toml")

case "${1:-}" in
    build) args=(build --release --locked --quiet) ;;
    test) args=(test --release --locked) ;;
    *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac

case "$host" in
    *-linux-gnu*)
        # With a target given, RUSTFLAGS reach novelle and its dependencies
        # but not build scripts and proc macros, which stay dynamic.
        RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
            cargo "${args[@]}" "${manifest[@]}" --target "$host"
        bin="$repo/target/$host/release/novelle"
        # A static binary names no program interpreter (dynamic loader).
        if readelf -l "$bin" | grep -q INTERP; then
            echo "error: $bin is linked dynamically; is RUSTFLAGS overridden (CARGO_ENCODED_RUSTFLAGS)?" >&2
            exit 1
        fi
        ;;
    *)
        cargo "${args[@]}" "${manifest[@]}"
        bin="$repo/target/release/novelle"
        ;;
esac

if [ "$1" = build ]; then
    echo "$bin"
fi
