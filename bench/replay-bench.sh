#!/usr/bin/env bash
# Throughput of the metric path on a generated Metric Streams NDJSON (default 2000 series x 300 minutes = 600k
# datapoints), three ways, each in a fresh JVM through the real handler code:
#   parse only (--store none), parse + score with baselines in memory (--store memory),
#   parse + score + DynamoDB Local (--store dynamodb, the default).
# Then the cold-start proxy: fresh JVM to the first handled Firehose event against DynamoDB Local.
# Usage: bench/replay-bench.sh [SERIES] [MINUTES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SERIES=${1:-2000}
MINUTES=${2:-300}
WORK=${TMPDIR:-/tmp}/vigil-bench
mkdir -p "$WORK"
DATA="$WORK/metrics-${SERIES}x${MINUTES}.ndjson"
[ -f "$DATA" ] || ./vigil synth --series "$SERIES" --minutes "$MINUTES" --out "$DATA"
echo "input: $DATA ($(wc -l <"$DATA") datapoints, $(du -h "$DATA" | cut -f1))"

figure() { grep -E "^\s+$1 " "$2" | awk '{print $2}'; }
for store in none memory dynamodb; do
  ./vigil replay --input "$DATA" --store "$store" --stats >/dev/null 2>"$WORK/$store.txt"
  printf '%-9s %10s datapoints/s  (%s s, %s datapoints, read units %s, write units %s)\n' "$store" \
    "$(figure datapointsPerSecond "$WORK/$store.txt")" "$(figure wallSeconds "$WORK/$store.txt")" \
    "$(figure datapoints "$WORK/$store.txt")" "$(figure dynamodbReadUnits "$WORK/$store.txt")" \
    "$(figure dynamodbWriteUnits "$WORK/$store.txt")"
done

./vigil replay --input events/metric-stream-real-sample.json --stats >/dev/null 2>"$WORK/cold.txt"
echo "cold start proxy: JVM start -> first handled Firehose event $(figure jvmStartToFirstResponseSeconds "$WORK/cold.txt") s" \
  "(of which DynamoDB Local boot $(figure dynamodbLocalStartSeconds "$WORK/cold.txt") s;" \
  "excluding it $(figure jvmStartToFirstResponseExcludingDynamoDbLocalSeconds "$WORK/cold.txt") s)"
