#!/usr/bin/env python3
"""The same window analysis as `driftwatch bench stats`, done with numpy/scipy, for the ratio.

One window of 10,000 events with 20 numeric features (normal, lognormal, uniform, counts with
ties, mostly constant; features 0-4 drifted) and 3 categorical features, against a 50,000-row
reference. Reference preparation (sort, decile edges, bin counts) happens once, outside the timing,
as in driftwatch. Per window, every feature gets every statistic: numpy summary (mean, std, min,
max, percentiles 1/25/50/75/99), PSI over the reference deciles, scipy.stats.ks_2samp(method="asymp"),
scipy.stats.wasserstein_distance and wasserstein_norm, scipy.spatial.distance.jensenshannon;
categorical PSI, scipy.stats.chisquare, jensenshannon, new categories. Prints the median of the
per-window thread CPU times (time.thread_time) over --runs.

    python3 scripts/bench_stats_scipy.py [--runs 30]
"""
import argparse
import time

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

parser = argparse.ArgumentParser()
parser.add_argument("--runs", type=int, default=30)
parser.add_argument("--window", type=int, default=10_000)
parser.add_argument("--reference", type=int, default=50_000)
args = parser.parse_args()

rng = np.random.default_rng(7)


def feature(f, n, drift):
    shift = 0.3 if drift else 0.0
    kind = f % 5
    if kind == 0:
        return 100 + 15 * (rng.normal(size=n) + shift)
    if kind == 1:
        return np.exp(3 + 0.8 * rng.normal(size=n) + shift)
    if kind == 2:
        return rng.uniform(size=n) * (1.3 if drift else 1)
    if kind == 3:
        return rng.poisson(4.5 if drift else 4, n).astype(float)
    return np.where(rng.uniform(size=n) < (0.8 if drift else 0.9), 0.0, rng.poisson(3, n))


def category(k, n, drift):
    u = rng.uniform(size=n)
    codes = np.minimum((k * u * u).astype(int), k - 1)
    if drift:
        codes = np.where(rng.uniform(size=n) < 0.2, k - 1, codes)
    return codes


categories = [["card", "paypal", "bank", "crypto", "voucher"], ["ios", "android", "web"],
              [f"country-{i}" for i in range(20)]]
ref_num = [feature(f, args.reference, False) for f in range(20)]
cur_num = [feature(f, args.window, f < 5) for f in range(20)]
ref_cat = [np.bincount(category(len(c), args.reference, False), minlength=len(c)) for c in categories]
cur_cat = [category(len(c), args.window, i == 0) for i, c in enumerate(categories)]

# Load-time preparation, as NumericReference/CategoricalReference do once.
prepared = []
for r in ref_num:
    s = np.sort(r)
    e = np.unique(np.percentile(s, np.arange(10, 100, 10)))
    counts = np.bincount(np.searchsorted(e, s, side="right"), minlength=len(e) + 1)
    prepared.append((s, e, counts, np.std(s)))


def psi(pc, qc):
    p = np.maximum(pc / pc.sum(), 1e-4)
    q = np.maximum(qc / qc.sum(), 1e-4)
    return np.sum((q - p) * np.log(q / p))


def window():
    out = 0.0
    for f in range(20):
        c = cur_num[f]
        c = c[np.isfinite(c)]
        s, e, rc, sd = prepared[f]
        summary = (np.mean(c), np.std(c), np.min(c), np.max(c), np.percentile(c, [1, 25, 50, 75, 99]))
        cc = np.bincount(np.searchsorted(e, c, side="right"), minlength=len(e) + 1)
        ks = stats.ks_2samp(s, c, method="asymp")
        w = stats.wasserstein_distance(s, c)
        out += summary[0] + psi(rc, cc) + ks.pvalue + w / sd + jensenshannon(rc, cc)
    for i, names in enumerate(categories):
        cc = np.bincount(cur_cat[i], minlength=len(names))
        rc = ref_cat[i]
        p = np.maximum(rc / rc.sum(), 1e-4)
        p = p / p.sum()
        chi = stats.chisquare(cc, cc.sum() * p)
        new = [names[k] for k in np.nonzero((cc > 0) & (rc == 0))[0]]
        out += psi(rc, cc) + chi.pvalue + jensenshannon(rc, cc) + len(new)
    return out


window()  # warm-up
times = []
for _ in range(args.runs):
    t = time.thread_time()
    window()
    times.append((time.thread_time() - t) * 1000)
times.sort()
print(f"scipy bench stats: window {args.window} events, 20 numeric + 3 categorical features, "
      f"reference {args.reference} rows")
print(f"per window over {args.runs} runs (thread CPU time): median {times[len(times) // 2]:.3f} ms, "
      f"min {times[0]:.3f} ms")
