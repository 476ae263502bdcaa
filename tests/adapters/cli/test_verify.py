"""``nazh log verify``'s parts on their own: a verdict's line, the signed checkpoints sorted
into the valid ones and the problems of the others, and an offline verify refusing a file
that is not an export (the whole commands run against a database in ``test_log.py``)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nazh.adapters.cli.app import EXIT_USAGE, Console
from nazh.adapters.cli.verify import (
    EXPORT_FORMAT,
    Anchors,
    describe_verdict,
    read_export,
    run_log_verify_offline,
)
from nazh.application.checkpoints.signed import Checkpoint, SignedCheckpoint
from nazh.application.log.chain import ChainVerdict

KEY, OTHER_KEY = "ab" * 32, "cd" * 32
AT = datetime(2026, 5, 1, 12, tzinfo=UTC)


def console() -> Console:
    """Streams kept in memory."""
    return Console(io.StringIO(), io.StringIO(), io.StringIO())


def test_a_verdict_says_how_many_records_held_or_where_and_why_the_chain_breaks() -> None:
    assert describe_verdict(ChainVerdict(42, 17, True)) == "channel 42: 17 records, intact"
    assert describe_verdict(ChainVerdict(42, 3, False, 4, "hash mismatch")) == (
        "channel 42: BROKEN at seq 4 (3 records intact before it): hash mismatch")


def test_checkpoints_are_sorted_into_the_valid_ones_and_the_problems_of_the_others() -> None:
    good = Checkpoint(7, 3, "h3", AT)
    forged = Checkpoint(7, 5, "h5", AT)
    foreign = Checkpoint(8, 1, "h1", AT)
    anchors = Anchors([SignedCheckpoint(good, KEY, "ok"), SignedCheckpoint(forged, KEY, "bad"),
                       SignedCheckpoint(foreign, OTHER_KEY, "ok")], KEY,
                      lambda key, content, signature: signature == "ok")
    by_channel, problems, key = anchors.sorted_out()
    assert by_channel == {7: [good]}
    assert problems == ["checkpoint of channel 7 #5 has a bad signature (forged or altered)",
                        f"checkpoint of channel 8 #1 is signed by another key ({'cd' * 8}…)"]
    assert key == KEY


@pytest.mark.parametrize(("first_line", "why"), [
    ('{"format": "something-else"}', f'the first line is not a "{EXPORT_FORMAT}" header'),
    (f'{{"format": "{EXPORT_FORMAT}", "version": 9, "heads": {{}}}}', "version 9 is not known"),
])
def test_a_file_that_is_not_an_export_is_refused_naming_why(tmp_path: Path, first_line: str,
                                                           why: str) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(first_line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"^{re.escape(why)}$"):
        read_export(path)
    out = console()
    assert run_log_verify_offline(str(path), out) == EXIT_USAGE
    assert isinstance(out.stderr, io.StringIO)
    assert out.stderr.getvalue() == (f"nazh log verify: {path} is not a readable export: "
                                     f"{why}\n")


def test_an_export_with_a_broken_record_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(f'{{"format": "{EXPORT_FORMAT}", "version": 1, "heads": {{}}}}\n\n'
                    '{"seq": 1}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"^line 3: "):
        read_export(path)
