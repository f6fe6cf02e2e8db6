#!/usr/bin/env bash
# Runs chaos suites N times each from a frozen copy of the test binaries (so a rebuild in the
# worktree does not swap them mid-run) and appends one line per run to the log:
#   scripts/chaos-loop.sh BIN_DIR LOG RUNS Suite [Suite...]
# BIN_DIR holds copies of .build/debug/driftwatch and driftwatchPackageTests.xctest.
# Each run's full output goes to LOG.d/<suite>-<n>.out; the summary line keeps the test's
# "chaos:" lines (ids compared, duplicates, recovery) and the verdict.
set -u
bin=$1 log=$2 runs=$3; shift 3
mkdir -p "$log.d"
for n in $(seq 1 "$runs"); do
  for suite in "$@"; do
    out="$log.d/$suite-$n.out"
    start=$(date +%s)
    DRIFTWATCH_CHAOS_FREEZE=1 DRIFTWATCH_CHAOS_SEED=$((20261203 + n - 1)) \
      timeout 900 "$bin/driftwatchPackageTests.xctest" --testing-library swift-testing \
      --filter "$suite" >"$out" 2>&1
    rc=$?
    verdict=$([ $rc = 0 ] && grep -q "passed after" "$out" && echo PASS || echo "FAIL rc=$rc")
    {
      echo "$(date -u +%H:%M:%S) $suite run $n seed $((20261203 + n - 1)): $verdict in $(( $(date +%s) - start )) s"
      grep -h "chaos:" "$out" | sed 's/^/    /'
      [ "$verdict" = PASS ] || grep -h "✘\|Expectation failed\|recorded an issue" "$out" | head -8 | sed 's/^/    ! /'
    } >>"$log"
  done
done
