"""``nazh db upgrade|backup|copy``, ``nazh log export|purge`` and ``nazh history``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console
from nazh.adapters.cli.audit import run_audit, run_audit_without_log
from nazh.adapters.cli.encounter import EXIT_NONE, run_encounter_show
from nazh.adapters.cli.session import run_session_export
from nazh.adapters.cli.verify import (
    EXIT_BROKEN,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    Anchors,
    describe_verdict,
    run_log_verify,
)
from nazh.application.encounters.ports import EncounterStore
from nazh.application.log.chain import ChainedEntry, ChainVerdict
from nazh.application.log.format import encode_entry, readable
from nazh.application.log.ports import ChainReader, LogRetention, RollHistory
from nazh.application.sessions.use_cases import Sessions
from nazh.application.shared.clock import Clock
from nazh.application.shared.json_types import JsonObject
from nazh.application.stats.dice_stats import DiceStats, DieFairness
from nazh.domain.errors import NazhError
from nazh.presentation.roll_json import roll_to_dict
from nazh.presentation.rows import totals_summary

EXIT_DATABASE = 3
"""The database could not be reached or has no schema yet."""
PUBLIC_ONLY = 0
"""The viewer id that sees public rolls only (no Discord user has id 0)."""


class TargetDatabaseError(NazhError):
    """Another database than the log's (the target of ``nazh db copy``) failed."""

    def __init__(self, target: str, error: BaseException) -> None:
        self.target = target
        super().__init__(failure(error))


def failure(error: BaseException) -> str:
    """``ConnectionRefusedError: [Errno 111] ...``: an exception in one short line."""
    reason = (str(error).strip().splitlines() or [""])[0][:300]
    return f"{type(error).__name__}: {reason}"


async def run_db_upgrade(upgrade: Callable[[], Awaitable[str]], target: str,
                         console: Console) -> int:
    """``nazh db upgrade``: bring the schema to the newest revision (a no-op when it is)."""
    revision = await upgrade()
    console.stdout.write(f"database {target}: schema at revision {revision}\n")
    return EXIT_OK


async def run_log_purge(args: argparse.Namespace, retention: LogRetention, clock: Clock,
                        default_days: int | None, console: Console) -> int:
    """``nazh log purge [--days N]``: delete older records, leaving an anchor for the chains."""
    if args.days is not None and args.days < 1:
        console.stderr.write(f"nazh log purge: --days must be at least 1 (got {args.days}); "
                             "records younger than a day are never purged\n")
        return EXIT_USAGE
    days = args.days if args.days is not None else default_days
    if days is None or days <= 0:
        console.stderr.write("nazh log purge: keeping the log forever (NAZH_HISTORY_DAYS is not "
                             "set); pass --days N to purge older records\n")
        return EXIT_USAGE
    cutoff = clock.now() - timedelta(days=days)
    deleted = await retention.purge_before(cutoff)
    console.stdout.write(f"purged {deleted} record(s) older than {cutoff:%Y-%m-%d %H:%M} UTC\n")
    return EXIT_OK


async def run_history(args: argparse.Namespace, history: RollHistory, chains: ChainReader,
                      console: Console) -> int:
    """``nazh history``: the newest rolls (public, and ``--user``'s private), as lines or JSON."""
    entries = await recent_rolls(history, chains, channel_id=args.channel, user_id=args.user,
                                 limit=max(args.limit, 0))
    if args.json:
        payload = [entry_to_dict(record) for record in entries]
        console.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif not entries:
        filtered = args.channel is not None or args.user is not None
        console.stdout.write("no rolls match\n" if filtered else "no rolls yet\n")
    else:
        console.stdout.writelines(history_line(record) + "\n" for record in entries)
    return EXIT_OK


def no_log_yet(args: argparse.Namespace, path: str, console: Console) -> int:
    """``nazh history|log|audit`` with no roll log yet: say so in one line, create nothing."""
    if args.command == "audit":
        return run_audit_without_log(args, path, console)
    if args.command == "encounter":
        console.stderr.write(f"no open encounter: there is no database at {path} yet\n")
        return EXIT_NONE
    if args.command == "session":
        console.stderr.write(f"no session: there is no database at {path} yet\n")
        return EXIT_NONE
    what = "no rolls yet" if args.command == "history" else f"nothing to {args.action}"
    line = (f"{what}: there is no roll log at {path} yet (`nazh run` creates it, or "
            "`nazh db upgrade`)\n")
    if args.command == "history" and args.json:
        console.stdout.write("[]\n")
        return EXIT_OK
    if args.command == "log" and args.action == "export":
        console.stderr.write(line)
        return write_export(args, {}, [], console)
    console.stdout.write(line)
    return EXIT_OK


async def recent_rolls(history: RollHistory, chains: ChainReader, *, channel_id: int | None,
                       user_id: int | None, limit: int) -> list[ChainedEntry]:
    """The newest ``limit`` rolls of one channel, or of every channel merged by time."""
    viewer = PUBLIC_ONLY if user_id is None else user_id
    channels = [channel_id] if channel_id is not None else await chains.channels()
    found: list[ChainedEntry] = []
    for channel in channels:
        found += await history.recent(channel, viewer_id=viewer, user_id=user_id, limit=limit)
    if channel_id is not None:
        return found
    return sorted(found, key=lambda record: record.entry.at, reverse=True)[:limit]


def history_line(record: ChainedEntry) -> str:
    """``k3v9x0q2md  2025-01-02 13:04:05Z  #42  user 7  a1d20+5, 2d6  = 17, 9  [Stealth]``."""
    entry = record.entry
    parts = [entry.roll_id, f"{entry.at:%Y-%m-%d %H:%M:%S}Z", f"#{entry.channel_id}",
             f"user {entry.user_id}", entry.notation,
             f"= {totals_summary(readable(entry.result))}"]
    if entry.dc is not None:
        parts.append(f"DC {entry.dc}")
    if entry.label:
        parts.append(f"[{entry.label}]")
    if entry.private:
        parts.append("(private)")
    return "  ".join(parts)


def entry_to_dict(record: ChainedEntry) -> JsonObject:
    """A record as JSON-ready data; ``result`` as ``nazh roll --json`` (``null`` if unreadable)."""
    entry = record.entry
    result = readable(entry.result)
    return {
        "roll_id": entry.roll_id, "version": entry.version, "kind": entry.kind.value,
        "at": entry.at.isoformat(), "guild_id": entry.guild_id, "channel_id": entry.channel_id,
        "user_id": entry.user_id, "notation": entry.notation, "label": entry.label,
        "dc": entry.dc, "private": entry.private, "seq": record.seq, "hash": record.hash,
        "result": None if result is None else roll_to_dict(result, notation=entry.notation,
                                                           seed=None),
    }


class StorageLog(ChainReader, RollHistory, LogRetention, Protocol):
    """The roll log as the storage commands read and purge it."""


@dataclass(frozen=True, slots=True)
class StorageTools:
    """What the storage commands need (the roll log through its ports), from the composition."""

    target: str  # for messages: no password
    upgrade: Callable[[], Awaitable[str]]
    revision: Callable[[], Awaitable[str | None]]
    log: StorageLog
    clock: Clock
    default_days: int | None
    check: Callable[[bool], None]  # True: an empty file may be initialised
    recover: Callable[[], Awaitable[int]]  # what stopped runs left in the journal; how many
    failures: tuple[type[Exception], ...]  # "the database failed" (or is damaged): exit 3
    backup: Callable[[Path], Awaitable[int]]
    copy: Callable[[str], Awaitable[tuple[int, list[ChainVerdict]]]]
    refusals: tuple[type[Exception], ...] = ()  # a backup or copy refused: exit 2, one line
    named: tuple[type[Exception], ...] = ()  # the message names what failed (the journal), exit 3
    anchors: Callable[[argparse.Namespace], Anchors] = lambda _: Anchors([], "",
                                                                        lambda *_: False)
    stats: DiceStats | None = None
    chart: Callable[[DieFairness, str], bytes] = lambda *_: b""
    encounters: EncounterStore | None = None
    sessions: Sessions | None = None


async def run_storage_command(args: argparse.Namespace, tools: StorageTools,
                              console: Console) -> int:
    """``nazh db|log|history``; 3 (with one line) when the database fails."""
    try:
        return await _dispatch(args, tools, console)
    except tools.refusals as error:
        console.stderr.write(f"nazh {args.command} {args.action}: {error}\n")
        return EXIT_USAGE
    except tools.named as error:
        console.stderr.write(f"nazh {args.command}: {error}\n")
        return EXIT_DATABASE
    except TargetDatabaseError as error:
        console.stderr.write(f"nazh {args.command} {args.action}: the target database at "
                             f"{error.target} failed: {error}\n")
        return EXIT_DATABASE
    except tools.failures as error:
        console.stderr.write(f"nazh {args.command}: the database at {tools.target} failed: "
                             f"{failure(error)}\n")
        return EXIT_DATABASE


async def _dispatch(args: argparse.Namespace, tools: StorageTools, console: Console) -> int:
    upgrading = args.command == "db" and args.action == "upgrade"
    tools.check(upgrading and args.init)
    if upgrading:
        return await run_db_upgrade(tools.upgrade, tools.target, console)
    if await tools.revision() is None:
        console.stderr.write(f"nazh {args.command}: the database at {tools.target} has no "
                             "schema yet; run `nazh db upgrade` first\n")
        return EXIT_DATABASE
    recovered = await tools.recover()
    if recovered:
        console.stderr.write(f"nazh {args.command}: {recovered} roll record(s) a stopped run "
                             "left in the roll journal were appended to the log first\n")
    return await _run(args, tools, console)


async def _run(args: argparse.Namespace, tools: StorageTools, console: Console) -> int:
    """The command itself, on a database with its schema and its journal appended."""
    if args.command in ("audit", "encounter", "session"):
        return await _read_only(args, tools, console)
    if args.command == "history":
        return await run_history(args, tools.log, tools.log, console)
    if args.command == "db":
        return await (run_db_backup if args.action == "backup" else run_db_copy)(
            args, tools, console)
    if args.action == "verify":
        return await run_log_verify(args, tools.log, console,
                                    tools.anchors(args) if args.anchors else None)
    if args.action == "export":
        return await run_log_export(args, tools.log, console)
    return await run_log_purge(args, tools.log, tools.clock, tools.default_days, console)


async def _read_only(args: argparse.Namespace, tools: StorageTools, console: Console) -> int:
    """``nazh audit`` and ``nazh encounter show``: read, and print."""
    if args.command == "audit" and tools.stats is not None:
        return await run_audit(args, tools.stats, tools.chart, console)
    if args.command == "session" and tools.sessions is not None:
        return await run_session_export(args, tools.sessions, console)
    if tools.encounters is None:
        raise NotImplementedError(f"nazh {args.command} needs its store")
    return await run_encounter_show(args, tools.encounters, tools.clock.now(), console)


async def run_db_backup(args: argparse.Namespace, tools: StorageTools, console: Console) -> int:
    """``nazh db backup FILE``: a consistent copy of the SQLite log, taken while it runs."""
    copied = await tools.backup(Path(args.file))
    console.stdout.write(f"backed up {copied} roll record(s) from {tools.target} to "
                         f"{args.file}\n")
    return EXIT_OK


async def run_db_copy(args: argparse.Namespace, tools: StorageTools, console: Console) -> int:
    """``nazh db copy --to URL``: the whole log into an empty database, every chain verified."""
    copied, verdicts = await tools.copy(args.to)
    broken = sum(not verdict.intact for verdict in verdicts)
    for verdict in verdicts:
        if not verdict.intact:
            console.stdout.write(describe_verdict(verdict) + "\n")
    console.stdout.write(f"copied {copied} roll record(s) from {tools.target}; "
                         f"{len(verdicts)} chain(s) verified in the copy, {broken} broken\n")
    return EXIT_BROKEN if broken else EXIT_OK


async def run_log_export(args: argparse.Namespace, chains: ChainReader,
                         console: Console) -> int:
    """``nazh log export [--channel ID]``: the chains as JSON lines (a header, then each record)."""
    channels = [args.channel] if args.channel is not None else await chains.channels()
    lines: list[str] = []
    heads: dict[str, list[object]] = {}
    for channel in channels:
        head = await chains.head(channel)
        if head is None:
            continue
        heads[str(channel)] = [head[0], head[1]]
        for record in await chains.chain(channel, upto_seq=head[0]):
            lines.append(json.dumps({"seq": record.seq, "prev_hash": record.prev_hash,
                                     "hash": record.hash, "entry": encode_entry(record.entry)},
                                    ensure_ascii=False, separators=(",", ":")))
    return write_export(args, heads, lines, console)


def write_export(args: argparse.Namespace, heads: dict[str, list[object]], lines: list[str],
                 console: Console) -> int:
    """The export's lines, to ``--output FILE`` or stdout; 2 (naming the file) if unwritable."""
    header = json.dumps({"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "heads": heads})
    text = "\n".join([header, *lines]) + "\n"
    if not args.output:
        console.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as error:
        console.stderr.write(f"nazh log export: cannot write {args.output}: "
                             f"{error.strerror or error}\n")
        return EXIT_USAGE
    console.stdout.write(f"exported {len(lines)} record(s) of {len(heads)} chain(s) to "
                         f"{args.output}\n")
    return EXIT_OK
