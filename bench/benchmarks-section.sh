# SPDX-License-Identifier: GPL-3.0-or-later
# Sourced by the bench scripts. write_section NAME FILE: puts FILE (which starts with
# "<!-- NAME:begin" and ends with "<!-- NAME:end -->") into BENCHMARKS.md at the project's root,
# in place of that section if it is there, else at the end; other sections stay as they are.
write_section() {
    local name=$1 section=$2 out tmp
    out=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/BENCHMARKS.md
    if [[ ! -f $out ]]; then
        cat >"$out" <<'EOF_HEADER'
# Benchmarks

Speed is measured here, not in timed tests. Each figure is a ratio against a baseline measured
in the same run, and each section names the command that reproduces it; the scripts in `bench/`
write their own sections.
EOF_HEADER
    fi
    if grep -q "^<!-- $name:begin" "$out"; then
        tmp=$(mktemp)
        awk -v section="$section" -v begin="^<!-- $name:begin" -v end="^<!-- $name:end" '
            $0 ~ begin { while ((getline line < section) > 0) print line; skip = 1; next }
            $0 ~ end { skip = 0; next }
            !skip' "$out" >"$tmp"
        cat "$tmp" >"$out"
        rm -f "$tmp"
    else
        { echo; cat "$section"; } >>"$out"
    fi
}
