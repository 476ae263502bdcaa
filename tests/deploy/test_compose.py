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


# -- the scale stack: compose.scale.yaml laid over compose.yaml -------------------------------

SCALE = ROOT / "compose.scale.yaml"
SCALE_FILES = ("-f", "compose.yaml", "-f", "compose.scale.yaml", "--profile", "scale")
PUBLIC_KEY = "ab" * 32


def scale() -> JsonObject:
    data: JsonObject = yaml.safe_load(SCALE.read_text())
    return data


def scale_project(tmp_path: Path, public_key: str | None = PUBLIC_KEY) -> Path:
    directory = project(tmp_path)
    shutil.copy(SCALE, directory / SCALE.name)
    if public_key is not None:
        with (directory / ".env").open("a") as env:
            env.write(f"DISCORD_PUBLIC_KEY={public_key}\n")
    return directory


def test_the_scale_file_follows_the_compose_specification() -> None:
    schema = json.loads(SCHEMA.read_text())
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(scale()), key=str)
    assert not errors, [f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors]


def test_docker_compose_accepts_the_scale_stack(tmp_path: Path) -> None:
    directory = scale_project(tmp_path)
    env = {key: value for key, value in os.environ.items()
           if key not in {"DISCORD_TOKEN", "DISCORD_PUBLIC_KEY", "NAZH_REPLICAS"}}
    checked = subprocess.run([tool("docker-compose", "docker-compose"), *SCALE_FILES, "config"],
                             cwd=directory, capture_output=True, text=True, timeout=120,
                             check=False, env=env)
    assert checked.returncode == 0, checked.stderr
    services = yaml.safe_load(checked.stdout)["services"]
    running = {name for name, service in services.items()
               if not set(service.get("profiles", [])) - {"scale"}}
    assert running == {"migrate", "postgres", "prometheus", "alertmanager", "grafana",
                       "nazh-http", "haproxy", "redis", "discord-api-proxy", "discord-rest"}
    assert services["nazh"]["profiles"] == ["single"]  # the single bot is left out
    replicas = services["nazh-http"]
    assert replicas["command"] == ["serve"]
    assert replicas["deploy"]["replicas"] == 3
    assert replicas["environment"]["NAZH_DISCORD_API_URL"] == (
        "http://discord-rest:8080/api/v10")
    assert "ports" not in replicas  # reached through the load balancer only
    assert services["discord-api-proxy"]["environment"]["REDIS_HOST"] == "redis"
    # without the application's public key the replicas refuse to start, saying why
    (tmp_path / "missing").mkdir()
    missing = scale_project(tmp_path / "missing", public_key=None)
    refused = subprocess.run([tool("docker-compose", "docker-compose"), *SCALE_FILES, "config"],
                             cwd=missing, capture_output=True, text=True, timeout=120,
                             check=False, env=env)
    assert refused.returncode != 0
    assert "set DISCORD_PUBLIC_KEY in .env for nazh serve" in refused.stderr


def test_every_file_the_scale_stack_mounts_exists() -> None:
    sources = [volume.split(":")[0] for service in scale()["services"].values()
               for volume in service.get("volumes", []) if volume.startswith(".")]
    assert len(sources) >= 3
    assert [source for source in sources if not (ROOT / source).exists()] == []


def test_the_replicas_settings_are_accepted_by_nazh() -> None:
    environment = dict(scale()["services"]["nazh-http"]["environment"])
    assert set(environment) <= SETTING_NAMES
    values = {key: str(value) for key, value in environment.items()}
    values["DISCORD_TOKEN"] = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.QuIbBlEdSecretPartNazhTest_8f3k2j9"
    values["DISCORD_PUBLIC_KEY"] = PUBLIC_KEY
    values["NAZH_DATABASE_URL"] = values["NAZH_DATABASE_URL"].replace(
        "${POSTGRES_PASSWORD:-nazh}", "pw")
    settings = load_config(values, env_file=None)
    assert settings.discord_api_url == "http://discord-rest:8080/api/v10"
    assert settings.discord_callback_url == "https://discord.com/api/v10"
    assert settings.redis_url is not None
    assert settings.journal_dir == Path("/journal")


def accepted_by_haproxy(config: Path) -> str:
    """``config``'s text, once ``haproxy -c`` accepted it."""
    checked = subprocess.run([tool("haproxy", "haproxy"), "-c", "-f", str(config)],
                             capture_output=True, text=True, timeout=60, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return config.read_text()


def test_haproxy_checks_the_replicas_readiness_and_accepts_its_configuration() -> None:
    text = accepted_by_haproxy(ROOT / "deploy" / "compose" / "scale" / "haproxy.cfg")
    assert "option httpchk GET /readyz" in text
    assert "server-template nazh 10 nazh-http:8080" in text
    assert "retry-on conn-failure empty-response" in text


def test_rest_reaches_the_proxy_through_a_balancer_whose_backup_is_discord() -> None:
    """One configuration for compose and Kubernetes; tests/e2e/test_rest_proxy.py runs it."""
    text = accepted_by_haproxy(ROOT / "deploy" / "kubernetes" / "rest-proxy" / "discord-rest.cfg")
    assert 'server rate_limit_proxy "${DISCORD_API_PROXY_HOST-discord-api-proxy}:8080" check' \
        in text
    assert "server discord discord.com:443 backup ssl verify required" in text
    service = scale()["services"]["discord-rest"]
    assert service["volumes"] == [
        "./deploy/kubernetes/rest-proxy/discord-rest.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]


def test_the_scale_prometheus_scrapes_every_replica_and_its_rules_load(tmp_path: Path) -> None:
    scale_dir = ROOT / "deploy" / "compose" / "scale"
    config = tmp_path / "prometheus.yml"
    shutil.copy(scale_dir / "prometheus.yml", config)
    shutil.copy(ROOT / "deploy" / "prometheus" / "alerts.yml", tmp_path / "alerts.yml")
    shutil.copy(scale_dir / "alerts.yml", tmp_path / "scale-alerts.yml")
    checked = subprocess.run([tool("promtool", "prometheus"), "check", "config", str(config)],
                             capture_output=True, text=True, timeout=60, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    jobs = {job["job_name"]: job for job in yaml.safe_load(config.read_text())["scrape_configs"]}
    assert jobs["nazh"]["dns_sd_configs"][0]["names"] == ["nazh-http"]
    assert "discord-api-proxy" in jobs
    assert jobs["discord-rest"]["static_configs"][0]["targets"] == ["discord-rest:8405"]
    mounts = scale()["services"]["prometheus"]["volumes"]
    assert "./deploy/compose/scale/alerts.yml:/etc/prometheus/scale-alerts.yml:ro" in mounts
    rules = yaml.safe_load((scale_dir / "alerts.yml").read_text())
    exprs = {rule["alert"]: rule["expr"] for group in rules["groups"] for rule in group["rules"]}
    assert exprs["NazhRestProxyUnreachable"] == (
        'haproxy_backend_active_servers{proxy="discord_rest"} == 0')
