"""Airflow DAGs that turn driftwatch retrain triggers into retraining runs.

``driftwatch_retrain_listener`` runs continuously. Each run waits on the retrain topic with the
Kafka provider's deferrable ``AwaitMessageSensor`` (no worker slot is held while waiting),
keeps only triggers for ``DRIFTWATCH_MODEL_ID`` (see ``driftwatch_retrain.parse_retrain_message``),
then starts the retraining DAG with ``TriggerDagRunOperator``: ``conf`` is the message's
``dag_conf`` and the run id is the trigger's deterministic ``trigger_id``, so a trigger that
driftwatch republishes after a crash or rebalance starts no second run.

Install: copy this file and ``driftwatch_retrain.py`` into the DAGs folder (the triggerer
imports ``driftwatch_retrain`` by name, so it must be importable there too), install
``apache-airflow-providers-apache-kafka`` (>= 1.1) on Airflow >= 2.10 (or 3.x), and create a
Kafka connection, e.g.:

    airflow connections add driftwatch_kafka --conn-type kafka \\
      --conn-extra '{"bootstrap.servers": "kafka:9092", "group.id": "airflow-driftwatch-retrain",
                     "auto.offset.reset": "earliest", "enable.auto.commit": false}'

Settings (environment variables of the scheduler, triggerer and workers):
    DRIFTWATCH_RETRAIN_TOPIC      retrain topic              (default model-retrain)
    DRIFTWATCH_MODEL_ID           model to retrain           (default fraud-detector; "*" = any)
    DRIFTWATCH_MIN_URGENCY        scheduled|immediate|rollback (default scheduled)
    DRIFTWATCH_RETRAIN_DAG_ID     DAG to trigger             (default driftwatch_retrain_model)
    DRIFTWATCH_KAFKA_CONN_ID      Airflow connection id      (default driftwatch_kafka)

``driftwatch_retrain_model`` below is a placeholder retraining DAG that logs its conf; point
``DRIFTWATCH_RETRAIN_DAG_ID`` at your real training pipeline.
"""

from __future__ import annotations

import os
from datetime import datetime

from airflow import DAG
from airflow.providers.apache.kafka.sensors.kafka import AwaitMessageSensor

try:  # Airflow 3 / the standard provider
    from airflow.providers.standard.operators.python import PythonOperator
    from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
except ImportError:  # Airflow 2
    from airflow.operators.python import PythonOperator
    from airflow.operators.trigger_dagrun import TriggerDagRunOperator

from driftwatch_retrain import URGENCIES

RETRAIN_TOPIC = os.environ.get("DRIFTWATCH_RETRAIN_TOPIC", "model-retrain")
MODEL_ID = os.environ.get("DRIFTWATCH_MODEL_ID", "fraud-detector")
MIN_URGENCY = os.environ.get("DRIFTWATCH_MIN_URGENCY", "scheduled")
RETRAIN_DAG_ID = os.environ.get("DRIFTWATCH_RETRAIN_DAG_ID", "driftwatch_retrain_model")
KAFKA_CONN_ID = os.environ.get("DRIFTWATCH_KAFKA_CONN_ID", "driftwatch_kafka")

if MIN_URGENCY not in URGENCIES:
    raise ValueError(f"DRIFTWATCH_MIN_URGENCY must be one of {', '.join(URGENCIES)}, not {MIN_URGENCY!r}")

with DAG(
    dag_id="driftwatch_retrain_listener",
    description="Wait for driftwatch retrain triggers and start the retraining DAG",
    start_date=datetime(2026, 1, 1),
    schedule="@continuous",
    max_active_runs=1,
    catchup=False,
    # conf must reach TriggerDagRunOperator as a dict, not as its rendered string.
    render_template_as_native_obj=True,
    tags=["driftwatch", "kafka", "retrain"],
) as listener_dag:
    await_trigger = AwaitMessageSensor(
        task_id="await_retrain_trigger",
        kafka_config_id=KAFKA_CONN_ID,
        topics=[RETRAIN_TOPIC],
        apply_function="driftwatch_retrain.await_retrain_trigger",
        apply_function_kwargs={
            "model_id": None if MODEL_ID == "*" else MODEL_ID,
            "min_urgency": MIN_URGENCY,
        },
        poll_timeout=1,
        poll_interval=5,
    )

    trigger_retraining = TriggerDagRunOperator(
        task_id="trigger_retraining",
        trigger_dag_id=RETRAIN_DAG_ID,
        trigger_run_id="{{ ti.xcom_pull(task_ids='await_retrain_trigger')['run_id'] }}",
        conf="{{ ti.xcom_pull(task_ids='await_retrain_trigger')['conf'] }}",
        # The run id is the trigger id: a republished trigger finds its run and is skipped.
        skip_when_already_exists=True,
        wait_for_completion=False,
    )

    await_trigger >> trigger_retraining


def _log_conf(**context):
    conf = context["dag_run"].conf or {}
    print(f"driftwatch asked to retrain with conf {conf}")
    return conf


with DAG(
    dag_id="driftwatch_retrain_model",
    description="Placeholder retraining DAG started by driftwatch_retrain_listener",
    start_date=datetime(2026, 1, 1),
    schedule=None,
    catchup=False,
    tags=["driftwatch", "retrain"],
) as retrain_dag:
    PythonOperator(task_id="retrain", python_callable=_log_conf)
