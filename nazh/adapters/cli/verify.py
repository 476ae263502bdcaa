"""``nazh log verify``: chains checked against their heads and signed checkpoints, or offline."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console
from nazh.application.checkpoints.signed import (
    Checkpoint,
    SignedCheckpoint,
    anchored_range,
    check_against,
    watched,
)
from nazh.application.log.chain import (
    ChainedEntry,
    ChainScan,
    ChainVerdict,
    scan_records,
    verify_chain,
)
from nazh.application.log.format import LogFormatError, decode_entry
from nazh.application.log.ports import ChainReader
from nazh.application.shared.untrusted_json import loads as untrusted_loads

EXIT_BROKEN = 1
"""``nazh log verify``: at least one chain is broken."""
EXPORT_FORMAT = "nazh-log-export"
EXPORT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Anchors:
    """Signed checkpoints to check chains against (``nazh log verify --anchors FILE``)."""

    checkpoints: list[SignedCheckpoint]
    expected_key: str  # never the file's own
    valid: Callable[[str, bytes, str], bool]

    def sorted_out(self) -> tuple[dict[int, list[Checkpoint]], list[str], str | None]:
        """The validly signed checkpoints by channel, the problems of the others, the key."""
        key = self.expected_key
        by_channel: dict[int, list[Checkpoint]] = {}
        problems: list[str] = []
        for signed in self.checkpoints:
            point = signed.checkpoint
            where = f"checkpoint of channel {point.channel_id} #{point.seq}"
            if signed.public_key != key:
                problems.append(f"{where} is signed by another key "
                                f"({signed.public_key[:16]}…)")
            elif not self.valid(signed.public_key, point.signed_content(), signed.signature):
                problems.append(f"{where} has a bad signature (forged or altered)")
            else:
                by_channel.setdefault(point.channel_id, []).append(point)
        return by_channel, problems, key


async def run_log_verify(args: argparse.Namespace, chains: ChainReader, console: Console,
                         anchors: Anchors | None = None) -> int:
    """``nazh log verify``: check whole chains (and the signed checkpoints); 1 if any is broken."""
    channels = [args.channel] if args.channel is not None else await chains.channels()
    if anchors is None:
        verdicts = [await _verify(chains, channel) for channel in channels]
        for verdict in verdicts:
            console.stdout.write(describe_verdict(verdict) + "\n")
        broken = sum(not verdict.intact for verdict in verdicts)
        console.stdout.write(f"{len(verdicts)} chain(s) checked, {broken} broken\n")
        return EXIT_BROKEN if broken else EXIT_OK
    by_channel, problems, key = anchors.sorted_out()
    if args.channel is None:
        channels = sorted(set(channels) | set(by_channel))
    scans = {}
    for channel in channels:
        head = await chains.head(channel)
        points = by_channel.get(channel, [])
        scans[channel] = (await chains.scan(channel, upto_seq=None if head is None else head[0],
                                            head=head, watch=watched(points)), head)
    return report_anchored(scans, by_channel, problems, key, console)


def report_anchored(scans: dict[int, tuple[ChainScan, tuple[int, str] | None]],
                    by_channel: dict[int, list[Checkpoint]], problems: list[str],
                    key: str | None, console: Console) -> int:
    """Each chain's verdict, a break placed among the checkpoints, and what disagrees with them."""
    broken = 0
    for problem in problems:
        console.stdout.write(f"❌ {problem}\n")
    for channel, (scan, head) in sorted(scans.items()):
        points = by_channel.get(channel, [])
        disagreements = check_against(scan, head, points)
        line = describe_verdict(scan.verdict)
        if not scan.verdict.intact and scan.verdict.broken_at is not None:
            line += f" [{anchored_range(points, scan.verdict.broken_at)}]"
        console.stdout.write(line + "\n")
        for disagreement in disagreements:
            console.stdout.write(f"channel {channel}: {disagreement}\n")
        broken += bool(disagreements) or not scan.verdict.intact
    signed = sum(len(points) for points in by_channel.values())
    shown = f"key {key[:16]}…" if key else "no key"
    console.stdout.write(f"{len(scans)} chain(s) checked against {signed} signed "
                         f"checkpoint(s) ({shown}), {broken} broken\n")
    return EXIT_BROKEN if broken or problems else EXIT_OK


async def _verify(chains: ChainReader, channel: int) -> ChainVerdict:
    """The chain up to its head as read first, so a roll appended meanwhile is no alarm."""
    head = await chains.head(channel)
    scan = await chains.scan(channel, upto_seq=None if head is None else head[0], head=head)
    return scan.verdict


def describe_verdict(verdict: ChainVerdict) -> str:
    """``channel 42: 17 records, intact`` or where and why the chain breaks."""
    if verdict.intact:
        return f"channel {verdict.channel_id}: {verdict.checked} records, intact"
    return (f"channel {verdict.channel_id}: BROKEN at seq {verdict.broken_at} "
            f"({verdict.checked} records intact before it): {verdict.problem}")


def run_log_verify_offline(path: str, console: Console, anchors: Anchors | None = None) -> int:
    """``nazh log verify --offline FILE``: an export's chains; 1 if broken, 2 if not an export."""
    try:
        records, heads = read_export(Path(path))
    except (OSError, ValueError, LogFormatError) as error:
        console.stderr.write(f"nazh log verify: {path} is not a readable export: {error}\n")
        return EXIT_USAGE
    if anchors is not None:
        by_channel, problems, key = anchors.sorted_out()
        scans = {channel: (scan_records(channel, records.get(channel, []), heads.get(channel),
                                        watch=watched(by_channel.get(channel, []))),
                           heads.get(channel))
                 for channel in set(heads) | set(by_channel)}
        return report_anchored(scans, by_channel, problems, key, console)
    verdicts = [verify_chain(channel, records.get(channel, []), head)
                for channel, head in sorted(heads.items())]
    for verdict in verdicts:
        console.stdout.write(describe_verdict(verdict) + "\n")
    broken = sum(not verdict.intact for verdict in verdicts)
    console.stdout.write(f"{len(verdicts)} chain(s) checked offline, {broken} broken\n")
    return EXIT_BROKEN if broken else EXIT_OK


def read_export(path: Path) -> tuple[dict[int, list[ChainedEntry]], dict[int, tuple[int, str]]]:
    """The records (by channel, in file order) and the heads of an export (else ValueError)."""
    with path.open(encoding="utf-8") as file:
        header = untrusted_loads(file.readline() or "null")
        if not isinstance(header, dict) or header.get("format") != EXPORT_FORMAT:
            raise ValueError(f'the first line is not a "{EXPORT_FORMAT}" header')
        if header.get("version") != EXPORT_VERSION:
            raise ValueError(f"version {header.get('version')!r} is not known")
        heads = {int(channel): (int(seq), str(digest))
                 for channel, (seq, digest) in header["heads"].items()}
        records: dict[int, list[ChainedEntry]] = {}
        for number, line in enumerate(file, 2):
            if not line.strip():
                continue
            try:
                item = untrusted_loads(line)
                entry = decode_entry(item["entry"])
                record = ChainedEntry(entry, int(item["seq"]), str(item["prev_hash"]),
                                      str(item["hash"]))
            except (KeyError, TypeError, ValueError) as error:
                raise ValueError(f"line {number}: {error}") from None
            records.setdefault(entry.channel_id, []).append(record)
    return records, heads
