#!/usr/bin/env python3
"""Regenerate every known-answer fixture in Tests/TilsynCoreTests/Fixtures/ (deterministic: fixed seeds).

    python3 Tests/TilsynCoreTests/Fixtures/reference/make_reference.py

Each case writes <case>.csv (header; empty cell = missing; label 0/1), <case>.spec.json and, for the fitted
cases, <case>.reference.json. The design matrix always comes from encode.py, re-read from the written CSV,
so the reference sees exactly the text the Swift side will parse.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # bit-reproducible BLAS reductions
os.environ.setdefault("OMP_NUM_THREADS", "1")

import csv
import datetime
import json
import sys
import warnings

sys.dont_write_bytecode = True  # no __pycache__ inside the copied Fixtures resource
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import numpy as np
import pandas as pd
import scipy
import scipy.optimize
import sklearn
import statsmodels
import statsmodels.api as sm
from scipy.stats import norm
from sklearn.linear_model import LogisticRegression

import encode

TOOL = (f"statsmodels {statsmodels.__version__} / scikit-learn {sklearn.__version__} / scipy {scipy.__version__}"
        f" / numpy {np.__version__} / pandas {pd.__version__} / Python {sys.version.split()[0]}")
N_PROB = 200
N_DESIGN = 5


# ------------------------------------------------------------------------------------------------ files

def cell(v):
    if v is None:
        return ""
    if isinstance(v, (float, np.floating)):
        if np.isnan(v):
            return ""
        return encode.format_number(v)
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return str(v)


def write_csv(case, columns):
    """columns: dict name -> sequence (None/NaN = missing). Plain RFC 4180, '\\n' line ends, UTF-8."""
    names = list(columns)
    n = len(columns[names[0]])
    path = os.path.join(OUT, case + ".csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for i in range(n):
            w.writerow([cell(columns[c][i]) for c in names])
    return path


def write_json(name, obj):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=False, allow_nan=False)
        f.write("\n")


def write_spec(case, spec):
    write_json(case + ".spec.json", spec)


def load(case, spec):
    df = encode.read_csv(os.path.join(OUT, case + ".csv"))
    names, X, state = encode.design(df, spec)
    y = encode.label(df, spec)
    return df, names, X, y, state


def fl(x):
    return None if x is None else float(x)


# ------------------------------------------------------------------------------------------- numerics

def loglik(beta, X, y):
    eta = X @ beta
    # log(1+e^eta) computed stably
    return float(np.sum(y * eta - np.logaddexp(0.0, eta)))


def null_loglik(y):
    n, k = len(y), float(np.sum(y))
    p = k / n
    return float(k * np.log(p) + (n - k) * np.log1p(-p))


def sigmoid(eta):
    return 1.0 / (1.0 + np.exp(-eta))


def coefficient_rows(names, est, se):
    q = norm.ppf(0.975)
    rows = []
    for name, b, s in zip(names, est, se):
        if s is None:
            rows.append({"name": name, "estimate": float(b), "std_error": None, "z": None, "p_value": None,
                         "ci_low": None, "ci_high": None, "odds_ratio": float(np.exp(b))})
        else:
            z = b / s
            rows.append({"name": name, "estimate": float(b), "std_error": float(s), "z": float(z),
                         "p_value": float(2 * norm.sf(abs(z))), "ci_low": float(b - q * s),
                         "ci_high": float(b + q * s), "odds_ratio": float(np.exp(b))})
    return rows


def statsmodels_fit(names, X, y, offset=None):
    model = sm.Logit(y, pd.DataFrame(X, columns=names), offset=offset)
    res = model.fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    if not res.mle_retvals["converged"]:
        raise RuntimeError("statsmodels did not converge")
    return res


def statsmodels_rows(res):
    ci = res.conf_int(0.05)
    return [{"name": name, "estimate": float(res.params[name]), "std_error": float(res.bse[name]),
             "z": float(res.tvalues[name]), "p_value": float(res.pvalues[name]),
             "ci_low": float(ci.loc[name, 0]), "ci_high": float(ci.loc[name, 1]),
             "odds_ratio": float(np.exp(res.params[name]))} for name in res.params.index]


def reference(case, source, names, X, y, beta, coefficients, ll, aic, extra=None):
    eta = X[:N_PROB] @ beta
    out = {
        "case": case,
        "source": source,
        "design_columns": names,
        "coefficients": coefficients,
        "log_likelihood": float(ll),
        "deviance": float(-2 * ll),
        "null_deviance": float(-2 * null_loglik(y)),
        "aic": float(aic),
        "n": int(len(y)),
        "events": int(np.sum(y)),
        "probabilities_first": [float(p) for p in sigmoid(eta)],
        "log_odds_first": [float(e) for e in eta],
        "design_first_rows": [[float(v) for v in row] for row in X[:N_DESIGN]],
        "reference_means": encode.column_means(names, X),
    }
    out.update(extra or {})
    out["tool"] = TOOL
    write_json(case + ".reference.json", out)
    return out


def unpenalised_case(case, spec, source, extra=None):
    _, names, X, y, state = load(case, spec)
    res = statsmodels_fit(names, X, y)
    beta = res.params.to_numpy()
    assert abs(res.llf - loglik(beta, X, y)) < 1e-9 * abs(res.llf)
    assert abs(res.llnull - null_loglik(y)) < 1e-9 * abs(res.llnull)
    more = {"fit": "statsmodels Logit(y, X).fit(method='newton', tol=1e-12, maxiter=100); "
                   "CIs from conf_int(0.05); aic = -2*llf + 2*k (k = number of coefficients)",
            "encoding_state": state}
    more.update(extra or {})
    ref = reference(case, source, names, X, y, beta, statsmodels_rows(res), res.llf, res.aic, more)
    # the reference writes ll/deviance from statsmodels' llf, null deviance from the closed form
    return ref


# ------------------------------------------------------------------------------------------------ fair

def make_fair():
    data = sm.datasets.fair.load_pandas().data
    n = len(data)
    cols = {"id": [f"F{i + 1:04d}" for i in range(n)]}
    for c in ["rate_marriage", "age", "yrs_married", "children", "religious", "educ", "occupation",
              "occupation_husb"]:
        cols[c] = data[c].to_numpy(dtype=float)  # integral values print as "3", others as "17.5"
    cols["had_affair"] = (data["affairs"].to_numpy() > 0).astype(int)
    write_csv("fair", cols)
    spec = {
        "name": "fair-affairs", "version": "1", "unit": "id", "label": "had_affair",
        "features": [
            {"name": "rate_marriage", "type": "categorical", "reference": "5"},
            {"name": "age", "type": "numeric"},
            {"name": "yrs_married", "type": "numeric", "transform": "log1p"},
            {"name": "children", "type": "numeric", "clip": [0, 4]},
            {"name": "religious", "type": "categorical"},
            {"name": "educ", "type": "numeric"},
            {"name": "occupation", "type": "categorical", "reference": "1"},
            {"name": "occupation_husb", "type": "categorical"},
        ],
    }
    write_spec("fair", spec)
    source = ("statsmodels.datasets.fair (shipped with statsmodels " + statsmodels.__version__ + "): Fair, Ray. 1978. "
              "\"A Theory of Extramarital Affairs\", Journal of Political Economy 86(1), February, 45-61; "
              "1974 Redbook survey of women, 6366 rows. Label had_affair = (affairs > 0); id = row number "
              "F0001... in the dataset's order. Data: http://fairmodel.econ.yale.edu/rayfair/pdf/2011b.htm")
    return unpenalised_case("fair", spec, source)


# --------------------------------------------------------------------------------------------- spector

def make_spector():
    data = sm.datasets.spector.load_pandas().data
    n = len(data)
    write_csv("spector", {"id": [f"S{i + 1:02d}" for i in range(n)], "GPA": data["GPA"].to_numpy(),
                          "TUCE": data["TUCE"].to_numpy(), "PSI": data["PSI"].to_numpy(),
                          "GRADE": data["GRADE"].to_numpy().astype(int)})
    spec = {"name": "spector", "version": "1", "unit": "id", "label": "GRADE",
            "features": [{"name": "GPA", "type": "numeric"}, {"name": "TUCE", "type": "numeric"},
                         {"name": "PSI", "type": "numeric"}]}
    write_spec("spector", spec)
    source = ("statsmodels.datasets.spector (shipped with statsmodels " + statsmodels.__version__ + "): Spector, L. "
              "and Mazzeo, M. 1980. \"Probit Analysis and Economic Education\", Journal of Economic Education 11, "
              "37-44; via W. Greene, Econometric Analysis. 32 students; GRADE ~ GPA + TUCE + PSI.")
    return unpenalised_case("spector", spec, source)


# ------------------------------------------------------------------------------------------- synthetic

SYNTHETIC_SPEC_FEATURES = [
    {"name": "prior_notices", "type": "numeric", "transform": "log1p", "clip": [0, 50]},
    {"name": "employees", "type": "numeric", "transform": "sqrt"},
    {"name": "injury_rate", "type": "numeric", "transform": "log1p", "missing": "indicator", "fill": "mean"},
    {"name": "company_age", "type": "numeric", "transform": "sqrt", "missing": "indicator", "fill": "median"},
    {"name": "days_since_last", "type": "numeric", "transform": "log1p", "clip": [30, 3650],
     "missing": "indicator", "fill": 0},
    {"name": "industry", "type": "categorical", "reference": "IG03"},
    {"name": "region", "type": "categorical"},
    {"name": "fte", "type": "binned", "edges": [0, 2.5, 5, 10, 20, 1000], "reference": "[5,10)",
     "missing": "indicator", "fill": "median"},
    {"name": "complaints", "type": "binned", "edges": [0, 1, 3, 10, 100]},
]

SYNTHETIC_TRUE = {
    "(intercept)": -2.2, "prior_notices": 0.45, "employees": 0.06, "injury_rate": 0.5,
    "injury_rate:missing": 0.3, "company_age": -0.12, "company_age:missing": 0.2, "days_since_last": 0.18,
    "days_since_last:missing": -0.4, "industry=IG01": 0.3, "industry=IG02": -0.2, "industry=IG04": 0.5,
    "industry=IG05": 0.1, "industry=IG06": -0.4, "region=Aalborg": 0.1, "region=Fyn": -0.15,
    "region=Nørrebro": 0.25, "region=Sjælland": 0.05, "region=Østerbro": -0.3, "fte=[0,2.5)": -0.35,
    "fte=[2.5,5)": -0.15, "fte=[10,20)": 0.2, "fte=[20,1000)": 0.35, "fte:missing": 0.15,
    "complaints=[1,3)": 0.4, "complaints=[3,10)": 0.7, "complaints=[10,100)": 1.0,
}


def synthetic_columns():
    rng = np.random.default_rng(20260214)
    n = 5000

    def holes(values, rate):
        values = values.astype(float)
        values[rng.random(n) < rate] = np.nan
        return values

    prior = rng.poisson(rng.gamma(0.6, 4.0, n)).astype(float)
    prior[rng.choice(n, 12, replace=False)] = rng.integers(51, 120, 12)  # exercise clip at 50
    employees = np.maximum(1, np.round(np.exp(rng.normal(2.3, 1.2, n)))).astype(float)
    injury = holes(np.round(rng.gamma(1.5, 2.0, n), 2), 0.05)
    age = holes(np.round(rng.gamma(2.0, 8.0, n), 1), 0.04)
    if np.sum(~np.isnan(age)) % 2 == 1:  # even non-missing count: the median averages two values
        age[np.flatnonzero(~np.isnan(age))[0]] = np.nan
    days = np.round(rng.exponential(900.0, n)).astype(float)
    days[rng.choice(n, 15, replace=False)] = rng.integers(0, 30, 15)  # below clip lo = 30
    days = holes(days, 0.06)
    industry = rng.choice(["IG01", "IG02", "IG03", "IG04", "IG05", "IG06"], n,
                          p=[0.25, 0.2, 0.18, 0.15, 0.12, 0.10])
    region = rng.choice(["Århus", "Sjælland", "Nørrebro", "Fyn", "Aalborg", "Østerbro"], n,
                        p=[0.27, 0.22, 0.17, 0.14, 0.12, 0.08])
    fte = np.round(np.minimum(employees * rng.uniform(0.4, 1.0, n), 999.9), 1)
    fte[rng.choice(n, 40, replace=False)] = rng.choice([2.5, 5, 10, 20], 40)  # values on edges
    fte = holes(fte, 0.03)
    complaints = np.minimum(rng.poisson(rng.gamma(0.5, 2.0, n)), 99).astype(float)
    channel = rng.choice(["risk", "random"], n, p=[0.7, 0.3])
    start = datetime.date(2022, 1, 3)
    dates = [(start + datetime.timedelta(days=int(d))).isoformat() for d in rng.integers(0, 4 * 365, n)]
    cols = {"id": [f"P{i + 1:06d}" for i in range(n)], "inspection_date": dates, "channel": channel,
            "prior_notices": prior, "employees": employees, "injury_rate": injury, "company_age": age,
            "days_since_last": days, "industry": industry, "region": region, "fte": fte,
            "complaints": complaints}
    return cols, rng


def synthetic_spec(name, penalty=None):
    spec = {"name": name, "version": "1", "unit": "id", "label": "violation_found", "date": "inspection_date"}
    if penalty is not None:
        spec["penalty"] = {"l2": penalty}
    spec["features"] = SYNTHETIC_SPEC_FEATURES
    return spec


SYNTHETIC_SOURCE = ("Synthetic, numpy default_rng(20260214) in make_reference.py: 5000 inspections; label drawn "
                    "from a known logistic model on the encoded design (true_coefficients).")


def write_synthetic(case):
    cols, rng = synthetic_columns()
    spec = synthetic_spec(case)
    # encode the features exactly as the CSV will carry them, then draw the label from the true model
    text = pd.DataFrame({k: [cell(v) for v in vals] for k, vals in cols.items()})
    names, X, _ = encode.design(text, spec)
    beta = np.array([SYNTHETIC_TRUE[c] for c in names])
    cols["violation_found"] = (rng.random(len(X)) < sigmoid(X @ beta)).astype(int)
    write_csv(case, cols)


def make_synthetic():
    write_synthetic("synthetic")
    spec = synthetic_spec("synthetic")
    write_spec("synthetic", spec)
    return unpenalised_case("synthetic", spec, SYNTHETIC_SOURCE, {"true_coefficients": SYNTHETIC_TRUE})


def make_synthetic_l2():
    lam = 2.5
    write_synthetic("synthetic_l2")  # same generator and seed: byte-identical data to synthetic.csv
    spec = synthetic_spec("synthetic_l2", penalty=lam)
    write_spec("synthetic_l2", spec)
    _, names, X, y, state = load("synthetic_l2", spec)
    n, k = X.shape
    clf = LogisticRegression(C=1.0 / lam, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf.fit(X[:, 1:], y)
    beta = np.concatenate([clf.intercept_, clf.coef_.ravel()])
    pen = np.ones(k)
    pen[0] = 0.0

    def objective(b):  # penalised negative log-likelihood, exact
        eta = X @ b
        return float(np.sum(np.logaddexp(0.0, eta) - y * eta) + 0.5 * lam * np.sum(pen * b * b))

    def gradient(b):
        return X.T @ (sigmoid(X @ b) - y) + lam * pen * b

    def hessian(b):
        p = sigmoid(X @ b)
        return (X * (p * (1 - p))[:, None]).T @ X + lam * np.diag(pen)

    sp = scipy.optimize.minimize(objective, np.zeros(k), jac=gradient, hess=hessian, method="trust-exact",
                                 options={"gtol": 1e-10, "maxiter": 1000})
    cross = float(np.max(np.abs(sp.x - beta) / np.maximum(np.abs(beta), 1e-8)))
    grad_norm = float(np.max(np.abs(gradient(beta))))
    assert cross < 1e-7, cross
    se = np.sqrt(np.diag(np.linalg.inv(hessian(beta))))
    ll = loglik(beta, X, y)
    extra = {
        "penalty": {"l2": lam},
        "fit": (f"scikit-learn LogisticRegression(C=1/{lam}, solver='newton-cholesky', tol=1e-12, max_iter=1000) "
                "on the design without its intercept column (fit_intercept=True, intercept unpenalised); "
                "cross-checked with scipy.optimize.minimize(method='trust-exact') on the exact objective"),
        "objective": "maximise l(beta) - l2/2 * sum_{j != intercept} beta_j^2",
        "penalized_log_likelihood": float(ll - 0.5 * lam * np.sum(pen * beta * beta)),
        "std_error_definition": "sqrt(diag(inv(X^T W X + l2 * diag(0,1,...,1)))) at the estimate, "
                                "W = diag(p(1-p)); z = estimate/std_error; p_value = 2*norm.sf(|z|); "
                                "ci = estimate -/+ norm.ppf(0.975)*std_error",
        "log_likelihood_definition": "unpenalised l(beta) at the penalised estimate; deviance = -2*l",
        "aic_definition": "-2*log_likelihood + 2*k, k = number of coefficients (intercept included)",
        "scipy_max_relative_difference": cross,
        "max_abs_gradient_at_estimate": grad_norm,
        "encoding_state": state,
        "true_coefficients": SYNTHETIC_TRUE,
    }
    return reference("synthetic_l2", SYNTHETIC_SOURCE, names, X, y, beta, coefficient_rows(names, beta, se), ll,
                     -2 * ll + 2 * k, extra)


# ----------------------------------------------------------------------------------------- constrained

def make_constrained():
    rng = np.random.default_rng(20260215)
    n = 3000
    unsafe = np.round(rng.normal(2.0, 1.0, n), 3)      # declared increasing, truly negative -> binds
    training = np.round(rng.gamma(2.0, 5.0, n), 1)      # declared decreasing, truly negative -> free
    employees = np.maximum(1, np.round(np.exp(rng.normal(2.5, 1.0, n))))
    sector = rng.choice(["bygge", "industri", "service"], n, p=[0.4, 0.35, 0.25])
    eta = (-0.4 - 0.25 * unsafe - 0.06 * training + 0.3 * np.log1p(employees)
           + np.select([sector == "industri", sector == "service"], [0.3, -0.2], 0.0))
    y = (rng.random(n) < sigmoid(eta)).astype(int)
    write_csv("constrained", {"id": [f"C{i + 1:05d}" for i in range(n)], "unsafe_practices": unsafe,
                              "safety_training_hours": training, "employees": employees, "sector": sector,
                              "violation_found": y})
    spec = {"name": "constrained", "version": "1", "unit": "id", "label": "violation_found", "features": [
        {"name": "unsafe_practices", "type": "numeric", "direction": "increasing"},
        {"name": "safety_training_hours", "type": "numeric", "direction": "decreasing"},
        {"name": "employees", "type": "numeric", "transform": "log1p", "direction": "any"},
        {"name": "sector", "type": "categorical", "reference": "bygge"}]}
    write_spec("constrained", spec)
    _, names, X, y, state = load("constrained", spec)
    k = X.shape[1]

    unconstrained = statsmodels_fit(names, X, y)
    bounds = []
    for c in names:
        direction = next((f.get("direction", "any") for f in spec["features"] if f["name"] == c), "any")
        bounds.append({"increasing": (0.0, None), "decreasing": (None, 0.0)}.get(direction, (None, None)))

    def nll(b):
        eta = X @ b
        return float(np.sum(np.logaddexp(0.0, eta) - y * eta))

    def grad(b):
        return X.T @ (sigmoid(X @ b) - y)

    lb = scipy.optimize.minimize(nll, np.zeros(k), jac=grad, method="L-BFGS-B", bounds=bounds,
                                 options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 10000, "maxfun": 100000})
    binding = [c for c, b, (lo, hi) in zip(names, lb.x, bounds)
               if (lo is not None and b <= lo + 1e-10) or (hi is not None and b >= hi - 1e-10)]
    assert binding == ["unsafe_practices"], binding
    assert unconstrained.params["unsafe_practices"] < 0 and unconstrained.params["safety_training_hours"] < 0
    free = [j for j, c in enumerate(names) if c not in binding]
    bound = [j for j, c in enumerate(names) if c in binding]
    restricted = statsmodels_fit([names[j] for j in free], X[:, free], y,
                                 offset=X[:, bound] @ np.zeros(len(bound)))  # bound coefficients held at 0
    beta = np.zeros(k)
    beta[free] = restricted.params.to_numpy()
    agree = float(np.max(np.abs(beta - np.where(np.isin(np.arange(k), bound), 0.0, lb.x))))
    assert agree < 1e-8, agree
    score = X.T @ (y - sigmoid(X @ beta))  # dl/dbeta; at the bound it must point out of the feasible set
    assert all(score[j] < 0 for j in bound)
    rows = {r["name"]: r for r in statsmodels_rows(restricted)}
    coefficients = [rows.get(c) or coefficient_rows([c], [0.0], [None])[0] for c in names]
    extra = {
        "binding": binding,
        "fit": ("scipy.optimize.minimize(method='L-BFGS-B', bounds from direction, ftol=1e-15, gtol=1e-12, "
                "maxiter=10000) on the exact negative log-likelihood with analytic gradient; polished by "
                "statsmodels Logit(method='newton', tol=1e-12) on the free columns with the bound coefficient "
                "held at 0 (offset); the estimates reported are the statsmodels ones"),
        "lbfgsb_max_abs_difference": agree,
        "score_at_bound": {names[j]: float(score[j]) for j in bound},
        "std_error_definition": "free coefficients: statsmodels restricted refit (inverse observed information "
                                "of the free columns); bound coefficients: null",
        "aic_definition": "-2*log_likelihood + 2*k_free (statsmodels restricted refit; bound coefficients "
                          "do not count)",
        "unconstrained_estimates": {c: float(unconstrained.params[c]) for c in names},
        "unconstrained_log_likelihood": float(unconstrained.llf),
        "encoding_state": state,
        "true_coefficients": {"(intercept)": -0.4, "unsafe_practices": -0.25, "safety_training_hours": -0.06,
                              "employees": 0.3, "sector=industri": 0.3, "sector=service": -0.2},
    }
    source = ("Synthetic, numpy default_rng(20260215) in make_reference.py: 3000 rows; unsafe_practices has a "
              "true negative effect but is declared increasing, so its constraint binds.")
    return reference("constrained", source, names, X, y, beta, coefficients, restricted.llf, restricted.aic,
                     extra)


# ---------------------------------------------------------------------------------------------- errors

def make_error_cases():
    rng = np.random.default_rng(20260216)
    cases = {}

    def spec(case, features):
        s = {"name": case, "version": "1", "unit": "id", "label": "y", "features": features}
        write_spec(case, s)
        return s

    def ids(prefix, n):
        return [f"{prefix}{i + 1:02d}" for i in range(n)]

    n = 40
    x = np.round(rng.normal(0, 1, n), 2)
    x[x == 0] = 0.01
    z = np.round(rng.normal(0, 1, n), 2)
    write_csv("separation_complete", {"id": ids("A", n), "x": x, "z": z, "y": (x > 0).astype(int)})
    spec("separation_complete", [{"name": "x", "type": "numeric"}, {"name": "z", "type": "numeric"}])
    cases["separation_complete"] = {"expected": "separation",
                                    "why": "y = (x > 0) for every row: the MLE of x is infinite"}

    n = 48
    g = np.array(["a", "b", "c"] * 16)
    x = np.round(rng.normal(0, 1, n), 2)
    y = (rng.random(n) < 0.5).astype(int)
    y[g == "c"] = 1
    ya = np.flatnonzero(g == "a")
    y[ya[0]], y[ya[1]] = 0, 1
    yb = np.flatnonzero(g == "b")
    y[yb[0]], y[yb[1]] = 0, 1
    write_csv("separation_quasi", {"id": ids("B", n), "group": g, "x": x, "y": y})
    spec("separation_quasi", [{"name": "group", "type": "categorical", "reference": "a"},
                              {"name": "x", "type": "numeric"}])
    cases["separation_quasi"] = {"expected": "separation",
                                 "why": "every row with group=c has y=1: the MLE of group=c is +infinity"}

    n = 36
    x1 = rng.integers(-5, 10, n)
    x2 = rng.integers(0, 8, n)
    y = (rng.random(n) < 0.5).astype(int)
    write_csv("collinear", {"id": ids("C", n), "x1": x1, "x2": x2, "x3": x1 + 2 * x2, "y": y})
    spec("collinear", [{"name": c, "type": "numeric"} for c in ["x1", "x2", "x3"]])
    cases["collinear"] = {"expected": "singular design",
                          "why": "x3 = x1 + 2*x2 exactly (integers): X^T W X is singular"}

    n = 30
    write_csv("constant_label", {"id": ids("D", n), "x": np.round(rng.normal(0, 1, n), 2),
                                 "y": np.zeros(n, dtype=int)})
    spec("constant_label", [{"name": "x", "type": "numeric"}])
    cases["constant_label"] = {"expected": "constant label", "why": "every y is 0 (no events)"}

    n = 30
    y = (rng.random(n) < 0.5).astype(int)
    y[17] = 2
    write_csv("label_not_binary", {"id": ids("E", n), "x": np.round(rng.normal(0, 1, n), 2), "y": y})
    spec("label_not_binary", [{"name": "x", "type": "numeric"}])
    cases["label_not_binary"] = {"expected": "label not 0/1", "row": 18, "column": "y",
                                 "why": "data row 18 (line 19 counting the header) has y = 2"}

    n = 30
    write_csv("all_missing", {"id": ids("F", n), "x": np.round(rng.normal(0, 1, n), 2), "w": [None] * n,
                              "y": (rng.random(n) < 0.5).astype(int)})
    spec("all_missing", [{"name": "x", "type": "numeric"},
                         {"name": "w", "type": "numeric", "missing": "indicator", "fill": "mean"}])
    cases["all_missing"] = {"expected": "no values", "column": "w",
                            "why": "every cell of w is empty: fill 'mean' has nothing to average (with "
                                   "missing: error the first row would already fail)"}

    # what the reference tools make of each case, recorded for the reader
    for case, info in cases.items():
        s = json.load(open(os.path.join(OUT, case + ".spec.json"), encoding="utf-8"))
        try:
            _, names, X, y, _ = load(case, s)
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                r = sm.Logit(y, X).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
            info["reference_behaviour"] = f"statsmodels converged={r.mle_retvals['converged']}"
        except Exception as exc:  # noqa: BLE001 - recording the failure is the point
            info["reference_behaviour"] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    write_json("error_cases.json", cases)
    return cases


def main():
    for make in [make_fair, make_spector, make_synthetic, make_synthetic_l2, make_constrained]:
        ref = make()
        print(f"{ref['case']:>12}: n={ref['n']} events={ref['events']} columns={len(ref['design_columns'])} "
              f"ll={ref['log_likelihood']:.6f}")
    for case, info in make_error_cases().items():
        print(f"{case:>20}: {info['reference_behaviour']}")


if __name__ == "__main__":
    main()
