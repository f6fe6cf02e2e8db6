#!/usr/bin/env python3
"""Generates Tests/Reference/binned_mwu_vectors.json: Mann-Whitney U over latency histograms,
as the model stage runs it for version_regression (SPEC section 6; README "Alert rules").

    python3 Tests/Reference/generate_binned_mwu_vectors.py   # numpy and scipy from pip

The model stage does not have the versions' latencies, only their merged LogHistograms
(DDSketch layout, gamma = 1.02): value v > 0 falls in bucket i = ceil(log(v) / log(gamma)),
which stands for 2 gamma^i / (gamma + 1), capped at the histogram's max; values <= 0 are 0.
Each case draws two lognormal latency samples (2 decimals, as events carry them), bins them
that way, and records
- u, p: scipy.stats.mannwhitneyu(binned_x, binned_y, alternative="two-sided",
  method="asymptotic", use_continuity=True): every bucket is a tie group, corrected by scipy;
- u_raw, p_raw: the same over the raw values, to show what binning costs;
- p95_x, p95_y: numpy.percentile(raw, 95), which the binned p95 must be within 1% of.

Deterministic (fixed seed).
"""
import json
import math
import os

import numpy as np
from scipy import stats

GAMMA = 1.02
rng = np.random.default_rng(20261203)


def binned(values):
    top = max(values)
    out = []
    for v in values:
        if v <= 0:
            out.append(0.0)
        else:
            i = math.ceil(math.log(v) / math.log(GAMMA))
            out.append(min(2 * GAMMA ** i / (GAMMA + 1), top))
    return out


cases = []
for name, n1, n2, mu1, mu2, sigma in [
    ("same", 300, 280, 7.09, 7.09, 0.35),        # ~1200 ms both
    ("slower-by-5pct", 400, 400, 7.09, 7.14, 0.35),
    ("slower-by-40pct", 250, 260, 7.43, 7.09, 0.35),
    ("small-tight", 40, 35, 3.7, 3.72, 0.05),   # ~40 ms, many ties once binned
]:
    x = np.round(rng.lognormal(mu1, sigma, n1), 2).tolist()
    y = np.round(rng.lognormal(mu2, sigma, n2), 2).tolist()
    bx, by = binned(x), binned(y)
    r = stats.mannwhitneyu(bx, by, alternative="two-sided", method="asymptotic", use_continuity=True)
    raw = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)
    cases.append({
        "name": name, "x": x, "y": y, "u": float(r.statistic), "p": float(r.pvalue),
        "u_raw": float(raw.statistic), "p_raw": float(raw.pvalue),
        "p95_x": float(np.percentile(x, 95)), "p95_y": float(np.percentile(y, 95)),
    })

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "binned_mwu_vectors.json")
with open(path, "w") as f:
    json.dump({"cases": cases}, f, separators=(",", ":"))
    f.write("\n")
print(path, len(cases), "cases")
for c in cases:
    print(c["name"], "p binned", c["p"], "p raw", c["p_raw"])
