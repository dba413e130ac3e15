"""fairlearn MetricFrame on the same data as `tilsyn fairness`, for BENCHMARKS.md.

Reads a demo history and model.json, recomputes the probability from the model's coefficients on an
encode.py design (Tests/TilsynCoreTests/Fixtures/reference/encode.py), selects the top fraction, then times
MetricFrame(count, selection_rate, precision, recall, FPR, base rate) for each --by grouping separately,
and checks its per-group values against a `tilsyn fairness` JSON report if given.

Usage: python3 bench/fairness_peer.py --dir /tmp/f300 --by industry [--by size_band] [--fraction 0.2] [--report fairness.json]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import precision_score
import fairlearn
from fairlearn.metrics import MetricFrame, selection_rate, true_positive_rate, false_positive_rate, count

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests/TilsynCoreTests/Fixtures/reference"))
import encode  # noqa: E402


def base_rate(y_true, y_pred):
    return float(np.mean(y_true))


def precision(y_true, y_pred):
    return precision_score(y_true, y_pred, zero_division=np.nan)


METRICS = {"count": count, "selection_rate": selection_rate, "precision": precision,
           "recall": true_positive_rate, "fpr": false_positive_rate, "base_rate": base_rate}

ap = argparse.ArgumentParser()
ap.add_argument("--dir", required=True)
ap.add_argument("--by", action="append", required=True)
ap.add_argument("--fraction", type=float, default=0.2)
ap.add_argument("--report")
a = ap.parse_args()

t0 = time.perf_counter()
model = json.load(open(os.path.join(a.dir, "model.json")))
df = encode.read_csv(os.path.join(a.dir, "history.csv"))
names, X, _ = encode.design(df, model["spec"])
beta = {c["name"]: c["estimate"] for c in model["coefficients"]}
p = 1 / (1 + np.exp(-(X @ np.array([beta[n] for n in names]))))
k = int(round(a.fraction * len(p)))
selected = np.zeros(len(p), dtype=int)
selected[np.argsort(-p, kind="stable")[:k]] = 1
y = df[model["spec"]["label"]].astype(int).to_numpy()
t1 = time.perf_counter()
print(f"fairlearn {fairlearn.__version__}: load + encode + score {len(p)} rows {t1 - t0:.2f} s")
frames = {}
for col in a.by:
    t = time.perf_counter()
    mf = MetricFrame(metrics=METRICS, y_true=y, y_pred=selected, sensitive_features=df[col])
    _ = mf.by_group, mf.overall
    print(f"MetricFrame by {col}: {time.perf_counter() - t:.2f} s ({len(mf.by_group)} groups)")
    frames[col] = mf
if a.report:
    report = json.load(open(a.report))
    worst = 0.0
    for g in report["groupings"]:
        if g["name"] not in frames:
            continue
        by_group = frames[g["name"]].by_group
        for group in g["groups"]:
            row = by_group.loc[group["group"]]
            for m, est in [("selection_rate", "selection"), ("precision", "among_inspected"), ("recall", "among_inspected"),
                           ("fpr", "among_inspected"), ("base_rate", "among_inspected")]:
                ours = next(b["value"] for b in group["metrics"] if b["metric"] == m and b["estimand"] == est)
                if ours is not None and not np.isnan(row[m]):
                    worst = max(worst, abs(ours - row[m]))
    print(f"largest |tilsyn − fairlearn| per-group difference: {worst:.3g}")
