#!/usr/bin/env python3
"""The usual Python recipe driftwatch replaces, as a baseline for `make bench`.

What ML platform teams glue together today: a confluent-kafka consumer in a consumer group,
`json.loads` per message, rows collected into 10,000-event windows per model, and per window
for every feature numpy/scipy drift statistics against a reference profile:
PSI over the reference deciles, `scipy.stats.ks_2samp`, `scipy.stats.wasserstein_distance`,
`scipy.spatial.distance.jensenshannon` (numeric), and PSI, `scipy.stats.chisquare` and
`jensenshannon` over categories (categorical). Offsets are committed after each window.

    python3 scripts/bench_python_recipe.py --brokers 127.0.0.1:PORT --topic T --events N \
        --reference pipelines/references/fraud-detector.json [--group G] [--window 10000]

Prints one line of JSON: events, windows, wall seconds (from start, and from the first
message), events/s and peak RSS in MiB (getrusage ru_maxrss).
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
from confluent_kafka import Consumer, KafkaError
from scipy import stats
from scipy.spatial.distance import jensenshannon

FLOOR = 1e-4


def load_reference(path):
    profile = json.load(open(path))
    numeric, categorical = {}, {}
    for name, column in profile["features"].items():
        if column["type"] == "numeric":
            values = np.sort(np.asarray(column["values"], dtype=float))
            edges = np.unique(np.percentile(values, np.arange(10, 100, 10)))
            counts = np.histogram(values, bins=np.concatenate(([-np.inf], edges, [np.inf])))[0]
            numeric[name] = (values, edges, counts / counts.sum(), values.std())
        else:
            categorical[name] = column["categories"]
    return numeric, categorical


def psi(p, q):
    p = np.maximum(p, FLOOR)
    q = np.maximum(q, FLOOR)
    return float(np.sum((q - p) * np.log(q / p)))


def analyse(rows, numeric, categorical):
    result = {}
    for name, (ref, edges, p, std) in numeric.items():
        x = np.array([r.get(name) for r in rows], dtype=float)
        x = x[np.isfinite(x)]
        if x.size == 0:
            continue
        q = np.histogram(x, bins=np.concatenate(([-np.inf], edges, [np.inf])))[0] / x.size
        ks = stats.ks_2samp(ref, x, method="asymp")
        w1 = stats.wasserstein_distance(ref, x)
        result[name] = (psi(p, q), ks.pvalue, w1 / std if std else 0.0, float(jensenshannon(p, q)))
    for name, ref_counts in categorical.items():
        values = [r.get(name) for r in rows if isinstance(r.get(name), str)]
        if not values:
            continue
        keys, counts = np.unique(values, return_counts=True)
        current = dict(zip(keys.tolist(), counts.tolist()))
        union = sorted(set(ref_counts) | set(current))
        p = np.array([ref_counts.get(k, 0) for k in union], dtype=float)
        p /= p.sum()
        q = np.array([current.get(k, 0) for k in union], dtype=float)
        n = q.sum()
        expected = np.maximum(p, FLOOR)
        expected = expected / expected.sum() * n
        chi = stats.chisquare(q, expected)
        result[name] = (psi(p, q / n), chi.pvalue, float(jensenshannon(p, q / n)))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--reference", required=True)
    parser.add_argument("--group", default=f"python-recipe-{int(time.time() * 1000)}")
    parser.add_argument("--window", type=int, default=10_000)
    args = parser.parse_args()

    start = time.monotonic()
    numeric, categorical = load_reference(args.reference)
    consumer = Consumer({
        "bootstrap.servers": args.brokers, "group.id": args.group,
        "auto.offset.reset": "earliest", "enable.auto.commit": False,
        "session.timeout.ms": 10_000,
    })
    consumer.subscribe([args.topic])
    windows, open_rows, seen, first = 0, {}, 0, None
    while seen < args.events:
        batch = consumer.consume(num_messages=5_000, timeout=1.0)
        for message in batch:
            if message.error():
                if message.error().code() != KafkaError._PARTITION_EOF:
                    print(f"consumer error: {message.error()}", file=sys.stderr)
                continue
            if first is None:
                first = time.monotonic()
            seen += 1
            event = json.loads(message.value())
            rows = open_rows.setdefault(event["model_id"], [])
            rows.append(event.get("features", {}))
            if len(rows) >= args.window:
                analyse(rows, numeric, categorical)
                windows += 1
                open_rows[event["model_id"]] = []
                consumer.commit(asynchronous=True)
    consumer.close()
    end = time.monotonic()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "events": seen, "windows": windows,
        "seconds": round(end - start, 3),
        "seconds_from_first_message": round(end - (first or end), 3),
        "events_per_second": round(seen / (end - start)),
        "peak_rss_mib": round(peak_mib, 1),
    }))


if __name__ == "__main__":
    main()
