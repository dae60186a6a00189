#!/usr/bin/env bash
# Billing reader benchmark: Vigil vs DuckDB JDBC (one thread) vs a bare split-and-sum, on the same generated
# CUR 2.0 CSV.gz (and the same data as Parquet), in one JVM; then Vigil alone under tight heap bounds.
#   bench/billing-bench.sh [ROWS] [REPEATS]     (default 500000 rows ≈ 650 MB uncompressed, 2 rounds)
# Needs a JDK and Maven; fetches DuckDB JDBC through Maven. Numbers go to docs/billing.md by hand.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=${1:-500000}
REPEATS=${2:-2}
OUT=${BENCH_DIR:-$ROOT/bench/target/billing}
mkdir -p "$OUT/classes"
cd "$ROOT"

[ -f cli/target/vigil.jar ] || mvn -q -B -DskipTests -pl cli -am package
DUCK=$OUT/duckdb_jdbc.jar
if [ ! -f "$DUCK" ]; then
  mvn -q -B dependency:copy -Dartifact=org.duckdb:duckdb_jdbc:2.0.0.1 -DoutputDirectory="$OUT" \
      -Dmdep.stripVersion=true
fi
CP="cli/target/vigil.jar:$DUCK"
javac -q -d "$OUT/classes" -cp "$CP" bench/billing/BillingBench.java 2>/dev/null \
  || javac -d "$OUT/classes" -cp "$CP" bench/billing/BillingBench.java
CP="$OUT/classes:$CP"
J="java -XX:+UseParallelGC -cp $CP dev.vigil.bench.BillingBench"

CSV=$OUT/cur2-$ROWS.csv.gz
PQ=$OUT/cur2-$ROWS.parquet
[ -f "$CSV" ] || $J gen "$CSV" "$ROWS"
[ -f "$PQ" ] || $J topq "$CSV" "$PQ"
ls -l "$CSV" "$PQ"
echo "== same JVM, alternating, $REPEATS rounds (machine: $(nproc) cores)"
$J all "$CSV" "$PQ" "$REPEATS"

echo "== Vigil alone, bounded heap (memory is bounded by keys, not file size)"
for X in 512m 256m 128m; do
  echo "-- -Xmx$X"
  java -Xmx$X -XX:+UseSerialGC -cp "$CP" dev.vigil.bench.BillingBench vigil "$CSV" || echo "failed at -Xmx$X"
  java -Xmx$X -XX:+UseSerialGC -cp "$CP" dev.vigil.bench.BillingBench vigil-parquet "$PQ" || echo "failed at -Xmx$X"
done
echo "== DuckDB alone (native memory: see rss-peak)"
java -cp "$CP" dev.vigil.bench.BillingBench duckdb "$CSV"
java -cp "$CP" dev.vigil.bench.BillingBench duckdb-parquet "$PQ"
