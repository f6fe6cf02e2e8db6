#!/usr/bin/env bash
# Builds a libFuzzer + AddressSanitizer binary over the decoder sources (Sources/DriftwatchCore/
# Events and Output) and Tests/Fuzz/DecoderFuzzHarness.swift, then fuzzes for SECONDS (default 60).
#   scripts/fuzz-decoder.sh [SECONDS] [extra libFuzzer flags...]
# Not part of `swift build` / `make test`. Findings land in .build/fuzz/ (crash-*, corpus/).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"; shift || true
OUT=.build/fuzz
mkdir -p "$OUT/corpus"
cp -n Tests/Fuzz/seeds/* "$OUT/corpus/" 2>/dev/null || true
swiftc -O -sanitize=fuzzer,address -parse-as-library -swift-version 6 \
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault \
    -module-name DriftwatchFuzz \
    Sources/DriftwatchCore/Events/*.swift Sources/DriftwatchCore/Output/*.swift \
    Tests/Fuzz/DecoderFuzzHarness.swift -o "$OUT/decoder-fuzzer"
"$OUT/decoder-fuzzer" -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 \
    -dict=Tests/Fuzz/json.dict -artifact_prefix="$OUT/" "$@" "$OUT/corpus"
