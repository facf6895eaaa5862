#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The GUI streaming benchmark: the real window (`confab`) streaming a long markdown reply (code,
# tables, math) from a local paced server, beside the streaming floor (bench/gui/streamfloor: a
# ListView of plain Text blocks fed the same reply at the same rate, in a window of the same
# size), alternating, under Xvfb, with the default renderer (OpenGL, llvmpipe here) and with
# QT_QUICK_BACKEND=software. Writes its section of BENCHMARKS.md.
#
#   bench/gui/run-gui-stream-bench.sh [BUILD_DIR] [--tokens N] [--rate R] [--renderers "opengl software"] [--no-write]
#
# BUILD_DIR defaults to build/debug; confab and streamfloor are built in it first (CONFAB names
# another confab to measure, e.g. an older build). Raw logs are kept in bench/results/gui-stream-<time>/.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

# ---- Inside Xvfb: one run of one program -------------------------------------------------------
if [[ ${1:-} == --drive ]]; then
    # --drive app|floor RENDERER OUT_DIR BASE_URL SERVER_LOG TOKENS CONFAB STREAMFLOOR
    kind=$2 renderer=$3 out=$4 base_url=$5 server_log=$6 tokens=$7 confab=$8 floor=$9
    if [[ $renderer == software ]]; then export QT_QUICK_BACKEND=software; else unset QT_QUICK_BACKEND; fi
    log=$out/$kind-$renderer
    now() { date +%s.%N; }
    ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
    rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
    ends() { grep -c "^end .* $tokens\$" "$server_log" || true; }
    # The last full stream's "start_ms end_ms".
    stream_times() { echo "$(grep "^start .* $tokens\$" "$server_log" | tail -n1 | cut -d' ' -f2) $(grep "^end .* $tokens\$" "$server_log" | tail -n1 | cut -d' ' -f2)"; }
    # Samples "time cpu_ticks" every half second until the server ends one more stream.
    sample_stream() {
        local pid=$1 before=$2 n=0
        while [[ $(ends) == "$before" ]]; do
            echo "$(now) $(ticks "$pid")" >>"$log.samples"
            sleep 0.5
            ((++n == 60)) && import -window root "$log-streaming.png" # the window 30 s in
        done
        echo "$(now) $(ticks "$pid")" >>"$log.samples"
    }
    # Prints "time ticks" now, and again after $2 seconds.
    window_cpu() {
        local pid=$1 seconds=$2 a b
        a="$(now) $(ticks "$pid")"
        sleep "$seconds"
        b="$(now) $(ticks "$pid")"
        echo "$a $b"
    }
    : >"$log.samples"
    : >"$log.figures"
    if [[ $kind == floor ]]; then
        before_ends=$(ends)
        "$floor" "$base_url" --start-after 12 2>"$log.log" &
        pid=$!
        sleep 10
        echo "rss_before $(rss "$pid")" >>"$log.figures"
        sample_stream "$pid" "$before_ends"
        echo "stream $(stream_times)" >>"$log.figures"
        sleep 10
        echo "rss_after $(rss "$pid")" >>"$log.figures"
        wait "$pid" || true
        exit 0
    fi
    QT_LOGGING_RULES="confab.frames.debug=true" "$confab" --model paced 2>"$log.log" &
    pid=$!
    # The window may be mapped again while it settles: find it afresh until it can be placed.
    for _ in $(seq 40); do
        wid=$(xdotool search --onlyvisible --name '^Confab$' 2>/dev/null | tail -n1) || true
        [[ -n $wid ]] && xdotool windowmove "$wid" 0 0 windowsize "$wid" 1280 800 2>/dev/null &&
            xdotool windowfocus --sync "$wid" 2>/dev/null && break
        sleep 0.5
    done
    # The composer's cursor blinks for 10 s after the last activity (TextCursor.qml): idle after it.
    xdotool mousemove 1270 10 # the pointer away from anything that reacts to it
    sleep 12
    echo "idle_before $(window_cpu "$pid" 10)" >>"$log.figures"
    echo "rss_before $(rss "$pid")" >>"$log.figures"
    before_ends=$(ends)
    xdotool type --delay 20 "go"
    xdotool key Return
    sample_stream "$pid" "$before_ends"
    echo "stream $(stream_times)" >>"$log.figures"
    sleep 5
    echo "idle_after $(window_cpu "$pid" 10)" >>"$log.figures"
    echo "rss_after $(rss "$pid")" >>"$log.figures"
    import -window root "$log-end.png"
    xdotool type --delay 20 "wait"
    xdotool key Return
    # The server holds the first token for 30 s: the indicator alone, once the cursor has settled.
    sleep 12
    echo "waiting $(window_cpu "$pid" 10)" >>"$log.figures"
    import -window root "$log-waiting.png"
    xdotool key Escape
    sleep 1
    xdotool key --clearmodifiers ctrl+q
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill "$pid" 2>/dev/null || true
    wait "$pid" || true
    exit 0
fi

# ---- Outside: build, serve, alternate, write -----------------------------------------------------
build_dir=$root/build/debug
tokens=40000
rate=400
renderers="opengl software"
write=1
command_line="bench/gui/run-gui-stream-bench.sh${*:+ $*}"
while (($#)); do
    case $1 in
    --tokens) tokens=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --renderers) renderers=$2; shift 2 ;;
    --no-write) write=0; shift ;;
    -h | --help) sed -n '3,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) build_dir=$(realpath -m "$1"); shift ;;
    esac
done
for tool in xvfb-run xdotool import node python3; do
    command -v "$tool" >/dev/null || { echo "run-gui-stream-bench: $tool is missing" >&2; exit 1; }
done
cmake --build "$build_dir" --target confab streamfloor
confab=${CONFAB:-$build_dir/app/gui/confab}
floor=$build_dir/bench/gui/streamfloor

out=$root/bench/results/gui-stream-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
sandbox=$(mktemp -d "${TMPDIR:-/tmp}/confab-gui-bench.XXXXXX")
server=
cleanup() {
    [[ -z $server ]] || kill "$server" 2>/dev/null || true
    rm -rf "$sandbox"
}
trap cleanup EXIT
node "$here/pacedserver.mjs" --tokens "$tokens" --rate "$rate" --wait 30 >"$sandbox/port" 2>"$out/server.log" &
server=$!
for _ in $(seq 100); do [[ -s $sandbox/port ]] && break; sleep 0.1; done
port=$(head -n1 "$sandbox/port")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

round=0
for renderer in $renderers; do
    order=(floor app)
    ((round++ % 2)) && order=(app floor)
    for kind in "${order[@]}"; do
        echo "== $kind, $renderer"
        # A fresh home and history for every run of the app.
        home=$sandbox/$kind-$renderer
        mkdir -p "$home/home" "$home/config" "$home/data" "$home/runtime"
        chmod 700 "$home/runtime"
        env -u OPENAI_API_KEY -u OPENAI_MODEL -u CONFAB_DATABASE \
            HOME="$home/home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
            XDG_RUNTIME_DIR="$home/runtime" OPENAI_BASE_URL="http://127.0.0.1:$port/v1" \
            QT_QUICK_CONTROLS_STYLE= LANG=C.UTF-8 \
            xvfb-run -a -s "-screen 0 1280x900x24" \
            "$0" --drive "$kind" "$renderer" "$out" "http://127.0.0.1:$port/v1" "$out/server.log" "$tokens" "$confab" "$floor"
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 "$here/guistreamfigures.py" "$out" --renderers "$renderers" --tokens "$tokens" --rate "$rate" \
    --command "$command_line" --load "$load_before / $load_after" \
    --revision "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo ' with local changes')" \
    >"$out/section.md"
cat "$out/section.md"
((write)) || exit 0
# shellcheck source=bench/benchmarks-section.sh
source "$root/bench/benchmarks-section.sh"
write_section gui-stream-bench "$out/section.md"
echo "== Wrote the GUI streaming section of BENCHMARKS.md"
