#!/usr/bin/env python3
"""Generates the issue-9 (security) sample events; deterministic (fixed seed). Run from the repo root:

    python3 events/generate_security.py

metric-stream-long-dimensions.json   one Firehose event: record 1 is a normal Lambda series (180 minutes), record 2 a
                                     series with three 1,000-character dimension values (its key is over DynamoDB's
                                     2,048-byte partition-key limit)
metric-stream-poison-1.json, -2.json two Firehose events, replayed in order: the colliding key pair
                                     (AWS/Lambda Errors FunctionName=x, and AWS Lambda "Errors/FunctionName"=x);
                                     in part 1 one 1e100 value in the first series and one microsecond timestamp in
                                     the second; in part 2 a x1000 spike in each, 200 minutes after the poison
"""
import base64, json, random
from datetime import datetime, timezone

T0 = int(datetime(2026, 11, 1, tzinfo=timezone.utc).timestamp() * 1000)
ACCOUNT, REGION = "123456789012", "us-east-1"


def line(ns, metric, dims, t, s, unit="Count"):
    return json.dumps({"metric_stream_name": "vigil-demo", "account_id": ACCOUNT, "region": REGION,
                       "namespace": ns, "metric_name": metric, "dimensions": dims, "timestamp": t,
                       "value": {"max": s / 60 * 2, "min": 0.0, "sum": s, "count": 60.0}, "unit": unit},
                      separators=(",", ":"))


def event(records, name):
    out = {"invocationId": "00000000-0000-4000-8000-" + name.rjust(12, "0")[:12],
           "deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/vigil-metric-stream",
           "region": REGION, "records": []}
    for i, lines in enumerate(records):
        out["records"].append({"recordId": "%s-%04d" % (name, i), "approximateArrivalTimestamp": T0,
                               "data": base64.b64encode(("\n".join(lines) + "\n").encode()).decode()})
    return out


def write(path, ev):
    with open(path, "w") as f:
        json.dump(ev, f, indent=2)
        f.write("\n")


rnd = random.Random(9)
normal = [line("AWS/Lambda", "Invocations", {"FunctionName": "checkout-api"}, T0 + m * 60000,
               round(6000 + rnd.gauss(0, 300), 1)) for m in range(180)]
long_dims = {"Alpha": "a" * 1000, "Beta": "b" * 1000, "Gamma": "c" * 1000}
long_series = [line("Custom/App", "Requests", long_dims, T0 + m * 60000, round(600 + rnd.gauss(0, 30), 1))
               for m in range(20)]
write("events/metric-stream-long-dimensions.json", event([normal, long_series], "longdims"))

A = ("AWS/Lambda", "Errors", {"FunctionName": "x"})
B = ("AWS", "Lambda", {"Errors/FunctionName": "x"})


def minutes(ns, metric, dims, frm, to, poison=None, spike=None):
    out = []
    for m in range(frm, to):
        t = T0 + m * 60000
        s = round(600 + rnd.gauss(0, 30), 1)
        if poison == ("value", m):
            s = 6e101                     # a rate of 1e100 per second
        if poison == ("micros", m):
            t = t * 1000                  # microseconds sent as milliseconds
        if spike == m:
            s = s * 1000
        out.append(line(ns, metric, dims, t, s))
    return out


part1 = [minutes(*A, 0, 200, poison=("value", 160)), minutes(*B, 0, 200, poison=("micros", 160))]
part2 = [minutes(*A, 200, 400, spike=360), minutes(*B, 200, 400, spike=360)]
write("events/metric-stream-poison-1.json", event(part1, "poison1"))
write("events/metric-stream-poison-2.json", event(part2, "poison2"))
