#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The storage benchmark: generates a large history (100,000 conversations, 2,000,000 messages by
# default) in SQLite and in a throwaway PostgreSQL, then times the first page of the conversation
# list, the first page of a 10,000-message conversation and 100 varied searches on both, through
# the app's own repositories. Writes the figures into BENCHMARKS.md, replacing this benchmark's
# section.
#
#   bench/storage/run-storage-bench.sh [BUILD_DIR] [--conversations N] [--messages M]
#                                      [--data-dir DIR] [--regenerate] [--no-write]
#                                      [--postgres-dir DIR]
#
# BUILD_DIR is a release build (default build/release, configured with `cmake --preset release`
# if it does not exist yet); bench_storage is built in it first. The SQLite corpus is kept in
# DATA_DIR (default build/storage-bench) and reused by later runs of the same size; PostgreSQL's
# is generated afresh each run, side by side with SQLite's when that is needed too. Needs the
# PostgreSQL server binaries (apt-get install postgresql). --postgres-dir DIR keeps PostgreSQL's
# server and corpus in DIR after the run and reuses them in the next one with the same DIR.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=$root/build/release
data_dir=$root/build/storage-bench
conversations=100000
messages=2000000
regenerate=()
write=1
pg_dir=
command_line="bench/storage/run-storage-bench.sh${*:+ $*}"

die() {
    echo "run-storage-bench: $*" >&2
    exit 1
}

while (($#)); do
    case $1 in
    --conversations) conversations=${2:?--conversations needs a number}; shift 2 ;;
    --messages) messages=${2:?--messages needs a number}; shift 2 ;;
    --data-dir) data_dir=$(realpath -m "${2:?--data-dir needs a folder}"); shift 2 ;;
    --regenerate) regenerate=(--regenerate); shift ;;
    --no-write) write=0; shift ;;
    --postgres-dir) pg_dir=$(realpath -m "${2:?--postgres-dir needs a folder}"); shift 2 ;;
    -h | --help) sed -n '3,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) build_dir=$(realpath -m "$1"); shift ;;
    esac
done
[[ $conversations =~ ^[1-9][0-9]*$ && $messages =~ ^[1-9][0-9]*$ ]] ||
    die "--conversations and --messages take positive whole numbers"

work=$(mktemp -d "${TMPDIR:-/tmp}/confab-storage-bench.XXXXXX")
chmod 755 "$work" # the PostgreSQL server runs as postgres when this runs as root
pg_started=0
gen_pids=()
cleanup() {
    local status=$?
    for pid in "${gen_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    if ((pg_started)); then
        if [[ -n $pg_dir ]]; then
            pg_ctl_as_owner -D "$pg_dir/data" -m fast -w stop >/dev/null || true
        else
            "$root/scripts/test-postgres.sh" stop "$work/pg" || true
        fi
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT

# A kept server (--postgres-dir) runs as its data folder's owner, as scripts/test-postgres.sh made it.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
pg_ctl_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_bin/pg_ctl" "$@"; else "$pg_bin/pg_ctl" "$@"; fi
}

# --- Build -----------------------------------------------------------------------------------
if [[ ! -f $build_dir/CMakeCache.txt ]]; then
    [[ $build_dir == "$root/build/release" ]] || die "$build_dir is not a configured build directory"
    echo "== Configuring build/release"
    (cd "$root" && cmake --preset release)
fi
echo "== Building bench_storage in $build_dir"
cmake --build "$build_dir" --target bench_storage
bench=$build_dir/bench/storage/bench_storage
[[ -x $bench ]] || die "no bench_storage at $bench"

# --- Databases -------------------------------------------------------------------------------
mkdir -p "$data_dir"
sqlite_file=$data_dir/history-$conversations-$messages.sqlite
if [[ -n $pg_dir && -d $pg_dir/data ]]; then
    echo "== Starting the kept PostgreSQL server in $pg_dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    pg_ctl_as_owner -D "$pg_dir/data" -l "$pg_dir/data/server.log" -w -t 120 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || die "could not start PostgreSQL in $pg_dir"
    pg_url=postgresql://confab:confab@127.0.0.1:$port/confab
elif [[ -n $pg_dir ]]; then
    echo "== Starting a PostgreSQL server kept in $pg_dir"
    mkdir -p "$pg_dir"
    chmod 755 "$pg_dir"
    pg_url=$("$root/scripts/test-postgres.sh" start "$pg_dir") || die "could not start PostgreSQL"
else
    echo "== Starting a throwaway PostgreSQL server"
    pg_url=$("$root/scripts/test-postgres.sh" start "$work/pg") || die "could not start PostgreSQL"
fi
pg_started=1
size_args=(--conversations "$conversations" --messages "$messages")

# Both corpora are generated at once: the SQLite load keeps one core busy, the PostgreSQL
# server the other.
echo "== Generating (or reusing) the corpora; progress in $work/gen-*.log"
"$bench" --backend sqlite --database "$sqlite_file" "${size_args[@]}" "${regenerate[@]}" --generate-only \
    >"$work/gen-sqlite.log" 2>&1 &
gen_pids+=($!)
"$bench" --backend postgres --database "$pg_url" "${size_args[@]}" --generate-only >"$work/gen-postgres.log" 2>&1 &
gen_pids+=($!)
status=0
while :; do
    running=0
    for pid in "${gen_pids[@]}"; do
        kill -0 "$pid" 2>/dev/null && running=1
    done
    for backend in sqlite postgres; do
        printf '   %-8s %s\n' "$backend" "$(grep -v '^WARNING' "$work/gen-$backend.log" | tail -n 1)"
    done
    ((running)) || break
    sleep 30
done
for pid in "${gen_pids[@]}"; do
    wait "$pid" || status=$?
done
gen_pids=()
if ((status)); then
    cat "$work/gen-sqlite.log" "$work/gen-postgres.log" >&2
    die "generating the corpus failed"
fi

# --- Timing ------------------------------------------------------------------------------------
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }
load_before=$(load)
echo "== Timing SQLite"
"$bench" --backend sqlite --database "$sqlite_file" "${size_args[@]}" | tee "$work/sqlite.out" ||
    die "bench_storage failed on SQLite"
echo "== Timing PostgreSQL"
"$bench" --backend postgres --database "$pg_url" "${size_args[@]}" | tee "$work/postgres.out" ||
    die "bench_storage failed on PostgreSQL"
load_after=$(load)
mkdir -p "$root/bench/results"
cat "$work/gen-sqlite.log" "$work/gen-postgres.log" "$work/sqlite.out" "$work/postgres.out" \
    >"$root/bench/results/storage-$(date -u +%Y%m%dT%H%M%SZ).txt"
((write)) || exit 0

# --- BENCHMARKS.md ---------------------------------------------------------------------------
# field FILE LINE-KIND KEY: the value of KEY= on the first "LINE-KIND …" line of FILE.
field() { awk -v kind="$2" -v key="$3" '$1 == kind { for (i = 2; i <= NF; i++) if (index($i, key "=") == 1) { print substr($i, length(key) + 2); exit } }' "$1"; }
result() { awk -v op="$2" -v key="$3" '$1 == "result" && $0 ~ (" op=" op " ") { for (i = 2; i <= NF; i++) if (index($i, key "=") == 1) print substr($i, length(key) + 2) }' "$1"; }
row() {
    local file=$1 name=$2 op=$3 label=$4 target=$5 met
    met=$(result "$file" "$op" met)
    [[ $met == yes ]] && met=met || met="**missed**"
    echo "| $label | $name | $(result "$file" "$op" p50_ms) ms | $(result "$file" "$op" p95_ms) ms | $(result "$file" "$op" max_ms) ms | < $target ms | $met |"
}
generation() {
    local file=$1
    if [[ $(field "$file" dataset reused) == yes ]]; then
        echo "reused from an earlier run (generated then in $(field "$file" dataset generation_s) s)"
    else
        echo "generated in $(field "$file" dataset generation_s) s"
    fi
}
# The generating runs say whether they made their corpus or found it (the timing runs always find it).
both_generated() {
    if [[ $(field "$work/gen-sqlite.log" dataset reused) == no && $(field "$work/gen-postgres.log" dataset reused) == no ]]; then
        echo " (the two loads ran at once, one per core)"
    fi
}
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
s=$work/sqlite.out p=$work/postgres.out

section=$work/section.md
cat >"$section" <<EOF
<!-- storage-bench:begin (written by bench/storage/run-storage-bench.sh; edits here are overwritten) -->
## Storage: conversation list, long conversation and search on a large history

Wall-clock latency of the app's own storage calls (\`ConversationRepository::listConversations\`,
\`ConversationRepository::branch\`, \`SearchRepository::search\`) on a generated history of
$(field "$s" dataset conversations) conversations and $(field "$s" dataset messages) messages. Unlike the other sections these are
**absolute latencies against the issue's targets on this 2-core machine**, not ratios to a
baseline: the issue sets absolute targets (list and conversation first pages under 20 ms, search
p95 under 100 ms), and there is no peer to run side by side. A target counts as met when the
**p95** is under it.

| Operation | Backend | p50 | p95 | max | Target (p95) | |
|---|---|---:|---:|---:|---|---|
$(row "$s" SQLite list "Conversation list, first page of 50" 20)
$(row "$p" PostgreSQL list "Conversation list, first page of 50" 20)
$(row "$s" SQLite branch "10,000-message conversation, first page of 50" 20)
$(row "$p" PostgreSQL branch "10,000-message conversation, first page of 50" 20)
$(row "$s" SQLite search "Search, 100 varied queries, first page of 20" 100)
$(row "$p" PostgreSQL search "Search, 100 varied queries, first page of 20" 100)

Reproduce (needs the PostgreSQL server binaries; builds what it needs, starts and stops its own
PostgreSQL on 127.0.0.1, keeps the SQLite corpus in \`build/storage-bench\` for later runs):

    $command_line

- Dataset (\`bench/storage/corpusgenerator.cpp\`, fixed seed, the same rows on both backends):
  $(field "$s" dataset conversations) conversations, $(field "$s" dataset messages) messages, $(field "$s" dataset text_mb) MB of message text; titles of 3–8 words; each conversation
  one linear chain of alternating user (5–80 words) and assistant (30–600 words, with paragraphs
  and code blocks) messages, a quarter of the replies with their thinking first (20–400 words, a
  reasoning part, searched as the thinking), from a 5,000-word vocabulary drawn with a Zipf distribution plus
  code-ish tokens, each conversation leaning on four topic words; one conversation of
  $(field "$s" dataset big_conversation) messages; timestamps over two years; ~0.02 % pinned, ~3 % archived. Database size:
  SQLite $(field "$s" dataset database_mb) MB, PostgreSQL $(field "$p" dataset database_mb) MB.
- Generation: SQLite $(generation "$work/gen-sqlite.log"); PostgreSQL $(generation "$work/gen-postgres.log")$(both_generated).
  Rows go in through multi-row INSERTs in large transactions on a connection opened and
  migrated by \`Database::open()\`; the schema's own triggers maintain the full-text indexes (FTS5
  external content, and \`messages_reasoning_fts\` for the thinking; the \`search\` and
  \`reasoning_search\` tsvectors and their GIN indexes, built incrementally) and send the
  change notifications, as in the app. Then PostgreSQL gets \`VACUUM ANALYZE\` (what autovacuum
  does by itself) and SQLite a WAL checkpoint; SQLite gets no \`ANALYZE\`, as the app runs none.
- Timing: a fresh connection opened with \`Database::open()\` (the app's settings), in one thread,
  \`QElapsedTimer\` around each call. List and conversation: one untimed call, then 50 timed.
  Search: one untimed pass over the 100 queries, then one timed pass (100 samples) — 2 stop words,
  15 common, 18 middle and 15 uncommon words, 15 two- and three-word queries, 10 prefixes being
  typed ("conf", "dat", …), 10 words with and without diacritics, 7 rare words (in 1–100 messages),
  3 words that are nowhere, 5 code tokens (\`bench/storage/searchqueryset.cpp\`).
- Slowest searches — SQLite: $(sed -n 's/^slowest backend=sqlite //p' "$s").
  PostgreSQL: $(sed -n 's/^slowest backend=postgres //p' "$p").
- Load average before/after timing: $load_before / $load_after (figures are wall time, so other
  work on the machine shows in them).

Measured $(date -u '+%Y-%m-%d %H:%M UTC') at revision $revision on $(nproc) × ${cpu_model:-unknown CPU}, $os,
Qt ${qt:-unknown}, SQLite $(field "$s" version version), PostgreSQL $(field "$p" version version), $(cache_value CMAKE_BUILD_TYPE) build with ${compiler:-unknown compiler}.
<!-- storage-bench:end -->
EOF

# shellcheck source=bench/benchmarks-section.sh
source "$root/bench/benchmarks-section.sh"
write_section storage-bench "$section"
echo "== Wrote the storage section of BENCHMARKS.md"
