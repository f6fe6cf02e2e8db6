#!/usr/bin/env bash
# Creates, once, the Python venv in which tests/python/test_airflow_real.py runs the shipped DAG
# under real Airflow: .build-airflow/venv (gitignored) with apache-airflow 3.3.2 and
# apache-airflow-providers-apache-kafka 2.1.0 (pip; about a minute, ~300 MB). Prints the venv's
# python on stdout; progress and errors go to stderr. Safe to run concurrently (flock) and again
# (a stamp file records what was installed; a broken or different venv is rebuilt).
#   DRIFTWATCH_AIRFLOW_VENV       where the venv lives (default .build-airflow/venv)
#   DRIFTWATCH_AIRFLOW_PIP_TIMEOUT seconds pip may take in all (default 900)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${DRIFTWATCH_AIRFLOW_VENV:-$root/.build-airflow/venv}
want="apache-airflow==3.3.2 apache-airflow-providers-apache-kafka==2.1.0"
stamp="$venv/.driftwatch-requirements"

ready() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
    "$venv/bin/python" -c "import airflow.providers.apache.kafka, confluent_kafka" 2>/dev/null
}

mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
command -v flock >/dev/null && flock -w 1200 9
if ready; then echo "$venv/bin/python"; exit 0; fi

if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
  # Debian ships venv's ensurepip separately.
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing python3-venv" >&2
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
echo "creating $venv with $want (about a minute)" >&2
rm -rf "$venv"
python3 -m venv "$venv"
timeout "${DRIFTWATCH_AIRFLOW_PIP_TIMEOUT:-900}" "$venv/bin/pip" install -q --disable-pip-version-check \
  --timeout 60 --retries 3 $want >&2
echo "$want" >"$stamp"
ready || { echo "the Airflow venv $venv does not import airflow's Kafka provider" >&2; exit 1; }
echo "$venv/bin/python"
