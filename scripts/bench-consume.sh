#!/usr/bin/env bash
# Consumer benchmark: driftwatch's Kafka consumer beside kcat on the same topic, same run.
# A mock cluster runs in its own process (like a broker); 1,000,000 synthetic events (~634 B)
# fill a 64-partition topic (lz4 batches keep every partition under the mock's 5 MiB limit;
# 4 partitions would lose the oldest data). Extra arguments go to `driftwatch-bench consume`, e.g.
#   scripts/bench-consume.sh --consumer-property fetch.wait.max.ms=10
set -euo pipefail
cd "$(dirname "$0")/.."
events=${EVENTS:-1000000}
partitions=${PARTITIONS:-64}
command -v kcat >/dev/null || { echo "kcat is not installed (apt-get install kcat)." >&2; exit 1; }
swift build -c release --product driftwatch >&2
swift build -c release --product driftwatch-bench >&2
bin=.build/release/driftwatch
out=$(mktemp)
"$bin" mock-cluster --brokers 3 --topic "bench:$partitions" >"$out" &
mock=$!
trap 'kill $mock 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.1; done
brokers=$(head -1 "$out")
"$bin" produce-synthetic --brokers "$brokers" --topic bench --events "$events" --seed 1 >&2
.build/release/driftwatch-bench consume --existing "bench@$brokers" --events "$events" --partitions "$partitions" --rounds "${ROUNDS:-7}" "$@"
