#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command inside the test session that scripts/test.sh sets up: a Secret Service
# keyring unlocked on this session's D-Bus, and an X display (Xvfb).
set -euo pipefail

# gnome-keyring wants its login keyring unlocked; without a prompt, a password on stdin does it.
eval "$(printf 'confab-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

exec xvfb-run -a -s "-screen 0 1280x800x24" "$@"
