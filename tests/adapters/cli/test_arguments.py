"""What the command line refuses before it does anything: a DC with no pool to judge, digits
other than 0-9, a chart that is not a ``.png``, a ``--limit`` out of range, a public key that
is not one. Each is a usage error (exit 2) with one line saying what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from nazh.adapters.cli.app import EXIT_USAGE, HISTORY_LIMIT_MAX, build_parser
from nazh.bootstrap import run_cli


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """The error line of a command line argparse refuses (exit 2, nothing on stdout)."""
    with pytest.raises(SystemExit) as stopped:
        run_cli(argv)
    assert stopped.value.code == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    return err.splitlines()[-1]


@pytest.mark.parametrize("command", ["roll", "odds"])
@pytest.mark.parametrize("pool", ["p", "ap", "dp"])
def test_a_dc_on_the_plot_die_alone_is_refused(command: str, pool: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli([command, pool, "--dc", "10"]) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"nazh {command}: a DC needs a pool to judge, and {pool} is the plot die "
                   "alone (DC 10); hint: add a pool such as 1d20, or leave out the DC\n")


@pytest.mark.parametrize("argv", [
    ["roll", "d20", "--dc", "١٠"],
    ["roll", "d20", "--seed", "٣"],
    ["odds", "d20", "--dc", "१५"],
    ["history", "--channel", "١"],
    ["audit", "--user", "٧"],
    ["log", "purge", "--days", "٣٠"],
    ["roll", "d20", "--dc", "1_0"],
])
def test_numbers_are_written_in_the_digits_0_to_9_as_in_a_pool(
        argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(argv, capsys)
    assert line.endswith(f"expected a whole number in the digits 0-9, not {argv[-1]!r}")


def test_a_pool_refuses_those_digits_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["roll", "١d20"]) == EXIT_USAGE
    assert "unexpected character '١' (U+0661)" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["odds", "3d6"], ["audit"]])
@pytest.mark.parametrize("name", ["chart.txt", "chart", "chart.png.svg"])
def test_a_chart_must_be_a_png_file(command: list[str], name: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / name
    line = refused([*command, "--chart", str(target)], capsys)
    assert line.endswith(f"argument --chart: the chart is a PNG image: the file's name must "
                         f"end in .png (got {str(target)!r})")
    assert not target.exists()


@pytest.mark.parametrize("limit", ["-1", "0", str(HISTORY_LIMIT_MAX + 1),
                                   "99999999999999999999"])
def test_the_history_limit_is_bounded(limit: str, capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(["history", "--limit", limit], capsys)
    assert line.endswith(f"argument --limit: the limit must be between 1 and "
                         f"{HISTORY_LIMIT_MAX}, not {limit}")


@pytest.mark.parametrize("key", ["zz", "ab" * 31, "zz" * 32, "ab" * 33])
def test_a_public_key_must_be_64_hex_digits(key: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(["log", "verify", "--anchors", "checkpoints.jsonl", "--public-key", key],
                   capsys)
    assert "argument --public-key: expected an Ed25519 public key: 64 hex digits, as " \
           "`nazh keys new` prints it" in line


def test_the_bounds_themselves_are_accepted() -> None:
    parser = build_parser()
    assert parser.parse_args(["history", "--limit", "1"]).limit == 1
    assert parser.parse_args(["history", "--limit", str(HISTORY_LIMIT_MAX)]).limit == (
        HISTORY_LIMIT_MAX)
    assert parser.parse_args(["roll", "d20", "--dc", "+15"]).dc == 15
    assert parser.parse_args(["odds", "d20", "--chart", "odds.PNG"]).chart == "odds.PNG"
    verify = parser.parse_args(["log", "verify", "--public-key", "AB" * 32])
    assert verify.public_key == "ab" * 32
