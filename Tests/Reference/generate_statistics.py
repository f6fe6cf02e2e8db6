#!/usr/bin/env python3
"""Generates Tests/Reference/statistics_vectors.json: inputs and the values numpy, scipy and
sklearn give for them, for the Swift statistics tests (SPEC section 5).

    python3 Tests/Reference/generate_statistics.py   # numpy, scipy, scikit-learn from pip

Non-finite numbers are written as the strings "nan", "inf", "-inf" (JSON has no such numbers).
driftwatch treats NaN and +-inf as missing (Statistics/NumericSample.swift), so every numeric
expectation here is computed on x[np.isfinite(x)]. Deterministic (fixed seed).
"""
import json
import math
import os

import numpy as np
import scipy
import sklearn
from scipy import special, stats
from scipy.spatial.distance import jensenshannon
from sklearn import metrics

rng = np.random.default_rng(20260101)
FLOOR = 1e-4


def enc(x):
    if isinstance(x, (list, tuple, np.ndarray)):
        return [enc(v) for v in x]
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    return x


def compact(a, digits):
    """Rounds generated samples so the JSON stays small; the rounded values are the inputs."""
    return np.round(np.asarray(a, dtype=float), digits)


def psi_edges(r):
    if len(r) == 0:
        return np.array([])
    e = np.percentile(r, np.arange(10, 100, 10))
    out = []
    for v in e:
        if not out or out[-1] != v:
            out.append(v)
    return np.array(out)


def bin_counts(x, edges):
    idx = np.searchsorted(edges, x, side="right")  # e_i <= x < e_{i+1}
    return np.bincount(idx, minlength=len(edges) + 1)


def psi(pc, qc):
    if pc.sum() == 0 or qc.sum() == 0:
        return float("nan")
    p = np.maximum(pc / pc.sum(), FLOOR)
    q = np.maximum(qc / qc.sum(), FLOOR)
    return float(np.sum((q - p) * np.log(q / p)))


def js(pc, qc):
    if pc.sum() == 0 or qc.sum() == 0:
        return float("nan")
    return float(jensenshannon(pc.astype(float), qc.astype(float)))


def summary(x):
    f = x[np.isfinite(x)]
    out = {"count": len(f), "missing": len(x) - len(f)}
    if len(f) == 0:
        for k in ["mean", "std", "min", "max", "p01", "p25", "p50", "p75", "p99"]:
            out[k] = float("nan")
        return out
    out.update(mean=np.mean(f), std=np.std(f), min=np.min(f), max=np.max(f))
    for k, q in [("p01", 1), ("p25", 25), ("p50", 50), ("p75", 75), ("p99", 99)]:
        out[k] = np.percentile(f, q)
    return out


def numeric_case(name, r, c):
    r = np.asarray(r, dtype=float)
    c = np.asarray(c, dtype=float)
    rf = r[np.isfinite(r)]
    cf = c[np.isfinite(c)]
    edges = psi_edges(rf)
    rc = bin_counts(rf, edges)
    cc = bin_counts(cf, edges)
    case = {"name": name, "reference": r, "current": c, "edges": edges,
            "reference_bins": rc, "current_bins": cc,
            "psi": psi(rc, cc) if len(rf) else float("nan"),
            "js": js(rc, cc) if len(rf) else float("nan"),
            "summary": summary(c)}
    if len(rf) and len(cf):
        res = stats.ks_2samp(rf, cf, method="asymp")
        w = stats.wasserstein_distance(rf, cf)
        sd = np.std(rf)
        case.update(ks_statistic=res.statistic, ks_pvalue=res.pvalue, wasserstein=w,
                    wasserstein_norm=(0.0 if w == 0 else float("inf")) if sd == 0 else w / sd)
    else:
        case.update(ks_statistic=float("nan"), ks_pvalue=float("nan"),
                    wasserstein=float("nan"), wasserstein_norm=float("nan"))
    return case


numeric = []
sizes = [1, 2, 3, 5, 8, 13, 30, 100, 141, 300, 1000, 3000]
for i in range(60):
    n1 = int(rng.choice(sizes))
    n2 = int(rng.choice(sizes))
    shift = float(rng.choice([0, 0, 0.05, 0.2, 0.5, 1.0, 3.0]))
    scale = float(rng.choice([1, 1, 1.5, 0.5]))
    numeric.append(numeric_case(f"normal-{i}-{n1}x{n2}-shift{shift}",
                                compact(rng.normal(0, 1, n1), 5),
                                compact(rng.normal(shift, scale, n2), 5)))
for i in range(40):
    n1 = int(rng.choice([1, 2, 10, 200, 1000, 4000]))
    n2 = int(rng.choice([1, 2, 10, 200, 1000, 4000]))
    lam1 = float(rng.choice([0.3, 1, 3, 10]))
    lam2 = lam1 * float(rng.choice([1, 1, 1.1, 1.5, 3]))
    numeric.append(numeric_case(f"poisson-ties-{i}-{n1}x{n2}",
                                rng.poisson(lam1, n1), rng.poisson(lam2, n2)))
for i in range(20):
    n1 = int(rng.choice([50, 500, 2000]))
    n2 = int(rng.choice([50, 500, 2000]))
    numeric.append(numeric_case(f"lognormal-{i}", compact(rng.lognormal(3, 1, n1), 3),
                                compact(rng.lognormal(3 + 0.1 * (i % 4), 1, n2), 3)))
for i in range(10):  # the same sample on both sides / near-identical: p-values near 1
    r = compact(rng.normal(10, 2, 2000), 4)
    numeric.append(numeric_case(f"identical-{i}", r, r[: 200 * (i + 1)]))
for i in range(10):  # very different: p-values near 0 (and exactly 0)
    n1 = int(rng.choice([100, 1000, 5000]))
    n2 = int(rng.choice([100, 1000, 5000]))
    numeric.append(numeric_case(f"far-{i}", compact(rng.normal(0, 1, n1), 4),
                                compact(rng.normal(0.15 * (i + 1), 1, n2), 4)))
numeric += [
    numeric_case("constant-both-equal", np.full(500, 7.0), np.full(300, 7.0)),
    numeric_case("constant-both-different", np.full(500, 7.0), np.full(300, 8.0)),
    numeric_case("constant-reference", np.full(1000, 0.0), compact(rng.normal(0, 1, 400), 4)),
    numeric_case("constant-current", compact(rng.normal(0, 1, 400), 4), np.full(100, 0.25)),
    numeric_case("single-distinct-in-window", rng.poisson(2, 1000), np.full(1000, 2.0)),
    numeric_case("all-missing-window", compact(rng.normal(0, 1, 100), 4), np.full(50, np.nan)),
    numeric_case("empty-window", compact(rng.normal(0, 1, 100), 4), np.array([])),
    numeric_case("all-missing-reference", np.full(20, np.nan), compact(rng.normal(0, 1, 100), 4)),
    numeric_case("one-vs-one-equal", [1.0], [1.0]),
    numeric_case("one-vs-one", [1.0], [2.0]),
    numeric_case("one-vs-two", [1.0], [2.0, 0.5]),
    numeric_case("two-vs-two", [1.0, 2.0], [2.0, 3.0]),
    numeric_case("one-vs-many", [0.0], compact(rng.normal(0, 1, 1000), 4)),
    numeric_case("many-vs-one", compact(rng.normal(0, 1, 1000), 4), [0.1]),
    numeric_case("extreme-outliers",
                 np.concatenate([compact(rng.normal(0, 1, 1000), 4), [1e12, -1e12]]),
                 np.concatenate([compact(rng.normal(0, 1, 500), 4), [3e12]])),
    numeric_case("outlier-window", compact(rng.normal(0, 1, 1000), 4),
                 np.concatenate([compact(rng.normal(0, 1, 999), 4), [1e9]])),
    numeric_case("nan-and-inf",
                 np.concatenate([compact(rng.normal(0, 1, 500), 4), [np.nan, np.inf, -np.inf]]),
                 np.concatenate([compact(rng.normal(0.3, 1, 300), 4), [np.nan] * 20 + [np.inf] * 5 + [-np.inf]])),
    numeric_case("only-inf-window", compact(rng.normal(0, 1, 100), 4), [np.inf, -np.inf, np.nan]),
    numeric_case("negative-zero", [-0.0, 0.0, 1.0, -1.0] * 10, [0.0, -0.0, 0.5] * 10),
    numeric_case("mostly-constant", np.concatenate([np.zeros(950), rng.poisson(3, 50)]),
                 np.concatenate([np.zeros(800), rng.poisson(3, 200)])),
    numeric_case("binary-feature", rng.integers(0, 2, 2000), rng.integers(0, 2, 500)),
    numeric_case("window-above-reference", compact(rng.uniform(0, 1, 1000), 4),
                 compact(rng.uniform(2, 3, 1000), 4)),
    numeric_case("window-below-reference", compact(rng.uniform(0, 1, 1000), 4),
                 compact(rng.uniform(-3, -2, 10), 4)),
    numeric_case("unbalanced-50000-vs-10000", compact(rng.normal(100, 15, 50000), 1),
                 compact(rng.normal(101, 15, 10000), 1)),
    numeric_case("unbalanced-50000-vs-10000-integers", rng.poisson(4, 50000),
                 rng.poisson(4.2, 10000)),
]

# The Kolmogorov distribution itself (scipy.stats.kstwo.sf) over every region of _kolmogn.
kolmogorov = []
for n in [1, 2, 3, 4, 5, 7, 10, 16, 25, 50, 80, 100, 139, 140, 141, 200, 500, 1000, 2000,
          8333, 9091, 50000, 100000, 100001, 250000]:
    xs = set([0.0, 0.4 / n, 0.5 / n, 0.75 / n, 1.0 / n, 1.5 / n, 0.5, 0.6, 0.99, 1.0,
              1 - 1.0 / n if n > 1 else 0.5])
    for z in [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.36, 1.5, 1.63,
              1.8, 2.0, 2.5, 3.0, 4.0, 6.0, 10.0, 20.0]:
        xs.add(z / math.sqrt(n))
    for x in sorted(xs):
        if 0 <= x <= 1:
            kolmogorov.append({"n": n, "x": x, "sf": stats.kstwo.sf(x, n)})

ks_pvalues = []
for (n1, n2) in [(1, 1), (1, 2), (2, 2), (3, 3), (5, 5), (1, 1000), (10, 20), (100, 100),
                 (139, 150), (300, 200), (1000, 1000), (10000, 50000), (10000, 100000),
                 (1000, 50000), (7, 13), (50, 50000)]:
    for d in [0.0, 0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0]:
        # scipy's asymp branch, called the way ks_2samp does it.
        m, n = sorted([float(n1), float(n2)], reverse=True)
        en = m * n / (m + n)
        p = stats.kstwo.sf(d, np.round(en))
        ks_pvalues.append({"d": d, "n1": n1, "n2": n2, "p": np.clip(p, 0, 1)})

gammaincc = []
for a in [0.5, 1, 1.5, 2, 2.5, 3, 5, 7.5, 10, 20, 49.5, 100, 500, 5000, 49999.5]:
    for f in [0, 0.01, 0.1, 0.5, 0.8, 0.95, 1, 1.05, 1.2, 1.5, 2, 3, 5, 10]:
        x = a * f
        gammaincc.append({"a": a, "x": x, "q": special.gammaincc(a, x)})
    for dx in [1, 3, 10]:
        x = a + dx * math.sqrt(a)
        gammaincc.append({"a": a, "x": x, "q": special.gammaincc(a, x)})


def categorical_case(name, ref, cur):
    cats = sorted(k for k, v in ref.items() if v > 0)
    new = sorted(k for k, v in cur.items() if v > 0 and k not in ref or (k in ref and ref[k] <= 0 and v > 0))
    union = cats + [c for c in new if c not in cats]
    pc = np.array([ref.get(c, 0) if ref.get(c, 0) > 0 else 0 for c in union], dtype=float)
    qc = np.array([cur.get(c, 0) if cur.get(c, 0) > 0 else 0 for c in union], dtype=float)
    case = {"name": name, "reference": ref, "current": cur, "categories": union,
            "new_categories": new, "psi": psi(pc, qc), "js": js(pc, qc)}
    if pc.sum() > 0 and qc.sum() > 0:
        p = np.maximum(pc / pc.sum(), FLOOR)
        p = p / p.sum()
        res = stats.chisquare(qc, qc.sum() * p)
        case.update(chi2_statistic=res.statistic, chi2_pvalue=res.pvalue)
    else:
        case.update(chi2_statistic=float("nan"), chi2_pvalue=float("nan"))
    return case


categorical = []
names = ["a", "b", "c", "d", "e", "f", "g", "h", "card", "paypal", "bank", "crypto", "ios",
         "android", "web", "DE", "FR", "US", "GB", "JP"]
for i in range(80):
    k = int(rng.integers(2, 12))
    cats = list(rng.choice(names, k, replace=False))
    alpha = rng.uniform(0.2, 3, k)
    p = rng.dirichlet(alpha)
    nr = int(rng.choice([1, 5, 50, 1000, 50000]))
    nc = int(rng.choice([1, 5, 50, 1000, 10000]))
    rc = rng.multinomial(nr, p)
    q = p if i % 3 == 0 else rng.dirichlet(alpha)
    cc = rng.multinomial(nc, q)
    ref = {c: int(v) for c, v in zip(cats, rc) if v > 0}
    cur = {c: int(v) for c, v in zip(cats, cc) if v > 0}
    if i % 5 == 1:
        cur["brand-new"] = int(rng.integers(1, 50))
    if i % 7 == 2:
        cur.pop(max(cur, key=cur.get), None)
    if not ref:
        ref = {cats[0]: 1}
    categorical.append(categorical_case(f"random-{i}-{nr}x{nc}", ref, cur))
categorical += [
    categorical_case("one-category", {"x": 100}, {"x": 40}),
    categorical_case("one-category-new-in-window", {"x": 100}, {"y": 40}),
    categorical_case("only-in-reference", {"x": 100, "y": 50, "z": 1}, {"x": 40}),
    categorical_case("only-in-window", {"x": 100, "y": 50}, {"x": 40, "y": 20, "new1": 3, "new2": 1}),
    categorical_case("empty-window", {"x": 100, "y": 50}, {}),
    categorical_case("identical", {"x": 100, "y": 50, "z": 25}, {"x": 100, "y": 50, "z": 25}),
    categorical_case("bools", {"true": 700, "false": 300}, {"true": 500, "false": 500}),
    categorical_case("tiny-reference-share", {"x": 100000, "y": 1}, {"x": 9000, "y": 1000}),
    categorical_case("p-near-one", {"a": 5000, "b": 5000}, {"a": 5001, "b": 4999}),
    categorical_case("p-zero", {"a": 5000, "b": 5000}, {"a": 10000, "b": 0}),
]

classification = []
for i in range(30):
    n = int(rng.choice([5, 20, 100, 1000]))
    kind = ["int", "str", "bool"][i % 3]
    y = rng.integers(0, 2, n)
    score = np.clip(y * 0.3 + rng.uniform(0, 0.7, n), 0, 1)
    if i % 2 == 0:
        score = np.round(score, 1)  # heavy ties
    pred = (score >= 0.5).astype(int)
    if kind == "int":
        ys, ps = [str(int(v)) for v in y], [str(int(v)) for v in pred]
    elif kind == "bool":
        ys, ps = ["true" if v else "false" for v in y], ["true" if v else "false" for v in pred]
    else:
        ys, ps = ([("1" if v else "0") for v in y], [("true" if v else "false") for v in pred])
    yb = np.array([v in ("1", "true") for v in ys])
    pb = np.array([v in ("1", "true") for v in ps])
    classification.append({
        "name": f"binary-{kind}-{i}", "labels": ys, "predictions": ps, "scores": score,
        "binary": True,
        "accuracy": metrics.accuracy_score(yb, pb),
        "precision": metrics.precision_score(yb, pb, zero_division=0),
        "recall": metrics.recall_score(yb, pb, zero_division=0),
        "f1": metrics.f1_score(yb, pb, zero_division=0),
        "auc": metrics.roc_auc_score(yb, score) if 0 < yb.sum() < len(yb) else float("nan")})
for i in range(15):
    n = int(rng.choice([10, 100, 1000]))
    k = int(rng.integers(3, 6))
    classes = ["cat", "dog", "bird", "fish", "ant"][:k]
    y = rng.choice(classes, n)
    pred = np.where(rng.uniform(size=n) < 0.7, y, rng.choice(classes + ["other"], n))
    classification.append({
        "name": f"multiclass-{i}", "labels": list(y), "predictions": list(pred), "scores": None,
        "binary": False,
        "accuracy": metrics.accuracy_score(y, pred),
        "precision": metrics.precision_score(y, pred, average="weighted", zero_division=0),
        "recall": metrics.recall_score(y, pred, average="weighted", zero_division=0),
        "f1": metrics.f1_score(y, pred, average="weighted", zero_division=0),
        "auc": float("nan")})
y = np.array([1, 1, 1, 1]); pr = np.array([0, 0, 0, 0])
classification.append({"name": "one-class-only", "labels": ["1"] * 4, "predictions": ["0"] * 4,
                       "scores": [0.1, 0.2, 0.2, 0.9], "binary": True,
                       "accuracy": 0.0, "precision": metrics.precision_score(y, pr, zero_division=0),
                       "recall": 0.0, "f1": metrics.f1_score(y, pr, zero_division=0), "auc": float("nan")})

regression = []
for i in range(10):
    n = int(rng.choice([1, 2, 10, 1000]))
    y = compact(rng.normal(50, 10, n), 3)
    p = compact(y + rng.normal(0, 3, n), 3)
    regression.append({"labels": y, "predictions": p, "mae": metrics.mean_absolute_error(y, p),
                       "rmse": math.sqrt(metrics.mean_squared_error(y, p))})

latency = []
for i in range(10):
    n = int(rng.choice([1, 2, 3, 100, 10000]))
    x = compact(rng.lognormal(3.7, 0.5, n), 2)
    latency.append({"latencies": x, "p50": np.percentile(x, 50), "p95": np.percentile(x, 95),
                    "p99": np.percentile(x, 99), "max": np.max(x), "mean": np.mean(x)})

out = {
    "generator": "Tests/Reference/generate_statistics.py",
    "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
    "numeric": numeric, "kolmogorov": kolmogorov, "ks_pvalues": ks_pvalues,
    "gammaincc": gammaincc, "categorical": categorical, "classification": classification,
    "regression": regression, "latency": latency,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "statistics_vectors.json")
with open(path, "w") as f:
    json.dump(enc(out), f, separators=(",", ":"), allow_nan=False)
print(f"{path}: {len(numeric)} numeric, {len(kolmogorov)} kolmogorov, {len(ks_pvalues)} ks p-values, "
      f"{len(gammaincc)} gammaincc, {len(categorical)} categorical, {len(classification)} "
      f"classification, {len(regression)} regression, {len(latency)} latency cases; "
      f"{os.path.getsize(path) / 1e6:.2f} MB")
