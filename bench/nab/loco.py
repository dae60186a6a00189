#!/usr/bin/env python3
"""bench/nab/loco.py -- fast NAB evaluation loop with leave-one-category-out (LOCO) validation.

Runs NoveltyDetector with every candidate configuration of CONFIGS over all series of a NAB directory in one JVM
(bench/nab/NabHarness.java), then scores them with the NAB scorer's own functions (nab_score.py, imported):

  * the full-directory scores (standard / low FP / low FN, threshold optimised as NAB does; and the production
    decision: the `alert` column at 0.5), and the standard score per category at that threshold;
  * LOCO: for each category with windows, the threshold (and, with several candidates, the configuration) is
    chosen on the other categories, and the held-out category is scored with them. "held-out" is the pooled
    score of the folds (their raw scores summed and normalised over all their windows, comparable with the
    full figure) and the mean of the per-category held-out scores. artificialNoAnomaly has no windows: its
    held-out false-positive rows are counted.

Usage (from the project root; the scorer and data are read where they lie, nothing is copied):
  python3 bench/nab/loco.py CONFIGS [--nab ../shared/data/nab] [--scorer ../shared/bench/nab] [--keep DIR]
CONFIGS: one candidate a line, "name knob=value ..." ("base" alone = the defaults).
"""
import argparse, math, os, subprocess, sys, tempfile, shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

ap = argparse.ArgumentParser()
ap.add_argument("configs")
ap.add_argument("--nab", default=os.path.join(ROOT, "..", "shared", "data", "nab"))
ap.add_argument("--scorer", default=os.path.join(ROOT, "..", "shared", "bench", "nab"))
ap.add_argument("--keep", default=None, help="results directory to keep (default: a temporary one)")
ap.add_argument("--threads", default="2")
ap.add_argument("--no-run", action="store_true", help="score the results already in --keep")
ap.add_argument("--per-file", action="store_true")
a = ap.parse_args()
sys.path.insert(0, os.path.abspath(a.scorer))
import nab_score as ns  # noqa: E402

out = a.keep or tempfile.mkdtemp(prefix="vigil-loco.")
names = [l.split()[0] for l in open(a.configs) if l.strip() and not l.strip().startswith("#")]
if not a.no_run:
    subprocess.run(["mvn", "-B", "-o", "-q", "-pl", "shared/core", "compile"], cwd=ROOT, check=True)
    subprocess.run(["java", "-XX:+UseSerialGC", "-cp", os.path.join(ROOT, "shared/core/target/classes"),
                    os.path.join(ROOT, "bench/nab/NabHarness.java"), os.path.abspath(a.nab), out,
                    os.path.abspath(a.configs), a.threads], check=True)

corpus = ns.Corpus(os.path.abspath(a.nab))
profiles = ns.load_profiles(os.path.abspath(a.nab))
PROF = ["standard", "reward_low_FP_rate", "reward_low_FN_rate"]
files = [corpus.files[r] for r in sorted(corpus.files)]
cats = corpus.categories


def read(cfg):
    sc, al = {}, {}
    for fi in files:
        d, b = fi.rel.split("/", 1)
        s, t = [], []
        with open(os.path.join(out, cfg, d, "vigil_" + b)) as f:
            next(f)
            for line in f:
                p = line.rstrip("\n").split(",")
                s.append(float(p[2]))
                t.append(float(p[3]))
        sc[fi.rel], al[fi.rel] = s, t
    return sc, al


def score(sel, scores, thr, cm):
    rows = [ns.score_file(fi, scores[fi.rel], thr, cm) for fi in sel]
    t = ns.aggregate(rows)
    n, _, _ = ns.normalise(t["raw"], t["windows"], t["scorable_windows"], cm)
    return n, t


def best_thr(sel, scores, cm):
    pts = ns.sweep_points(sel, scores)
    wins = [fi.gwin[w] for fi in sel for w in fi.scorable_windows]
    return ns.optimize_threshold(pts, wins, cm)


results = {}
for cfg in names:
    sc, al = read(cfg)
    r = {"full": {}, "cat": {}, "train": {}, "alert": None}
    for p in PROF:
        cm = profiles[p]
        thr, _ = best_thr(files, sc, cm)
        r["full"][p] = score(files, sc, thr, cm)[0]
        if p == "standard":
            for c in cats:
                n, t = score([fi for fi in files if fi.category == c], sc, thr, cm)
                r["cat"][c] = (n, t["windows_detected"], t["windows"], t["fp"])
            r["alert"] = score(files, al, 0.5, cm)[0]
            r["alert_cat"] = {c: score([fi for fi in files if fi.category == c], al, 0.5, cm)[0] for c in cats}
        # LOCO: per held-out category, the threshold chosen on the others; the train score for selection.
        for c in cats:
            train = [fi for fi in files if fi.category != c]
            test = [fi for fi in files if fi.category == c]
            thr_c, _ = best_thr(train, sc, cm)
            r["train"][(p, c)] = (score(train, sc, thr_c, cm)[0], score(test, sc, thr_c, cm)[1])
    results[cfg] = r
    if a.per_file:
        cm = profiles["standard"]
        thr, _ = best_thr(files, sc, cm)
        for fi in files:
            rr = ns.score_file(fi, sc[fi.rel], thr, cm)
            print("  %-58s win %d/%d FP %4d raw %8.3f" % (fi.rel, rr["windows_detected"], rr["windows"], rr["fp"], rr["raw"]))


def loco(cands, p):
    """Held-out folds: per category, the candidate best on the other categories, scored on the held-out one."""
    cm = profiles[p]
    raw = wins = scorable = 0
    per = {}
    for c in cats:
        pick = max(cands, key=lambda k: results[k]["train"][(p, c)][0])
        t = results[pick]["train"][(p, c)][1]
        n, _, _ = ns.normalise(t["raw"], t["windows"], t["scorable_windows"], cm)
        per[c] = (n, pick, t["windows_detected"], t["windows"], t["fp"])
        raw += t["raw"]; wins += t["windows"]; scorable += t["scorable_windows"]
    pooled, _, _ = ns.normalise(raw, wins, scorable, cm)
    vals = [v[0] for v in per.values() if v[0] is not None]
    return pooled, sum(vals) / len(vals), per


f1 = lambda v: "  n/a" if v is None else "%5.1f" % v
print("%-28s %6s %6s %6s %6s | %s" % ("config (full 44: tuned)", "std", "lowFP", "lowFN", "alert",
                                        "held-out LOCO std (pooled / mean) lowFP lowFN"))
for cfg in names:
    r = results[cfg]
    lo = {p: loco([cfg], p) for p in PROF}
    print("%-28s %6s %6s %6s %6s | %s / %s   %s %s" % (cfg, f1(r["full"]["standard"]),
          f1(r["full"]["reward_low_FP_rate"]), f1(r["full"]["reward_low_FN_rate"]), f1(r["alert"]),
          f1(lo["standard"][0]), f1(lo["standard"][1]), f1(lo["reward_low_FP_rate"][0]),
          f1(lo["reward_low_FN_rate"][0])))
    print("    per category (tuned std @full thr: score win FP | alert | held-out std):")
    for c in cats:
        n, w, W, fp = r["cat"][c]
        h = lo["standard"][2][c]
        print("      %-24s %s %2d/%-2d FP %4d | %s | %s FP %4d" % (c, f1(n), w, W, fp, f1(r["alert_cat"][c]),
              f1(h[0]), h[4]))
if len(names) > 1:
    for p in PROF:
        pooled, mean, per = loco(names, p)
        print("LOCO selection among %d candidates, %s: held-out pooled %s, mean %s; picks %s" % (
            len(names), p, f1(pooled), f1(mean), {c: v[1] for c, v in per.items()}))
if not a.keep:
    shutil.rmtree(out)
