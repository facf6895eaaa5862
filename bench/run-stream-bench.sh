#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The streaming benchmark: Confab's CPU per chunk of a long streamed reply, as a ratio to the
# official OpenAI Node SDK's, both measured side by side in this one run, in process (parser and
# decoder alone) and end to end (`confab-cli ask` against a local server). Writes the figures
# into BENCHMARKS.md, replacing this benchmark's section.
#
#   bench/run-stream-bench.sh [BUILD_DIR] [--rounds K] [--chunks N] [--runs R] [--no-write]
#
# BUILD_DIR is a release build (default build/release, configured with `cmake --preset release`
# if it does not exist yet); confab-cli and bench_stream are built in it first. CONFAB_CLI
# overrides the confab-cli to measure. Needs node (20 or later) and npm; the SDK is installed
# into bench/peer with `npm ci` the first time.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=$root/build/release
rounds=5
chunks=200000
runs=7
write=1
command_line="bench/run-stream-bench.sh${*:+ $*}"

die() {
    echo "run-stream-bench: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    --chunks) chunks=${2:?--chunks needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --no-write) write=0; shift ;;
    -h | --help) sed -n '3,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) build_dir=$(realpath -m "$1"); shift ;;
    esac
done
[[ $rounds =~ ^[1-9][0-9]*$ && $chunks =~ ^[1-9][0-9]*$ && $runs =~ ^[1-9][0-9]*$ ]] ||
    die "--rounds, --chunks and --runs take positive whole numbers"

command -v node >/dev/null || die "node is missing: install Node.js 20 or later with npm"
command -v npm >/dev/null || die "npm is missing: install it with Node.js"
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || die "node $(node --version) is too old: the SDK supports 20 or later (Debian 12 ships 18; NodeSource has 20)"

work=$(mktemp -d "${TMPDIR:-/tmp}/confab-stream-bench.XXXXXX")
server_pid=
cleanup() {
    local status=$?
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT

# --- The SDK -------------------------------------------------------------------------------
peer_dir=$root/bench/peer
sdk_version() { node -p 'require(process.argv[1]).version' "$peer_dir/node_modules/openai/package.json" 2>/dev/null; }
locked_version=$(node -p 'require(process.argv[1]).packages["node_modules/openai"].version' "$peer_dir/package-lock.json")
if [[ $(sdk_version) != "$locked_version" ]]; then
    echo "== Installing the OpenAI Node SDK $locked_version into bench/peer"
    (cd "$peer_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
sdk=$(sdk_version)

# --- Confab ----------------------------------------------------------------------------------
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    [[ $build_dir == "$root/build/release" ]] || die "$build_dir is not a configured build directory"
    echo "== Configuring build/release"
    (cd "$root" && cmake --preset release)
fi
echo "== Building confab-cli and bench_stream in $build_dir"
cmake --build "$build_dir" --target confab-cli bench_stream
bench_stream=$build_dir/bench/bench_stream
cli=${CONFAB_CLI:-$build_dir/app/cli/confab-cli}
[[ -x $cli ]] || die "no confab-cli at $cli"

# Both sides must read the same bytes.
"$bench_stream" --chunks 1000 --write-body "$work/body-cpp"
node "$root/bench/streamserver.mjs" --body 1000 >"$work/body-node"
cmp -s "$work/body-cpp" "$work/body-node" ||
    die "bench_stream and streamserver.mjs build different bodies; keep streambody.cpp and streambody.mjs in step"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }
field() { sed -n "s/^$1=//p" "$2"; }
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }
load_before=$(load)

# --- In process ------------------------------------------------------------------------------
echo "== In process: $runs runs of $chunks chunks each"
"$bench_stream" --chunks "$chunks" --runs "$runs" | tee "$work/inproc-confab"
node "$peer_dir/peer.mjs" --in-process "$chunks" "$runs" | tee "$work/inproc-sdk"
ip_confab_ns=$(field median_ns_per_chunk "$work/inproc-confab")
ip_sdk_ns=$(field median_ns_per_chunk "$work/inproc-sdk")
[[ -n $ip_confab_ns && -n $ip_sdk_ns ]] || die "an in-process run printed no median"

# --- End to end ------------------------------------------------------------------------------
node "$root/bench/streamserver.mjs" >"$work/port" &
server_pid=$!
for _ in $(seq 100); do
    [[ -s $work/port ]] && break
    sleep 0.1
done
port=$(head -n1 "$work/port")
[[ $port =~ ^[0-9]+$ ]] || die "the stream server did not start"
base_url=http://127.0.0.1:$port/v1
export OPENAI_API_KEY=sk-bench
# Confab runs with empty settings and data folders of its own, never the user's.
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache

ask_flags=()
if "$cli" ask --help 2>/dev/null | grep -q -- '--no-save'; then
    ask_flags+=(--no-save)
fi
sdk_cmd() { node "$peer_dir/peer.mjs" "$base_url" "$@"; }
confab_cmd() { "$cli" ask --base-url "$base_url" --model "$1" "${ask_flags[@]}" x; }

echo "== End to end: checking both clients' text"
sdk_cmd "bench-$chunks" --verify >/dev/null || die "the SDK peer failed against $base_url"
confab_cmd "bench-$chunks" >"$work/confab-out" 2>"$work/confab-err" ||
    die "confab-cli ask failed: $(head -c 600 "$work/confab-err")"
# shellcheck disable=SC2016 # JavaScript, not shell
node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const { expectedText } = await import(process.argv[1]);
    let text = readFileSync(process.argv[2], "utf8");
    if (text.endsWith("\n")) text = text.slice(0, -1);
    if (text !== expectedText(Number(process.argv[3]))) {
        console.error(`confab-cli printed ${text.length} chars, not the ${5 * process.argv[3]} expected`);
        process.exit(1);
    }' "$root/bench/streambody.mjs" "$work/confab-out" "$chunks" || die "confab-cli ask printed the wrong text"

# Prints "real user sys" in seconds for one run of a client; stdout goes to $work/out.
timed() {
    local TIMEFORMAT='%3R %3U %3S' times
    if ! times=$({ time "$@" >"$work/out" 2>"$work/err"; } 2>&1); then
        die "$* failed: $(head -c 600 "$work/err")"
    fi
    echo "$times"
}

echo "== End to end: $rounds rounds, alternating which client goes first"
: >"$work/raw"
for ((round = 1; round <= rounds; round++)); do
    order=(sdk confab)
    ((round % 2)) || order=(confab sdk)
    for model in "bench-$chunks" bench-1; do
        for client in "${order[@]}"; do
            t=$(timed "${client}_cmd" "$model")
            if [[ $client == sdk ]] && ! grep -qx "chunks=${model#bench-} chars=$((5 * ${model#bench-}))" "$work/out"; then
                die "the SDK peer read the wrong text: $(cat "$work/out")"
            fi
            read -r real user sys <<<"$t"
            cpu=$(calc '%.3f' "$user + $sys")
            echo "$round $client $model $real $user $sys $cpu" | tee -a "$work/raw"
        done
    done
done
load_after=$(load)

cpu_median() { awk -v c="$1" -v m="$2" '$2 == c && $3 == m { print $7 }' "$work/raw" | median; }
cpu_list() { awk -v c="$1" -v m="$2" '$2 == c && $3 == m { printf "%s%s", sep, $7; sep = ", " }' "$work/raw"; }
sdk_full=$(cpu_median sdk "bench-$chunks")
sdk_start=$(cpu_median sdk bench-1)
confab_full=$(cpu_median confab "bench-$chunks")
confab_start=$(cpu_median confab bench-1)
e2e_sdk_us=$(calc '%.3f' "($sdk_full - $sdk_start) * 1e6 / $chunks")
e2e_confab_us=$(calc '%.3f' "($confab_full - $confab_start) * 1e6 / $chunks")
e2e_ratio=$(calc '%.4f' "$e2e_confab_us / $e2e_sdk_us")
ip_sdk_us=$(calc '%.3f' "$ip_sdk_ns / 1000")
ip_confab_us=$(calc '%.3f' "$ip_confab_ns / 1000")
ip_ratio=$(calc '%.4f' "$ip_confab_ns / $ip_sdk_ns")
verdict() { awk -v r="$1" 'BEGIN { print (r <= 0.1 ? "met" : "**missed**") }'; }

echo
echo "In process:  Confab $ip_confab_us µs/chunk, SDK $ip_sdk_us µs/chunk, ratio $ip_ratio"
echo "End to end:  Confab $e2e_confab_us µs/chunk, SDK $e2e_sdk_us µs/chunk, ratio $e2e_ratio"
mkdir -p "$root/bench/results"
cp "$work/raw" "$root/bench/results/stream-e2e-$(date -u +%Y%m%dT%H%M%SZ).txt"
((write)) || exit 0

# --- BENCHMARKS.md ---------------------------------------------------------------------------
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt"; }
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
# shellcheck source=/dev/null
os=$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null)
[[ -n $os ]] || os=$(uname -s)
qt_core=$(ldd "$cli" 2>/dev/null | awk '/libQt6Core/ { print $3 }')
qt=$( [[ -n $qt_core ]] && readlink -f "$qt_core" | sed -n 's/.*libQt6Core\.so\.//p')
compiler=$("$(cache_value CMAKE_CXX_COMPILER)" --version 2>/dev/null | head -n1)
revision=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || revision="$revision with local changes"
mb=$(calc '%.1f' "$(sed -n 's/.* bytes=\([0-9]*\).*/\1/p' "$work/inproc-confab") / 1e6")

section=$work/section.md
cat >"$section" <<EOF
<!-- stream-bench:begin (written by bench/run-stream-bench.sh; edits here are overwritten) -->
## Streaming: CPU per chunk

Confab's CPU time per streamed chunk, as a ratio to the official OpenAI Node SDK's
(\`openai\` $sdk on Node $(node --version)), both measured side by side in one run.
**Target: Confab at most one tenth of the SDK (ratio ≤ 0.10).**

| | Confab | OpenAI Node SDK | Confab / SDK | Target ≤ 0.10 |
|---|---:|---:|---:|---|
| In process: SSE parser + chunk decoder, CPU per chunk (median of $runs runs) | $ip_confab_us µs | $ip_sdk_us µs | **$ip_ratio** | $(verdict "$ip_ratio") |
| End to end: client process CPU for bench-$chunks (median of $rounds) | $confab_full s | $sdk_full s | $(calc '%.4f' "$confab_full / $sdk_full") | |
| End to end: client start-up, CPU for bench-1 (median of $rounds) | $confab_start s | $sdk_start s | $(calc '%.4f' "$confab_start / $sdk_start") | |
| End to end: CPU per chunk, (whole − start-up) / $chunks | $e2e_confab_us µs | $e2e_sdk_us µs | **$e2e_ratio** | $(verdict "$e2e_ratio") |

Reproduce (needs node ≥ 20 and npm; builds what it needs, installs the SDK into \`bench/peer\`):

    $command_line

- The stream: model \`bench-$chunks\` from \`bench/streamserver.mjs\` on 127.0.0.1 — a role chunk,
  $chunks content chunks \`tok{i%10} \` of about 240 bytes each in the API's chunk format, a finish
  chunk, a usage chunk and \`[DONE]\`, ${mb} MB written as fast as the socket takes it, in 64 KiB writes.
- In process: \`bench_stream\` feeds that body in fresh 64 KiB pieces to \`SseParser\` and
  \`OpenAiChunkDecoder\` and joins the text into a QString; \`peer.mjs --in-process\` feeds the same
  bytes to the SDK's \`Stream.fromSSEResponse\` (what \`chat.completions.create\` returns) and joins
  the text. Both check the joined text (length and content) and take process CPU time.
- End to end: \`confab-cli ask --base-url … --model bench-$chunks x\` (stdout to /dev/null) and
  \`node bench/peer/peer.mjs\` (the SDK's \`chat.completions.create\` with \`stream: true\`), alternated,
  each client's user + system CPU taken from the shell's \`time\` (getrusage, 1 ms resolution);
  the same runs with \`bench-1\` give the start-up cost that is subtracted. Before timing, both
  clients' text is checked against the expected text.
- Figures are CPU time, not wall time: less sensitive to other work on the machine, though a
  busy machine still slows caches and clocks. Load average before/after: $load_before / $load_after.
- Whole-process CPU per run (s), bench-$chunks — Confab: $(cpu_list confab "bench-$chunks"); SDK: $(cpu_list sdk "bench-$chunks").
  bench-1 — Confab: $(cpu_list confab bench-1); SDK: $(cpu_list sdk bench-1).
  In process, ns per chunk per run — Confab: $(field runs_ns_per_chunk "$work/inproc-confab"); SDK: $(field runs_ns_per_chunk "$work/inproc-sdk").

Measured $(date -u '+%Y-%m-%d %H:%M UTC') at revision $revision on $(nproc) × ${cpu_model:-unknown CPU}, $os,
Qt ${qt:-unknown}, $(cache_value CMAKE_BUILD_TYPE) build with ${compiler:-unknown compiler}.
<!-- stream-bench:end -->
EOF

# shellcheck source=bench/benchmarks-section.sh
source "$root/bench/benchmarks-section.sh"
write_section stream-bench "$section"
echo "== Wrote the streaming section of BENCHMARKS.md"
