#!/usr/bin/env python3
"""Reference for `ModelLift.estimate`: the model lift and its percentile bootstrap, draw for draw.

    python3 Tests/TilsynCoreTests/Fixtures/reference/model_lift_reference.py

Input: the random-audit rows (`channel = random`) of ../fairness_demo.csv, ranked by probability descending
(numpy stable sort: equal probabilities keep file order, which the Swift test reproduces). The bootstrap draws
come from rng.SeededRandom(seed, stream=0x4C494654) — the same xoshiro256** stream as Swift — n indices per
resample; the statistic and the percentiles (numpy `quantile`, method "linear") are computed here with numpy.
Writes ../model_lift.reference.json.
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import rng  # noqa: E402

STREAM = 0x4C494654
CASES = [(0.1, 500, 20260101), (0.02, 300, 7), (1.0, 50, 3)]


def lift(labels, fraction, resamples, seed):
    n = len(labels)
    k = min(n, max(1, int(math.floor(fraction * n + 0.5))))
    events = int(labels.sum())
    hits = int(labels[:k].sum())
    value = (hits / k) / (events / n)
    r = rng.SeededRandom(seed, STREAM)
    values, dropped = [], 0
    for _ in range(resamples):
        draws = np.array([r.below(n) for _ in range(n)], dtype=np.int64)
        w = np.bincount(draws, minlength=n)
        taken = np.minimum(w, np.maximum(0, k - (np.cumsum(w) - w)))
        top_hits = int((taken * labels).sum())
        all_hits = int((w * labels).sum())
        if all_hits == 0:
            dropped += 1
            continue
        values.append((top_hits / k) / (all_hits / n))
    v = np.array(values)
    return {"top_fraction": fraction, "resamples": resamples, "seed": seed, "rows": n, "events": events, "k": k, "hits": hits,
            "value": value, "ci_low": float(np.quantile(v, 0.025)), "ci_high": float(np.quantile(v, 0.975)), "dropped": dropped,
            "first_draws": first_draws(seed, n)}


def first_draws(seed, n):
    r = rng.SeededRandom(seed, STREAM)
    return [r.below(n) for _ in range(5)]


def main():
    df = pd.read_csv(os.path.join(FIXTURES, "fairness_demo.csv"))
    arm = df[df["channel"] == "random"]
    order = np.argsort(-arm["probability"].to_numpy(), kind="stable")
    labels = arm["label"].to_numpy()[order].astype(np.int64)
    out = {"tool": f"numpy {np.__version__} / Python {sys.version.split()[0]}", "csv": "fairness_demo.csv",
           "cases": [lift(labels, *c) for c in CASES]}
    with open(os.path.join(FIXTURES, "model_lift.reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
