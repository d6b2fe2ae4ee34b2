#!/usr/bin/env bash
# Checks that ctg (library, binary and tests) compiles for Windows, where
# most coordinators run it: every platform-specific path has a Windows
# branch (network shares, file identity, atomic replace…). Cross-checks
# only: the tests run on Linux; the benches measure with /proc and wait4
# and are Linux only.
# Needs the Rust target x86_64-pc-windows-gnu and the MinGW C compiler (the
# bundled SQLite is C); both are installed here when missing. Without a
# network to fetch them, the check is skipped and says so.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
if ! rustup target list --installed | grep -qx "$target"; then
    if ! rustup target add "$target"; then
        echo "verifier-windows : cible $target impossible à installer (réseau ?), vérification sautée." >&2
        exit 0
    fi
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
    if ! { apt-get update -qq && apt-get install -y -qq gcc-mingw-w64-x86-64 >/dev/null; }; then
        echo "verifier-windows : compilateur MinGW impossible à installer, vérification sautée." >&2
        exit 0
    fi
fi
cargo clippy --target "$target" --lib --bins --tests --locked -- -D warnings
