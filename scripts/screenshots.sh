#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Confab, runs it under Xvfb against scripts/fakeopenai.py (a local stand-in for an
# OpenAI-compatible server) with a throwaway home and history, drives it with xdotool and saves
# screenshots in docs/screenshots/: the empty window, a reply streaming, the finished markdown
# reply (code block and table), a failed reply, search results, the dark theme, a chat's own
# settings, the settings page, and a reasoning model's reply: thinking (open, its timer
# running), then answered (the thinking collapsed), the thinking opened again, and a search
# that finds a word of the thinking. Then the window test that checks a reply with code in three
# languages and inline and display math saves it in the light and the dark theme (13-*.png).
#   scripts/screenshots.sh [BUILD_DIR]   (default: build/screenshots)
# Installs what it needs with scripts/deps.sh screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ "${1:-}" = "--drive" ]; then
    # Inside Xvfb: $2 the confab executable, $3 the output folder, $4 the history file.
    bin=$2 out=$3 db=$4
    pid=
    wid=
    shoot() {
        sleep "${2:-0.8}"
        xdotool mousemove 320 795 # no tooltip in the picture
        sleep 0.3
        import -window root "$out/$1.png"
        echo "  $out/$1.png"
    }
    start() {
        "$bin" --database "$db" &
        pid=$!
        wid=$(xdotool search --sync --onlyvisible --name '^Confab$' | head -n1)
        xdotool windowmove "$wid" 0 0 windowsize "$wid" 1280 800
        xdotool windowfocus --sync "$wid"
        sleep 1.5
    }
    quit() {
        xdotool key --clearmodifiers ctrl+q
        wait "$pid" || true
    }
    send() {
        xdotool type --delay 15 "$1"
        xdotool key Return
    }

    start
    shoot 01-empty
    send "Show me a word counter in Python, slowly"
    shoot 02-streaming 2.5
    sleep 14
    shoot 03-markdown 0.5
    xdotool key ctrl+n
    send "Explain SSE, and fail"
    shoot 04-error 2
    xdotool key ctrl+k
    xdotool type --delay 15 "Counter"
    shoot 05-search 1.5
    xdotool key Escape
    xdotool mousemove 662 775 click 1 # "Chat settings" beside the model selector
    shoot 07-chat-settings 1
    xdotool key Escape
    xdotool key ctrl+comma
    shoot 08-settings 1
    xdotool key Escape
    quit

    # The same history in the dark theme, with the first conversation open.
    conf="$XDG_CONFIG_HOME/Confab/Confab.conf"
    if grep -q '^theme=' "$conf" 2>/dev/null; then
        sed -i 's/^theme=.*/theme=dark/' "$conf"
    else
        printf '[window]\ntheme=dark\n' >>"$conf"
    fi
    start
    xdotool mousemove 120 149 click 1 # the second conversation: the markdown reply
    shoot 06-dark 1.5
    quit

    # Back in the light theme, a new chat with a model that thinks before it answers.
    sed -i 's/^theme=.*/theme=light/' "$conf"
    start
    xdotool key ctrl+n
    send "Think first: SQLite or PostgreSQL for a team of three?"
    shoot 09-thinking 3.5
    sleep 8
    shoot 10-thought 0.5
    xdotool mousemove 440 104 click 1 # "Thought for … s", under the question, opens it again
    shoot 11-thought-open 1
    xdotool key ctrl+k
    xdotool type --delay 15 "desktop" # a word of the thinking only
    shoot 12-search-thinking 1.5
    xdotool key Escape
    quit
    exit 0
fi

scripts/deps.sh screenshots
build=${1:-build/screenshots}
case $build in /*) ;; *) build=$root/$build ;; esac
[ -f "$build/build.ninja" ] ||
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONFAB_BUILD_TESTS=OFF \
        -DCONFAB_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target confab -j "${JOBS:-2}"

sandbox=$(mktemp -d "${TMPDIR:-/tmp}/confab-shots.XXXXXX")
server=
cleanup() {
    [ -z "$server" ] || kill "$server" 2>/dev/null || true
    rm -rf "$sandbox"
}
trap cleanup EXIT

mkfifo "$sandbox/port"
python3 scripts/fakeopenai.py 0 >"$sandbox/port" 2>"$sandbox/server.log" &
server=$!
read -r port <"$sandbox/port"

out=$root/docs/screenshots
mkdir -p "$out" "$sandbox/home" "$sandbox/config" "$sandbox/data" "$sandbox/runtime"
chmod 700 "$sandbox/runtime"
echo "Screenshots (fake server on port $port):"
env -u OPENAI_API_KEY -u OPENAI_MODEL -u CONFAB_DATABASE \
    HOME="$sandbox/home" XDG_CONFIG_HOME="$sandbox/config" XDG_DATA_HOME="$sandbox/data" \
    XDG_RUNTIME_DIR="$sandbox/runtime" OPENAI_BASE_URL="http://127.0.0.1:$port/v1" \
    QT_QUICK_CONTROLS_STYLE= LANG=C.UTF-8 \
    xvfb-run -a -s "-screen 0 1280x800x24" \
    "$0" --drive "$build/app/gui/confab" "$out" "$sandbox/history.sqlite"

# 13: code and math, light and dark, from the window test that checks them (a debug build with
# the tests: CONFAB_TEST_BUILD, default build/debug).
tests=${CONFAB_TEST_BUILD:-$root/build/debug}
[ -f "$tests/build.ninja" ] || cmake --preset debug >/dev/null
cmake --build "$tests" --target tst_chatwindow -j "${JOBS:-2}"
env HOME="$sandbox/home" XDG_CONFIG_HOME="$sandbox/config" XDG_DATA_HOME="$sandbox/data" \
    XDG_RUNTIME_DIR="$sandbox/runtime" CONFAB_SCREENSHOT_DIR="$out" LANG=C.UTF-8 \
    dbus-run-session -- "$root/scripts/test-session.sh" \
    "$tests/tests/qml/tst_chatwindow" aReplyWithCodeAndMathInBothThemes
