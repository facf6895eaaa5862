#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The long-conversation benchmark: a 1,000-message conversation (code, tables, math) opened and
# wheel-scrolled towards its top in the real window, against the same text in a bare ListView
# (the floor), run alternately under Xvfb with both renderers (QT_QUICK_BACKEND=software and the
# default, OpenGL through llvmpipe here). Writes the medians, as ratios to the floor, into
# BENCHMARKS.md, replacing this benchmark's section.
#
#   bench/longchat/run-longchat-bench.sh [BUILD_DIR] [--runs R] [--scroll-limit S]
#                                        [--before BINARY] [--no-write]
#
# BUILD_DIR defaults to build/debug; bench_longchat is built in it first. --before runs another
# bench_longchat binary (built from an earlier commit) as a third column, in the same rounds.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=$root/build/debug
runs=3
scroll_limit=60
before=
write=1
command_line="bench/longchat/run-longchat-bench.sh${*:+ $*}"

die() {
    echo "run-longchat-bench: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --scroll-limit) scroll_limit=${2:?--scroll-limit needs seconds}; shift 2 ;;
    --before) before=$(realpath "${2:?--before needs a binary}"); shift 2 ;;
    --no-write) write=0; shift ;;
    -h | --help) sed -n '3,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) build_dir=$(realpath -m "$1"); shift ;;
    esac
done
command -v xvfb-run >/dev/null || die "xvfb-run is needed (apt-get install xvfb)"
cmake --build "$build_dir" --target bench_longchat >/dev/null
bench=$build_dir/bench/longchat/bench_longchat
[[ -x $bench ]] || die "no bench_longchat at $bench"

work=$(mktemp -d "${TMPDIR:-/tmp}/confab-longchat-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
xvfb() { xvfb-run -a -s "-screen 0 1280x900x24" "$@"; }
conversation=$(xvfb "$bench" --make-corpus --database "$work/corpus.db" 2>/dev/null | sed -n 's/^conversation=//p')
[[ -n $conversation ]] || die "the corpus could not be written"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

kinds=(floor app)
[[ -n $before ]] && kinds+=(before)
for renderer in software default; do
    for ((run = 1; run <= runs; run++)); do
        for kind in "${kinds[@]}"; do
            binary=$bench mode=app
            [[ $kind == floor ]] && mode=floor
            [[ $kind == before ]] && binary=$before
            echo "== $renderer run $run: $kind"
            if [[ $renderer == software ]]; then
                QT_QUICK_BACKEND=software xvfb "$binary" --mode "$mode" --database "$work/corpus.db" \
                    --conversation "$conversation" --scroll-limit "$scroll_limit" 2>/dev/null >"$work/$renderer-$kind-$run"
            else
                xvfb "$binary" --mode "$mode" --database "$work/corpus.db" --conversation "$conversation" \
                    --scroll-limit "$scroll_limit" 2>/dev/null >"$work/$renderer-$kind-$run"
            fi
        done
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# The median of KEY over the runs of RENDERER/KIND.
median() {
    cat "$work/$1-$2"-* | sed -n "s/^$3=//p" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a < 0) print "never"; else if (b <= 0) print "–"; else printf "%.2f×", a / b }'; }
diff_mb() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.0f MB", a - b }'; }

section=$work/section.md
{
    echo "<!-- longchat:begin (written by bench/longchat/run-longchat-bench.sh) -->"
    echo "## Long conversation: opening at the end and scrolling to the top"
    echo
    echo "A 1,000-message conversation (questions, and replies of 150–900 tokens with headings, lists, code,"
    echo "tables, inline and display math) opened in the real window, then wheel-scrolled towards its top"
    echo "(a notch every 16 ms, Flickable's top speed raised to 10,000 px/s so a run takes a minute),"
    echo "against the floor: the same text in a bare \`ListView\` of plain \`Text\`, opened at its end once."
    echo "Medians of $runs alternating runs per renderer under Xvfb (1280×900), debug build; load average"
    echo "$load_before before, $load_after after. \"Open\": from asking to the first frame after which the"
    echo "list (its place, size, rows) stays unchanged for a second (\"never\": it did not within 5 s)."
    echo
    echo "    $command_line"
    echo
    for renderer in software default; do
        if [[ $renderer == software ]]; then
            echo "### QT_QUICK_BACKEND=software"
        else
            echo "### Default renderer (OpenGL, llvmpipe)"
        fi
        echo
        header="| | floor | Confab |"
        rule="|---|---|---|"
        [[ -n $before ]] && header+=" Confab before |" && rule+="---|"
        echo "$header"
        echo "$rule"
        row() { # label key format(raw|ratio|mb)
            local line="| $1 |" f
            f=$(median "$renderer" floor "$2")
            line+=" $f |"
            for kind in "${kinds[@]:1}"; do
                local v
                v=$(median "$renderer" "$kind" "$2")
                case $3 in
                raw) line+=" $v |" ;;
                ratio) line+=" $v ($(ratio "$v" "$f")) |" ;;
                mb) line+=" $v ($(diff_mb "$v" "$f")) |" ;;
                esac
            done
            echo "$line"
        }
        row "Open to a stable first screen, ms" open_ms ratio
        row "Rows read by then" rows_after_open raw
        row "At the end after opening (1 = yes)" at_end_after_open raw
        row "Frames in the 2 s after opening" idle_after_open_frames raw
        row "CPU in the 2 s after opening, % of a core" idle_after_open_cpu_pct raw
        row "Scrolling: seconds (limit $scroll_limit)" scroll_s raw
        row "Scrolling: reached the top (1 = yes)" scroll_reached_top raw
        row "Scrolling: rows read" rows_after_scroll raw
        row "Scrolling: frames" scroll_frames raw
        row "Scrolling: longest frame, ms" scroll_longest_frame_ms ratio
        row "Scrolling: frames over 32 ms" scroll_frames_over_32ms raw
        row "Scrolling: CPU, % of a core" scroll_cpu_pct raw
        row "Frames in 2 s, 1 s after the flick ended" after_scroll_frames raw
        row "CPU then, % of a core" after_scroll_cpu_pct raw
        row "RSS after opening, MB" rss_mb_after_open mb
        row "RSS after scrolling, MB" rss_mb_after_scroll mb
        echo
    done
    echo "<!-- longchat:end -->"
} >"$section"
cat "$section"
if ((write)); then
    # shellcheck source=../benchmarks-section.sh
    source "$root/bench/benchmarks-section.sh"
    write_section longchat "$section"
fi
