#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds Confab (release) and launches it. Arguments go to confab.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build
[ -f build/release/build.ninja ] || cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/app/gui/confab "$@"
