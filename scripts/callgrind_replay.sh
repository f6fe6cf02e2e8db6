#!/usr/bin/env bash
# Instructions (callgrind Ir) per event of `driftwatch replay` over a fixed input, for several
# partition counts: a CPU measure that does not depend on what else runs on the machine.
# It runs `driftwatch-bench replay` (the same replay behind a synchronous main: valgrind 3.19
# crashes in programs with an async main, such as `driftwatch`; see BenchReplayCommand.swift),
# from a copy of the binary without DWARF (valgrind 3.19 cannot read Swift's DWARF 5).
#
#   scripts/callgrind_replay.sh [EVENTS] [PARTITIONS...]     (defaults: 100000, 1 4 40)
#
# The input is `driftwatch synthetic --events EVENTS --drift-at EVENTS/2 --seed 42` (~650 B per
# event), the configuration pipelines/example.yaml. Ir per event = (Ir of the replay − Ir of the
# same replay over an empty input) / EVENTS, so start-up (configuration, reference) is left out.
# Needs release builds (swift build -c release --product driftwatch --product driftwatch-bench)
# and valgrind.
# ARGS="--summaries-as-bytes" makes the model stage parse each summary's JSON, as `run` does.
# BIN=PATH counts another driftwatch-bench binary. KEEP=DIR keeps the callgrind.out files there (callgrind_annotate them to see where Ir go).
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-100000}
shift || true
partitions=("$@")
[ ${#partitions[@]} -gt 0 ] || partitions=(1 4 40)
bench=${BIN:-.build/release/driftwatch-bench}
for b in "$bench" .build/release/driftwatch; do
  [ -x "$b" ] || { echo "build first: swift build -c release --product driftwatch --product driftwatch-bench" >&2; exit 1; }
done
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
bin="$work/driftwatch-bench.nodebug"
objcopy --strip-debug "$bench" "$bin"
input="$work/events-$events.jsonl"
[ -s "$input" ] || .build/release/driftwatch synthetic --events "$events" --drift-at $((events / 2)) --seed 42 --out "$input" >/dev/null
: >"$work/empty.jsonl"

ir() {  # ir NAME INPUT PARTITIONS -> total Ir of the replay
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.$1.out" -q \
    "$bin" replay --config pipelines/example.yaml --input "$2" --partitions "$3" ${ARGS:-} >/dev/null 2>&1
  awk '/^(summary|totals):/ { print $2; exit }' "$work/callgrind.$1.out"
}

printf '%-11s %16s %16s %12s\n' partitions "Ir total" "Ir start-up" "Ir/event"
for n in "${partitions[@]}"; do
  base=$(ir "empty-p$n" "$work/empty.jsonl" "$n")
  total=$(ir "p$n" "$input" "$n")
  printf '%-11s %16s %16s %12.0f\n' "$n" "$total" "$base" "$(echo "($total - $base) / $events" | bc -l)"
done
[ -n "${KEEP:-}" ] || rm -rf "$work"
