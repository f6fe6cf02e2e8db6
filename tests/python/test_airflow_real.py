"""The shipped DAG under real Airflow (3.3.2, Kafka provider 2.1.0) against a mock Kafka cluster.

The venv comes from scripts/airflow-venv.sh (cached in .build-airflow/, created on first use;
`make test` creates it through scripts/ensure-deps.sh --test). Airflow runs in its own processes
with that venv's python, a temporary AIRFLOW_HOME and a SQLite metadata database; this test only
drives it and reads the database. Set DRIFTWATCH_SKIP_AIRFLOW=1 to skip (no network for pip).

1. The DAG file parses with zero import errors, with the DAGs folder on sys.path.
2. A retrain trigger that `driftwatch replay` produced for a drifting stream, published to the mock
   cluster, makes `airflow dags test driftwatch_retrain_listener` start driftwatch_retrain_model
   with run_id = trigger_id and conf = dag_conf.
3. The same trigger republished (as driftwatch does after a crash) starts no second run.
"""
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DAGS = ROOT / "pipelines" / "airflow"


def binary():
    for candidate in (os.environ.get("DRIFTWATCH_BIN"), ROOT / ".build/debug/driftwatch", ROOT / ".build/release/driftwatch"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


BIN = binary()

pytestmark = [
    pytest.mark.skipif(os.environ.get("DRIFTWATCH_SKIP_AIRFLOW") == "1", reason="DRIFTWATCH_SKIP_AIRFLOW=1"),
    pytest.mark.skipif(BIN is None, reason="driftwatch is not built: run `swift build` (or set DRIFTWATCH_BIN)"),
]

MODEL = "fraud-detector"
LISTENER, RETRAIN = "driftwatch_retrain_listener", "driftwatch_retrain_model"


@pytest.fixture(scope="module")
def airflow_python():
    made = subprocess.run([str(ROOT / "scripts/airflow-venv.sh")], capture_output=True, text=True, timeout=1500)
    assert made.returncode == 0, f"scripts/airflow-venv.sh failed:\n{made.stderr[-3000:]}"
    return made.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def airflow_env(airflow_python, tmp_path_factory):
    home = tmp_path_factory.mktemp("airflow-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home}/airflow.db",
        "PYTHONPATH": str(DAGS),
        "PYTHONWARNINGS": "ignore",
        "DRIFTWATCH_MODEL_ID": MODEL,
    })
    migrate = run_airflow(airflow_python, env, ["db", "migrate"], timeout=600)
    assert migrate.returncode == 0, migrate.stdout[-3000:]
    return env


def run_airflow(python, env, args, timeout):
    airflow = str(Path(python).parent / "airflow")
    return subprocess.run([airflow, *args], env=env, capture_output=True, text=True, timeout=timeout)


def run_python(python, env, code, *args, timeout=120):
    done = subprocess.run([python, "-c", code, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


PARSE = """
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
print(json.dumps({"errors": {f: str(e) for f, e in bag.import_errors.items()}, "dags": sorted(bag.dag_ids)}))
"""

PUBLISH = """
import json, sys
from confluent_kafka import Producer
producer = Producer({"bootstrap.servers": sys.argv[1]})
producer.produce("model-retrain", key=sys.argv[2].encode(), value=sys.argv[3].encode())
print(json.dumps({"unsent": producer.flush(30)}))
"""

COMMITTED = """
import json, sys
from confluent_kafka import Consumer, TopicPartition
consumer = Consumer({"bootstrap.servers": sys.argv[1], "group.id": sys.argv[2]})
(partition,) = consumer.committed([TopicPartition("model-retrain", 0)], timeout=30)
consumer.close()
print(json.dumps({"offset": partition.offset}))
"""


def test_the_dag_file_parses_without_import_errors(airflow_python, airflow_env):
    bag = run_python(airflow_python, airflow_env, PARSE, str(DAGS))
    assert bag["errors"] == {}
    assert bag["dags"] == [LISTENER, RETRAIN]


@pytest.fixture
def cluster():
    process = subprocess.Popen([BIN, "mock-cluster", "--brokers", "1", "--topic", "model-retrain:1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        brokers = process.stdout.readline().strip()
        assert brokers.startswith("127.0.0.1:"), brokers
        yield brokers
    finally:
        process.terminate()
        process.wait(timeout=10)


def replayed_trigger(tmp_path):
    """The first retrain trigger `driftwatch replay` publishes for a stream that drifts."""
    events = tmp_path / "events.jsonl"
    made = subprocess.run([BIN, "synthetic", "--events", "30000", "--drift-at", "12000", "--seed", "3",
                           "--out", str(events)], capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    config = (ROOT / "pipelines/example.yaml").read_text()
    config = config.replace("reference: references/fraud-detector.json",
                            f"reference: {ROOT / 'pipelines/references/fraud-detector.json'}")
    config = config.replace("  size: 10000", "  size: 5000")
    (tmp_path / "pipeline.yaml").write_text(config)
    replay = subprocess.run([BIN, "replay", "--config", str(tmp_path / "pipeline.yaml"), "--input", str(events)],
                            capture_output=True, text=True, timeout=300)
    assert replay.returncode == 0, replay.stderr
    triggers = [m for m in map(json.loads, replay.stdout.splitlines()) if m["topic"] == "model-retrain"]
    assert triggers, "replay of a drifting stream published no retrain trigger"
    return triggers[0]


def dag_runs(env, dag_id):
    with sqlite3.connect(Path(env["AIRFLOW_HOME"]) / "airflow.db") as db:
        rows = db.execute("SELECT run_id, conf FROM dag_run WHERE dag_id = ? ORDER BY id", (dag_id,)).fetchall()
    return [(run_id, json.loads(conf) if isinstance(conf, str) else conf) for run_id, conf in rows]


def task_states(env, task_id):
    with sqlite3.connect(Path(env["AIRFLOW_HOME"]) / "airflow.db") as db:
        rows = db.execute("SELECT ti.state FROM task_instance ti JOIN dag_run r ON r.run_id = ti.run_id AND r.dag_id = ti.dag_id "
                          "WHERE ti.dag_id = ? AND ti.task_id = ? ORDER BY r.id", (LISTENER, task_id)).fetchall()
    return [state for (state,) in rows]


def test_a_trigger_starts_one_retraining_run_and_a_republished_one_none(airflow_python, airflow_env, cluster, tmp_path):
    trigger = replayed_trigger(tmp_path)
    value = trigger["value"]
    group = f"airflow-driftwatch-test-{os.getpid()}"
    env = dict(airflow_env, AIRFLOW_CONN_DRIFTWATCH_KAFKA=json.dumps({"conn_type": "kafka", "extra": {
        "bootstrap.servers": cluster, "group.id": group,
        "auto.offset.reset": "earliest", "enable.auto.commit": False}}))

    def publish_and_listen():
        sent = run_python(airflow_python, env, PUBLISH, cluster, trigger["key"], json.dumps(value))
        assert sent["unsent"] == 0
        listened = run_airflow(airflow_python, env, ["dags", "test", LISTENER], timeout=600)
        assert listened.returncode == 0, (listened.stdout + listened.stderr)[-4000:]

    publish_and_listen()
    assert dag_runs(env, RETRAIN) == [(value["trigger_id"], value["dag_conf"])]
    assert task_states(env, "trigger_retraining") == ["success"]

    publish_and_listen()
    assert dag_runs(env, RETRAIN) == [(value["trigger_id"], value["dag_conf"])], "a republished trigger started a second run"
    assert task_states(env, "trigger_retraining") == ["success", "skipped"]
    # The second listener run read the republished copy (offset 1), not the first message again.
    assert run_python(airflow_python, env, COMMITTED, cluster, group)["offset"] == 2
