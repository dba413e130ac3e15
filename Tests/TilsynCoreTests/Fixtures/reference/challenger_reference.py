"""Reference numbers for the champion–challenger comparison (ChallengerReportTests).

Writes challenger_paired.csv (400 rows: two models' probabilities, with ties, and a 0/1 outcome; numpy seed
14) and challenger_paired.reference.json:
- each model's AUC (scikit-learn roc_auc_score), Brier score (brier_score_loss) and log loss (log_loss);
- DeLong's paired difference of the AUCs and its standard error from the O(m·n) kernel definition
  (psi = 1 if positive scores higher, 1/2 on a tie), independent of Tilsyn's midrank computation;
- the mean of the per-row differences (b − a) of squared error and log loss, with sd/sqrt(n).
Run: python3 Tests/TilsynCoreTests/Fixtures/reference/challenger_reference.py
"""
import json, os
import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, brier_score_loss, log_loss

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.dirname(here)
rng = np.random.default_rng(14)
n = 400
x = rng.normal(size=n)
y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(-1.2 + 1.1 * x)))).astype(int)
pa = np.round(1 / (1 + np.exp(-(-1.0 + 0.9 * x + rng.normal(scale=0.8, size=n)))), 2)  # ties from rounding
pb = np.round(1 / (1 + np.exp(-(-1.2 + 1.0 * x + rng.normal(scale=0.4, size=n)))), 3)
pa = np.clip(pa, 0.001, 0.999); pb = np.clip(pb, 0.001, 0.999)
with open(os.path.join(out, "challenger_paired.csv"), "w") as f:
    f.write("a,b,y\n")
    for i in range(n):
        f.write(f"{float(pa[i])!r},{float(pb[i])!r},{int(y[i])}\n")

def components(s):
    pos, neg = s[y == 1], s[y == 0]
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    return psi.mean(axis=1), psi.mean(axis=0)

v10a, v01a = components(pa)
v10b, v01b = components(pb)
m, k = len(v10a), len(v01a)
s10 = np.cov(np.vstack([v10a, v10b]), ddof=1)
s01 = np.cov(np.vstack([v01a, v01b]), ddof=1)
var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / m + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / k
se_a = np.sqrt(s10[0, 0] / m + s01[0, 0] / k)

def paired(da, db):
    d = db - da
    return {"mean": float(d.mean()), "se": float(d.std(ddof=1) / np.sqrt(n))}

eps = np.finfo(float).eps
ll = lambda p: -(y * np.log(np.clip(p, eps, 1 - eps)) + (1 - y) * np.log(1 - np.clip(p, eps, 1 - eps)))
ref = {
    "tool": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}",
    "rows": n, "events": int(y.sum()),
    "auc_a": float(roc_auc_score(y, pa)), "auc_b": float(roc_auc_score(y, pb)), "auc_a_se": float(se_a),
    "auc_difference": float(roc_auc_score(y, pb) - roc_auc_score(y, pa)), "auc_difference_se": float(np.sqrt(var)),
    "brier_a": float(brier_score_loss(y, pa)), "brier_b": float(brier_score_loss(y, pb)),
    "log_loss_a": float(log_loss(y, pa)), "log_loss_b": float(log_loss(y, pb)),
    "brier_difference": paired((y - pa) ** 2, (y - pb) ** 2), "log_loss_difference": paired(ll(pa), ll(pb)),
}
with open(os.path.join(out, "challenger_paired.reference.json"), "w") as f:
    json.dump(ref, f, indent=2, sort_keys=True)
    f.write("\n")
print(json.dumps(ref, indent=2))
