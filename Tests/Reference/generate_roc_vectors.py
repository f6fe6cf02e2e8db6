#!/usr/bin/env python3
"""Generates Tests/Reference/roc_vectors.json: ROC curves as scikit-learn computes them, for the
model report's `performance.roc` (driftwatch builds the curve from score counts per class).

    python3 Tests/Reference/generate_roc_vectors.py   # numpy and scikit-learn from pip

Each case: y (0/1 labels), s (scores) and sklearn.metrics.roc_curve(y, s, drop_intermediate=True)
as fpr, tpr, thresholds (the first threshold, +inf, written as the string "inf"), plus
roc_auc_score. Scores are rounded so ties occur, as with real model scores.
Deterministic (fixed seed).
"""
import json
import math
import os

import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, roc_curve

rng = np.random.default_rng(20261203)


def enc(x):
    x = float(x)
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


cases = []


def add(name, y, s):
    fpr, tpr, thr = roc_curve(y, s, drop_intermediate=True)
    cases.append({
        "name": name, "y": [int(v) for v in y], "s": [float(v) for v in s],
        "fpr": [enc(v) for v in fpr], "tpr": [enc(v) for v in tpr], "thresholds": [enc(v) for v in thr],
        "auc": float(roc_auc_score(y, s)),
    })


add("perfect", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])
add("inverted", [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])
add("all tied", [0, 1, 0, 1, 1], [0.5] * 5)
add("two scores", [0, 1, 0, 1, 0, 0], [0.2, 0.2, 0.7, 0.7, 0.2, 0.7])
for n, digits, rate in [(50, 2, 0.3), (400, 3, 0.1), (2000, 2, 0.05), (3000, 4, 0.5)]:
    y = (rng.random(n) < rate).astype(int)
    s = np.clip(rng.normal(0.35 + 0.3 * y, 0.18), 0, 1).round(digits)
    add(f"n={n} digits={digits} positives={rate}", y, s)

out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "roc_vectors.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {path}: {len(cases)} cases")
