"""The DAG file's wiring, checked against stand-ins for the Airflow classes it uses (no Airflow needed)."""
import importlib
import sys
import types

import pytest


class Recorder:
    instances = []

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.downstream = []
        Recorder.instances.append(self)

    def __rshift__(self, other):
        self.downstream.append(other)
        return other


class FakeDAG:
    dags = []

    def __init__(self, **kwargs):
        self.kwargs = kwargs
        FakeDAG.dags.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def make_class(name):
    return type(name, (Recorder,), {})


@pytest.fixture
def dag_module(monkeypatch):
    Recorder.instances.clear()
    FakeDAG.dags.clear()
    classes = {name: make_class(name) for name in ("AwaitMessageSensor", "PythonOperator", "TriggerDagRunOperator")}
    modules = {
        "airflow": types.ModuleType("airflow"),
        "airflow.providers": types.ModuleType("airflow.providers"),
        "airflow.providers.apache": types.ModuleType("airflow.providers.apache"),
        "airflow.providers.apache.kafka": types.ModuleType("airflow.providers.apache.kafka"),
        "airflow.providers.apache.kafka.sensors": types.ModuleType("airflow.providers.apache.kafka.sensors"),
        "airflow.providers.apache.kafka.sensors.kafka": types.ModuleType("airflow.providers.apache.kafka.sensors.kafka"),
        "airflow.providers.standard": types.ModuleType("airflow.providers.standard"),
        "airflow.providers.standard.operators": types.ModuleType("airflow.providers.standard.operators"),
        "airflow.providers.standard.operators.python": types.ModuleType("airflow.providers.standard.operators.python"),
        "airflow.providers.standard.operators.trigger_dagrun": types.ModuleType("airflow.providers.standard.operators.trigger_dagrun"),
    }
    modules["airflow"].DAG = FakeDAG
    modules["airflow.providers.apache.kafka.sensors.kafka"].AwaitMessageSensor = classes["AwaitMessageSensor"]
    modules["airflow.providers.standard.operators.python"].PythonOperator = classes["PythonOperator"]
    modules["airflow.providers.standard.operators.trigger_dagrun"].TriggerDagRunOperator = classes["TriggerDagRunOperator"]
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "driftwatch_retrain_dag", raising=False)
    monkeypatch.setenv("DRIFTWATCH_MODEL_ID", "fraud-detector")
    return importlib.import_module("driftwatch_retrain_dag")


def by_type(name):
    return [r for r in Recorder.instances if type(r).__name__ == name]


def test_sensor_waits_on_retrain_topic_with_importable_apply_function(dag_module):
    (sensor,) = by_type("AwaitMessageSensor")
    assert sensor.kwargs["topics"] == ["model-retrain"]
    module_name, function_name = sensor.kwargs["apply_function"].rsplit(".", 1)
    function = getattr(importlib.import_module(module_name), function_name)
    assert callable(function)
    assert sensor.kwargs["apply_function_kwargs"]["model_id"] == "fraud-detector"


def test_trigger_uses_trigger_id_as_run_id_and_dag_conf_as_conf(dag_module):
    (sensor,) = by_type("AwaitMessageSensor")
    (trigger,) = by_type("TriggerDagRunOperator")
    assert trigger in sensor.downstream
    assert trigger.kwargs["trigger_dag_id"] == "driftwatch_retrain_model"
    assert "['run_id']" in trigger.kwargs["trigger_run_id"]
    assert "['conf']" in trigger.kwargs["conf"]
    assert trigger.kwargs["skip_when_already_exists"] is True
    listener = next(d for d in FakeDAG.dags if d.kwargs["dag_id"] == "driftwatch_retrain_listener")
    assert listener.kwargs["render_template_as_native_obj"] is True
    assert {d.kwargs["dag_id"] for d in FakeDAG.dags} == {"driftwatch_retrain_listener", "driftwatch_retrain_model"}


def test_bad_min_urgency_fails_dag_parsing(monkeypatch, dag_module):
    monkeypatch.setenv("DRIFTWATCH_MIN_URGENCY", "soon")
    monkeypatch.delitem(sys.modules, "driftwatch_retrain_dag", raising=False)
    with pytest.raises(ValueError, match="DRIFTWATCH_MIN_URGENCY"):
        importlib.import_module("driftwatch_retrain_dag")
