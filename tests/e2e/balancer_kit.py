"""A real load balancer (HAProxy, Debian's package) in front of ``nazh serve`` replicas on
loopback: health-checked on ``/readyz``, a POST whose replica fails before answering retried
on another (the interactions' once keys refuse what was answered), as
``deploy/compose/scale/haproxy.cfg`` runs it in the scale stack."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

import aiohttp

from tests.local_http import free_port
from tests.waiting import until

CONFIG = """\
global
    maxconn 4096
defaults
    mode http
    option http-buffer-request
    timeout connect 1s
    timeout client 10s
    timeout server 5s
    retries 3
    retry-on conn-failure empty-response response-timeout 502 503
    option redispatch 1
frontend interactions
    bind 127.0.0.1:{port}
    default_backend nazh
backend nazh
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 500ms fall 2 rise 1
{servers}
"""


def haproxy() -> str | None:
    """HAProxy's binary, if installed (``apt-get install haproxy``)."""
    return shutil.which("haproxy") or next(
        (str(p) for p in (Path("/usr/sbin/haproxy"),) if p.exists()), None)


def haproxy_config(port: int, replica_ports: Sequence[int]) -> str:
    """The configuration: ``port`` in front of every replica's sidecar port."""
    servers = "\n".join(f"    server replica{n} 127.0.0.1:{replica} check"
                        for n, replica in enumerate(replica_ports))
    return CONFIG.format(port=port, servers=servers)


class HAProxy:
    """HAProxy run on ``config`` (a file it writes) as a child process, in an ``async with``
    that waits until :meth:`_ready` (what it waits for: :attr:`READY`)."""

    READY = "HAProxy taking requests"

    def __init__(self, config: Path, text: str) -> None:
        binary = haproxy()
        assert binary is not None, "HAProxy is not installed (apt-get install haproxy)"
        self.config = config
        self.config.write_text(text)
        self._binary = binary
        self.process: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> Self:
        self.process = await asyncio.create_subprocess_exec(
            self._binary, "-db", "-f", str(self.config), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE)
        await until(self._ready, timeout=15, what=self.READY, every=0.1)
        return self

    async def _ready(self) -> bool:
        self._running()
        return True

    def _running(self) -> None:
        assert self.process is not None
        assert self.process.returncode is None, "HAProxy exited"

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        traceback: TracebackType | None) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), timeout=10)


class LoadBalancer(HAProxy):
    """HAProxy on ``127.0.0.1:port`` in front of ``replica_ports``, as a child process."""

    READY = "HAProxy forwarding to a ready replica"

    def __init__(self, directory: Path, replica_ports: Sequence[int]) -> None:
        self.port = free_port()
        super().__init__(directory / "haproxy.cfg", haproxy_config(self.port, replica_ports))
        self.replicas = len(replica_ports)

    @property
    def url(self) -> str:
        """Where Discord POSTs the interactions."""
        return f"http://127.0.0.1:{self.port}/interactions"

    async def _ready(self) -> bool:
        self._running()
        try:
            async with aiohttp.ClientSession() as session, \
                    session.get(f"http://127.0.0.1:{self.port}/readyz") as response:
                return response.status == 200
        except aiohttp.ClientError:
            return False

    def cpu_seconds(self) -> float:
        """HAProxy's CPU time so far (user + system)."""
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
