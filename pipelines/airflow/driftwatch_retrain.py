"""Message handling for the driftwatch retrain DAG, importable without Airflow.

driftwatch publishes retrain triggers to the ``model-retrain`` topic (SPEC section 6):

    {"kind": "retrain", "trigger_id": ..., "model_id": ..., "model_version": ...,
     "urgency": "scheduled" | "immediate" | "rollback", "reasons": [...],
     "window": {...}, "evidence": {...}, "dag_conf": {...}, "created_at": ...}

``await_retrain_trigger`` is the ``apply_function`` of the Kafka provider's
``AwaitMessageTriggerFunctionSensor``. The provider imports it by dotted path inside the
triggerer, calls it with each ``confluent_kafka.Message``, and fires an event for any non-None
return value, so it must return plain JSON-serialisable data and must never raise: a bad message
is logged and skipped, never allowed to kill the sensor.

``trigger_id`` is deterministic (a replayed window republishes the same id), so the DAG uses
it as the run id of the retraining DAG: Airflow refuses a second run with the same id, which
makes each trigger effectively once.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Iterable, Mapping

log = logging.getLogger(__name__)

#: Urgencies from SPEC section 6, least to most urgent.
URGENCIES = ("scheduled", "immediate", "rollback")

# Airflow's default run_id pattern (airflow.models.dagrun RUN_ID_REGEX / [scheduler]
# allowed_run_id_pattern): letters, digits and _.~:+- only.
_RUN_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_.~:+\-]")
_RUN_ID_MAX = 250


def run_id_for(trigger_id: str) -> str:
    """The Airflow run id for a trigger: the trigger id, with characters Airflow rejects replaced by '_'."""
    safe = _RUN_ID_UNSAFE.sub("_", trigger_id)
    return safe[:_RUN_ID_MAX]


def _payload_bytes(message: Any) -> bytes | str | None:
    """The value of a confluent_kafka.Message, or the raw bytes/str/dict given in tests."""
    value = getattr(message, "value", None)
    if callable(value):
        return value()
    if value is not None:
        return value
    return message


def parse_retrain_message(
    message: Any,
    model_id: str | Iterable[str] | None = None,
    min_urgency: str = "scheduled",
) -> dict[str, Any] | None:
    """Decode one retrain-topic message and decide whether it should start a retraining run.

    Returns ``{"run_id", "trigger_id", "model_id", "model_version", "urgency", "reasons",
    "conf"}`` where ``conf`` is the message's ``dag_conf`` (a flat object for
    ``TriggerDagRunOperator(conf=...)``), or ``None`` when the message is for another model,
    below ``min_urgency``, not a retrain trigger, or malformed. Never raises for a bad
    message (only for a bad ``min_urgency``, a configuration mistake).

    :param message: a ``confluent_kafka.Message``, or the value as ``bytes``/``str``/``dict``.
    :param model_id: only accept triggers for this model id (or any of these ids); ``None`` accepts all.
    :param min_urgency: ignore triggers less urgent than this (``scheduled`` accepts all).
    """
    if min_urgency not in URGENCIES:
        raise ValueError(f"min_urgency must be one of {', '.join(URGENCIES)}, not {min_urgency!r}")
    raw = _payload_bytes(message)
    if raw is None:
        log.warning("driftwatch retrain: skipped a message with no value")
        return None
    if isinstance(raw, Mapping):
        value: Any = raw
    else:
        try:
            value = json.loads(raw)
        except (ValueError, TypeError, UnicodeDecodeError) as error:
            log.warning("driftwatch retrain: skipped a message that is not JSON: %s", error)
            return None

    if not isinstance(value, Mapping) or value.get("kind") != "retrain":
        return None

    trigger_id = value.get("trigger_id")
    message_model = value.get("model_id")
    if not isinstance(trigger_id, str) or not trigger_id:
        log.warning("driftwatch retrain: skipped a trigger without a string trigger_id")
        return None
    if not isinstance(message_model, str):
        log.warning("driftwatch retrain: skipped trigger %s without a string model_id", trigger_id)
        return None

    if model_id is not None:
        wanted = {model_id} if isinstance(model_id, str) else set(model_id)
        if message_model not in wanted:
            return None

    urgency = value.get("urgency", "scheduled")
    if urgency not in URGENCIES:
        log.warning("driftwatch retrain: skipped trigger %s with unknown urgency %r", trigger_id, urgency)
        return None
    if URGENCIES.index(urgency) < URGENCIES.index(min_urgency):
        return None

    conf = value.get("dag_conf", {})
    if not isinstance(conf, Mapping):
        log.warning("driftwatch retrain: skipped trigger %s whose dag_conf is not an object", trigger_id)
        return None

    reasons = value.get("reasons", [])
    return {
        "run_id": run_id_for(trigger_id),
        "trigger_id": trigger_id,
        "model_id": message_model,
        "model_version": value.get("model_version"),
        "urgency": urgency,
        "reasons": list(reasons) if isinstance(reasons, (list, tuple)) else [],
        "conf": dict(conf),
    }


def await_retrain_trigger(message: Any, model_id: str | None = None, min_urgency: str = "scheduled"):
    """``apply_function`` for ``AwaitMessageTriggerFunctionSensor``: see ``parse_retrain_message``."""
    return parse_retrain_message(message, model_id=model_id, min_urgency=min_urgency)
