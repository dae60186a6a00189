#!/usr/bin/env python3
"""Writes the Firehose transformation events in events/ from the real samples in events/metric-streams/ and
from seeded synthetic scenarios. Deterministic: running it again rewrites identical files.

    python3 events/generate.py
"""
import base64
import json
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "metric-streams")
T0 = 1793577600000  # 2026-11-02T00:00:00Z, a Monday
MINUTE = 60_000
ACCOUNT = "123456789012"
REGION = "us-east-1"
STREAM_ARN = "arn:aws:firehose:us-east-1:123456789012:deliverystream/vigil-metric-stream"


def record_id(scenario, i):
    # Firehose record ids are long opaque digit strings; make ours stable per scenario and index.
    h = abs(hash_str(scenario)) % 10**20
    return "4963647862985767913718296349178869236858%020d%02d" % (h, i)


def hash_str(s):
    h = 1469598103934665603
    for c in s.encode():
        h = ((h ^ c) * 1099511628211) % 2**64
    return h


def event(scenario, payloads):
    return {
        "invocationId": "00000000-0000-4000-8000-%012d" % (hash_str(scenario) % 10**12),
        "deliveryStreamArn": STREAM_ARN,
        "region": REGION,
        "records": [
            {
                "recordId": record_id(scenario, i),
                "approximateArrivalTimestamp": T0 + i,
                "data": base64.b64encode(p.encode()).decode(),
            }
            for i, p in enumerate(payloads)
        ],
    }


def write(name, ev):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(ev, f, indent=2)
        f.write("\n")
    print("wrote", name, len(ev["records"]), "records")


def line(namespace, metric, dims, ts, mx, mn, total, count, unit):
    return json.dumps({
        "metric_stream_name": "vigil-demo",
        "account_id": ACCOUNT,
        "region": REGION,
        "namespace": namespace,
        "metric_name": metric,
        "dimensions": dims,
        "timestamp": ts,
        "value": {"max": round(mx, 4), "min": round(mn, 4), "sum": round(total, 4), "count": count},
        "unit": unit,
    }, separators=(",", ":"))


def gauge(namespace, metric, dims, ts, avg, count, unit, rnd):
    spread = abs(avg) * 0.15 + 1e-3
    return line(namespace, metric, dims, ts, avg + spread * rnd.random(), max(0.0, avg - spread * rnd.random()),
                avg * count, float(count), unit)


def records_of(lines, per_record, rnd, shuffle=True):
    out = []
    for i in range(0, len(lines), per_record):
        chunk = lines[i:i + per_record]
        if shuffle:
            rnd.shuffle(chunk)  # real streams deliver minutes out of order within a batch
        out.append("\n".join(chunk) + "\n")
    return out


def real_samples():
    with open(os.path.join(SAMPLES, "multiple_records")) as f:
        lines = [l for l in f.read().split("\n") if l.strip()]
    parts = [lines[0:45], lines[45:90], lines[90:]]
    write("metric-stream-real-sample.json", event("real-sample", ["\n".join(p) + "\n" for p in parts]))

    with open(os.path.join(SAMPLES, "some_invalid_records")) as f:
        lines = [l for l in f.read().split("\n") if l.strip()]
    write("metric-stream-some-invalid.json",
          event("some-invalid", ["\n".join(lines[:44]) + "\n", "\n".join(lines[44:]) + "\n"]))


def junk_record():
    with open(os.path.join(SAMPLES, "some_invalid_records")) as f:
        lines = [l for l in f.read().split("\n") if l.strip()]
    stock = lines[:4]  # Kinesis demo stock-ticker JSON: valid JSON, not metrics
    valid = lines[4:10]
    with open(os.path.join(SAMPLES, "valid_metric_with_percentiles.json")) as f:
        pretty = f.read()
    all_junk = "\n".join(stock + ["this is not json", '{"metric_name": "truncated", "value": {', "\x00\x01binary"]) + "\n"
    mixed = "\n".join([valid[0], "garbage line {{{", valid[1], '{"CHANGE":1.0}', valid[2]]) + "\n"
    write("metric-stream-junk-record.json", event("junk-record", [all_junk, mixed, "  \n\n", pretty]))


def spike():
    rnd = random.Random(7)
    fn = {"FunctionName": "checkout-api"}
    lines = []
    for m in range(240):
        ts = T0 + 9 * 3600_000 + m * MINUTE
        duration = 120 + rnd.gauss(0, 6)
        if m == 225:
            duration = 900.0  # a latency spike
        lines.append(gauge("AWS/Lambda", "Duration", fn, ts, duration, 50 + rnd.randint(0, 10), "Milliseconds", rnd))
        inv = 600 + rnd.randint(-30, 30)
        lines.append(line("AWS/Lambda", "Invocations", fn, ts, 1, 1, inv, float(inv), "Count"))
    write("metric-stream-spike.json", event("spike", records_of(lines, 80, rnd)))


def level_shift():
    rnd = random.Random(11)
    lb = {"LoadBalancer": "app/orders-alb/50dc6c495c0c9188"}
    lines = []
    for m in range(300):
        ts = T0 + 10 * 3600_000 + m * MINUTE
        level = 0.080 if m < 200 else 0.220  # a deploy doubles response time, and it stays
        lines.append(gauge("AWS/ApplicationELB", "TargetResponseTime", lb, ts, level + rnd.gauss(0, 0.004),
                           400 + rnd.randint(0, 40), "Seconds", rnd))
    write("metric-stream-level-shift.json", event("level-shift", records_of(lines, 100, rnd)))


def seasonal_day():
    rnd = random.Random(23)
    lb = {"LoadBalancer": "app/web-alb/7a1c0d2e3f4a5b6c"}
    lines = []
    step = 10  # minutes; a quiet metric only streams when it has data
    for k in range(8 * 24 * 60 // step):
        ts = T0 + k * step * MINUTE
        hour = (k * step / 60.0) % 24
        # business-hours traffic: a smooth daily peak at 14:00 UTC, 6x the night level
        rate = 20 + 100 * math.exp(-((hour - 14) ** 2) / (2 * 3.0 ** 2))
        requests = max(0, round(rate * 60 * (1 + rnd.gauss(0, 0.03))))
        lines.append(line("AWS/ApplicationELB", "RequestCount", lb, ts, 1, 1, requests, float(requests), "Count"))
    write("metric-stream-seasonal-day.json", event("seasonal-day", records_of(lines, 200, rnd)))


if __name__ == "__main__":
    real_samples()
    junk_record()
    spike()
    level_shift()
    seasonal_day()
