#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and runs the whole test suite twice: a debug build with
# warnings fatal, then an AddressSanitizer + UBSan build (clang) that also runs the fuzzers.
# Then it builds the .deb, installs it, runs it and removes it (scripts/test-package.sh).
# The tests run inside a throwaway home with their own D-Bus session, an unlocked
# gnome-keyring (Secret Service), an Xvfb display and a PostgreSQL server on 127.0.0.1 in a
# temporary folder, so nothing of the user's is touched.
# Exits non-zero on any failure.
#   scripts/test.sh [debug|asan|package]...   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

presets=()
package=
[ $# -gt 0 ] || set -- debug asan package
for arg in "$@"; do
    if [ "$arg" = package ]; then package=1; else presets+=("$arg"); fi
done

scripts/deps.sh test

jobs=$(nproc)
for preset in "${presets[@]}"; do
    echo "== Building ($preset)"
    [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
done

sandbox=$(mktemp -d "${TMPDIR:-/tmp}/confab-test.XXXXXX")
chmod 755 "$sandbox" # the PostgreSQL server runs as its own user
cleanup() {
    scripts/test-postgres.sh stop "$sandbox/postgres"
    rm -rf "$sandbox"
}
trap cleanup EXIT
mkdir -p "$sandbox/home" "$sandbox/runtime"
chmod 700 "$sandbox/runtime"

echo "== Starting PostgreSQL"
CONFAB_TEST_POSTGRES_URL=$(scripts/test-postgres.sh start "$sandbox/postgres")
export CONFAB_TEST_POSTGRES_URL

status=0
for preset in "${presets[@]}"; do
    echo "== Testing ($preset)"
    # A fresh home per run: settings, data and the keyring start empty.
    rm -rf "$sandbox/home" && mkdir -p "$sandbox/home"
    env HOME="$sandbox/home" XDG_RUNTIME_DIR="$sandbox/runtime" \
        XDG_CONFIG_HOME="$sandbox/home/.config" XDG_DATA_HOME="$sandbox/home/.local/share" \
        XDG_CACHE_HOME="$sandbox/home/.cache" \
        CONFAB_SOURCE_DIR="$root" \
        dbus-run-session -- "$root/scripts/test-session.sh" \
        ctest --preset "$preset" -j "$jobs" || status=1
done

if [ -n "$package" ]; then
    echo "== Testing the .deb"
    scripts/test-package.sh || status=1
fi
exit $status
