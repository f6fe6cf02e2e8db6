#!/usr/bin/env python3
"""Generates Tests/Reference/merge_vectors.json for the window-summary merge tests
(Tests/DriftwatchCoreTests/ModelStage/WindowSummaryMergeTests.swift).

    python3 Tests/Reference/generate_merge_vectors.py   # numpy, scipy from pip

A reference sample per column and several current CHUNKS (different sizes, ties, a constant
column, a drifted chunk, values outside the reference range, nulls, new categories). The Swift
test builds one WindowSummary per chunk, merges them in different orders and compares the
merged statistics with the values below, which scipy/numpy compute over the UNION of the chunks
(SPEC section 5 definitions). Chunk rows line up: row i of chunk j is one event carrying every
column's value i (None = null feature). Deterministic (fixed seed).
"""
import json
import os

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

rng = np.random.default_rng(20261203)
FLOOR = 1e-4
CHUNK_SIZES = [37, 250, 700, 1300]
DRIFTED_CHUNK = 3


def psi_edges(r):
    e = np.percentile(r, np.arange(10, 100, 10))
    out = []
    for v in e:
        if not out or out[-1] != v:
            out.append(v)
    return np.array(out)


def psi(p_counts, q_counts):
    p = np.maximum(p_counts / p_counts.sum(), FLOOR)
    q = np.maximum(q_counts / q_counts.sum(), FLOOR)
    return float(np.sum((q - p) * np.log(q / p)))


def numeric_expected(ref, union):
    edges = psi_edges(ref)
    # bin i holds e_i <= x < e_{i+1}: searchsorted(side="right") is the bin index.
    rb = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=len(edges) + 1)
    cb = np.bincount(np.searchsorted(edges, union, side="right"), minlength=len(edges) + 1)
    ks = stats.ks_2samp(ref, union, method="asymp")
    return {
        "psi": psi(rb.astype(float), cb.astype(float)),
        "js": float(jensenshannon(rb, cb)),
        "ks_statistic": float(ks.statistic),
        "ks_pvalue": float(ks.pvalue),
        "wasserstein": float(stats.wasserstein_distance(ref, union)),
        "mean": float(np.mean(union)),
        "std": float(np.std(union)),
        "reference_bins": rb.tolist(),
        "union_bins": cb.tolist(),
    }


def numeric_columns():
    cols = []
    # Continuous with 3 decimals (a few ties), tails beyond the reference, nulls, a drifted chunk.
    ref = np.round(rng.normal(50, 10, 2000), 3)
    chunks = []
    for j, n in enumerate(CHUNK_SIZES):
        x = np.round(rng.normal(53 if j == DRIFTED_CHUNK else 50, 12, n), 3)
        chunks.append(x)
    cols.append(("normal", ref, chunks))
    # Integer counts: heavy ties (point-mass bins).
    ref = rng.poisson(3, 2000).astype(float)
    chunks = [rng.poisson(4 if j == DRIFTED_CHUNK else 3, n).astype(float) for j, n in enumerate(CHUNK_SIZES)]
    cols.append(("integer", ref, chunks))
    # Constant reference; the drifted chunk moves part of the mass.
    ref = np.full(500, 7.5)
    chunks = []
    for j, n in enumerate(CHUNK_SIZES):
        x = np.full(n, 7.5)
        if j == DRIFTED_CHUNK:
            x[: n // 3] = 8.0
        chunks.append(x)
    cols.append(("constant", ref, chunks))
    # Skewed (lognormal), scaled up in the drifted chunk.
    ref = np.round(rng.lognormal(3, 0.8, 2000), 2)
    chunks = [np.round(rng.lognormal(3.4 if j == DRIFTED_CHUNK else 3, 0.8, n), 2) for j, n in enumerate(CHUNK_SIZES)]
    cols.append(("skewed", ref, chunks))
    out = []
    for name, ref, chunks in cols:
        lists = [[float(v) for v in c] for c in chunks]
        if name == "normal":  # a few nulls in chunk 1
            for i in range(0, 40, 7):
                lists[1][i] = None
        union = np.array([v for c in lists for v in c if v is not None])
        entry = {"name": name, "reference": [float(v) for v in ref], "chunks": lists}
        entry.update(numeric_expected(ref, union))
        out.append(entry)
    return out


def categorical_columns():
    ref_counts = {"a": 900, "b": 600, "c": 300, "d": 150, "e": 3}
    cats = list(ref_counts)
    p = np.array([ref_counts[c] for c in cats], dtype=float)
    p /= p.sum()
    chunks = []
    for j, n in enumerate(CHUNK_SIZES):
        pool = cats + (["x", "y"] if j in (1, DRIFTED_CHUNK) else [])
        w = np.concatenate([p, [0.05, 0.02]]) if len(pool) > len(cats) else p
        chunks.append([str(v) for v in rng.choice(pool, n, p=w / w.sum())])
    union = {}
    for c in chunks:
        for v in c:
            union[v] = union.get(v, 0) + 1
    order = sorted(ref_counts) + sorted(k for k in union if k not in ref_counts)
    r = np.array([ref_counts.get(k, 0) for k in order], dtype=float)
    q = np.array([union.get(k, 0) for k in order], dtype=float)
    pf = np.maximum(r / r.sum(), FLOOR)
    chi = stats.chisquare(q, q.sum() * pf / pf.sum())
    return [{
        "name": "category", "reference": ref_counts, "chunks": chunks, "categories": order,
        "psi": psi(r, q), "js": float(jensenshannon(r, q)),
        "chi2_statistic": float(chi.statistic), "chi2_pvalue": float(chi.pvalue),
    }]


def latency():
    chunks = [np.round(rng.lognormal(np.log(40), 0.5 if j != DRIFTED_CHUNK else 0.9, n), 2) for j, n in enumerate(CHUNK_SIZES)]
    union = np.concatenate(chunks)
    return {
        "chunks": [c.tolist() for c in chunks],
        "p50": float(np.percentile(union, 50)), "p95": float(np.percentile(union, 95)),
        "p99": float(np.percentile(union, 99)), "max": float(np.max(union)), "mean": float(np.mean(union)),
    }


def main():
    data = {
        "chunk_sizes": CHUNK_SIZES,
        "numeric": numeric_columns(),
        "categorical": categorical_columns(),
        "latency": latency(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "merge_vectors.json")
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
    print(path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
