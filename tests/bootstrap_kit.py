"""Running ``nazh run`` in a child process with a clean environment and no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.QuIbBlEdSecretPartNazhTest_8f3k2j9"
NETWORK_MARKER = "NAZH-TEST: a network connection was attempted"
NETWORK_GUARD = f'''
"""Loaded at start-up of the subprocess: any attempt to reach the network is reported."""
import socket
import sys


def _refuse(*args, **kwargs):
    sys.stderr.write("{NETWORK_MARKER}\\n")
    sys.stderr.flush()
    raise OSError("the network is disabled in this test")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
'''


def nazh_run(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """``python -m nazh run`` in an empty directory, with only ``variables`` set."""
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(NETWORK_GUARD, encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(guard), str(REPO)]),
        "PYTHONIOENCODING": "utf-8",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-m", "nazh", "run"], cwd=tmp_path, env=env, capture_output=True,
        text=True, timeout=60, check=False,
    )
