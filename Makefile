SWIFT ?= swift
BIN := .build/release/driftwatch
BENCH := .build/release/driftwatch-bench

.PHONY: deps test-deps build demo test bench

deps:
	@scripts/ensure-deps.sh

test-deps:
	@scripts/ensure-deps.sh --test

build: deps
	$(SWIFT) build -c release --product driftwatch

demo: build
	$(BIN) demo

test: test-deps
	$(SWIFT) build --build-tests
	# DRIFTWATCH_CHAOS_FREEZE=1: the chaos suite's 45 s broker freeze too (README, Delivery).
	DRIFTWATCH_CHAOS_FREEZE=1 $(SWIFT) test --no-parallel
	python3 -m pytest -q tests/python

bench: deps
	$(SWIFT) build -c release --product driftwatch
	$(SWIFT) build -c release --product driftwatch-bench
	$(BENCH) pipeline
