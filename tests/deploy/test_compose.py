"""compose.yaml: the whole stack on one machine. It validates against the Compose
Specification's JSON schema and with ``docker-compose config`` (Debian's package), its
Prometheus and Alertmanager configurations pass their own checkers, every file it mounts exists,
Grafana is provisioned with the stack's Prometheus and Nazh's dashboard, and the bot's settings
in it are accepted by Nazh.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from nazh.adapters.config.environment import Config, load_config
from nazh.application.shared.json_types import JsonObject

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose.yaml"
SCHEMA = Path(__file__).with_name("schemas") / "compose-spec.json"
SETTING_NAMES = {str(field.validation_alias) for field in Config.model_fields.values()}


def compose() -> JsonObject:
    data: JsonObject = yaml.safe_load(COMPOSE.read_text())
    return data


def tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        reason = f"{name} is not installed (Debian's {package}; scripts/test installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return found


def test_compose_yaml_follows_the_compose_specification() -> None:
    schema = json.loads(SCHEMA.read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(compose()), key=str)
    assert not errors, [f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors]


def project(tmp_path: Path) -> Path:
    """A copy of what the stack needs, with ``.env`` made from the shipped example."""
    for name in ("compose.yaml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "deploy", tmp_path / "deploy")
    shutil.copy(ROOT / "deploy" / "compose" / "env.example", tmp_path / ".env")
    return tmp_path


def test_docker_compose_accepts_the_stack(tmp_path: Path) -> None:
    directory = project(tmp_path)
    env = {key: value for key, value in os.environ.items() if key != "DISCORD_TOKEN"}
    checked = subprocess.run([tool("docker-compose", "docker-compose"), "config"],
                             cwd=directory, capture_output=True, text=True, timeout=120,
                             check=False, env=env)
    assert checked.returncode == 0, checked.stderr
    resolved = yaml.safe_load(checked.stdout)
    services = resolved["services"]
    assert set(services) == {"migrate", "nazh", "postgres", "prometheus", "alertmanager",
                             "grafana"}
    assert services["nazh"]["environment"]["DISCORD_TOKEN"] == "your_bot_token_here"
    # without a token the stack refuses to start, saying why
    (directory / ".env").write_text("")
    refused = subprocess.run([tool("docker-compose", "docker-compose"), "config"],
                             cwd=directory, capture_output=True, text=True, timeout=120,
                             check=False, env=env)
    assert refused.returncode != 0
    assert "set DISCORD_TOKEN in .env" in refused.stderr


def test_every_mounted_file_exists() -> None:
    sources = [volume.split(":")[0] for service in compose()["services"].values()
               for volume in service.get("volumes", []) if volume.startswith(".")]
    assert len(sources) >= 4
    assert [source for source in sources if not (ROOT / source).exists()] == []


def test_the_bot_waits_for_the_migration_and_postgres() -> None:
    services = compose()["services"]
    assert services["migrate"]["command"] == ["db", "upgrade"]
    depends = services["nazh"]["depends_on"]
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert depends["postgres"]["condition"] == "service_healthy"
    assert "healthcheck" in services["postgres"]
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "nazh-data:/data" in services["nazh"]["volumes"]


def test_the_bots_settings_are_accepted_by_nazh(tmp_path: Path) -> None:
    environment = dict(compose()["x-nazh"]["environment"])
    assert set(environment) <= SETTING_NAMES
    values = {key: str(value) for key, value in environment.items()}
    values["DISCORD_TOKEN"] = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.QuIbBlEdSecretPartNazhTest_8f3k2j9"
    values["DISCORD_PUBLIC_KEY"] = ""
    values["NAZH_DATABASE_URL"] = values["NAZH_DATABASE_URL"].replace(
        "${POSTGRES_PASSWORD:-nazh}", "pw")
    settings = load_config(values, env_file=None)
    assert settings.database_url == "postgresql://nazh:pw@postgres:5432/nazh"
    assert settings.app_env == "production"


def test_prometheus_scrapes_the_bot_and_alerts_through_alertmanager(tmp_path: Path) -> None:
    config = tmp_path / "prometheus.yml"
    shutil.copy(ROOT / "deploy" / "compose" / "prometheus.yml", config)
    shutil.copy(ROOT / "deploy" / "prometheus" / "alerts.yml", tmp_path / "alerts.yml")
    checked = subprocess.run([tool("promtool", "prometheus"), "check", "config", str(config)],
                             capture_output=True, text=True, timeout=60, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS" in checked.stdout
    data = yaml.safe_load(config.read_text())
    assert data["scrape_configs"][0]["static_configs"][0]["targets"] == ["nazh:8080"]
    assert data["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"] == [
        "alertmanager:9093"]
    services = compose()["services"]
    assert "./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro" in \
        services["prometheus"]["volumes"]


def test_alertmanager_has_a_receiver_to_fill_in() -> None:
    config = ROOT / "deploy" / "compose" / "alertmanager.yml"
    checked = subprocess.run([tool("amtool", "prometheus-alertmanager"), "check-config",
                              str(config)], capture_output=True, text=True, timeout=60,
                             check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "discord_configs" in config.read_text()


def test_grafana_is_provisioned_with_prometheus_and_the_dashboard() -> None:
    provisioning = ROOT / "deploy" / "grafana" / "provisioning"
    source = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())
    [prometheus] = source["datasources"]
    assert prometheus["type"] == "prometheus"
    assert prometheus["isDefault"] is True
    assert prometheus["url"] == "http://prometheus:9090"
    providers = yaml.safe_load((provisioning / "dashboards" / "nazh.yml").read_text())
    folder = providers["providers"][0]["options"]["path"]
    grafana = compose()["services"]["grafana"]
    mounts = dict(volume.rsplit(":", 1)[0].split(":", 1) for volume in grafana["volumes"]
                  if volume.startswith("./"))
    dashboard = mounts["./deploy/grafana/nazh-dashboard.json"]
    assert Path(dashboard).parent == Path(folder)
    assert mounts["./deploy/grafana/provisioning"] == "/etc/grafana/provisioning"
    assert grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"] == dashboard
    # the dashboard's data source variable picks the default Prometheus
    board = json.loads((ROOT / "deploy" / "grafana" / "nazh-dashboard.json").read_text())
    variables = {v["name"]: v for v in board["templating"]["list"]}
    assert variables["datasource"]["query"] == "prometheus"
