#!/usr/bin/env bash
# Cold-start proxy per function: each handler's shaded -lambda.jar in a fresh JVM with C1 only
# (-XX:TieredStopAtLevel=1, close to what a cold Lambda JVM runs before C2 kicks in), no SnapStart: time to
# construct the handler and to answer its first event, against moto_server (tables, bus, bucket, secret created
# first). Prints jar size and the median of RUNS runs.
#   bench/coldstart.sh [jar-root]     jar-root: a tree with functions/*/target/*-lambda.jar (default: this one)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="${1:-.}"
RUNS="${RUNS:-5}"
OUT="$(mktemp -d)"
trap 'kill "$MOTO" 2>/dev/null || true; rm -rf "$OUT"' EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -p "$PORT" >"$OUT/moto.log" 2>&1 &
MOTO=$!
export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT" AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test S3_FORCE_PATH_STYLE=true
for _ in $(seq 50); do curl -s "$AWS_ENDPOINT_URL" >/dev/null 2>&1 && break; sleep 0.2; done

SLACK_SECRET_VALUE=8f742231b10e8888abcd99yyyzzz85a5
python3 - "$SLACK_SECRET_VALUE" <<'PY'
import sys, os, boto3
ddb = boto3.client("dynamodb")
def table(name, keys, gsi=None):
    attrs = {k: "S" for k, _ in keys}
    kw = {}
    if gsi:
        for k, _ in gsi[1]:
            attrs[k] = "S"
        kw["GlobalSecondaryIndexes"] = [{"IndexName": gsi[0], "KeySchema": [{"AttributeName": k, "KeyType": t} for k, t in gsi[1]],
                                         "Projection": {"ProjectionType": "KEYS_ONLY"}}]
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": k, "AttributeType": v} for k, v in attrs.items()],
                     KeySchema=[{"AttributeName": k, "KeyType": t} for k, t in keys], **kw)
table("baselines", [("seriesId", "HASH")])
table("slo", [("slo", "HASH")])
table("incidents", [("pk", "HASH"), ("sk", "RANGE")])
table("costdaily", [("pk", "HASH"), ("sk", "RANGE")])
table("approvals", [("approvalId", "HASH")])
table("audit", [("incidentId", "HASH"), ("entryKey", "RANGE")], ("byResource", [("resourceArn", "HASH"), ("at", "RANGE")]))
boto3.client("events").create_event_bus(Name="vigil")
s3 = boto3.client("s3")
for b in ("vigil-demo-billing", "reports"):
    s3.create_bucket(Bucket=b)
base = "events/billing/billing-demo"
for d, _, files in os.walk(base):
    for f in files:
        path = os.path.join(d, f)
        s3.upload_file(path, "vigil-demo-billing", os.path.relpath(path, base))
sm = boto3.client("secretsmanager")
arn = sm.create_secret(Name="vigil-slack", SecretString='{"signingSecret":"%s","botToken":"xoxb-bench"}' % sys.argv[1])["ARN"]
open(os.environ.get("SECRET_FILE", "/dev/null"), "w").write(arn)
PY
SECRET_ARN=$(python3 -c 'import boto3; print(boto3.client("secretsmanager").describe_secret(SecretId="vigil-slack")["ARN"])')

mkdir -p "$OUT/classes"
# the driver links nothing of Vigil: any jar will do for compiling it
javac -d "$OUT/classes" bench/coldstart/ColdStart.java

# Slack is an unreachable port: a post fails fast (connection refused), as an outage would.
export SLACK_API_URL=http://127.0.0.1:9 SLACK_API_BASE_URL=http://127.0.0.1:9
run() {  # name handler event [slack-secret] -- env...
  local fn=$1 handler=$2 event=$3 secret=$4; shift 4
  local jar; jar=$(ls "$ROOT"/functions/"$fn"/target/vigil-"$fn"-*-lambda.jar)
  local size; size=$(du -m "$jar" | cut -f1)
  local lines=()
  for _ in $(seq "$RUNS"); do
    lines+=("$(env "$@" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -cp "$jar:$OUT/classes" \
      dev.vigil.bench.ColdStart "$handler" "$event" $secret 2>"$OUT/stderr" | tail -1)")
  done
  local slf4j=""; grep -q "SLF4J" "$OUT/stderr" && slf4j=" (stderr: SLF4J warnings)"
  printf '%s\n' "${lines[@]}" | python3 -c '
import sys, statistics
fn, size, warn = sys.argv[1:4]
rows = [l.split(" ", 3) for l in sys.stdin if l.strip()]
ctor = statistics.median(float(r[1]) for r in rows)
first = statistics.median(float(r[2]) for r in rows)
print("%-15s %4s MB  ctor %5.0f ms  first event %5.0f ms  %s%s" % (fn, size, ctor, first, rows[-1][3].strip()[:90], warn))
' "$fn" "$size" "$slf4j"
}

BILLING_EVENT=events/billing-export-cur2-manifest.json
SLACK_FORM="events/slack/DERIVED_block_actions_form_body.txt"
PLAN_EVENT="$OUT/plan.json"
sed 's/\${region}/us-east-1/g; s/\${account}/123456789012/g' \
  events/remediation/approved-remediated/01-Plan.request.json > "$PLAN_EVENT"

run metric-stream dev.vigil.metricstream.MetricStreamHandler events/metric-stream-real-sample.json "" \
  BASELINE_TABLE=baselines EVENT_BUS_NAME=vigil SLO_TABLE=slo SLO_CONFIG=config/vigil.yaml
run incident dev.vigil.incident.IncidentHandler events/incident-sqs-batch.json "" \
  INCIDENT_TABLE=incidents INCIDENT_CONFIG=config/vigil.yaml
run remediation dev.vigil.remediation.PlanHandler "$PLAN_EVENT" "" \
  AUDIT_TABLE=audit
run slack-approval dev.vigil.slackapproval.SlackApprovalHandler "$SLACK_FORM" "$SLACK_SECRET_VALUE" \
  APPROVALS_TABLE=approvals AUDIT_TABLE=audit SLACK_SECRET_ARN="$SECRET_ARN" APPROVER_USER_IDS=U0123456 \
  INCIDENT_TABLE=incidents COST_TABLE=costdaily
run billing-export dev.vigil.billing.BillingExportHandler "$BILLING_EVENT" "" \
  COST_TABLE=costdaily EVENT_BUS_NAME=vigil REPORTS_BUCKET=reports
run cost-report dev.vigil.costreport.CostReportHandler events/cost-report-daily.json "" \
  COST_TABLE=costdaily EVENT_BUS_NAME=vigil REPORTS_BUCKET=reports
