#!/usr/bin/env bash
# Builds the multilingual labelled corpus (German, French, Russian and
# Japanese sites, Shift_JIS, windows-1251, ISO-8859-1 and windows-1252
# files) with the bench generator beside the repository, cleans it and
# scores the output:
#
#   scripts/multilingual/run.sh [WORK_DIR] [-- gleaner clean flags...]
#
# Needs ../shared/bench (gen_corpus.py, score.py and its requirements) and
# the translated manual pages of the machine (Debian: manpages-de,
# manpages-fr, manpages-ru, manpages-ja, or the packages' own).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-target/multilingual}
[ $# -gt 0 ] && shift
[ "${1:-}" = "--" ] && shift
bench=../shared/bench
[ -f "$bench/gen_corpus.py" ] || { echo "no $bench/gen_corpus.py beside the repository" >&2; exit 1; }
if [ ! -x target/venv-bench/bin/python ]; then
    python3 -m venv target/venv-bench
    target/venv-bench/bin/pip install --quiet -r "$bench/requirements.txt"
fi
py=target/venv-bench/bin/python
mkdir -p "$work"
[ -d "$work/sources" ] || "$py" scripts/multilingual/sources.py "$work/sources"
"$py" "$bench/gen_corpus.py" --pack scripts/multilingual/pack.py --sources "$work/sources" \
    --sites 8 --pages 200 --seed 3 --out "$work/corpus" --force
cargo build --release --quiet
rm -rf "$work/out" "$work/out.report"
target/release/gleaner clean "$work/corpus/corpus" -o "$work/out" --quiet "$@"
"$py" "$bench/score.py" --labels "$work/corpus/labels" --output "$work/out"
