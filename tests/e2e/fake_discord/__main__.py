"""``python -m tests.e2e.fake_discord [--port N]``: the fake Discord, started by hand.

Serves REST and the gateway on 127.0.0.1 (run it from the repository's root: ``tests`` is not
installed), prints their URLs and the settings that point ``nazh run`` or ``nazh serve`` at it,
and serves until Ctrl-C (SIGINT) or SIGTERM, then exits 0. Nothing sends interactions on its
own: the fake answers what the bot asks (identity, gateway, command registration, callbacks).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence

from .http_client import HttpTarget
from .server import FakeDiscord

DEFAULT_BOT_URL = "http://127.0.0.1:8080/interactions"
"""Where ``nazh serve`` listens with the default ``NAZH_HTTP_PORT``."""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """``--port N`` (default 0: any free port)."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.e2e.fake_discord",
        description="Run the fake Discord (REST and gateway on 127.0.0.1) until Ctrl-C.")
    parser.add_argument("--port", type=_port, default=0, metavar="N",
                        help="the port to listen on (default: any free port)")
    return parser.parse_args(argv)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port 0-65535, not {text!r}")
    return int(text)


def banner(fake: FakeDiscord, public_key: str) -> str:
    """The URLs and the ``export`` lines that point the bot at ``fake``."""
    return "\n".join([
        f"fake Discord REST:    {fake.rest_url}",
        f"fake Discord gateway: {fake.gateway_url}",
        "",
        "Point the bot at it, then run `nazh run` (or `nazh serve`):",
        f"  export DISCORD_TOKEN={fake.token}",
        f"  export NAZH_DISCORD_API_URL={fake.rest_url}",
        f"  export NAZH_DEV_GUILDS={fake.guild_ids[0]}",
        f"  export NAZH_ATTACHMENT_HOSTS={fake.attachment_origin}",
        f"  export DISCORD_PUBLIC_KEY={public_key}   # nazh serve only",
        "",
        "Ctrl-C stops it.",
    ])


async def serve(port: int) -> None:
    """Start the fake on ``port``, print the banner, and serve until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    fake = FakeDiscord()
    await fake.start(port)
    try:
        public_key = HttpTarget(DEFAULT_BOT_URL).public_key
        sys.stdout.write(banner(fake, public_key) + "\n")
        sys.stdout.flush()
        await stop.wait()
    finally:
        await fake.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the fake until stopped; 0."""
    args = parse_args(argv)
    asyncio.run(serve(args.port))
    return 0


if __name__ == "__main__":
    sys.exit(main())
