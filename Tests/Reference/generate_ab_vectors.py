#!/usr/bin/env python3
"""Generates Tests/Reference/ab_vectors.json: the statistics of the A/B version comparison
(SPEC section 6, version_regression) and the values scipy gives for them.

    python3 Tests/Reference/generate_ab_vectors.py   # numpy and scipy from pip

- two_proportion: the pooled two-proportion z-test of statsmodels'
  proportions_ztest([x1, x2], [n1, n2]) (value=0, two-sided, prop_var=False), written out here
  with scipy.stats.norm.sf so statsmodels is not needed: p = (x1 + x2) / (n1 + n2),
  z = (x1/n1 - x2/n2) / sqrt(p (1 - p) (1/n1 + 1/n2)), pvalue = 2 norm.sf(|z|).
  NaN when the pooled proportion is 0 or 1 (statsmodels divides 0 by 0 there).
- mann_whitney: scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic",
  use_continuity=True); ties are corrected by scipy.
- ks_scores: scipy.stats.ks_2samp(a, b, method="asymp") on score-like samples in [0, 1], the
  KS between two versions' score distributions (driftwatch reuses its KS for it).

Deterministic (fixed seed). NaN is written as the string "nan".
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261203)


def enc(x):
    if isinstance(x, (list, tuple, np.ndarray)):
        return [enc(v) for v in x]
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return "nan" if math.isnan(x) else x
    return x


def ztest(x1, n1, x2, n2):
    p = (x1 + x2) / (n1 + n2)
    var = p * (1 - p) * (1 / n1 + 1 / n2)
    if var == 0:
        return float("nan"), float("nan")
    z = (x1 / n1 - x2 / n2) / math.sqrt(var)
    return z, float(2 * stats.norm.sf(abs(z)))


two_proportion = []
fixed = [(0, 100, 0, 100), (100, 100, 50, 50), (0, 1000, 5, 1000), (10, 1000, 10, 1000),
         (12, 1000, 30, 1000), (1, 1, 0, 1), (3, 7, 5, 11), (500, 5000, 100, 5000),
         (49, 5000, 51, 5000), (900, 1000, 850, 1000), (5, 200000, 40, 180000)]
for x1, n1, x2, n2 in fixed:
    z, p = ztest(x1, n1, x2, n2)
    two_proportion.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": z, "p": p})
for _ in range(30):
    n1, n2 = (int(v) for v in rng.choice([20, 100, 1000, 5000, 20000], 2))
    r1, r2 = rng.uniform(0, 0.2, 2)
    x1, x2 = int(rng.binomial(n1, r1)), int(rng.binomial(n2, r2))
    z, p = ztest(x1, n1, x2, n2)
    two_proportion.append({"x1": x1, "n1": n1, "x2": x2, "n2": n2, "z": z, "p": p})


def mwu(name, x, y):
    r = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
    return {"name": name, "x": x, "y": y, "u": float(r.statistic), "p": float(r.pvalue)}


mann_whitney = [
    mwu("single-values", [1.0], [2.0]),
    mwu("all-tied", [3.0] * 5, [3.0] * 7),
    mwu("separated", [1.0, 2.0, 3.0], [4.0, 5.0, 6.0, 7.0]),
    mwu("interleaved", [1.0, 3.0, 5.0, 7.0], [2.0, 4.0, 6.0, 8.0]),
    mwu("ties-across", [1.0, 2.0, 2.0, 3.0, 3.0, 3.0], [2.0, 3.0, 3.0, 4.0]),
]
for i in range(12):
    n1, n2 = (int(v) for v in rng.choice([5, 30, 200, 2000], 2))
    shift = float(rng.choice([0.0, 0.05, 0.2]))
    x = np.round(rng.lognormal(3.7, 0.5, n1) * (1 + shift), 2)
    y = np.round(rng.lognormal(3.7, 0.5, n2), 2)
    mann_whitney.append(mwu(f"latency-{i}", x.tolist(), y.tolist()))
for i in range(6):
    n1, n2 = (int(v) for v in rng.choice([10, 100, 1000], 2))
    x = np.round(rng.normal(100, 15, n1))  # integer milliseconds: heavy ties
    y = np.round(rng.normal(100 + 3 * i, 15, n2))
    mann_whitney.append(mwu(f"integer-ties-{i}", x.tolist(), y.tolist()))

ks_scores = []
for i in range(8):
    n1, n2 = (int(v) for v in rng.choice([50, 500, 3000], 2))
    a = np.round(rng.beta(2, 5, n1), 4)
    b = np.round(rng.beta(2 + 0.3 * i, 5, n2), 4)
    r = stats.ks_2samp(a, b, method="asymp")
    ks_scores.append({"a": a.tolist(), "b": b.tolist(), "d": float(r.statistic), "p": float(r.pvalue)})

out = {
    "generator": "Tests/Reference/generate_ab_vectors.py",
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
    "two_proportion": two_proportion, "mann_whitney": mann_whitney, "ks_scores": ks_scores,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ab_vectors.json")
with open(path, "w") as f:
    json.dump(enc(out), f, separators=(",", ":"), allow_nan=False)
print(f"{path}: {len(two_proportion)} two-proportion, {len(mann_whitney)} Mann-Whitney, "
      f"{len(ks_scores)} KS cases; {os.path.getsize(path) / 1e6:.2f} MB")
