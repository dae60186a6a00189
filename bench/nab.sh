#!/usr/bin/env bash
# bench/nab.sh -- score `./vigil detect` on a NAB directory with the NAB scorer, reproducibly.
#
# Usage:
#   bench/nab.sh [NAB_DIR] [-s SCORER_DIR] [-C categories] [-c CONFIG] [-j JOBS]
#
#   NAB_DIR       a NAB layout (data/, labels/); default $NAB_DIR, else ../shared/data/nab
#   -s DIR        the scorer (run_detector.sh + nab_score.py); default $NAB_SCORER, else ../shared/bench/nab
#   -C LIST       categories to run and score (subset mode); default: every category under NAB_DIR/data
#   -c FILE       detector config (properties) passed to `vigil detect --config`
#   -j N          parallel detector runs (default 2)
#
# Prints four numbers: the NAB standard, low-FP and low-FN scores (threshold optimised by the scorer, as NAB
# does), and the standard score of the production decision (the `alert` column, i.e. the fixed alertThreshold).
# The benchmark data is read where it lies; nothing is copied into the project.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

NAB=${NAB_DIR:-}
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then NAB=$1; shift; fi
SCORER=${NAB_SCORER:-$ROOT/../shared/bench/nab}
CATS="" CONFIG="" JOBS=2
while getopts "s:C:c:j:h" opt; do
  case "$opt" in
    s) SCORER=$OPTARG ;;
    C) CATS=$OPTARG ;;
    c) CONFIG=$(cd "$(dirname "$OPTARG")" && pwd)/$(basename "$OPTARG") ;;
    j) JOBS=$OPTARG ;;
    h) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) exit 2 ;;
  esac
done
NAB=${NAB:-$ROOT/../shared/data/nab}
[ -d "$NAB/data" ] || { echo "bench/nab.sh: no NAB data under '$NAB' (give NAB_DIR)" >&2; exit 2; }
[ -x "$SCORER/run_detector.sh" ] || [ -f "$SCORER/run_detector.sh" ] \
  || { echo "bench/nab.sh: no run_detector.sh under '$SCORER' (give -s)" >&2; exit 2; }
NAB=$(cd "$NAB" && pwd)

# Build once up front, so that parallel runs do not race to build.
"$ROOT/vigil" detect --input /dev/null >/dev/null

OUT=$(mktemp -d "${TMPDIR:-/tmp}/vigil-nab.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
CMD="VIGIL_NO_BUILD=1 '$ROOT/vigil' detect --input {in}${CONFIG:+ --config '$CONFIG'}"
CATARGS=()
[ -n "$CATS" ] && CATARGS=(-C "$CATS")

cd "$ROOT"
best=$(NAB_DIR="$NAB" NAB_RESULTS_DIR="$OUT" bash "$SCORER/run_detector.sh" -n vigil -j "$JOBS" "${CATARGS[@]}" \
  -c "$CMD" 2>/dev/null | grep '^NAB ')
# The production decision: score the same outputs with the alert column as the score, at threshold 0.5.
SUB=""
[ -n "$CATS" ] && SUB="--categories $CATS"
for f in "$OUT"/vigil/*/vigil_*.csv; do
  awk -F, 'NR == 1 { print "timestamp,value,anomaly_score"; next } { print $1 "," $2 "," $4 }' "$f" > "$f.alert"
  mv "$f.alert" "$f"
done
prod=$(python3 "$SCORER/nab_score.py" --nab "$NAB" --results "$OUT/vigil" --detector vigil $SUB --threshold 0.5 \
  2>/dev/null | grep '^NAB ')

std() { sed -n "s/.*$1=\([0-9.-]*\).*/\1/p"; }
echo "NAB data:        $NAB${CATS:+ (categories $CATS)}"
echo "standard:        $(echo "$best" | std standard)"
echo "low FP:          $(echo "$best" | std low_FP)"
echo "low FN:          $(echo "$best" | std low_FN)"
echo "standard @alert: $(echo "$prod" | std standard)   (production decision, alertThreshold)"
