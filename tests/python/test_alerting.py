"""docker/prometheus/rules.yml and docker/alertmanager/alertmanager.yml: the rules' unit tests
pass under promtool, they query only metrics driftwatch exports, Alertmanager's configuration is
valid under amtool and routes critical to the pager and warning to chat, and the compose stack
wires Prometheus to Alertmanager. promtool comes from Debian's prometheus and amtool from
prometheus-alertmanager (scripts/ensure-deps.sh --test installs both; the tests that run them are
skipped only when the binary is missing)."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
RULES = DOCKER / "prometheus" / "rules.yml"
RULES_TEST = DOCKER / "prometheus" / "rules_test.yml"
ALERTMANAGER = DOCKER / "alertmanager" / "alertmanager.yml"
METRIC_NAMES = ROOT / "Sources" / "DriftwatchOps" / "Metrics" / "MetricNames.swift"

needs_promtool = pytest.mark.skipif(shutil.which("promtool") is None,
                                    reason="promtool is not installed (apt-get install prometheus)")
needs_amtool = pytest.mark.skipif(shutil.which("amtool") is None,
                                  reason="amtool is not installed (apt-get install prometheus-alertmanager)")


def rules():
    return [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True, cwd=ROOT)


@needs_promtool
def test_promtool_unit_tests_of_the_rules_pass():
    result = run("promtool", "test", "rules", str(RULES_TEST))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


@needs_promtool
def test_promtool_checks_the_rules():
    result = run("promtool", "check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr


def test_rules_cover_the_operations_alerts_and_each_has_a_unit_test():
    names = {rule["alert"] for rule in rules()}
    assert {"DriftwatchWorkerDown", "DriftwatchNoEvents", "DriftwatchDeadLetterRate",
            "DriftwatchConsumerLagGrowing", "DriftwatchFeatureDriftCritical"} <= names
    tested = {case["alertname"] for test in yaml.safe_load(RULES_TEST.read_text())["tests"]
              for case in test.get("alert_rule_test", [])}
    assert names <= tested, f"rules without a promtool unit test: {names - tested}"
    for rule in rules():
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]
        assert rule["annotations"]["summary"] and rule["annotations"]["description"], rule["alert"]


def test_rules_query_only_metrics_driftwatch_exports():
    exported = set(re.findall(r'= "(driftwatch_[a-z0-9_]+)"', METRIC_NAMES.read_text()))
    assert len(exported) >= 10
    for rule in rules():
        used = set(re.findall(r"driftwatch_[a-z0-9_]+", rule["expr"]))
        assert used <= exported, f'{rule["alert"]} uses unknown metrics {used - exported}'


@needs_amtool
def test_amtool_accepts_the_alertmanager_config():
    result = run("amtool", "check-config", str(ALERTMANAGER))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


@needs_amtool
@pytest.mark.parametrize("labels, receiver", [
    (["severity=critical", "alertname=DriftwatchFeatureDriftCritical", "model_id=fraud"], "pager"),
    (["severity=critical", "alertname=DriftwatchWorkerDown"], "pager"),
    (["severity=warning", "alertname=DriftwatchDatasetDrift", "model_id=fraud"], "chat"),
    (["severity=warning", "alertname=DriftwatchNoEvents"], "chat"),
])
def test_alertmanager_routes_critical_to_the_pager_and_warning_to_chat(labels, receiver):
    result = run("amtool", "config", "routes", "test", f"--config.file={ALERTMANAGER}",
                 f"--verify.receivers={receiver}", *labels)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == receiver


def test_alertmanager_groups_by_model_and_uses_webhooks():
    config = yaml.safe_load(ALERTMANAGER.read_text())
    assert "model_id" in config["route"]["group_by"]
    receivers = {r["name"]: r for r in config["receivers"]}
    assert receivers["pager"]["webhook_configs"][0]["url"].startswith("http")
    assert receivers["chat"]["slack_configs"][0]["api_url"].startswith("https://")


def test_compose_runs_alertmanager_and_prometheus_loads_the_rules():
    services = yaml.safe_load((DOCKER / "docker-compose.yml").read_text())["services"]
    alertmanager = services["alertmanager"]
    assert "./alertmanager/alertmanager.yml:/etc/alertmanager/alertmanager.yml:ro" in alertmanager["volumes"]
    assert "--config.file=/etc/alertmanager/alertmanager.yml" in alertmanager["command"]
    prometheus = services["prometheus"]
    assert "./prometheus/rules.yml:/etc/prometheus/rules.yml:ro" in prometheus["volumes"]
    assert "alertmanager" in prometheus["depends_on"]
    config = yaml.safe_load((DOCKER / "prometheus" / "prometheus.yml").read_text())
    assert config["rule_files"] == ["rules.yml"]
    (target,) = config["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"]
    assert target == "alertmanager:9093"
