"""Memory of the bot process: idle after READY against the libraries alone, and in 10,000
servers.

Run from the repository root, inside the virtualenv::

    .venv/bin/python -m benchmarks.memory                 # prints the figures, exits 0
    .venv/bin/python -m benchmarks.memory --check         # exits 1 when a target is missed
    .venv/bin/python -m benchmarks.memory --guilds 2000   # a smaller server count
    .venv/bin/python -m benchmarks.memory --guilds 0      # idle only (about 20 s)

Idle after READY: ``nazh run`` on an SQLite log at the newest schema against the fake Discord,
once its shard handled READY (its ``/readyz`` says so) and its RSS held still for two seconds;
beside it, in the same run, the floor: a fresh interpreter that only imports the libraries the
stack is made of (hikari, lightbulb, SQLAlchemy's asyncio engine with aiosqlite, pydantic-
settings, dependency-injector, prometheus-client). No bot can idle below that; what the bot
holds over it is Nazh's own. The same again on a new log, which the bot migrates as it starts
(in a forked child: the bot itself never loads Alembic), judged by the same target.

Idle before connecting: ``nazh run`` (gateway) and ``nazh serve`` (HTTP interactions) start on
an SQLite log already at the newest schema, against a Discord API address that accepts
connections and never answers, so each process has done all its start-up and waits on its first
request to Discord; its RSS is read once it has held still for two seconds (printed for
information).

Servers: the fake Discord's gateway sends ``--guilds`` GUILD_CREATEs (a few channels and roles
each, no members, as Discord sends them without the privileged intents) to ``nazh run``; its
RSS is printed after every 1,000 servers (read from ``nazh_guilds``).

Targets: idle ``nazh run`` after READY at most 20 MiB over the libraries alone, measured in the
same run (issue "Every roll lean again"; it replaces the absolute 80 MiB of "Performance where
it shows", which the libraries alone, 85-88 MiB, are above); at 10,000 servers at most 150 MiB.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from benchmarks.report import Verdict
from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord.payloads import make_guild
from tests.local_http import free_port

MIB = 1024 * 1024
IDLE_MODES = ("run", "serve")
OVER_STACK_TARGET = 20
"""MiB the idle bot after READY may hold over the libraries alone."""
GUILDS_TARGET = 150
STACK = ("hikari", "lightbulb", "sqlalchemy.ext.asyncio", "aiosqlite", "pydantic_settings",
         "dependency_injector.containers", "prometheus_client")
STILL_SECONDS = 2.0
STEP = 1000


def rss_of(pid: int) -> int:
    """Resident set size of process ``pid``, in bytes."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def settled_rss(pid: int, timeout: float = 60.0) -> int:
    """RSS once it has not changed for :data:`STILL_SECONDS`."""
    deadline = time.monotonic() + timeout
    last, since = rss_of(pid), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = rss_of(pid)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= STILL_SECONDS:
            return now
    return last


@contextlib.contextmanager
def silent_api() -> Iterator[str]:
    """A Discord API address that accepts connections and never answers."""
    server = socket.create_server(("127.0.0.1", 0))
    server.listen(64)
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/api/v10"
    finally:
        server.close()


def idle_rss(mode: str, data_dir: Path) -> int:
    """RSS of ``nazh <mode>`` waiting on its first request to Discord."""
    with silent_api() as api_url:
        env = {**os.environ, "DISCORD_TOKEN": "MTAw.bench.token", "NAZH_DISCORD_API_URL": api_url,
               "NAZH_DATA_DIR": str(data_dir), "NAZH_HTTP_PORT": str(free_port()),
               "DISCORD_PUBLIC_KEY": "a" * 64, "NAZH_LOG_LEVEL": "WARNING"}
        process = subprocess.Popen([sys.executable, "-m", "nazh", mode], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            return settled_rss(process.pid)
        finally:
            process.kill()
            process.wait()


def stack_rss() -> int:
    """RSS of an interpreter that has only imported the stack's libraries."""
    script = (f"import {', '.join(STACK)}\n"
              "print(next(l for l in open('/proc/self/status') if l.startswith('VmRSS:'))"
              ".split()[1])")
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                         text=True).stdout
    return int(out) * 1024


async def ready_rss(tmp: Path, data: Path) -> int:
    """RSS of ``nazh run`` idle after READY (on the fake Discord), once it held still, on the
    SQLite log in ``data`` (already at the newest schema, as a running bot's is, or new: the
    bot then migrated it as it started)."""
    tmp.mkdir(parents=True, exist_ok=True)
    async with FakeDiscord() as fake:
        bot = BotProcess(fake, tmp, f"sqlite+aiosqlite:///{data}/nazh.sqlite3",
                         NAZH_LOG_LEVEL="WARNING")
        await bot.start()
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 60
            last, since = bot.rss_bytes(), loop.time()
            while loop.time() < deadline and loop.time() - since < STILL_SECONDS:
                await asyncio.sleep(0.25)
                if (now := bot.rss_bytes()) != last:
                    last, since = now, loop.time()
            return last
        finally:
            await bot.stop()


def judged_start(start: str, ready: int, floor: int) -> Verdict:
    """Print ``nazh run``'s RSS idle after READY (``start``: how it started) against the
    libraries' ``floor``, and judge it by the target."""
    over = (ready - floor) / MIB
    print(f"nazh run, idle after READY{start}: {ready / MIB:.1f} MiB ({over:+.1f} MiB over the "
          f"libraries)")
    return Verdict(f"idle nazh run after READY{start} <= the libraries + {OVER_STACK_TARGET} "
                   f"MiB", over <= OVER_STACK_TARGET,
                   f"{ready / MIB:.1f} MiB, {over:+.1f} MiB over {floor / MIB:.1f} MiB")


def migrate(data_dir: Path) -> None:
    """Bring the SQLite log in ``data_dir`` to the newest schema (so start-up does not)."""
    subprocess.run([sys.executable, "-m", "nazh", "db", "upgrade", "--init"], check=True,
                   env={**os.environ, "NAZH_DATA_DIR": str(data_dir)},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def guild(number: int) -> dict[str, object]:
    """A server as Discord sends it to a bot without privileged intents: five channels (two
    categories' worth of text and voice), four roles, no members."""
    guild_id = str(900_000_000_000_000_000 + number)
    payload = make_guild(guild_id, name=f"Table {number}")
    channel = payload["channels"][0]
    payload["channels"] = [{**channel, "id": str(int(guild_id) + n), "name": f"channel-{n}",
                            "position": n} for n in range(1, 6)]
    everyone = payload["roles"][0]
    payload["roles"] = [everyone, *({**everyone, "id": str(int(guild_id) + 10 + n),
                                     "name": f"role-{n}", "position": n} for n in range(1, 4))]
    return payload


async def guild_count(port: int) -> float:
    """``nazh_guilds`` from the bot's sidecar."""
    async with aiohttp.ClientSession() as session, \
            session.get(f"http://127.0.0.1:{port}/metrics") as response:
        text = await response.text()
    return next((sample.value for family in text_string_to_metric_families(text)
                 for sample in family.samples if sample.name == "nazh_guilds"), 0.0)


async def guilds_rss(count: int, tmp: Path) -> list[tuple[int, int]]:
    """(servers, RSS) after every 1,000 servers: the first 1,000 come with the connection, the
    rest 1,000 at a time as if the bot were added to them."""
    fleet = [guild(n) for n in range(count)]
    fake = FakeDiscord(guild_ids=[str(fleet[0]["id"])])
    await fake.start()
    fake.gateway._guilds = fleet[:STEP]  # the fake gateway's list, with richer servers
    port = free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    bot = BotProcess(fake, tmp, f"sqlite+aiosqlite:///{tmp}/nazh.db", NAZH_DEV_GUILDS="",
                     NAZH_HTTP_PORT=str(port), NAZH_LOG_LEVEL="WARNING")
    samples: list[tuple[int, int]] = []
    try:
        await bot.start()
        for sent in range(STEP, count + STEP, STEP):
            for payload in fleet[sent - STEP:sent] if sent > STEP else ():
                await fake.dispatch("GUILD_CREATE", payload)
            expected = min(sent, count)
            deadline = time.monotonic() + 60
            while await guild_count(port) < expected:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the bot saw fewer than {expected} servers in 60 s")
                await asyncio.sleep(0.1)
            samples.append((expected, bot.rss_bytes()))
    finally:
        if bot.process is not None:
            await bot.stop()
        await fake.close()
    return samples


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; with ``--check``, exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--guilds", type=int, default=10_000, help="servers to join (0: idle only)")
    parser.add_argument("--check", action="store_true", help="exit 1 on a missed target")
    args = parser.parse_args(argv)
    verdicts: list[Verdict] = []
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        data = tmp / "idle"
        migrate(data)
        floor = stack_rss()
        print(f"the stack's libraries alone (imported, nothing else): {floor / MIB:.1f} MiB")
        for start, log in (("", data), (", having migrated its log", tmp / "fresh-log")):
            ready = asyncio.run(ready_rss(tmp / f"ready{len(verdicts)}", log))
            verdicts.append(judged_start(start, ready, floor))
        for mode in IDLE_MODES:
            rss = idle_rss(mode, data)
            print(f"nazh {mode}, idle before connecting: {rss / MIB:.1f} MiB "
                  f"({(rss - floor) / MIB:+.1f} MiB over the libraries)")
        if args.guilds:
            samples = asyncio.run(guilds_rss(args.guilds, tmp / "guilds"))
            print(f"{'servers':>8} {'RSS MiB':>8}")
            for servers, rss in samples:
                print(f"{servers:>8} {rss / MIB:>8.1f}")
            servers, rss = samples[-1]
            verdicts.append(Verdict(f"{args.guilds} servers <= {GUILDS_TARGET} MiB",
                                    servers >= args.guilds and rss <= GUILDS_TARGET * MIB,
                                    f"{rss / MIB:.1f} MiB with {servers} servers"))
    print()
    for verdict in verdicts:
        print(verdict.line())
    return 1 if args.check and not all(v.passed for v in verdicts) else 0


if __name__ == "__main__":
    raise SystemExit(main())
