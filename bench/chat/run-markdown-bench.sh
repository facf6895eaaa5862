#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The markdown benchmark: CPU per streamed token of a generated 40,000-token reply through
# MarkdownBlocks and MessageModel, at 10k, 20k and 40k tokens, against the same at 10k (flat is
# the target), and a whole-reply render as the baseline a view without blocks would pay. Writes
# the figures into BENCHMARKS.md, replacing this benchmark's section.
#
#   bench/chat/run-markdown-bench.sh [BUILD_DIR] [--tokens N] [--runs R] [--no-write]
#
# BUILD_DIR is a release build (default build/release, configured with `cmake --preset release`
# if it does not exist yet); bench_markdown is built in it first.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=$root/build/release
tokens=40000
runs=5
write=1
command_line="bench/chat/run-markdown-bench.sh${*:+ $*}"

die() {
    echo "run-markdown-bench: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
    --tokens) tokens=${2:?--tokens needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --no-write) write=0; shift ;;
    -h | --help) sed -n '3,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) build_dir=$(realpath -m "$1"); shift ;;
    esac
done
[[ $tokens =~ ^[1-9][0-9]*$ && $runs =~ ^[1-9][0-9]*$ ]] || die "--tokens and --runs take positive whole numbers"

if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    [[ $build_dir == "$root/build/release" ]] || die "$build_dir is not a configured build directory"
    echo "== Configuring build/release"
    (cd "$root" && cmake --preset release)
fi
echo "== Building bench_markdown in $build_dir"
cmake --build "$build_dir" --target bench_markdown
bench=$build_dir/bench/chat/bench_markdown
[[ -x $bench ]] || die "no bench_markdown at $bench"

work=$(mktemp -d "${TMPDIR:-/tmp}/confab-markdown-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }
load_before=$(load)
echo "== Streaming $tokens tokens, $runs runs per way"
"$bench" --tokens "$tokens" --runs "$runs" | tee "$work/out"
load_after=$(load)

field() { sed -n "s/^$1=//p" "$work/out" | head -n1; }
# "<mode>_ns_per_token=a,b,c ratio_last_first=r" → the figure at index $2 (0-2) in µs, or the ratio.
figure() {
    local line
    line=$(grep "^$1_ns_per_token=" "$work/out") || die "bench_markdown printed no figures for $1"
    if [[ $2 == ratio ]]; then
        sed -n 's/.*ratio_last_first=\([0-9.]*\).*/\1/p' <<<"$line"
    else
        cut -d= -f2 <<<"$line" | cut -d' ' -f1 | cut -d, -f$(($2 + 1)) | awk '{ printf "%.1f", $1 / 1000 }'
    fi
}
verdict() { awk -v r="$1" 'BEGIN { print (r <= 1.10 ? "flat" : "**grows**") }'; }
runs_of() { echo "$(field "$1_runs_ns_0") / $(field "$1_runs_ns_1") / $(field "$1_runs_ns_2")"; }

row() {
    local mode=$1 label=$2 ratio
    ratio=$(figure "$mode" ratio)
    echo "| $label | $(figure "$mode" 0) µs | $(figure "$mode" 1) µs | $(figure "$mode" 2) µs | **$ratio** | $(verdict "$ratio") |"
}

w0=$(field window | sed -n 1p)
w1=$(sed -n 's/^window=//p' "$work/out" | sed -n 2p)
w2=$(sed -n 's/^window=//p' "$work/out" | sed -n 3p)
k() { awk -v n="$1" 'BEGIN { printf "%gk", n / 1000 }'; }
t0=$(k "${w0#*-}") t1=$(k "${w1#*-}") t2=$(k "${w2#*-}")
naive_line=$(grep '^naive_ns_per_token=' "$work/out") || die "bench_markdown printed no baseline"
naive_ns() { cut -d= -f2 <<<"$naive_line" | cut -d' ' -f1 | cut -d, -f"$1"; }
naive0=$(naive_ns 1 | awk '{ printf "%.1f", $1 / 1e6 }')
naive2=$(naive_ns 2 | awk '{ printf "%.1f", $1 / 1e6 }')
naive_ratio=$(sed -n 's/.*ratio_last_first=\([0-9.]*\).*/\1/p' <<<"$naive_line")
naive_samples=$(sed -n 's/.*samples=\([0-9]*\).*/\1/p' <<<"$naive_line")
append2=$(grep '^blocks_append_ns_per_token=' "$work/out" | cut -d= -f2 | cut -d' ' -f1 | cut -d, -f3)
naive_over_blocks=$(awk -v n="$(naive_ns 2)" -v b="$append2" 'BEGIN { printf "%.0f", n / b }')

((write)) || exit 0

cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt"; }
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
# shellcheck source=/dev/null
os=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null)
[[ -n $os ]] || os=$(uname -s)
qt_core=$(ldd "$bench" 2>/dev/null | awk '/libQt6Core/ { print $3 }')
qt=$([[ -n $qt_core ]] && readlink -f "$qt_core" | sed -n 's/.*libQt6Core\.so\.//p')
compiler=$("$(cache_value CMAKE_CXX_COMPILER)" --version 2>/dev/null | head -n1)
revision=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || revision="$revision with local changes"

section=$work/section.md
cat >"$section" <<EOF2
<!-- markdown-bench:begin (written by bench/chat/run-markdown-bench.sh; edits here are overwritten) -->
## Markdown: CPU per streamed token

CPU time per token of a generated $(field tokens)-token reply ($(field chars) characters,
$(field chars_per_token) per token, $(field blocks) blocks) streamed a token at a time, a view's
reads included, over the $(awk -v a="${w0%-*}" -v b="${w0#*-}" 'BEGIN { print b - a }') tokens before each point, as a ratio to the same
at $t0. **Target: flat, the cost at $t2 within 10% of the cost at $t0 (ratio ≤ 1.10).**

| Streamed through | at $t0 | at $t1 | at $t2 | $t2 / $t0 | Target ≤ 1.10 |
|---|---:|---:|---:|---:|---|
$(row blocks_append "\`MarkdownBlocks::appendText\` + the last block's html or code")
$(row blocks_settext "\`MarkdownBlocks::setText\` (whole text) + the same reads")
$(row messagemodel "\`MessageModel::appendContent\` + \`flushContent\` + content and last block")
| Baseline: the whole reply as one \`QTextDocument\` (setMarkdown + toHtml) | $naive0 ms | | $naive2 ms | $naive_ratio | |

At $t2 the baseline costs ${naive_over_blocks}× what MarkdownBlocks does per update.

Reproduce (builds what it needs):

    $command_line

- The reply: \`bench/chat/replygenerator.cpp\`, seed 1 — sections of exactly 500 tokens, each a
  heading, a paragraph with inline code, bold and a link, a nested list, an 11-line Python code
  block, a 4-row table, a quote and a closing paragraph, so each window (whole sections) holds the
  same blocks. A token is a word's start of at most six characters.
- After each token the benchmark reads the last block's \`html\` (text) or \`code\` (code), as a
  delegate does when its row changes: the worst case, one frame per token. MessageModel coalesces
  to one update per 16 ms frame in the app; here every token is flushed at once. Its row also
  reads \`content\`, as the message's actions do.
- Each figure is the median of $(field runs) streams (process CPU time over the window). Per run, ns per
  token at $t0 / $t1 / $t2 — appendText: $(runs_of blocks_append); setText: $(runs_of blocks_settext);
  MessageModel: $(runs_of messagemodel).
  The baseline is timed over $naive_samples tokens at each point. Every stream's blocks are checked
  against those of the whole text set at once.
- Figures are CPU time, not wall time: less sensitive to other work on the machine, though a
  busy machine still slows caches and clocks. Load average before/after: $load_before / $load_after.

Measured $(date -u '+%Y-%m-%d %H:%M UTC') at revision $revision on $(nproc) × ${cpu_model:-unknown CPU}, $os,
Qt ${qt:-unknown}, $(cache_value CMAKE_BUILD_TYPE) build with ${compiler:-unknown compiler}.
<!-- markdown-bench:end -->
EOF2

# shellcheck source=bench/benchmarks-section.sh
source "$root/bench/benchmarks-section.sh"
write_section markdown-bench "$section"
echo "== Wrote the markdown section of BENCHMARKS.md"
