#!/usr/bin/env bash
# Measures gleaner end to end on a corpus directory: wall time, MB/s of input
# and peak resident memory, next to the time it takes merely to read the
# files (cat), the floor any cleaner sits on.
#
#   scripts/throughput.sh CORPUS_DIR [extra gleaner clean flags...]
set -euo pipefail
corpus=${1:?usage: scripts/throughput.sh CORPUS_DIR [gleaner flags]}
shift
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
files=$(find "$corpus" -type f | wc -l)
echo "corpus: $corpus, $files files, $(awk -v b="$bytes" 'BEGIN {printf "%.1f MB", b/1e6}')"

sync
start=$(date +%s.%N)
find "$corpus" -type f -print0 | xargs -0 cat > /dev/null
end=$(date +%s.%N)
awk -v b="$bytes" -v s="$start" -v e="$end" 'BEGIN {printf "read floor (cat):  %6.2f s  %7.1f MB/s\n", e-s, b/1e6/(e-s)}'

/usr/bin/time -f '%e %M' -o "$work/time" \
    ./target/release/gleaner clean "$corpus" -o "$work/out" --quiet "$@"
read -r seconds rss_kb < "$work/time"
awk -v b="$bytes" -v s="$seconds" -v r="$rss_kb" \
    'BEGIN {printf "gleaner clean:     %6.2f s  %7.1f MB/s  peak RSS %.0f MB (%.1f%% of the corpus)\n", s, b/1e6/s, r/1024, 100*r*1024/b}'
