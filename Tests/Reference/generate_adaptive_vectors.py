#!/usr/bin/env python3
"""Generates Tests/Reference/adaptive_vectors.json: adaptive drift thresholds (SPEC section 6,
`thresholds: adaptive`, NannyML's standard-deviation thresholds) computed with numpy/scipy.

    python3 Tests/Reference/generate_adaptive_vectors.py   # numpy and scipy from pip

The reference column (NaN = missing) is cut into consecutive chunks of k rows; the trailing
incomplete chunk is dropped; each chunk's statistic against the whole reference is computed as in
SPEC section 5 (missing values excluded on both sides); chunks with no finite value are skipped;
warning = mean + 3 std, critical = mean + 5 std (np.mean, np.std with ddof=0). Deterministic.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance

rng = np.random.default_rng(20261204)
FLOOR = 1e-4


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


def edges_of(r):
    out = []
    for v in np.percentile(r, np.arange(10, 100, 10)):
        if not out or out[-1] != v:
            out.append(v)
    return np.array(out)


def counts(x, edges):
    return np.bincount(np.searchsorted(edges, x, side="right"), minlength=len(edges) + 1)


def statistic(method, r, c):
    e = edges_of(r)
    pc, qc = counts(r, e), counts(c, e)
    if method == "psi":
        p = np.maximum(pc / pc.sum(), FLOOR)
        q = np.maximum(qc / qc.sum(), FLOOR)
        return float(np.sum((q - p) * np.log(q / p)))
    if method == "js":
        return float(jensenshannon(pc.astype(float), qc.astype(float)))
    w = wasserstein_distance(r, c)
    sd = np.std(r)
    return 0.0 if sd == 0 and w == 0 else float(w / sd)


def case(name, column, k, method="psi", baseline="whole"):
    """baseline "whole": each chunk against the whole column; "rest": against the column without
    the chunk's rows (leave-one-out, what `reference build` stores)."""
    column = np.asarray(column, dtype=float)
    r = column[np.isfinite(column)]
    values = []
    for i in range(len(column) // k):
        chunk = column[i * k:(i + 1) * k]
        chunk = chunk[np.isfinite(chunk)]
        against = r
        if baseline == "rest":
            against = np.concatenate([column[:i * k], column[(i + 1) * k:]])
            against = against[np.isfinite(against)]
        if len(chunk) and len(against):
            values.append(statistic(method, against, chunk))
    out = {"name": name, "reference": column, "chunk_size": k, "method": method, "baseline": baseline,
           "chunk_values": values}
    if len(values) >= 2:
        m, sd = float(np.mean(values)), float(np.std(values))
        out.update(mean=m, std=sd, warning=m + 3 * sd, critical=m + 5 * sd)
    else:
        out.update(mean="nan", std="nan", warning="nan", critical="nan")
    return out


cases = [
    case("normal-psi", np.round(rng.normal(50, 10, 5000), 3), 500),
    case("normal-psi-trailing-chunk", np.round(rng.normal(0, 1, 5300), 4), 1000),
    case("lognormal-ties-psi", np.round(rng.lognormal(3, 0.6, 4000)), 400),
    case("discrete-psi", rng.integers(0, 4, 3000).astype(float), 300),
    case("normal-js", np.round(rng.normal(10, 2, 4000), 3), 500, "js"),
    case("normal-wasserstein", np.round(rng.normal(10, 2, 4000), 3), 500, "wasserstein"),
    case("constant-psi", np.full(2000, 7.0), 200),
    case("small-chunks-psi", np.round(rng.uniform(0, 1, 600), 3), 20),
    case("one-chunk-only", np.round(rng.normal(0, 1, 150), 3), 100),
]
with_missing = np.round(rng.normal(5, 1, 3000), 3)
with_missing[rng.uniform(size=3000) < 0.1] = np.nan
with_missing[1000:1500] = np.nan  # one whole chunk missing
cases.append(case("missing-values-psi", with_missing, 500))
drifting = np.concatenate([rng.normal(0, 1, 2500), rng.normal(0.3, 1, 2500)])
cases.append(case("drifting-reference-psi", np.round(drifting, 3), 500))
# Leave-one-out (reference build): drawn last so the cases above keep their numbers.
cases.append(case("rest-normal-psi", np.round(rng.normal(50, 10, 5000), 3), 500, "psi", "rest"))
cases.append(case("rest-two-chunks-psi", np.round(rng.normal(0, 1, 2000), 3), 1000, "psi", "rest"))
cases.append(case("rest-missing-values-psi", with_missing, 500, "psi", "rest"))
cases.append(case("rest-normal-js", np.round(rng.normal(10, 2, 4000), 3), 500, "js", "rest"))
cases.append(case("rest-normal-wasserstein", np.round(rng.normal(10, 2, 4000), 3), 500, "wasserstein", "rest"))
cases.append(case("rest-lognormal-ties-psi", np.round(rng.lognormal(3, 0.6, 4000)), 400, "psi", "rest"))

out = {"generator": "Tests/Reference/generate_adaptive_vectors.py",
       "versions": {"numpy": np.__version__, "scipy": scipy.__version__}, "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adaptive_vectors.json")
with open(path, "w") as f:
    json.dump(enc(out), f, separators=(",", ":"), allow_nan=False)
print(f"{path}: {len(cases)} cases; {os.path.getsize(path) / 1e6:.2f} MB")
