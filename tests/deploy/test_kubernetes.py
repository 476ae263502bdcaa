"""deploy/kubernetes: every manifest validates against Kubernetes' own schemas (strict), passes
checkov's security scan (its documented skips only), is wired together (selectors, Services,
probes, the autoscaler's target), gives Nazh settings it accepts, and spreads the shards over
1, 2, 3 and 8 gateway pods so that every shard is run by exactly one pod. The shared REST
rate-limit proxy (``rest-proxy/``, with its Redis and the HAProxy in front of it) is part of
the base, and every Nazh pod reaches Discord through it, straight to Discord when it is down.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from nazh.adapters.config.environment import Config, ConfigError, load_config
from nazh.application.shared.json_types import JsonObject

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES = ROOT / "deploy" / "kubernetes"
VERSIONS = ("1.30.0", "1.34.0")
"""The oldest and a recent Kubernetes the manifests are checked against (the pod-index label
the gateway pods read needs 1.28 or later)."""
SETTING_NAMES = {str(field.validation_alias) for field in Config.model_fields.values()} | {
    "NAZH_SECRETS_DIR"}


def manifest_files() -> list[Path]:
    """The base's YAML files (not the kustomization, not checkov's hidden config)."""
    return [path for path in sorted(KUBERNETES.glob("*.yaml"))
            if path.name != "kustomization.yaml" and not path.name.startswith(".")]


def documents(path: Path) -> list[JsonObject]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def manifests() -> dict[str, JsonObject]:
    """Every resource of the kustomize base, by ``Kind/name``."""
    found: dict[str, JsonObject] = {}
    for path in manifest_files():
        for doc in documents(path):
            found[f"{doc['kind']}/{doc['metadata']['name']}"] = doc
    return found


def containers(resources: dict[str, JsonObject]) -> Iterator[tuple[str, JsonObject,
                                                                        JsonObject]]:
    """``(resource, pod spec, container)`` of every workload."""
    for key, doc in resources.items():
        if doc["kind"] in {"Deployment", "StatefulSet", "Job"}:
            pod = doc["spec"]["template"]["spec"]
            for container in pod["containers"]:
                yield key, pod, container


@pytest.mark.parametrize("version", VERSIONS)
def test_every_manifest_validates_against_the_kubernetes_schemas(version: str) -> None:
    resources = manifests()
    assert len(resources) >= 12
    for key, doc in resources.items():
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{key} is invalid for Kubernetes {version}: {error.message} at "
                        f"{'.'.join(str(part) for part in error.path)}")


def test_the_kustomization_lists_every_manifest() -> None:
    kustomization = documents(KUBERNETES / "kustomization.yaml")[0]
    listed = set(kustomization["resources"])
    on_disk = {path.name for path in manifest_files()}
    assert listed == on_disk | {"rest-proxy"}
    assert kustomization["namespace"] == "nazh"
    images = {image["name"] for image in kustomization["images"]}
    assert {container["image"].split(":")[0] for _, _, container in containers(manifests())} \
        == images


def checkov() -> str:
    local = ROOT / ".cache" / "checkov" / "bin" / "checkov"
    found = str(local) if local.exists() else shutil.which("checkov")
    if found is None:
        reason = "checkov is not installed (scripts/test installs it in .cache/checkov)"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return found


def test_checkov_finds_nothing_but_the_documented_skips() -> None:
    config = KUBERNETES / ".checkov.yaml"
    skips = documents(config)[0]["skip-check"]
    assert skips == ["CKV_K8S_43"]
    assert "CKV_K8S_43 (image by digest)" in config.read_text()
    scanned = subprocess.run(
        [checkov(), "-d", str(KUBERNETES), "--config-file", str(config)],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"})
    assert scanned.returncode == 0, scanned.stdout[-4000:] + scanned.stderr[-2000:]
    assert "Failed checks: 0" in scanned.stdout


def test_workloads_are_probed_limited_and_locked_down() -> None:
    resources = manifests()
    for key, pod, container in containers(resources):
        assert pod["automountServiceAccountToken"] is False, key
        assert pod["securityContext"]["runAsNonRoot"] is True, key
        assert pod["securityContext"]["runAsUser"] >= 10000, key
        assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault", key
        security = container["securityContext"]
        assert security["readOnlyRootFilesystem"] is True, key
        assert security["allowPrivilegeEscalation"] is False, key
        assert security["capabilities"]["drop"] == ["ALL"], key
        assert {"requests", "limits"} <= set(container["resources"]), key
        mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
        assert {"/tmp", "/run/secrets/nazh"} <= mounts, key  # the only writable paths
    jobs = [container["args"] for key, _, container in containers(resources)
            if resources[key]["kind"] == "Job"]
    assert jobs == [["db", "upgrade"]]
    for key, pod, container in containers(resources):
        if resources[key]["kind"] == "Job":
            continue
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz", key
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz", key
        assert pod.get("terminationGracePeriodSeconds", 30) >= 15, key
        annotations = resources[key]["spec"]["template"]["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true", key
        assert annotations["prometheus.io/port"] == str(container["ports"][0]["containerPort"])


def test_services_autoscaler_and_budgets_select_their_pods() -> None:
    resources = manifests()
    pods = {key: doc["spec"]["template"]["metadata"]["labels"]
            for key, doc in resources.items() if doc["kind"] in {"Deployment", "StatefulSet"}}

    def selected(selector: dict[str, str]) -> set[str]:
        return {key for key, labels in pods.items()
                if all(labels.get(name) == value for name, value in selector.items())}

    assert {key: selected(resources[key]["spec"]["selector"]["matchLabels"])
            for key in pods} == {key: {key} for key in pods}
    assert selected(resources["Service/nazh-http"]["spec"]["selector"]) == {
        "Deployment/nazh-http"}
    assert selected(resources["Service/nazh-gateway"]["spec"]["selector"]) == {
        "StatefulSet/nazh-gateway"}
    assert resources["StatefulSet/nazh-gateway"]["spec"]["serviceName"] == "nazh-gateway"
    assert selected(resources["PodDisruptionBudget/nazh-http"]["spec"]["selector"][
        "matchLabels"]) == {"Deployment/nazh-http"}
    assert selected(resources["PodDisruptionBudget/nazh-gateway"]["spec"]["selector"][
        "matchLabels"]) == {"StatefulSet/nazh-gateway"}
    target = resources["HorizontalPodAutoscaler/nazh-http"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", "nazh-http")
    monitor = documents(KUBERNETES / "prometheus-operator" / "podmonitor.yaml")[0]
    assert selected(monitor["spec"]["selector"]["matchLabels"]) == set(pods)
    for _, _, container in containers({key: resources[key] for key in pods}):
        assert monitor["spec"]["podMetricsEndpoints"][0]["port"] in {
            port["name"] for port in container["ports"]}


FILLED_IN = {
    "DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.QuIbBlEdSecretPartNazhTest_8f3k2j9",
    "DISCORD_PUBLIC_KEY": "ab" * 32,
}
"""What a user puts in place of the Secret's placeholders (well-formed, not real)."""


def pod_settings(resources: dict[str, JsonObject], workload: str, tmp_path: Path,
                 *, placeholders: bool = False, **env: str) -> Config:
    """The settings a pod of ``workload`` gets: its ConfigMap, its env, its mounted Secret
    (filled in, unless ``placeholders``)."""
    secrets = tmp_path / "secrets"
    secrets.mkdir(exist_ok=True)
    for name, value in resources["Secret/nazh-secrets"]["stringData"].items():
        (secrets / name).write_text(value if placeholders else FILLED_IN.get(name, value))
    _, _, container = next(item for item in containers(resources) if item[0] == workload)
    values: dict[str, str] = {}
    for source in container.get("envFrom", []):
        values.update(resources[f"ConfigMap/{source['configMapRef']['name']}"]["data"])
    for variable in container.get("env", []):
        if "value" in variable:
            values[variable["name"]] = variable["value"]
    values["NAZH_SECRETS_DIR"] = str(secrets)
    values.update(env)
    assert set(values) <= SETTING_NAMES, set(values) - SETTING_NAMES
    return load_config(values, env_file=None)


def test_the_manifests_settings_are_accepted_by_nazh(tmp_path: Path) -> None:
    resources = manifests()
    gateway = pod_settings(resources, "StatefulSet/nazh-gateway", tmp_path,
                           NAZH_REPLICA_INDEX="1")
    assert gateway.discord_token.get_secret_value() == FILLED_IN["DISCORD_TOKEN"]
    assert gateway.sidecar_address == ("0.0.0.0", 8080)
    assert gateway.app_env == "production"
    http = pod_settings(resources, "Deployment/nazh-http", tmp_path)
    assert http.journal_dir == Path("/journal")
    assert http.database_url.startswith("postgresql")
    for pod in (gateway, http):  # through the balancer, straight to Discord when the proxy is down
        assert pod.discord_api_url == "http://discord-rest:8080/api/v10"
        assert pod.discord_callback_url == "https://discord.com/api/v10"


REST_PROXY = KUBERNETES / "rest-proxy"


def rest_proxy_resources() -> dict[str, JsonObject]:
    kustomization = documents(REST_PROXY / "kustomization.yaml")[0]
    assert set(kustomization["resources"]) == {
        path.name for path in REST_PROXY.glob("*.yaml") if path.name != "kustomization.yaml"}
    return {f"{doc['kind']}/{doc['metadata']['name']}": doc
            for name in kustomization["resources"] for doc in documents(REST_PROXY / name)}


@pytest.mark.parametrize("version", VERSIONS)
def test_the_rest_proxy_validates_and_is_reached_through_its_service(version: str) -> None:
    resources = rest_proxy_resources()
    for key, doc in resources.items():
        kubernetes_validate.validate(doc, version, strict=True)
        assert doc["metadata"]["namespace"] == "nazh", key
    proxy = resources["Deployment/discord-api-proxy"]
    pod = proxy["spec"]["template"]["spec"]
    [container] = pod["containers"]
    env = {item["name"]: item["value"] for item in container["env"]}
    assert container["image"].startswith("limbolabs/discord-api-proxy:")
    assert env["REDIS_HOST"] == "discord-api-proxy-redis"
    assert container["readinessProbe"]["httpGet"]["path"] == "/health"
    service = resources["Service/discord-api-proxy"]
    assert service["spec"]["selector"] == proxy["spec"]["selector"]["matchLabels"]
    assert service["spec"]["ports"][0]["port"] == 8080
    balancer = resources["Deployment/discord-rest"]
    [haproxy] = balancer["spec"]["template"]["spec"]["containers"]
    assert haproxy["image"].startswith("haproxy:")
    # HAProxy's resolvers read no search domains: the proxy's Service by its full name
    assert haproxy["env"] == [{"name": "DISCORD_API_PROXY_HOST",
                               "value": "discord-api-proxy.nazh.svc.cluster.local"}]
    assert balancer["spec"]["template"]["spec"]["volumes"][0]["configMap"]["name"] == (
        "discord-rest")  # generated from discord-rest.cfg (tests/deploy/test_compose.py checks it)
    kustomization = documents(REST_PROXY / "kustomization.yaml")[0]
    assert kustomization["configMapGenerator"] == [
        {"name": "discord-rest", "files": ["haproxy.cfg=discord-rest.cfg"]}]
    rest = resources["Service/discord-rest"]
    assert rest["spec"]["selector"] == balancer["spec"]["selector"]["matchLabels"]
    assert rest["spec"]["ports"][0]["port"] == 8080
    redis = resources["Service/discord-api-proxy-redis"]["spec"]["selector"]
    assert redis == resources["Deployment/discord-api-proxy-redis"]["spec"]["selector"][
        "matchLabels"]
    for key, doc in resources.items():
        if doc["kind"] != "Deployment":
            continue
        spec = doc["spec"]["template"]["spec"]
        assert spec["automountServiceAccountToken"] is False, key
        assert spec["securityContext"]["runAsUser"] >= 10000, key
        for each in spec["containers"]:
            assert each["securityContext"]["readOnlyRootFilesystem"] is True, key
            assert {"livenessProbe", "readinessProbe"} <= set(each), key
            assert {"requests", "limits"} <= set(each["resources"]), key


def test_signed_checkpoints_are_kept_on_persistent_volumes() -> None:
    resources = manifests()
    for key, pod, container in containers(resources):
        if resources[key]["kind"] == "Job":
            continue
        env = {item["name"]: item for item in container.get("env", [])}
        config = resources["ConfigMap/nazh-config"]["data"]
        path = (env["NAZH_CHECKPOINT_FILE"]["value"] if "NAZH_CHECKPOINT_FILE" in env
                else f"{config['NAZH_DATA_DIR']}/checkpoints.jsonl")
        mount = max((m for m in container["volumeMounts"]
                     if path.startswith(m["mountPath"] + "/")),
                    key=lambda m: len(m["mountPath"]))
        volumes = {v["name"]: v for v in pod["volumes"]}
        claims = {t["metadata"]["name"] for t in resources[key]["spec"].get(
            "volumeClaimTemplates", [])}
        volume = volumes.get(mount["name"], {})
        assert "persistentVolumeClaim" in volume or mount["name"] in claims, (key, path)
    http = next(c for key, _, c in containers(resources) if key == "Deployment/nazh-http")
    env = {item["name"]: item for item in http["env"]}  # one file per pod of a shared volume
    assert env["NAZH_CHECKPOINT_FILE"]["value"].endswith("/$(POD_NAME).jsonl")
    assert env["POD_NAME"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"


def test_the_secrets_placeholders_are_refused_at_start(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        pod_settings(manifests(), "Deployment/nazh-http", tmp_path, placeholders=True)
    assert [problem.split(":")[0] for problem in refused.value.problems] == [
        "DISCORD_TOKEN", "DISCORD_PUBLIC_KEY"]
    assert "replace-with" not in str(refused.value)


def replica_count_env(resources: dict[str, JsonObject]) -> str:
    _, _, container = next(item for item in containers(resources)
                           if item[0] == "StatefulSet/nazh-gateway")
    env = {variable["name"]: variable for variable in container["env"]}
    assert env["NAZH_REPLICA_INDEX"]["valueFrom"]["fieldRef"]["fieldPath"] == \
        "metadata.labels['apps.kubernetes.io/pod-index']"
    return str(env["NAZH_REPLICA_COUNT"]["value"])


def test_the_gateway_replica_count_matches_the_statefulset() -> None:
    resources = manifests()
    assert replica_count_env(resources) == str(
        resources["StatefulSet/nazh-gateway"]["spec"]["replicas"])


@pytest.mark.parametrize(("replicas", "shards"), [(1, 4), (2, 4), (3, 4), (8, 16)])
def test_every_shard_is_run_by_exactly_one_gateway_pod(tmp_path: Path, replicas: int,
                                                       shards: int) -> None:
    resources = manifests()
    if shards != 4:  # the ConfigMap's count, raised as the StatefulSet's comment says
        resources["ConfigMap/nazh-config"]["data"]["NAZH_SHARD_COUNT"] = str(shards)
    assert resources["ConfigMap/nazh-config"]["data"]["NAZH_SHARD_COUNT"] == str(shards)
    run_by: dict[int, list[int]] = {}
    for ordinal in range(replicas):
        settings = pod_settings(resources, "StatefulSet/nazh-gateway", tmp_path,
                                NAZH_REPLICA_COUNT=str(replicas),
                                NAZH_REPLICA_INDEX=str(ordinal))
        count, ids = settings.shard_plan.resolve(recommended=1)
        assert count == shards
        assert ids, f"pod {ordinal} runs no shard"
        assert list(ids) == list(range(ids[0], ids[-1] + 1)), "a contiguous range"
        for shard in ids:
            run_by.setdefault(shard, []).append(ordinal)
    assert run_by == {shard: run_by[shard] for shard in range(shards)}
    assert all(len(pods) == 1 for pods in run_by.values()), run_by


def test_more_gateway_pods_than_shards_is_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as refused:
        pod_settings(manifests(), "StatefulSet/nazh-gateway", tmp_path,
                     NAZH_REPLICA_COUNT="8", NAZH_REPLICA_INDEX="0")
    assert refused.value.problems == [
        "NAZH_REPLICA_INDEX: 8 replicas need at least 8 shards (NAZH_SHARD_COUNT=4)"]
