"""``nazh run`` and ``nazh serve``: the services, the transport until a signal, then all stopped."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from dependency_injector import providers

from nazh.adapters.config.environment import Config
from nazh.adapters.heap import freeze_startup_heap
from nazh.adapters.stopping import Stop
from nazh.composition.containers import Container, use_seed

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


def bot_container(config: Config, transport: str = "gateway") -> Container:
    """The container of ``nazh run`` (``gateway``) or ``nazh serve`` (``http``)."""
    container = Container(config=config)
    container.transport.override(providers.Object(transport))
    if config.rng == "seeded" and config.rng_seed is not None:
        use_seed(container.basics, config.rng_seed)
    return container


async def start_services(container: Container) -> None:
    """Storage (migrations, log writer, retention), then the sidecar (health while connecting)."""
    started: list[Any] = []
    try:
        for resource in _lifecycles(container):
            await resource.init()
            started.append(resource)
    except BaseException:
        for resource in reversed(started):  # what started is stopped again, in reverse
            await resource.shutdown()
        raise


async def stop_services(container: Container) -> None:
    """After the bot stopped: close the sidecar, then stop the storage (flushing the log)."""
    for resource in reversed(_lifecycles(container)):
        await resource.shutdown()


def _lifecycles(container: Container) -> list[Any]:
    """The Resource providers, in the order they start."""
    return [container.storage.running, container.storage.claims_pruning, container.guarding,
            container.service.odds_workers,
            container.service.rate_limiting, container.service.auditing,
            container.discord.answering, container.serving, container.mirroring]


async def serve_gateway(container: Container) -> None:
    """``nazh run``: the services, then the bot until a signal (at start-up, it stops at once)."""
    stop = Stop.on_signals()
    if not await stop.unless(start_services(container)):
        log.info("%s while starting: stopped", stop.reason)
        return
    app = container.discord.gateway()
    try:
        if not await stop.unless(app.start()):
            await app.abandon()
            log.info("%s while connecting to Discord: stopped", stop.reason)
            return
        freeze_startup_heap()
        log.info("Nazh is running (event loop: %s)",
                 type(asyncio.get_running_loop()).__module__.split(".")[0])
        closed = asyncio.ensure_future(app.join())
        signalled = asyncio.ensure_future(stop.wait())
        await asyncio.wait({closed, signalled}, return_when=asyncio.FIRST_COMPLETED)
        log.info("shutting down")
        await app.stop()
        signalled.cancel()
        await asyncio.gather(closed, return_exceptions=True)
        log.info("stopped")
    finally:
        await stop_services(container)


async def serve_http(container: Container) -> None:
    """``nazh serve``: the services, the commands registered, interactions until a signal."""
    stop = Stop.on_signals()
    if not await stop.unless(start_services(container)):
        log.info("%s while starting: stopped", stop.reason)
        return
    app = container.discord.http()
    try:
        if not await stop.unless(app.start()):
            log.info("%s while registering the commands with Discord: stopped", stop.reason)
            return
        freeze_startup_heap()
        log.info("Nazh is serving interactions on %s/interactions", container.sidecar().url)
        await stop.wait()
        log.info("shutting down")
        await app.stop()
    finally:
        await stop_services(container)
    log.info("stopped")
