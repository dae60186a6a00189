#!/usr/bin/env python3
"""bench/stream/score.py -- precision and recall of published vigil.anomaly events against cwgen.py's labels.

  python3 bench/stream/score.py --labels DIR/labels.tsv --events OUT/anomalies.ndjson [--min-severity low]

Alerts are first deduplicated per series per 30 minutes (an event within 30 minutes of the last kept one of the same
series is the same alert). A kept alert is real when it falls in a labelled window of its series, from 2 minutes
before the start to 30 minutes after the end (a lasting shift: its first 2 hours). Recall: labelled anomalies with
at least one real alert. Printed for every minimum severity, and for the first day alone.
"""
import argparse, json, collections, datetime

ap = argparse.ArgumentParser()
ap.add_argument("--labels", required=True)
ap.add_argument("--events", required=True)
ap.add_argument("--quiet", action="store_true")
a = ap.parse_args()
SEV = ["low", "medium", "high", "critical"]
labels = []
with open(a.labels) as f:
    next(f)
    for line in f:
        metric, dim, kind, s, e, mag, lasting = line.rstrip("\n").split("\t")
        s, e = int(s), int(e)
        if lasting == "True":
            e = s + 2 * 3600000
        labels.append((metric, dim, kind, s, e))
events = []
with open(a.events) as f:
    for line in f:
        if line.strip():
            ev = json.loads(line)
            dim = list(ev["dimensions"].values())[0]
            ts = ev["timestamp"]
            if isinstance(ts, str):
                ts = int(datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() * 1000)
            events.append((ev["metricName"], dim, ts, ev["severity"], ev["reason"]))
t0 = min([l[3] for l in labels] + [e[2] for e in events]) // 86400000 * 86400000


def evaluate(evs):
    by = collections.defaultdict(list)
    for e in evs:
        by[(e[0], e[1])].append(e)
    kept = []
    for k, lst in by.items():
        lst.sort(key=lambda e: e[2])
        last = None
        for e in lst:
            if last is None or e[2] - last > 30 * 60000:
                kept.append(e)
                last = e[2]
    real, found, fps = 0, set(), []
    for e in kept:
        hit = [i for i, l in enumerate(labels) if (l[0], l[1]) == (e[0], e[1]) and l[3] - 120000 <= e[2] <= l[4] + 1800000]
        if hit:
            real += 1
            found.update(hit)
        else:
            fps.append(e)
    return kept, real, found, fps


first_day = lambda t: t < t0 + 86400000
print("min_sev  alerts  real  precision  recall   | first day: alerts real precision")
for i, sev in enumerate(SEV):
    evs = [e for e in events if SEV.index(e[3]) >= i]
    kept, real, found, fps = evaluate(evs)
    fd = [e for e in kept if first_day(e[2])]
    fd_real = len(fd) - sum(1 for e in fps if first_day(e[2]))
    print("%-8s %6d %5d %9.2f %7.2f   | %6d %4d %9s" % (sev, len(kept), real, real / len(kept) if kept else float("nan"),
          len(found) / len(labels), len(fd), fd_real, "%.2f" % (fd_real / len(fd)) if fd else "-"))
    if i == 0 and not a.quiet:
        missed = [labels[j] for j in range(len(labels)) if j not in found]
        print("   missed (any severity): %s" % [(l[0], l[1], l[2]) for l in missed])
        c = collections.Counter((e[3], e[4], "day1" if first_day(e[2]) else "later") for e in fps)
        print("   false alerts by severity/reason/day: %s" % dict(c.most_common()))
