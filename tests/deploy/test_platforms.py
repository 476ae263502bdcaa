"""The plain-VM systemd unit and the Render blueprint: valid, and consistent with the image
and the exit statuses docs/configuration.md documents."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "systemd" / "nazh.service"


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        reason = "systemd-analyze is not installed (Debian's systemd)"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    # the unit as installed, but starting a binary this machine has
    unit = tmp_path / "nazh.service"
    unit.write_text(UNIT.read_text().replace("/opt/nazh/bin/nazh run", "/bin/true run"))
    checked = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True,
                             timeout=60, check=False)
    assert checked.returncode == 0, checked.stderr
    assert "nazh.service" not in checked.stderr, checked.stderr


def test_the_unit_runs_the_bot_and_gives_up_where_a_person_is_needed() -> None:
    settings = unit_settings()
    assert settings["ExecStart"] == ["/opt/nazh/bin/nazh run"]
    assert settings["KillSignal"] == ["SIGTERM"]
    assert settings["Restart"] == ["on-failure"]
    # exit 2 (a setting is wrong, the exit table of docs/configuration.md) is not retried;
    # the others are
    assert settings["RestartPreventExitStatus"] == ["2"]
    exits = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert "| 2 | a setting is missing or malformed" in exits
    assert settings["ProtectSystem"] == ["strict"]
    assert settings["StateDirectory"] == ["nazh"]


def test_the_render_blueprint_runs_the_image_with_a_disk_for_the_log() -> None:
    blueprint = yaml.safe_load((ROOT / "render.yaml").read_text())
    [service] = blueprint["services"]
    assert service["type"] == "worker"
    assert (ROOT / service["dockerfilePath"]).exists()
    assert service["dockerCommand"] == "nazh run"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"NAZH_DATA_DIR={service['disk']['mountPath']}" in dockerfile
    env = {variable["key"]: variable for variable in service["envVars"]}
    assert env["DISCORD_TOKEN"] == {"key": "DISCORD_TOKEN", "sync": False}
