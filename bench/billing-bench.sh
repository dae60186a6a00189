#!/usr/bin/env bash
# Billing reader benchmark: Vigil vs DuckDB JDBC (one thread) vs a bare split-and-sum, on the same generated
# CUR 2.0 CSV.gz, and Vigil vs DuckDB on the same data as Parquet. Each contender runs in a fresh JVM, in
# alternating rounds, with 2 passes (the 1st includes JIT warm-up / DuckDB's native library load, the 2nd is warm);
# both wall and process CPU time are printed (CPU seconds are the stable figure on a shared machine). Then Vigil
# alone under tight heap bounds. Not a unit test: numbers go to docs/billing.md by hand.
#   bench/billing-bench.sh [ROWS] [ROUNDS]     (default 800000 rows ≈ 650 MB uncompressed, 3 rounds)
# Needs a JDK and Maven; DuckDB JDBC comes through Maven (only the benchmark uses it).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=${1:-800000}
ROUNDS=${2:-3}
OUT=${BENCH_DIR:-$ROOT/bench/target/billing}
mkdir -p "$OUT/classes"
cd "$ROOT"

[ -f cli/target/vigil.jar ] || mvn -q -B -DskipTests -pl cli -am package
DUCK=$OUT/duckdb_jdbc.jar
if [ ! -f "$DUCK" ]; then
  mvn -q -B dependency:copy -Dartifact=org.duckdb:duckdb_jdbc:2.0.0.1 -DoutputDirectory="$OUT" \
      -Dmdep.stripVersion=true
fi
CP="$OUT/classes:cli/target/vigil.jar:$DUCK"
javac -d "$OUT/classes" -cp "$CP" bench/billing/BillingBench.java
JAVA="java -XX:+UseSerialGC -Dpasses=2 -cp $CP dev.vigil.bench.BillingBench"

CSV=$OUT/cur2-$ROWS.csv.gz
PQ=$OUT/cur2-$ROWS.parquet
[ -f "$CSV" ] || $JAVA gen "$CSV" "$ROWS"
[ -f "$PQ" ] || $JAVA topq "$CSV" "$PQ"
echo "== data: $(ls -l "$CSV" | awk '{print $5}') bytes CSV.gz, $(cat "${CSV%.csv.gz}.size") bytes uncompressed, $(ls -l "$PQ" | awk '{print $5}') bytes Parquet"
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
for r in $(seq 1 "$ROUNDS"); do
  echo "-- round $r"
  $JAVA bare "$CSV" 2>/dev/null
  $JAVA vigil "$CSV" 2>/dev/null
  $JAVA duckdb "$CSV" 2>/dev/null
  $JAVA vigil-parquet "$PQ" 2>/dev/null
  $JAVA duckdb-parquet "$PQ" 2>/dev/null
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" dev.vigil.bench.BillingBench vigil "$CSV" 2>/dev/null \
    | sed 's/^vigil csv.gz    /vigil csv.gz C1 /'
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" dev.vigil.bench.BillingBench vigil-parquet "$PQ" 2>/dev/null \
    | sed 's/^vigil parquet    /vigil parquet C1 /'
done

echo "== Vigil alone, bounded heap (memory is bounded by keys, not by file size)"
for X in 256m 128m 80m 64m; do
  java -Xmx$X -XX:+UseSerialGC -cp "$CP" dev.vigil.bench.BillingBench vigil "$CSV" 2>/dev/null | sed "s/^/-Xmx$X /" \
    || echo "-Xmx$X vigil csv.gz: failed"
  java -Xmx$X -XX:+UseSerialGC -cp "$CP" dev.vigil.bench.BillingBench vigil-parquet "$PQ" 2>/dev/null | sed "s/^/-Xmx$X /" \
    || echo "-Xmx$X vigil parquet: failed"
done
