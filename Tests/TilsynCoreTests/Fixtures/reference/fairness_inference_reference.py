#!/usr/bin/env python3
"""Reference for the fairness report's inference, written independently of the Swift code.

    python3 Tests/TilsynCoreTests/Fixtures/reference/fairness_inference_reference.py

On ../fairness_demo.csv (fixed probability, label, top-20 % selection, channel; groupings industry, size_band and
their intersection, labelled `a | b`), with population rows = channel == "random", for every group:

* each proportion metric (selection_rate in `selection`; base_rate, precision, recall, fpr in `among_inspected`
  and `population`): value and Wilson interval — statsmodels `proportion_confint(method="wilson")`;
* its ratio to the rest of the population (the same rows outside the group) with the Miettinen–Nurminen score
  interval and the score test's p-value of ratio 1 — statsmodels `test_proportions_2indep(compare="ratio",
  method="score")`, inverted by ratio_score.py (a count of 0 gives lower limit 0; no hits in the rest, no upper
  limit); on tables without a zero or full count also Koopman's closed form `confint_proportions_2indep(
  compare="ratio", method="score")`, which must agree there (`koopman_max_rel_diff`);
* the difference to the rest with Newcombe's hybrid score interval — `confint_proportions_2indep(method="newcomb")`;
* the verdict: the family is the groups with ≥ 30 units and ≥ 5 violations among the population rows whose recall
  ratio has a bounded interval; `multipletests(method="bonferroni")` gives the adjusted p-values and the
  rejected set; the verdict interval is the score interval at alpha = 0.05/m; pass inside [0.8, 1.25], flag
  wholly outside, insufficient otherwise;
* `boundary`: the score interval alone on hand-made tables at the edges (a == n1, a == 0, c == n2, c == 0,
  every unit a hit on both sides, groups of 1–3 units) at alpha 0.05 and at Bonferroni levels 0.05/m;
* the AUC interval: percentile bootstrap (numpy `quantile`, linear) stratified by outcome within the group, 200
  resamples, with Tilsyn's own random stream (rng.py) seeded `TieBreak.key(20260101, grouping + "\\x1f" + group)`
  for the among_inspected rows and `TieBreak.mix(that)` for the population rows; each resample draws nPos indices
  into the group's positives then nNeg into its negatives, both in ascending-probability order (numpy stable sort).

Writes ../fairness_inference.reference.json.
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd
import scipy
import statsmodels
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import ratio_score  # noqa: E402
import rng  # noqa: E402

SEED = 20260101
RESAMPLES = 200
MIN_UNITS, MIN_EVENTS = 30, 5
BAND = (0.8, 1.25)
ALPHA = 0.05
KOOPMAN = []  # relative differences of Koopman's closed form from the inverted score test, interior tables


def proportion_counts(d, metric):
    y, s = d["label"].to_numpy(), d["selected"].to_numpy()
    if metric == "selection_rate":
        return int(s.sum()), len(d)
    if metric == "base_rate":
        return int(y.sum()), len(d)
    if metric == "precision":
        return int((s & y).sum()), int(s.sum())
    if metric == "recall":
        return int((s & y).sum()), int(y.sum())
    return int((s & (1 - y)).sum()), int((1 - y).sum())  # fpr


def block(group, rest, metric):
    a, n1 = proportion_counts(group, metric)
    c, n2 = proportion_counts(rest, metric)
    out = {"value": None, "ci": None, "ratio": None, "ratio_ci": None, "p": None, "diff": None, "diff_ci": None,
           "counts": [a, n1, c, n2]}
    if n1 == 0:
        return out
    lo, hi = proportion_confint(a, n1, alpha=ALPHA, method="wilson")
    out.update(value=a / n1, ci=[float(lo), float(hi)])
    if n2 == 0:
        return out
    r = ratio_score.interval(a, n1, c, n2, alpha=ALPHA)
    if r is not None:
        out.update(ratio=r["ratio"], ratio_ci=[r["low"], r["high"]], p=r["p"])
        if 0 < a < n1 and 0 < c < n2:
            KOOPMAN.append(max(abs(x - y) / max(1, abs(y)) for x, y in zip(ratio_score.koopman(a, n1, c, n2, ALPHA), [r["low"], r["high"]])))
    lo, hi = confint_proportions_2indep(a, n1, c, n2, method="newcomb", compare="diff", alpha=ALPHA)
    out.update(diff=a / n1 - c / n2, diff_ci=[float(lo), float(hi)])
    return out


def bootstrap_auc(d, seed):
    p, y = d["probability"].to_numpy(), d["label"].to_numpy()
    order = np.argsort(p, kind="stable")
    p, y = p[order], y[order]
    pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y != 1)
    if len(pos) == 0 or len(neg) == 0:
        return None
    starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])

    def auc(w):
        wp, wn = np.where(y == 1, w, 0).astype(float), np.where(y != 1, w, 0).astype(float)
        tied_pos, tied_neg = np.add.reduceat(wp, starts), np.add.reduceat(wn, starts)
        below = np.cumsum(tied_neg) - tied_neg
        return float((tied_pos * (below + 0.5 * tied_neg)).sum() / (len(pos) * len(neg)))

    point = auc(np.ones(len(p)))
    r = rng.SeededRandom(seed)
    values = []
    for _ in range(RESAMPLES):
        w = np.zeros(len(p), dtype=np.int64)
        for _ in range(len(pos)):
            w[pos[r.below(len(pos))]] += 1
        for _ in range(len(neg)):
            w[neg[r.below(len(neg))]] += 1
        values.append(auc(w))
    v = np.array(values)
    return {"auc": point, "ci": [float(np.quantile(v, 0.025)), float(np.quantile(v, 0.975))]}


BOUNDARY_TABLES = [
    (1, 1, 500, 1400),   # a == n1: one unit, its violation found (Katz collapsed to [3.04, 4.21] here)
    (12, 12, 300, 1000),  # a == n1, a larger group
    (0, 1, 300, 1000),   # a == 0 in a group of one
    (0, 40, 300, 1000),  # a == 0
    (3, 10, 25, 25),     # c == n2
    (0, 7, 9, 9),        # a == 0 and c == n2
    (4, 4, 9, 9),        # every unit a hit on both sides: ratio 1, no p-value
    (2, 3, 0, 50),       # c == 0: no upper limit
    (1, 2, 1, 3),        # tiny on both sides
    (1, 3, 2, 2),
    (2, 2, 1, 5),
    (40, 400, 60, 900),  # an ordinary table
    (900, 5000, 2, 40000),  # a large ratio
]


def boundary_cases():
    cases = []
    for a, n1, c, n2 in BOUNDARY_TABLES:
        for m in [1, 7, 36, 400]:
            r = ratio_score.interval(a, n1, c, n2, alpha=ALPHA / m)
            cases.append({"counts": [a, n1, c, n2], "alpha": ALPHA / m, "ratio": r["ratio"], "ci": [r["low"], r["high"]], "p": r["p"]})
    return cases


def main():
    df = pd.read_csv(os.path.join(FIXTURES, "fairness_demo.csv"), dtype={"industry": str, "size_band": str, "channel": str})
    df["industry"] = df["industry"].fillna("(missing)")
    df["size_band"] = df["size_band"].fillna("(missing)")
    df["industry × size_band"] = df["industry"] + " | " + df["size_band"]
    df["population"] = df["channel"] == "random"
    out = {"tool": f"statsmodels {statsmodels.__version__} / scipy {scipy.__version__} / numpy {np.__version__} / pandas {pd.__version__}",
           "csv": "fairness_demo.csv", "seed": SEED, "bootstrap": RESAMPLES, "groupings": {}}
    for grouping in ["industry", "size_band", "industry × size_band"]:
        groups = {}
        for label in sorted(df[grouping].unique()):
            inside = df[grouping] == label
            g = {"n": int(inside.sum()), "metrics": {}}
            g["metrics"]["selection_rate/selection"] = block(df[inside], df[~inside], "selection_rate")
            for estimand, rows in [("among_inspected", np.ones(len(df), dtype=bool)), ("population", df["population"].to_numpy())]:
                for m in ["base_rate", "precision", "recall", "fpr"]:
                    g["metrics"][f"{m}/{estimand}"] = block(df[inside & rows], df[~inside & rows], m)
            key = rng.tie_key(SEED, grouping + "\x1f" + label)
            g["auc/among_inspected"] = bootstrap_auc(df[inside], key)
            g["auc/population"] = bootstrap_auc(df[inside & df["population"]], rng.mix(key))
            groups[label] = g
        # Verdicts: Bonferroni over the judged groups, primary metric recall in the population rows.
        judged = []
        for label, g in groups.items():
            base, rec = g["metrics"]["base_rate/population"], g["metrics"]["recall/population"]
            units, events = base["counts"][1], base["counts"][0]
            g["judged"] = units >= MIN_UNITS and events >= MIN_EVENTS and rec["ratio"] is not None and rec["ratio_ci"][1] is not None
            if g["judged"]:
                judged.append(label)
        m = len(judged)
        if m:
            reject, adjusted, _, _ = multipletests([groups[x]["metrics"]["recall/population"]["p"] for x in judged], alpha=ALPHA, method="bonferroni")
        for label, g in groups.items():
            if label in judged:
                i = judged.index(label)
                a, n1, c, n2 = g["metrics"]["recall/population"]["counts"]
                adjusted_interval = ratio_score.interval(a, n1, c, n2, alpha=ALPHA / m)
                lo, hi = adjusted_interval["low"], adjusted_interval["high"]
                g["verdict_interval"] = [float(lo), float(hi)]
                g["p_adjusted"] = float(adjusted[i])
                g["rejected"] = bool(reject[i])
                g["verdict"] = "pass" if lo >= BAND[0] and hi <= BAND[1] else ("flag" if hi < BAND[0] or lo > BAND[1] else "insufficient")
            else:
                g["verdict_interval"] = None
                g["verdict"] = "insufficient"
        out["groupings"][grouping] = {"family_size": m, "groups": groups}
    out["boundary"] = boundary_cases()
    out["koopman_max_rel_diff"] = max(KOOPMAN)
    assert out["koopman_max_rel_diff"] < 1e-9, out["koopman_max_rel_diff"]
    with open(os.path.join(FIXTURES, "fairness_inference.reference.json"), "w") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
