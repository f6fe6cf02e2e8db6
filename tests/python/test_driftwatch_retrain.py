"""The retrain DAG's message handling, without Airflow."""
import json

import pytest

import driftwatch_retrain as dr


def trigger(**overrides):
    message = {
        "kind": "retrain",
        "trigger_id": "retrain:fraud-detector:predictions-0:20000-29999:scheduled",
        "model_id": "fraud-detector",
        "model_version": "v1",
        "urgency": "scheduled",
        "reasons": ["dataset_drift"],
        "window": {"topic": "predictions", "partition": 0, "start_offset": 20000, "end_offset": 29999},
        "evidence": {"drift_share": 0.25},
        "dag_conf": {"model_id": "fraud-detector", "model_version": "v1", "urgency": "scheduled",
                     "drift_share": 0.25, "window_end_offset": 29999},
        "created_at": "2026-01-01T00:00:30Z",
    }
    message.update(overrides)
    return message


class FakeMessage:
    """The part of confluent_kafka.Message the provider hands to apply_function."""

    def __init__(self, value):
        self._value = value

    def value(self):
        return self._value


def encoded(message):
    return json.dumps(message).encode()


def test_returns_dag_conf_and_run_id_for_the_right_model():
    message = trigger()
    result = dr.await_retrain_trigger(FakeMessage(encoded(message)), model_id="fraud-detector")
    assert result is not None
    assert result["conf"] == message["dag_conf"]
    assert result["trigger_id"] == message["trigger_id"]
    assert result["run_id"] == message["trigger_id"]  # already a valid Airflow run id
    assert result["model_id"] == "fraud-detector"
    assert result["urgency"] == "scheduled"
    assert result["reasons"] == ["dataset_drift"]
    json.dumps(result)  # a TriggerEvent payload must serialise


def test_accepts_str_bytes_and_dict_values():
    message = trigger()
    for value in (encoded(message), json.dumps(message), message):
        assert dr.parse_retrain_message(value, model_id="fraud-detector")["conf"] == message["dag_conf"]


def test_ignores_other_models():
    message = FakeMessage(encoded(trigger(model_id="churn-model")))
    assert dr.await_retrain_trigger(message, model_id="fraud-detector") is None


def test_model_filter_none_accepts_any_and_list_accepts_members():
    message = encoded(trigger(model_id="churn-model"))
    assert dr.parse_retrain_message(message)["model_id"] == "churn-model"
    assert dr.parse_retrain_message(message, model_id=["churn-model", "x"]) is not None
    assert dr.parse_retrain_message(message, model_id=["x"]) is None


@pytest.mark.parametrize("kind", ["alert", "window_report", "performance_report", None])
def test_ignores_non_retrain_messages(kind):
    message = trigger(kind=kind)
    assert dr.await_retrain_trigger(FakeMessage(encoded(message)), model_id="fraud-detector") is None


@pytest.mark.parametrize("payload", [
    b"{not json",
    b"\xff\xfe\x00",
    b"",
    b"[1, 2, 3]",
    b"null",
    b"42",
    None,
])
def test_malformed_payloads_are_skipped_not_raised(payload):
    assert dr.await_retrain_trigger(FakeMessage(payload), model_id="fraud-detector") is None


@pytest.mark.parametrize("overrides", [
    {"trigger_id": None},
    {"trigger_id": ""},
    {"trigger_id": 17},
    {"model_id": None},
    {"urgency": "someday"},
    {"dag_conf": "model=fraud-detector"},
    {"dag_conf": [1, 2]},
])
def test_malformed_triggers_are_skipped(overrides):
    assert dr.parse_retrain_message(encoded(trigger(**overrides)), model_id="fraud-detector") is None


def test_missing_dag_conf_gives_empty_conf():
    message = trigger()
    del message["dag_conf"]
    assert dr.parse_retrain_message(encoded(message))["conf"] == {}


def test_min_urgency_filters_less_urgent_triggers():
    scheduled = encoded(trigger(urgency="scheduled"))
    rollback = encoded(trigger(urgency="rollback"))
    assert dr.parse_retrain_message(scheduled, min_urgency="immediate") is None
    assert dr.parse_retrain_message(rollback, min_urgency="immediate")["urgency"] == "rollback"
    with pytest.raises(ValueError, match="min_urgency"):
        dr.parse_retrain_message(scheduled, min_urgency="soon")


def test_run_id_replaces_characters_airflow_rejects():
    assert dr.run_id_for("retrain/fraud detector#1") == "retrain_fraud_detector_1"
    assert dr.run_id_for("a:b.c-d+e~f_g") == "a:b.c-d+e~f_g"
    assert len(dr.run_id_for("x" * 1000)) == 250
