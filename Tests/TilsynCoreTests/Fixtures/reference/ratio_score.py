"""The score interval for a ratio of two independent proportions, by statsmodels' own score test.

`interval(a, n1, c, n2, alpha)` inverts statsmodels `test_proportions_2indep(a, n1, c, n2, value=R,
compare="ratio", method="score", correction=True)` (Miettinen–Nurminen, with the N/(N−1) variance factor):
the limits are the R where its two-sided p-value equals alpha, found with scipy `brentq` at tight
tolerances — what statsmodels' own `_score_confint_inversion(compare="ratio")` does, without its starting
values from the log interval (undefined at a zero count). statsmodels' public
`confint_proportions_2indep(compare="ratio", method="score")` is Koopman's closed-form cubic instead; it agrees
inside the range but picks the wrong roots at the boundaries (1 of 1 against 500 of 1400 gives
[2.80, 3.01]), so it is used here only as a cross-check on interior tables (`koopman`).

`a == 0` gives lower limit 0; `c == 0` gives no upper limit (None); no hits on either side gives None.
"""
import warnings

import numpy as np
from scipy import optimize
from statsmodels.stats.proportion import confint_proportions_2indep, test_proportions_2indep


def pvalue(a, n1, c, n2, value=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = test_proportions_2indep(a, n1, c, n2, value=value, compare="ratio", method="score", correction=True)
    return float(r.pvalue)


def interval(a, n1, c, n2, alpha=0.05):
    """(ratio, low, high, p) or None; ratio None when c == 0, high None when c == 0, p None when undefined."""
    if n1 == 0 or n2 == 0 or a + c == 0:
        return None
    ratio = (a / n1) / (c / n2) if c > 0 else None
    start = ratio if ratio else 1.0

    def f(r):
        # At the estimate the statistic is 0 by definition (statsmodels returns NaN there when every unit
        # on both sides is a hit, 0/0).
        return 1 - alpha if r == ratio else pvalue(a, n1, c, n2, value=r) - alpha

    def root(lo, hi):
        return float(optimize.brentq(f, lo, hi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500))

    if a == 0:
        low = 0.0
    else:
        lo = start / 2
        while f(lo) >= 0:
            lo /= 2
        low = root(lo, start) if ratio else root(lo, _above(f, start))
    if c == 0:
        high = None
    else:
        hi = start * 2
        while f(hi) >= 0:
            hi *= 2
        high = root(start if ratio else _below(f, start), hi)
    p = pvalue(a, n1, c, n2)
    return {"ratio": ratio, "low": low, "high": high, "p": None if np.isnan(p) else p}


def _above(f, x):
    while f(x) < 0:
        x *= 2
    return x


def _below(f, x):
    while f(x) < 0:
        x /= 2
    return x


def koopman(a, n1, c, n2, alpha=0.05):
    lo, hi = confint_proportions_2indep(a, n1, c, n2, compare="ratio", method="score", alpha=alpha)
    return float(np.real(lo)), float(np.real(hi))
