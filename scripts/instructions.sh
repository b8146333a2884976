#!/usr/bin/env bash
# Counts the instructions `gleaner clean` executes on a corpus, under
# valgrind's callgrind, on one thread. The count is the same for the same
# build, input and flags whatever else the machine is doing, so two builds
# can be compared on a machine whose speed moves from one minute to the
# next, where a change of a few percent is lost in wall times. Fewer
# instructions is not always less time (cache misses and waits on the
# kernel are not counted): check a change that moves memory access in
# whole runs too.
#
#   scripts/instructions.sh CORPUS [BINARY] [-- extra gleaner clean flags...]
#
# Prints the total, instructions per byte of input, each stage's share
# (inclusive: the stage and all it calls) and the functions that execute
# the most themselves. A 10 MB corpus (`gleaner bench --size 10M`) takes
# about a minute; the profile is kept for callgrind_annotate.
set -euo pipefail
corpus=${1:?usage: scripts/instructions.sh CORPUS [BINARY] [-- gleaner clean flags]}
shift
binary=
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    binary=$1
    shift
fi
[ "${1:-}" = "--" ] && shift
cd "$(dirname "$0")/.."
if [ -z "$binary" ]; then
    cargo build --release --quiet
    binary=target/release/gleaner
fi
command -v valgrind >/dev/null || { echo "valgrind is needed (Debian: apt-get install valgrind)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile=${PROFILE:-target/callgrind.out}
mkdir -p "$(dirname "$profile")"

# Records of JSON Lines corpora name their site in `url` (as `gleaner bench` passes).
extra=()
if find "$corpus" -name '*.jsonl*' -print -quit | grep -q .; then
    extra=(--group-field url)
fi
valgrind --tool=callgrind --callgrind-out-file="$profile" \
    "$binary" clean "$corpus" -o "$work/out" --threads 1 --quiet "${extra[@]}" "$@" \
    2> "$work/valgrind.log"
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
total=$(grep -m1 '^summary:' "$profile" | awk '{print $2}')
awk -v t="$total" -v b="$bytes" 'BEGIN {printf "%.0f instructions, %.1f a byte of the corpus (%.1f MB)\n", t, t/b, b/1e6}'

callgrind_annotate --inclusive=yes --auto=no "$profile" 2>/dev/null |
    grep -E 'gleaner::pipeline::(scan_files|build_index|clean_docs) \[' |
    sed -E 's/^ *([0-9,]+) \( *([0-9.]+)%\).*pipeline::([a-z_]+) .*/\3 \1 \2/' |
    awk '{printf "  %-12s %15s  %5.1f %%\n", $1, $2, $3}'
echo "most executed, by function (itself, and what is inlined into it):"
callgrind_annotate --inclusive=no --auto=no "$profile" 2>/dev/null |
    sed -E 's/ \[[^]]*\]$//' |
    sed -nE 's/^ *([0-9,]+) \( *([0-9.]+)%\)  [^:]*:(.*)$/\1|\2|\3/p' |
    awk -F'|' '{n=$1; gsub(",", "", n); s[$3]+=n; p[$3]+=$2} END {for (f in s) printf "%15.0f %5.1f %% %s\n", s[f], p[f], f}' |
    sort -rn | head -15
echo "profile: $profile"
