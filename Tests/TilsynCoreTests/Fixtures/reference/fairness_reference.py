"""Per-group fairness metrics by fairlearn's MetricFrame, for FairnessReferenceTests.

Two cases, each a committed CSV of fixed scores, outcomes, selection and group columns:

* `fairness_demo.csv` — `tilsyn demo --units 20000 --seed 2026` history (4667 inspections); the probability is
  recomputed here from model.json's coefficients on an independent encode.py design (so it also cross-checks
  the scorer), and `selected` is the top 20 % by probability (stable: ties keep file order).
  Rebuild with `python3 fairness_reference.py --demo-dir /tmp/d` after running that demo.
* `fairness_fair.csv` — Fair (1978) affairs data (`fair.csv`, real, group columns `occupation` and
  `religious`), scored by a statsmodels Logit fit of `fair.spec.json`; `selected` is the top 25 %.

For every grouping (each column and their intersection, labelled `a | b` like tilsyn) it writes count,
selection_rate, precision, recall (true_positive_rate), false_positive_rate and base rate (mean of y) per group
and overall to `fairness.reference.json`. Values fairlearn cannot compute (0/0) are written as null.
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd
import sklearn
import statsmodels.api as sm
import fairlearn
from fairlearn.metrics import MetricFrame, selection_rate, true_positive_rate, false_positive_rate, count
from sklearn.metrics import precision_score

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import encode  # noqa: E402


def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def top(probability, fraction):
    k = int(round(fraction * len(probability)))
    order = np.argsort(-probability, kind="stable")
    selected = np.zeros(len(probability), dtype=int)
    selected[order[:k]] = 1
    return selected


def build_demo(demo_dir):
    model = json.load(open(os.path.join(demo_dir, "model.json")))
    df = encode.read_csv(os.path.join(demo_dir, "history.csv"))
    names, X, _ = encode.design(df, model["spec"])
    beta = {c["name"]: c["estimate"] for c in model["coefficients"]}
    eta = X @ np.array([beta[n] for n in names])
    p = logistic(eta)
    out = pd.DataFrame({"row": np.arange(1, len(df) + 1), "probability": [repr(float(v)) for v in p],
                        "label": df[model["spec"]["label"]].astype(int), "selected": top(p, 0.2),
                        "industry": df["industry"], "size_band": df["size_band"], "channel": df["channel"]})
    out.to_csv(os.path.join(FIXTURES, "fairness_demo.csv"), index=False)


def build_fair():
    spec = json.load(open(os.path.join(FIXTURES, "fair.spec.json")))
    df = encode.read_csv(os.path.join(FIXTURES, "fair.csv"))
    names, X, _ = encode.design(df, spec)
    y = encode.label(df, spec)
    fit = sm.Logit(y, X).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    p = logistic(X @ fit.params)
    out = pd.DataFrame({"row": np.arange(1, len(df) + 1), "probability": [repr(float(v)) for v in p],
                        "label": y.astype(int), "selected": top(p, 0.25),
                        "occupation": df["occupation"], "religious": df["religious"]})
    out.to_csv(os.path.join(FIXTURES, "fairness_fair.csv"), index=False)


def base_rate(y_true, y_pred):
    return float(np.mean(y_true))


def precision(y_true, y_pred):
    return precision_score(y_true, y_pred, zero_division=np.nan)


METRICS = {"count": count, "selection_rate": selection_rate, "precision": precision,
           "recall": true_positive_rate, "fpr": false_positive_rate, "base_rate": base_rate}


def clean(x):
    x = float(x)
    return None if math.isnan(x) else x


def case(name, csv, by):
    df = pd.read_csv(os.path.join(FIXTURES, csv), dtype={c: str for c in by}, keep_default_na=False)
    y, s = df["label"].to_numpy(), df["selected"].to_numpy()
    groupings = {}
    overall = None
    for cols in [[c] for c in by] + ([by] if len(by) > 1 else []):
        label = df[cols].astype(str).agg(" | ".join, axis=1)
        mf = MetricFrame(metrics=METRICS, y_true=y, y_pred=s, sensitive_features=pd.Series(label, name=" × ".join(cols)))
        groupings[" × ".join(cols)] = {str(g): {m: clean(v) for m, v in row.items()} for g, row in mf.by_group.iterrows()}
        overall = {m: clean(v) for m, v in mf.overall.items()}
    return {"name": name, "csv": csv, "by": by, "overall": overall, "groupings": groupings}


if __name__ == "__main__":
    if "--demo-dir" in sys.argv:
        build_demo(sys.argv[sys.argv.index("--demo-dir") + 1])
    build_fair()
    result = {
        "tool": f"fairlearn {fairlearn.__version__} MetricFrame, scikit-learn {sklearn.__version__}, pandas {pd.__version__}",
        "cases": [case("demo", "fairness_demo.csv", ["industry", "size_band"]),
                  case("fair", "fairness_fair.csv", ["occupation", "religious"])],
    }
    with open(os.path.join(FIXTURES, "fairness.reference.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")
    print("wrote fairness.reference.json")
