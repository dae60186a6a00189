#!/usr/bin/env python3
"""bench/stream/cwgen.py -- a labelled, CloudWatch-like Metric Streams generator (benchmark data, not a test).

Writes DIR/part-NNNNN.ndjson (one file per hour of stream, the CloudWatch Metric Streams JSON format that
`vigil replay --input DIR` cuts into Firehose events) and DIR/labels.tsv (the planted anomalies; not replayed).

Series: Lambda (Invocations, Duration, Errors), ALB (RequestCount, TargetResponseTime, HTTPCode_Target_5XX_Count),
EC2 (CPUUtilization at 5-minute basic monitoring, NetworkIn), an Auto Scaling group roll-up, RDS (CPUUtilization,
DatabaseConnections, ReadLatency), DynamoDB (ConsumedReadCapacityUnits, ThrottledRequests), SQS
(ApproximateNumberOfMessagesVisible, NumberOfMessagesSent). Load follows a daily business-hours curve and a weekly
one (weekends at ~55%), with per-series phase and amplitude; counts are Poisson, gauges Gaussian.
Stream faults: ~0.5% of datapoints delivered twice, ~0.3% delivered an hour late (after newer minutes).
Labels: spikes (1-3 minutes), level shifts (1-6 hours, some lasting to the end), variance changes (1-3 hours);
about a fifth of them in the first day.

  python3 bench/stream/cwgen.py --out DIR --series 100 --days 3 --seed 1 [--anomalies 18]
"""
import argparse, json, math, os, random

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--series", type=int, default=100)
ap.add_argument("--days", type=float, default=3)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--anomalies", type=int, default=None, help="default: ~6 per 100 series-days")
ap.add_argument("--start", default="2026-11-02T00:00:00Z", help="a Monday")
a = ap.parse_args()
rnd = random.Random(a.seed)
T0 = 1793577600000  # 2026-11-02T00:00Z, a Monday
MIN = 60000
minutes = int(a.days * 1440)

# namespace, metric, dimension, unit, kind, base range, cadence (minutes)
KINDS = [
    ("AWS/Lambda", "Invocations", "FunctionName", "Count", "count", (20, 2000), 1),
    ("AWS/Lambda", "Duration", "FunctionName", "Milliseconds", "latency", (20, 800), 1),
    ("AWS/Lambda", "Errors", "FunctionName", "Count", "rare", (0.02, 0.3), 1),
    ("AWS/ApplicationELB", "RequestCount", "LoadBalancer", "Count", "count", (100, 20000), 1),
    ("AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "Seconds", "latency", (0.02, 0.8), 1),
    ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", "Count", "rare", (0.05, 1.0), 1),
    ("AWS/EC2", "CPUUtilization", "InstanceId", "Percent", "percent", (5, 50), 5),
    ("AWS/EC2", "NetworkIn", "InstanceId", "Bytes", "bytes", (1e6, 5e8), 1),
    ("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", "Percent", "percent", (10, 60), 1),
    ("AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "Percent", "percent", (5, 40), 1),
    ("AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", "Count", "gauge", (5, 300), 1),
    ("AWS/RDS", "ReadLatency", "DBInstanceIdentifier", "Seconds", "latency", (0.001, 0.02), 1),
    ("AWS/DynamoDB", "ConsumedReadCapacityUnits", "TableName", "Count", "count", (10, 5000), 1),
    ("AWS/DynamoDB", "ThrottledRequests", "TableName", "Count", "rare", (0.01, 0.2), 1),
    ("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "Count", "gauge", (0, 500), 1),
    ("AWS/SQS", "NumberOfMessagesSent", "QueueName", "Count", "count", (10, 3000), 1),
]


def poisson(lam):
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, int(round(rnd.gauss(lam, math.sqrt(lam)))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rnd.random()
        if p <= l:
            return k
        k += 1


series = []
for i in range(a.series):
    ns, metric, dim, unit, kind, (lo, hi), cadence = KINDS[i % len(KINDS)]
    base = math.exp(rnd.uniform(math.log(max(lo, 1e-3)), math.log(hi))) if lo > 0 else rnd.uniform(lo, hi)
    series.append(dict(ns=ns, metric=metric, dim=dim, unit=unit, kind=kind, base=base, cadence=cadence,
                       name="%s-%03d" % (dim.lower()[:6], i), peak=rnd.uniform(11, 17), amp=rnd.uniform(0.3, 0.9),
                       weekend=rnd.uniform(0.4, 0.75), noise=rnd.uniform(0.03, 0.1)))


def load(s, m):
    """Daily business-hours bell (peak hour per series) times a weekend factor; 1 = the daily mean level."""
    hour = (m % 1440) / 60.0
    d = min(abs(hour - s["peak"]), 24 - abs(hour - s["peak"]))
    daily = (1 - s["amp"]) + s["amp"] * 2.2 * math.exp(-(d / 4.0) ** 2)
    day = (m // 1440) % 7   # 0 = Monday
    return daily * (s["weekend"] if day >= 5 else 1.0)


# Planted anomalies.
n_anom = a.anomalies if a.anomalies is not None else max(6, int(round(0.06 * a.series * a.days)))
labels = []
used = set()
for k in range(n_anom):
    while True:
        si = rnd.randrange(a.series)
        if si not in used:
            break
    used.add(si)
    first_day = k < max(1, n_anom // 5)
    lo_m = 4 * 60 if first_day else 1440
    hi_m = 1380 if first_day else minutes - 240
    start = rnd.randrange(lo_m, hi_m)
    kind = rnd.choice(["spike", "spike", "level_shift", "level_shift", "variance"])
    s = series[si]
    if s["kind"] == "rare":
        kind = "spike"   # an error burst
    if kind == "spike":
        dur, mag = rnd.randint(1, 3), rnd.uniform(4, 10)
    elif kind == "level_shift":
        dur = minutes - start if rnd.random() < 0.3 else rnd.randint(60, 360)
        mag = rnd.choice([rnd.uniform(1.8, 3.0), rnd.uniform(0.25, 0.5)])
    else:
        dur, mag = rnd.randint(60, 180), rnd.uniform(4, 6)
    if s["cadence"] > 1 and kind == "spike":
        dur = max(dur, s["cadence"])
    labels.append(dict(series=si, kind=kind, start=start, end=start + dur - 1, mag=mag, lasting=start + dur >= minutes))

by_series = {}
for l in labels:
    by_series.setdefault(l["series"], []).append(l)


def value(s, si, m, state):
    lv = load(s, m)
    anomaly = None
    for l in by_series.get(si, ()):
        if l["start"] <= m <= l["end"]:
            anomaly = l
    kind, base, noise = s["kind"], s["base"], s["noise"]
    f = 1.0
    nf = 1.0
    if anomaly:
        if anomaly["kind"] in ("spike", "level_shift"):
            f = anomaly["mag"]
        else:
            nf = anomaly["mag"]
    if kind == "count":
        c = poisson(base * lv * f)
        if nf > 1:
            c = max(0, int(c * math.exp(rnd.gauss(0, 0.15 * nf))))
        return float(c), max(1.0, float(c))
    if kind == "rare":
        lam = base * lv
        c = poisson(lam) + (poisson(20 * anomaly["mag"]) if anomaly else 0)
        return float(c), 1.0 + float(c)
    if kind == "bytes":
        v = base * lv * f * math.exp(rnd.gauss(0, noise * nf))
        return v, float(rnd.randint(1, 5))
    if kind == "latency":
        v = base * (0.8 + 0.2 * lv) * f * math.exp(rnd.gauss(0, noise * nf))
        cnt = float(rnd.randint(5, 200))
        return v * cnt, cnt
    if kind == "percent":
        v = min(100.0, max(0.0, base * lv * f * (1 + rnd.gauss(0, noise * nf))))
        return v, 1.0
    # gauge (connections, queue depth): a random walk around the load curve
    state[si] = 0.9 * state.get(si, 0.0) + rnd.gauss(0, noise * nf * max(base, 1))
    v = max(0.0, base * lv * f + state[si])
    return float(round(v)), 1.0


os.makedirs(a.out, exist_ok=True)
state = {}
late = {}
hours = (minutes + 59) // 60
for h in range(hours):
    lines = late.pop(h, [])
    for m in range(h * 60, min(minutes, (h + 1) * 60)):
        ts = T0 + m * MIN
        for si, s in enumerate(series):
            if m % s["cadence"]:
                continue
            sm, cnt = value(s, si, m, state)
            if s["unit"] in ("Count", "Bytes") and s["metric"] not in ("DatabaseConnections",
                                                                         "ApproximateNumberOfMessagesVisible"):
                mx, mn = sm, 0.0
            else:
                avg = sm / cnt if s["unit"] in ("Milliseconds", "Seconds") else sm
                if s["unit"] not in ("Milliseconds", "Seconds"):
                    sm = sm * cnt
                mx, mn = avg * 1.3, avg * 0.7
            rec = {"metric_stream_name": "vigil-gen", "account_id": "123456789012", "region": "us-east-1",
                   "namespace": s["ns"], "metric_name": s["metric"], "dimensions": {s["dim"]: s["name"]},
                   "timestamp": ts, "value": {"max": round(mx, 6), "min": round(mn, 6), "sum": round(sm, 6),
                                              "count": cnt}, "unit": s["unit"]}
            line = json.dumps(rec, separators=(",", ":"))
            r = rnd.random()
            if r < 0.003 and h + 1 < hours:
                late.setdefault(h + 1, []).append(line)    # arrives an hour late, after newer minutes
                continue
            lines.append(line)
            if r > 0.995:
                lines.append(line)                          # delivered twice
    with open(os.path.join(a.out, "part-%05d.ndjson" % h), "w") as f:
        f.write("\n".join(lines) + "\n")

with open(os.path.join(a.out, "labels.tsv"), "w") as f:
    f.write("metric\tdimension\tkind\tstart_ms\tend_ms\tmagnitude\tlasting\n")
    for l in sorted(labels, key=lambda l: l["start"]):
        s = series[l["series"]]
        f.write("%s\t%s\t%s\t%d\t%d\t%.3f\t%s\n" % (s["metric"], s["name"], l["kind"], T0 + l["start"] * MIN,
                                                    T0 + l["end"] * MIN, l["mag"], l["lasting"]))
print("cwgen: %d series x %.1f days, %d labelled anomalies -> %s" % (a.series, a.days, len(labels), a.out))
