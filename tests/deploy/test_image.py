"""The container image, built from the project's Dockerfile and run for real on this machine:
the command line in it, its metadata, what it leaves out, and the bot in it answering a /roll
from the fake Discord and stopping cleanly on SIGTERM.

Skipped, with the reason, only where buildah, podman or debootstrap are missing (and never in
CI, which installs them: there a missing tool fails the test).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest

from nazh.application.shared.json_types import JsonObject
from tests.deploy.image import IMAGE, ROOT, VERSION, build, container, in_image, missing_tools, run
from tests.e2e.bot_process import children_of
from tests.e2e.fake_discord import FakeDiscord, slash_command
from tests.local_http import free_port

COMMIT = "0123456789abcdef0123456789abcdef01234567"
NAZH_UID = 10001


@pytest.fixture(scope="module")
def image() -> str:
    missing = missing_tools()
    if missing:
        reason = f"the image tools are not installed: {', '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (.ci/run installs them)", pytrace=False)
        pytest.skip(reason)
    build(COMMIT)
    return IMAGE


@pytest.fixture
def ctr(image: str) -> Iterator[str]:
    with container() as name:
        yield name


def inspect(image: str) -> JsonObject:
    data = json.loads(run(["buildah", "inspect", "--type", "image", image]).stdout)
    config: JsonObject = data["Docker"]["config"]
    return config


def test_the_command_line_rolls_and_tells_the_odds_in_the_image(ctr: str) -> None:
    rolled = run(in_image(ctr, "nazh", "roll", "a1d20+5"))
    assert "a1d20+5" in rolled.stdout
    odds = run(in_image(ctr, "nazh", "odds", "1d20"))
    assert "mean 10.50" in odds.stdout


def test_the_image_runs_as_a_non_root_user(image: str, ctr: str) -> None:
    assert run(in_image(ctr, "id", "-u")).stdout.strip() == str(NAZH_UID)
    assert inspect(image)["User"] == f"{NAZH_UID}:{NAZH_UID}"
    # its data directory, the volume, is the only place it writes
    assert run(in_image(ctr, "sh", "-c", "touch /data/probe && echo ok")).stdout.strip() == "ok"
    assert run(in_image(ctr, "sh", "-c", "touch /opt/nazh/probe"), check=False).returncode != 0


def test_the_image_metadata(image: str) -> None:
    config = inspect(image)
    labels = config["Labels"]
    assert labels["org.opencontainers.image.version"] == VERSION
    assert labels["org.opencontainers.image.revision"] == COMMIT
    assert labels["org.opencontainers.image.title"] == "Nazh"
    assert config["Entrypoint"] == ["nazh"]
    assert config["Cmd"] == ["run"]
    assert "/data" in config["Volumes"]
    assert "8080/tcp" in config["ExposedPorts"]
    assert any("/healthz" in part for part in config["Healthcheck"]["Test"])
    assert f"GIT_COMMIT={COMMIT}" in config["Env"]


def test_the_runtime_stage_has_no_build_tools_or_caches(ctr: str) -> None:
    found = run(in_image(ctr, "sh", "-c",
                         "for tool in gcc cc make pip pip3 apt-get; do command -v $tool; done; "
                         "ls -d /root/.cache /src /var/lib/apt/lists/*.lz4 2>/dev/null; "
                         "ls /opt/nazh/lib/python3.11/site-packages | grep -i -e '^pip' "
                         "-e '^setuptools' || true"), check=False)
    assert found.stdout.split() == ["/usr/bin/apt-get"], found.stdout


def test_hadolint_accepts_the_dockerfile() -> None:
    linted = subprocess.run(["hadolint", str(ROOT / "Dockerfile")], capture_output=True,
                            text=True, timeout=60, check=False)
    assert linted.returncode == 0, linted.stdout + linted.stderr


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as discord:
        yield discord


async def test_the_bot_in_the_image_answers_a_roll_and_stops_cleanly_on_sigterm(
        fake: FakeDiscord, ctr: str) -> None:
    port = free_port()
    env = {"DISCORD_TOKEN": fake.token, "NAZH_DISCORD_API_URL": fake.rest_url,
           "NAZH_HTTP_HOST": "127.0.0.1", "NAZH_HTTP_PORT": str(port),
           "NAZH_DEV_GUILDS": fake.guild_ids[0]}
    process = await asyncio.create_subprocess_exec(
        *in_image(ctr, "nazh", "run", env=env), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    try:
        await asyncio.wait_for(fake.wait_ready(60), 70)
        interaction = slash_command("roll", {"pool": "a1d20+5, 2d6+3"})
        await fake.dispatch("INTERACTION_CREATE", interaction)
        answer = await fake.wait_for_interaction_response(interaction, timeout=20)
        assert "a1d20+5" in json.dumps(answer)

        # the image's HEALTHCHECK command passes against the running bot
        health = inspect(IMAGE)["Healthcheck"]["Test"]
        assert health[0] == "CMD"
        with container() as other:
            checked = run(in_image(other, *health[1:], env={"NAZH_HTTP_PORT": str(port)}),
                          check=False)
        assert checked.returncode == 0, checked.stderr
        async with aiohttp.ClientSession() as session, \
                session.get(f"http://127.0.0.1:{port}/readyz") as ready:
            assert ready.status == 200

        nazh = [pid for pid in descendants(process.pid) if is_nazh(pid)]
        # the bot, not its odds workers (forked: the same command line, the bot as parent)
        main = [pid for pid in nazh if parent(pid) not in nazh]
        assert len(main) == 1, nazh
        os.kill(main[0], signal.SIGTERM)
        status = await asyncio.wait_for(process.wait(), 30)
        assert process.stderr is not None
        stderr = (await process.stderr.read()).decode()
        assert status == 0, stderr[-3000:]
    finally:
        if process.returncode is None:
            for pid in [*descendants(process.pid), process.pid]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            await process.wait()
    assert "Traceback" not in stderr, stderr
    events = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert [event for event in events if event.get("message") == "stopped"], stderr[-2000:]


def descendants(pid: int) -> list[int]:
    found: list[int] = []
    frontier = [pid]
    while frontier:
        children = children_of(frontier.pop())
        found += children
        frontier += children
    return found


def parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def is_nazh(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return (len(command) > 1 and b"python" in command[0].rsplit(b"/", 1)[-1]
            and command[1].endswith(b"/nazh") and b"run" in command)
