#!/usr/bin/env bash
# Builds the reference profiles the example configs in pipelines/ name (pipelines/references/):
#   fraud-detector     from 6,000 events of the demo's synthetic traffic (seed 7, no drift)
#   house-price        from a seeded synthetic CSV (python3 + numpy)
#   support-assistant  from a seeded synthetic CSV
# Usage: scripts/make-example-references.sh [path/to/driftwatch]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug/driftwatch}
OUT=pipelines/references
WORK=$(mktemp -d)
mkdir -p "$OUT"

trap 'rm -rf "$WORK"' EXIT
"$BIN" synthetic --events 6000 --seed 7 --out "$WORK/fraud.jsonl"
"$BIN" reference build --input "$WORK/fraud.jsonl" --model fraud-detector --out "$OUT/fraud-detector.json"

python3 - "$WORK" <<'PY'
import csv, sys
import numpy as np
work = sys.argv[1]
rng = np.random.default_rng(20260101)
n = 5000
with open(f"{work}/house-price.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["living_area_m2", "lot_area_m2", "year_built", "bedrooms", "neighbourhood", "condition", "prediction", "label"])
    hoods = ["north", "south", "east", "west", "centre", "harbour"]
    for _ in range(n):
        area = float(np.clip(rng.lognormal(4.7, 0.35), 25, 600))
        lot = float(np.clip(rng.lognormal(6.2, 0.6), 50, 10000))
        year = int(rng.integers(1900, 2025))
        beds = int(np.clip(round(area / 35 + rng.normal(0, 0.7)), 1, 8))
        hood = hoods[int(rng.choice(6, p=[0.2, 0.2, 0.15, 0.15, 0.2, 0.1]))]
        cond = ["poor", "fair", "good", "excellent"][int(rng.choice(4, p=[0.1, 0.3, 0.45, 0.15]))]
        price = 2500 * area + 20 * lot + 800 * (year - 1900) + rng.normal(0, 30000)
        w.writerow([round(area, 1), round(lot, 0), year, beds, hood, cond, round(price * rng.normal(1, 0.05), -2), round(price, -2)])
with open(f"{work}/support-assistant.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["prompt_chars", "language", "channel", "retrieved_docs", "prediction"])
    for _ in range(n):
        w.writerow([int(np.clip(rng.lognormal(5.5, 0.8), 5, 20000)),
                    ["en", "de", "fr", "es", "ja"][int(rng.choice(5, p=[0.6, 0.12, 0.1, 0.1, 0.08]))],
                    ["web", "app", "email"][int(rng.choice(3, p=[0.5, 0.35, 0.15]))],
                    int(rng.poisson(4)),
                    ["billing", "technical", "account", "other"][int(rng.choice(4, p=[0.3, 0.4, 0.2, 0.1]))]])
PY
"$BIN" reference build --input "$WORK/house-price.csv" --model house-price --max-values 2000 --out "$OUT/house-price.json"
"$BIN" reference build --input "$WORK/support-assistant.csv" --model support-assistant --max-values 2000 \
  --out "$OUT/support-assistant.json"
ls -la "$OUT"
