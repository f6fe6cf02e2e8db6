"""End to end: a drifting run on the mock cluster publishes retrain triggers; a confluent-kafka
consumer reads them and the DAG's handler turns them into the retraining run's conf.

Needs the built binary (.build/debug/driftwatch, or DRIFTWATCH_BIN); `make test` builds it first.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

import driftwatch_retrain as dr

ROOT = Path(__file__).resolve().parents[2]
MODEL = "fraud-detector"


def binary():
    for candidate in (os.environ.get("DRIFTWATCH_BIN"), ROOT / ".build/debug/driftwatch", ROOT / ".build/release/driftwatch"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


confluent_kafka = pytest.importorskip("confluent_kafka", reason="pip install confluent-kafka")
BIN = binary()
pytestmark = pytest.mark.skipif(BIN is None, reason="driftwatch is not built: run `swift build` (or set DRIFTWATCH_BIN)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=3) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None, ""


def wait_for(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def cluster(tmp_path):
    topics = ["predictions:2", "labels:2", "model-alerts:1", "model-retrain:1",
              "model-window-reports:1", "driftwatch-dead-letter:1"]
    args = [BIN, "mock-cluster", "--brokers", "1"] + [a for t in topics for a in ("--topic", t)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        brokers = process.stdout.readline().strip()
        assert brokers.startswith("127.0.0.1:"), brokers
        yield brokers
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def worker(cluster, tmp_path):
    port = free_port()
    config = (ROOT / "pipelines/example.yaml").read_text()
    config = config.replace("reference: references/fraud-detector.json",
                            f"reference: {ROOT / 'pipelines/references/fraud-detector.json'}")
    config = config.replace("  port: 9464", f"  port: {port}").replace("  size: 10000", "  size: 5000")
    assert f"port: {port}" in config and "size: 5000" in config
    path = tmp_path / "pipeline.yaml"
    path.write_text(config)
    log = open(tmp_path / "run.log", "w")
    process = subprocess.Popen([BIN, "run", "--config", str(path), "--brokers", cluster], stdout=log, stderr=log)
    try:
        wait_for(lambda: http_get(port, "/readyz")[0] == 200, 60, "/readyz to turn ready")
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def read_topic(brokers, topic, idle_seconds=3.0, first_within=45.0):
    """Every message value of `topic` (JSON), read from the beginning until it stays quiet
    (joining the group on the mock cluster takes a few seconds before the first message)."""
    consumer = confluent_kafka.Consumer({
        "bootstrap.servers": brokers, "group.id": f"read-{topic}-{os.getpid()}-{time.time()}",
        "auto.offset.reset": "earliest", "enable.auto.commit": False,
    })
    consumer.subscribe([topic])
    values, quiet_since = [], time.time() + first_within
    try:
        while time.time() - quiet_since < idle_seconds:
            message = consumer.poll(0.2)
            if message is not None and message.error() is None:
                values.append(json.loads(message.value()))
                quiet_since = time.time()
    finally:
        consumer.close()
    return values


def test_retrain_triggers_reach_the_dag_handler(cluster, worker, tmp_path):
    produced = subprocess.run([BIN, "produce-synthetic", "--brokers", cluster, "--topic", "predictions",
                               "--events", "30000", "--drift-at", "12000", "--seed", "3"],
                              capture_output=True, text=True, timeout=120)
    assert produced.returncode == 0, produced.stderr

    consumer = confluent_kafka.Consumer({
        "bootstrap.servers": cluster, "group.id": f"airflow-test-{os.getpid()}",
        "auto.offset.reset": "earliest", "enable.auto.commit": False,
    })
    consumer.subscribe(["model-retrain"])
    messages = []
    deadline = time.time() + 90
    try:
        while time.time() < deadline and not messages:
            message = consumer.poll(0.5)
            if message is not None and message.error() is None:
                messages.append(message)
        # Whatever else the drifting run triggered.
        end = time.time() + 3
        while time.time() < end:
            message = consumer.poll(0.2)
            if message is not None and message.error() is None:
                messages.append(message)
    finally:
        consumer.close()
    assert messages, "no retrain trigger was published for a drifting stream"

    for message in messages:
        value = json.loads(message.value())
        assert message.key().decode() == MODEL
        event = dr.await_retrain_trigger(message, model_id=MODEL)
        assert event is not None, value
        assert event["conf"] == value["dag_conf"] and event["conf"], "the run's conf is the trigger's dag_conf"
        assert event["run_id"] == dr.run_id_for(value["trigger_id"])
        assert event["conf"]["model_id"] == MODEL
        assert dr.await_retrain_trigger(message, model_id="churn-model") is None, "other models are ignored"

    def scraped_all_events():
        status, text = http_get(worker, "/metrics")
        return text if status == 200 and 'driftwatch_events_consumed_total{topic="predictions"} 30000' in text else None
    metrics = wait_for(scraped_all_events, 30, "/metrics to count all 30,000 events")
    published = sum(float(line.rsplit(" ", 1)[1]) for line in metrics.splitlines()
                    if line.startswith("driftwatch_retrain_triggers_published_total{"))
    assert published >= len({json.loads(m.value())["trigger_id"] for m in messages})
    if shutil.which("promtool"):
        check = subprocess.run(["promtool", "check", "metrics"], input=metrics, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr

    # Every alert on the topic was counted once by type and severity.
    alerts = read_topic(cluster, "model-alerts")
    counted = {}
    for line in metrics.splitlines():
        if line.startswith("driftwatch_alerts_published_total{"):
            labels = dict(part.split("=", 1) for part in line[line.index("{") + 1:line.index("}")].split(","))
            counted[(labels["type"].strip('"'), labels["severity"].strip('"'))] = float(line.rsplit(" ", 1)[1])
    on_topic = {}
    for value in alerts:
        key = (value["type"], value["severity"])
        on_topic[key] = on_topic.get(key, 0) + 1
    # Every (type, severity) series exists from start-up at 0 (so rate() sees the first alert);
    # the ones that moved are exactly those on the topic.
    assert all(value == 0 for key, value in counted.items() if key not in on_topic), counted
    assert alerts and {key: value for key, value in counted.items() if value} == on_topic

    status, report = http_get(worker, "/report")
    assert status == 200 and MODEL in report and "Latest retrain triggers" in report
