#!/usr/bin/env python3
"""Reference for the coefficient table `tilsyn fit` prints (Tests/TilsynCLITests/FitTableTests.swift).

    python3 Tests/TilsynCoreTests/Fixtures/reference/fit_table_reference.py

Fits `spector` (32 rows) and `fair` (6366 rows), both shipped with statsmodels, with statsmodels `Logit`
(Newton, tol 1e-12) on the encode.py design of the committed CSVs, and writes what its `summary()` shows:
per term the estimate, std err, z, P>|z| and the 95 % interval; and No. Observations, Log-Likelihood,
LL-Null, Pseudo R-squ. (`prsquared`, McFadden: 1 - llf/llnull), converged and the Newton iterations.
Writes ../fit_table.reference.json (deterministic).
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
import statsmodels
import statsmodels.api as sm

import encode


def case(name):
    with open(os.path.join(OUT, name + ".spec.json"), encoding="utf-8") as f:
        spec = json.load(f)
    df = encode.read_csv(os.path.join(OUT, name + ".csv"))
    names, X, _ = encode.design(df, spec)
    y = encode.label(df, spec)
    res = sm.Logit(y, pd.DataFrame(X, columns=names)).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    ci = res.conf_int(0.05)
    return {
        "case": name,
        "terms": [{"name": n, "estimate": float(res.params[n]), "std_error": float(res.bse[n]),
                   "z": float(res.tvalues[n]), "p_value": float(res.pvalues[n]),
                   "ci_low": float(ci.loc[n, 0]), "ci_high": float(ci.loc[n, 1])} for n in res.params.index],
        "nobs": int(res.nobs),
        "llf": float(res.llf),
        "llnull": float(res.llnull),
        "prsquared": float(res.prsquared),
        "converged": bool(res.mle_retvals["converged"]),
        "iterations": int(res.mle_retvals["iterations"]),
    }


def main():
    out = {
        "tool": f"statsmodels {statsmodels.__version__} / numpy {np.__version__} / pandas {pd.__version__} / Python {sys.version.split()[0]}",
        "method": "statsmodels Logit(y, X).fit(method='newton', tol=1e-12, maxiter=100); X from encode.py",
        "cases": [case("spector"), case("fair")],
    }
    with open(os.path.join(OUT, "fit_table.reference.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, sort_keys=False)
        f.write("\n")


if __name__ == "__main__":
    main()
