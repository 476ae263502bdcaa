"""``python -m tests.e2e.fake_discord``: started by hand, it prints its URLs, answers HTTP, and
stops cleanly on Ctrl-C (SIGINT)."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import IO

import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 20.0


def read_lines(stream: IO[str], lines: queue.Queue[str]) -> None:
    """Put every line of ``stream`` on ``lines``, then an empty string at its end."""
    for line in stream:
        lines.put(line)
    lines.put("")


def printed_urls(lines: queue.Queue[str]) -> dict[str, str]:
    """The REST and gateway URLs from the banner."""
    urls: dict[str, str] = {}
    while len(urls) < 2:
        line = lines.get(timeout=TIMEOUT)
        assert line, f"the fake Discord stopped before printing its URLs (got {urls})"
        for name in ("REST", "gateway"):
            prefix = f"fake Discord {name}:"
            if line.startswith(prefix):
                urls[name] = line.removeprefix(prefix).strip()
    return urls


def test_the_fake_discord_runs_by_hand_until_ctrl_c() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.fake_discord", "--port", "0"], cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=read_lines, args=(process.stdout, lines), daemon=True).start()
        urls = printed_urls(lines)
        assert urls["REST"].startswith("http://127.0.0.1:")
        assert urls["REST"].endswith("/api/v10")
        with urllib.request.urlopen(urls["REST"] + "/gateway", timeout=TIMEOUT) as response:
            assert response.status == 200
            assert json.loads(response.read()) == {"url": urls["gateway"]}
        process.send_signal(signal.SIGINT)
        status = process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stderr is not None
    assert status == 0, process.stderr.read()
