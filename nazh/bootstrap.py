"""The composition root's entry point: what each ``nazh`` command runs."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console, main, run_roll
from nazh.application.rolls.dice import RollDice

if TYPE_CHECKING:
    from nazh.adapters.config.environment import Config
    from nazh.domain.rolling import RandomSource

EXIT_STORAGE = 3
"""``nazh run``: the database could not be reached at start."""
EXIT_DISCORD = 4
"""``nazh run``: Discord refused the token or the commands, or could not be reached, at start."""


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``nazh`` command; returns the exit status."""
    return main(argv, NazhCommands())


# Only the bot and the storage commands import the containers (pydantic, SQLAlchemy, hikari): the
# dice commands are wired by hand, to start fast.
class NazhCommands:
    """What each command of ``nazh`` runs."""

    def roll(self, args: argparse.Namespace) -> int:
        """``nazh roll``: the system CSPRNG, or the deterministic source of ``--seed``."""
        return run_roll(args, RollDice(dice_source(args.seed)), Console.system())

    def injury(self, args: argparse.Namespace) -> int:
        """``nazh injury``: the dice as for ``nazh roll``."""
        from nazh.adapters.cli.injury import run_injury  # noqa: PLC0415

        return run_injury(args, RollDice(dice_source(args.seed)), Console.system())

    def odds(self, args: argparse.Namespace) -> int:
        """``nazh odds`` (numpy for large pools, Pillow only for ``--chart``)."""
        from nazh.adapters.chart.pillow_chart import PillowOddsChart  # noqa: PLC0415
        from nazh.adapters.cli.odds import run_odds  # noqa: PLC0415
        from nazh.adapters.numeric.numpy_convolution import NumpyConvolution  # noqa: PLC0415
        from nazh.application.odds.use_cases import OddsOf  # noqa: PLC0415

        return run_odds(args, OddsOf(NumpyConvolution()), Console.system(),
                        PillowOddsChart())

    def attack(self, args: argparse.Namespace) -> int:
        """``nazh attack``: the system CSPRNG, or the deterministic source of ``--seed``."""
        from nazh.adapters.cli.attack import run_attack  # noqa: PLC0415

        return run_attack(args, RollDice(dice_source(args.seed)), Console.system())

    def run(self, args: argparse.Namespace) -> int:
        """``nazh run``."""
        return run_bot()

    def serve(self, args: argparse.Namespace) -> int:
        """``nazh serve``."""
        return run_bot(transport="http")

    def storage(self, args: argparse.Namespace) -> int:
        """``nazh db|log|history``."""
        return run_storage_command(args)

    def keys(self, args: argparse.Namespace) -> int:
        """``nazh keys new``: a signing key for the checkpoints, printed once."""
        from nazh.adapters.crypto.ed25519 import new_key  # noqa: PLC0415

        seed, public = new_key()
        console = Console.system()
        console.stdout.write(
            f"NAZH_SIGNING_KEY={seed}\n"
            f"# keep it secret (in .env or a secret); it signs the roll log's checkpoints\n"
            f"# public key: {public}\n"
            f"# publish the public key: anyone verifies the checkpoints with it\n")
        return EXIT_OK


def dice_source(seed: int | None) -> RandomSource:
    """The dice of the command line."""
    if seed is None:
        from nazh.adapters.rng.system import SystemRandomSource  # noqa: PLC0415

        return SystemRandomSource()
    from nazh.adapters.rng.seeded import SeededRandomSource  # noqa: PLC0415

    return SeededRandomSource(seed)


def run_bot(overrides: dict[str, object] | None = None, transport: str = "gateway") -> int:
    """``nazh run`` (``gateway``) or ``nazh serve`` (``http``): check the config, log, serve."""
    from nazh.adapters.config.data_dir import DataDirError, check_data_dir  # noqa: PLC0415
    from nazh.adapters.config.environment import (  # noqa: PLC0415
        ConfigError,
        load_config,
        load_serve_config,
    )
    from nazh.adapters.logs.setup import configure_logging  # noqa: PLC0415

    command = "run" if transport == "gateway" else "serve"
    load = load_config if transport == "gateway" else load_serve_config
    try:
        config = load(overrides)
        check_data_dir(config, create=True)
    except (ConfigError, DataDirError) as error:
        print(f"nazh {command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        configure_logging(level=config.log_level, fmt=config.log_format,
                          file=config.log_file, secrets=secrets_of(config))
    except OSError as error:  # NAZH_LOG_FILE: a directory, under a file, not writable
        print(f"nazh {command}: NAZH_LOG_FILE: cannot write {config.log_file} "
              f"({describe_os_error(error, config.log_file)})", file=sys.stderr)
        return EXIT_USAGE
    import asyncio  # noqa: PLC0415

    from nazh.adapters.discord.runtime.startup import DiscordUnavailableError  # noqa: PLC0415
    from nazh.adapters.event_loop import loop_factory  # noqa: PLC0415
    from nazh.adapters.http.sidecar import SidecarAddressError  # noqa: PLC0415
    from nazh.adapters.storage.integrity import StorageDamagedError  # noqa: PLC0415
    from nazh.adapters.storage.journal import JournalError  # noqa: PLC0415
    from nazh.composition import serving  # noqa: PLC0415
    from nazh.composition.lifecycles import StorageUnavailableError  # noqa: PLC0415
    from nazh.composition.schema import StoppedWhileMigratingError, upgrade_apart  # noqa: PLC0415

    try:
        upgrade_apart(config.database_url)
        container = serving.bot_container(config, transport)
        serve = serving.serve_gateway if transport == "gateway" else serving.serve_http
        with asyncio.Runner(loop_factory=loop_factory(config.event_loop)) as runner:
            runner.run(serve(container))
    except StoppedWhileMigratingError as stopped:
        logging.getLogger(__name__).info("%s while starting: stopped", stopped.reason)
    except (StorageUnavailableError, StorageDamagedError, JournalError) as error:
        logging.getLogger(__name__).error("%s", error)
        return EXIT_STORAGE
    except DiscordUnavailableError as error:
        logging.getLogger(__name__).error("%s", error)
        return EXIT_DISCORD
    except SidecarAddressError as error:
        logging.getLogger(__name__).error("%s", error)
        return EXIT_USAGE
    finally:
        logging.shutdown()
    return EXIT_OK


def describe_os_error(error: OSError, path: object) -> str:
    """``Permission denied``, or ``File exists: /srv/nazh`` when the error names another path."""
    reason = error.strerror or str(error)
    if error.filename is None or str(error.filename) == str(path):
        return reason
    return f"{reason}: {error.filename}"


def secrets_of(config: Config) -> list[str]:
    """What must never appear in a log: the token, the database and Redis passwords, the key."""
    from urllib.parse import urlsplit  # noqa: PLC0415

    urls = [config.database_url]
    if config.redis_url is not None:
        urls.append(config.redis_url.get_secret_value())
    passwords = [password for url in urls if (password := urlsplit(url).password)]
    keys = [config.signing_key.get_secret_value()] if config.signing_key else []
    return [config.discord_token.get_secret_value(), *passwords, *keys]


def run_storage_command(args: argparse.Namespace,
                        overrides: dict[str, object] | None = None) -> int:
    """``nazh db|log|history`` (no Discord token); exit 2 on bad config, 3 if the DB fails."""
    from nazh.adapters.config.environment import ConfigError, load_storage_config  # noqa: PLC0415

    try:
        config = load_storage_config(overrides)
    except ConfigError as error:
        print(f"nazh {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    from nazh.composition import storage_commands  # noqa: PLC0415

    if args.command == "log" and args.action == "verify" and args.offline:
        from nazh.adapters.cli.verify import run_log_verify_offline  # noqa: PLC0415

        try:
            anchors = storage_commands.anchors_of(args, config) if args.anchors else None
        except (OSError, ValueError) as error:
            print(f"nazh log verify: {error}", file=sys.stderr)
            return EXIT_USAGE
        return run_log_verify_offline(args.offline, Console.system(), anchors)
    from nazh.adapters.config.data_dir import DataDirError, check_data_dir  # noqa: PLC0415

    try:
        check_data_dir(config, create=args.command == "db" and args.action == "upgrade")
    except DataDirError as error:
        print(f"nazh {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    import asyncio  # noqa: PLC0415

    return asyncio.run(storage_commands.storage_command(args, config, Console.system()))
