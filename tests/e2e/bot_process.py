"""The real bot as a child process (``python -m nazh run``) against the fake Discord."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp

from tests.e2e.fake_discord import FakeDiscord
from tests.local_http import free_port
from tests.waiting import until


class BotProcess:
    """``nazh run`` as a child process on one database and data directory (or another module
    run the same way: ``module``, e.g. the load benchmark's floor bot)."""

    def __init__(self, fake: FakeDiscord, tmp_path: Path, database_url: str,
                 command: str = "run", *, module: str = "nazh", **settings: str) -> None:
        self.fake = fake
        self.env = {**os.environ, "DISCORD_TOKEN": fake.token,
                    "NAZH_DISCORD_API_URL": fake.rest_url, "NAZH_LOG_LEVEL": "WARNING",
                    "NAZH_DATABASE_URL": database_url, "NAZH_DATA_DIR": str(tmp_path / "data"),
                    "NAZH_HTTP_PORT": str(free_port()),  # its /readyz says when it is ready
                    "NAZH_DEV_GUILDS": str(next(iter(fake.guild_ids))),
                    # bursts here measure capacity and durability, not the rate limits
                    "NAZH_USER_RATE_PER_MINUTE": "0", "NAZH_GUILD_RATE_PER_MINUTE": "0",
                    **settings}
        self.cwd = tmp_path
        self.command = command
        self.module = module
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        identified = self.fake.identify_count
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", self.module, self.command, env=self.env, cwd=self.cwd,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if self.command == "serve":
            await self._wait_ready()
            return

        async def connected() -> bool:
            await self._still_running()
            return self.fake.identify_count > identified and self.fake.gateway_connected

        await until(connected, timeout=30, what="the bot connecting to the gateway", every=0.05)
        if self.module == "nazh":  # commands registered before IDENTIFY; now READY handled
            await self._wait_ready()

    async def _wait_ready(self) -> None:
        """Wait until the bot's ``/readyz`` (on ``NAZH_HTTP_PORT``) says ready: ``nazh run``
        once its shards handled READY, ``nazh serve`` once it serves."""
        assert self.process is not None
        host = self.env.get("NAZH_HTTP_HOST", "127.0.0.1")
        url = f"http://{host}:{self.env['NAZH_HTTP_PORT']}/readyz"
        async with aiohttp.ClientSession() as session:

            async def ready() -> bool:
                await self._still_running()
                try:
                    async with session.get(url) as response:
                        return response.status == 200
                except aiohttp.ClientError:
                    return False

            await until(ready, timeout=30, what=f"the bot ready on {url}", every=0.1)

    async def _still_running(self) -> None:
        """Fail with the bot's stderr when it has exited."""
        assert self.process is not None
        assert self.process.returncode is None, await self._stderr()

    async def kill(self) -> None:
        """SIGKILL the bot; its worker processes must follow it within seconds."""
        assert self.process is not None
        workers = children_of(self.process.pid)
        assert workers, "the bot runs its odds workers as child processes"
        self.process.send_signal(signal.SIGKILL)
        assert await self.wait() == -signal.SIGKILL
        await until(lambda: not any(Path(f"/proc/{pid}").exists() and not zombie(pid)
                                    for pid in workers),
                    timeout=5, what=f"the worker processes {workers} ending with the bot")

    async def wait(self) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), timeout=20)

    async def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        assert await self.wait() == 0, await self._stderr()

    async def _stderr(self) -> str:
        assert self.process is not None
        assert self.process.stderr is not None
        return (await self.process.stderr.read()).decode(errors="replace")[-3000:]


    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def cpu_seconds(self) -> float:
        """The bot process's CPU time so far (user + system)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_bytes(self) -> int:
        """The bot process's resident memory."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise AssertionError("no VmRSS")


def children_of(pid: int) -> list[int]:
    """The live child processes of ``pid`` (from /proc)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False
