#!/usr/bin/env python3
"""Reference numbers for `tilsyn validate` on synthetic.csv split at 2025-01-01 (deterministic).

    python3 Tests/TilsynCoreTests/Fixtures/reference/validation_reference.py

Fits statsmodels `Logit` (Newton, tol 1e-12) on the inspections dated before the split, with the design from
encode.py (training state reused for the evaluation rows), and evaluates on the rows from the split on with
scikit-learn (`roc_auc_score`, `brier_score_loss`, `log_loss`, `calibration_curve`), statsmodels (logistic
recalibration `Logit(y, [1, logit p])`, calibration-in-the-large `GLM(..., offset=logit p)`, Wilson intervals
`proportion_confint(method="wilson")`, the historical channel lift's score interval — statsmodels'
`test_proportions_2indep(compare="ratio", method="score")` inverted by ratio_score.py), and a pairwise (O(m·n)) DeLong variance written here independently of
the midrank formula the Swift code uses. Writes ../validation.reference.json.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import json
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy.stats import norm
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score
from statsmodels.stats.proportion import proportion_confint

import encode
import ratio_score

SPLIT = "2025-01-01"
CAPACITY_PER_WEEK = 25
WEEKS = [1, 2, 4, 8, 13]
Z = norm.ppf(0.975)
TOOL = (f"statsmodels {statsmodels.__version__} / scikit-learn {sklearn.__version__} / scipy {scipy.__version__}"
        f" / numpy {np.__version__} / pandas {pd.__version__} / Python {sys.version.split()[0]}")


def wilson(x, n):
    lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    return [float(lo), float(hi)]


def delong_pairwise(p, y):
    pos, neg = p[y == 1], p[y == 0]
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    v10, v01 = psi.mean(axis=1), psi.mean(axis=0)
    auc = float(psi.mean())
    se = float(np.sqrt(v10.var(ddof=1) / len(pos) + v01.var(ddof=1) / len(neg)))
    return auc, se


def main():
    spec = json.load(open(os.path.join(OUT, "synthetic.spec.json")))
    df = encode.read_csv(os.path.join(OUT, "synthetic.csv"))
    train = df[df["inspection_date"] < SPLIT].reset_index(drop=True)
    test = df[df["inspection_date"] >= SPLIT].reset_index(drop=True)
    names, X, state = encode.design(train, spec)
    y = encode.label(train, spec)
    fit = sm.Logit(y, X).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    _, Xt, _ = encode.design(test, spec, train_state=state)
    yt = encode.label(test, spec)
    eta = Xt @ fit.params
    p = 1 / (1 + np.exp(-eta))

    auc = roc_auc_score(yt, p)
    auc_pairwise, auc_se = delong_pairwise(eta, yt)
    assert abs(auc - auc_pairwise) < 1e-12

    recal = sm.Logit(yt, np.column_stack([np.ones_like(eta), eta])).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    citl = sm.GLM(yt, np.ones((len(yt), 1)), family=sm.families.Binomial(), offset=eta).fit(tol=1e-14)

    # Reliability: 10 equal-width bins, (lo, hi], the rule of calibration_curve(strategy="uniform").
    edges = np.linspace(0.0, 1.0, 11)
    binids = np.searchsorted(edges[1:-1], p)
    bins = []
    for b in range(10):
        m = binids == b
        n = int(m.sum())
        events = int(yt[m].sum())
        bins.append({"n": n, "events": events,
                     "mean_predicted": float(p[m].mean()) if n else None,
                     "observed_rate": events / n if n else None,
                     "ci": wilson(events, n) if n else None})
    prob_true, prob_pred = calibration_curve(yt, p, n_bins=10, strategy="uniform")
    nonempty = [b for b in bins if b["n"] > 0]
    assert np.allclose(prob_true, [b["observed_rate"] for b in nonempty], rtol=0, atol=1e-15)
    assert np.allclose(prob_pred, [b["mean_predicted"] for b in nonempty], rtol=0, atol=1e-15)

    order = np.argsort(-eta, kind="stable")
    top_k = []
    for w in WEEKS:
        k = min(w * CAPACITY_PER_WEEK, len(order))
        assert k == len(order) or eta[order[k - 1]] != eta[order[k]], "tie at the cut"
        hits = int(yt[order[:k]].sum())
        top_k.append({"weeks": w, "k": k, "hits": hits, "precision": hits / k, "precision_ci": wilson(hits, k),
                      "recall": hits / yt.sum(), "recall_ci": wilson(hits, int(yt.sum()))})

    channel = test["channel"].to_numpy()
    arms = {}
    for c in ["random", "risk"]:
        m = channel == c
        arms[c] = {"n": int(m.sum()), "events": int(yt[m].sum()), "ci": wilson(int(yt[m].sum()), int(m.sum()))}
    a, n1, c, n2 = arms["risk"]["events"], arms["risk"]["n"], arms["random"]["events"], arms["random"]["n"]
    lift_score = ratio_score.interval(a, n1, c, n2)
    lift = lift_score["ratio"]
    rnd = channel == "random"
    auc_random = roc_auc_score(yt[rnd], p[rnd])
    _, auc_random_se = delong_pairwise(eta[rnd], yt[rnd])

    ref = {
        "tool": TOOL, "split_date": SPLIT, "capacity_per_week": CAPACITY_PER_WEEK,
        "training_rows": int(len(train)), "training_events": int(y.sum()),
        "evaluation_rows": int(len(test)), "evaluation_events": int(yt.sum()),
        "coefficients": dict(zip(names, map(float, fit.params))),
        "auc": float(auc), "auc_se": auc_se,
        "brier": float(brier_score_loss(yt, p)), "log_loss": float(log_loss(yt, p)),
        "calibration_intercept": float(recal.params[0]), "calibration_intercept_se": float(recal.bse[0]),
        "calibration_slope": float(recal.params[1]), "calibration_slope_se": float(recal.bse[1]),
        "calibration_in_the_large": float(citl.params[0]), "calibration_in_the_large_se": float(citl.bse[0]),
        "reliability": bins, "top_k": top_k,
        "hit_rate": {k: {"rate": v["events"] / v["n"], **v} for k, v in arms.items()},
        "lift": lift, "lift_ci": [lift_score["low"], lift_score["high"]],
        "auc_random_arm": float(auc_random), "auc_random_arm_se": auc_random_se,
    }
    with open(os.path.join(OUT, "validation.reference.json"), "w") as f:
        json.dump(ref, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote validation.reference.json: AUC {auc:.6f}, Brier {ref['brier']:.6f}, slope {ref['calibration_slope']:.6f}, lift {lift:.4f}")


if __name__ == "__main__":
    main()
