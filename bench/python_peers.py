#!/usr/bin/env python3
"""Python side of Tilsyn's speed comparison (DESIGN §13): pandas load, ENCODING.md design, statsmodels and
scikit-learn logistic fits on the same data and machine.

    python3 bench/python_peers.py --data HISTORY.csv --spec SPEC.json [--repeat 3] [--model MODEL.json]
    python3 bench/python_peers.py --data HISTORY.csv --spec SPEC.json --whole-process --peer sklearn

Prints one JSON object. Timings are medians over the repeats, in seconds; *_total = load + encode + fit of
the same repeat. The design comes from Tests/TilsynCoreTests/Fixtures/reference/encode.py (the reference
encoder the fixtures are made with), so both peers fit exactly the design Tilsyn fits. The spec's penalty is
ignored: both peers fit the unpenalised MLE. --whole-process does one load+encode+fit of --peer and exits,
for timing as a separate process (/usr/bin/time -v).
"""

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import sys
import time

sys.dont_write_bytecode = True  # encode.py lives in the test Fixtures resource; keep __pycache__ out of it

import numpy as np
import pandas as pd
import scipy
import sklearn
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENCODE_PATH = os.path.join(ROOT, "Tests", "TilsynCoreTests", "Fixtures", "reference", "encode.py")


def load_encoder():
    spec = importlib.util.spec_from_file_location("tilsyn_reference_encode", ENCODE_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


encode = load_encoder()


def read(path, spec):
    """pandas read_csv of the whole file; text columns as str so levels stay "3", only "" is missing."""
    text = {spec["unit"]: str}
    text.update({f["name"]: str for f in spec["features"] if f.get("type") == "categorical"})
    return pd.read_csv(path, dtype=text, keep_default_na=False, na_values=[""], encoding="utf-8")


def build(df, spec):
    names, X, _ = encode.design(df, spec)
    return names, X, encode.label(df, spec)


def fit_statsmodels(names, X, y):
    res = sm.Logit(y, X).fit(method="newton", disp=0)
    return dict(zip(names, res.params.tolist())), bool(res.mle_retvals["converged"]), int(res.mle_retvals["iterations"])


def fit_sklearn(names, X, y):
    # penalty=None was deprecated in scikit-learn 1.8 in favour of C=inf (the same unpenalised fit)
    major, minor = (int(p) for p in sklearn.__version__.split(".")[:2])
    unpenalised = {"C": np.inf} if (major, minor) >= (1, 8) else {"penalty": None}
    clf = LogisticRegression(solver="newton-cholesky", tol=1e-8, max_iter=100, **unpenalised)
    clf.fit(X[:, 1:], y)  # column 0 is (intercept); sklearn fits its own, unpenalised
    beta = [float(clf.intercept_[0])] + clf.coef_.ravel().tolist()
    return dict(zip(names, beta)), int(clf.n_iter_[0]) < 100, int(clf.n_iter_[0])


PEERS = {"statsmodels": fit_statsmodels, "sklearn": fit_sklearn}


def timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def blas_info():
    try:
        from threadpoolctl import threadpool_info
        return [{k: v for k, v in info.items() if k in ("internal_api", "version", "num_threads", "architecture",
                                                            "threading_layer", "filepath", "user_api")}
                for info in threadpool_info()]
    except ImportError:
        cfg = np.show_config(mode="dicts")
        return {"numpy_build": cfg.get("Build Dependencies", {}).get("blas", {})}


def versions():
    return {"python": platform.python_version(), "numpy": np.__version__, "pandas": pd.__version__,
            "scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "scikit-learn": sklearn.__version__}


def environment():
    keys = ["OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "OMP_NUM_THREADS", "MKL_NUM_THREADS"]
    return {k: os.environ.get(k) for k in keys} | {"cpu_count": os.cpu_count(), "machine": platform.machine()}


def compare(model_path, estimates):
    """Max relative difference between a Tilsyn model.json's coefficients and `estimates`, by name."""
    with open(model_path, encoding="utf-8") as f:
        model = json.load(f)
    theirs = {c["name"]: c["estimate"] for c in model["coefficients"]}
    common = [n for n in estimates if n in theirs]
    worst, worst_name, worst_abs = 0.0, None, 0.0
    for n in common:
        a, b = float(theirs[n]), float(estimates[n])
        rel = abs(a - b) / max(abs(b), 1e-300) if a != b else 0.0
        worst_abs = max(worst_abs, abs(a - b))
        if rel >= worst:
            worst, worst_name = rel, n
    return {"max_relative_difference": worst, "worst_coefficient": worst_name, "max_abs_difference": worst_abs,
            "matched": len(common), "only_in_model": sorted(set(theirs) - set(estimates)),
            "only_in_statsmodels": sorted(set(estimates) - set(theirs))}


def whole_process(args, spec):
    t0 = time.perf_counter()
    df, t_load = timed(read, args.data, spec)
    (names, X, y), t_encode = timed(build, df, spec)
    (_, converged, iterations), t_fit = timed(PEERS[args.peer], names, X, y)
    out = {"peer": args.peer, "rows": int(X.shape[0]), "design_columns": int(X.shape[1]), "load": t_load,
           "encode": t_encode, "fit": t_fit, "total": time.perf_counter() - t0, "converged": converged,
           "iterations": iterations, "peak_rss_mb": peak_rss_mb()}
    print(json.dumps(out, indent=1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="history CSV (header, empty cell = missing)")
    ap.add_argument("--spec", required=True, help="Tilsyn spec JSON")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", help="a Tilsyn model.json to compare with statsmodels' coefficients")
    ap.add_argument("--whole-process", action="store_true", help="one load+encode+fit of --peer, then exit")
    ap.add_argument("--peer", choices=sorted(PEERS), default="statsmodels")
    args = ap.parse_args()
    with open(args.spec, encoding="utf-8") as f:
        spec = json.load(f)
    if args.whole_process:
        whole_process(args, spec)
        return

    runs = {k: [] for k in ["load", "encode", "statsmodels_fit", "sklearn_fit", "statsmodels_total", "sklearn_total"]}
    for _ in range(max(1, args.repeat)):
        df, t_load = timed(read, args.data, spec)
        (names, X, y), t_encode = timed(build, df, spec)
        del df
        (sm_beta, sm_conv, sm_iter), t_sm = timed(fit_statsmodels, names, X, y)
        (sk_beta, sk_conv, sk_iter), t_sk = timed(fit_sklearn, names, X, y)
        for key, value in [("load", t_load), ("encode", t_encode), ("statsmodels_fit", t_sm), ("sklearn_fit", t_sk),
                           ("statsmodels_total", t_load + t_encode + t_sm),
                           ("sklearn_total", t_load + t_encode + t_sk)]:
            runs[key].append(value)
    peer_gap = max(abs(sm_beta[n] - sk_beta[n]) / max(abs(sm_beta[n]), 1e-300) for n in names)
    out = {"medians_seconds": {k: statistics.median(v) for k, v in runs.items()},
           "runs_seconds": runs,
           "rows": int(X.shape[0]), "design_columns": int(X.shape[1]), "events": int(y.sum()),
           "statsmodels": {"converged": sm_conv, "iterations": sm_iter},
           "sklearn": {"converged": sk_conv, "iterations": sk_iter},
           "max_relative_difference_sklearn_vs_statsmodels": peer_gap,
           "peak_rss_mb": peak_rss_mb(), "versions": versions(), "blas": blas_info(), "environment": environment(),
           "repeat": args.repeat, "data": os.path.abspath(args.data), "spec": os.path.abspath(args.spec)}
    if spec.get("penalty", {}).get("l2"):
        out["note"] = "spec penalty ignored: both peers fit the unpenalised MLE"
    if args.model:
        out["model_vs_statsmodels"] = compare(args.model, sm_beta)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
