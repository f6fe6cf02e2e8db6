"""docker/: the compose file validates, Prometheus scrapes every replica, Grafana is provisioned."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"


def compose():
    return yaml.safe_load((DOCKER / "docker-compose.yml").read_text())


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed (apt-get install docker-compose)")
def test_docker_compose_config_accepts_the_file():
    result = subprocess.run(["docker-compose", "-f", str(DOCKER / "docker-compose.yml"), "config", "-q"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_workers_scale_in_one_group_and_kafka_runs_kraft():
    services = compose()["services"]
    worker = services["driftwatch"]
    assert worker["deploy"]["replicas"] >= 2
    assert "ports" not in worker, "published ports would stop the workers from scaling"
    assert worker["environment"]["DRIFTWATCH_GROUP_ID"]
    kafka = services["kafka"]["environment"]
    assert "controller" in kafka["KAFKA_PROCESS_ROLES"] and "broker" in kafka["KAFKA_PROCESS_ROLES"]
    assert worker["depends_on"]["kafka-init"]["condition"] == "service_completed_successfully"


def test_prometheus_discovers_every_replica_by_service_name():
    config = yaml.safe_load((DOCKER / "prometheus" / "prometheus.yml").read_text())
    job = next(j for j in config["scrape_configs"] if j["job_name"] == "driftwatch")
    (sd,) = job["dns_sd_configs"]
    assert sd["names"] == ["driftwatch"] and sd["type"] == "A" and sd["port"] == 9464


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed (apt-get install prometheus)")
def test_promtool_accepts_the_prometheus_config():
    result = subprocess.run(["promtool", "check", "config", str(DOCKER / "prometheus" / "prometheus.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_grafana_dashboard_uses_the_provisioned_datasource():
    datasource = yaml.safe_load((DOCKER / "grafana/provisioning/datasources/prometheus.yml").read_text())
    uid = datasource["datasources"][0]["uid"]
    dashboard = json.loads((DOCKER / "grafana/dashboards/driftwatch.json").read_text())
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert len(panels) >= 10
    for panel in panels:
        assert panel["datasource"]["uid"] == uid, panel["title"]
        assert any("driftwatch_" in t["expr"] for t in panel["targets"]), panel["title"]


def test_example_configs_parse_and_name_the_spec_sections():
    allowed = {"kafka", "topics", "window", "models", "alerts", "retrain", "labels", "llm_pricing", "http",
               "runbooks", "silences"}
    configs = sorted((ROOT / "pipelines").glob("*.yaml"))
    assert len(configs) >= 4
    for path in configs:
        config = yaml.safe_load(path.read_text())
        assert set(config) <= allowed, f"{path.name}: unknown sections {set(config) - allowed}"
        assert config["models"], path.name
