#!/usr/bin/env bash
# Installs what driftwatch needs on a fresh Debian/Ubuntu machine.
#   scripts/ensure-deps.sh          build and demo: librdkafka (pkg-config rdkafka)
#   scripts/ensure-deps.sh --test   also what the tests use: promtool (Debian's prometheus, lints
#                                   /metrics, unit-tests the alerting rules), amtool (Debian's
#                                   prometheus-alertmanager, checks docker/alertmanager),
#                                   docker-compose (validates docker/docker-compose.yml),
#                                   pytest, pyyaml and confluent-kafka (tests/python), and the
#                                   real-Airflow venv .build-airflow/venv (scripts/airflow-venv.sh)
set -euo pipefail
for_tests=false
[ "${1:-}" = "--test" ] && for_tests=true

need=()
pkg-config --exists rdkafka 2>/dev/null || need+=(librdkafka-dev pkg-config)
command -v pkg-config >/dev/null || need+=(pkg-config)
if $for_tests; then
  command -v promtool >/dev/null || need+=(prometheus)
  command -v amtool >/dev/null || need+=(prometheus-alertmanager)
  command -v docker-compose >/dev/null || need+=(docker-compose)
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing: ${need[*]}" >&2
  $SUDO apt-get update -qq
  # --no-install-recommends: prometheus would otherwise pull in its exporters and web assets.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian starts the prometheus and alertmanager services on install; driftwatch only needs
  # promtool and amtool.
  if [[ " ${need[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null; then
    $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
  if [[ " ${need[*]} " == *" prometheus-alertmanager "* ]] && command -v systemctl >/dev/null; then
    $SUDO systemctl disable --now prometheus-alertmanager >/dev/null 2>&1 || true
  fi
fi
command -v swift >/dev/null || { echo "swift is not on PATH; install Swift 6.1 or newer (https://swift.org/install)." >&2; exit 1; }
$for_tests || exit 0
command -v python3 >/dev/null || { echo "python3 is not on PATH; the Python tests (tests/python) need it." >&2; exit 1; }
python3 -c "import pytest, yaml" 2>/dev/null || python3 -m pip install -q pytest pyyaml
# The end-to-end retrain test reads the mock cluster with confluent-kafka (skipped without it).
python3 -c "import confluent_kafka" 2>/dev/null || python3 -m pip install -q confluent-kafka || true
# tests/python/test_airflow_real.py runs the DAG under apache-airflow 3.3.2 in its own venv.
"$(dirname "$0")/airflow-venv.sh" >/dev/null ||
  echo "warning: could not create the Airflow venv (scripts/airflow-venv.sh); tests/python/test_airflow_real.py will try again and fail without it" >&2
