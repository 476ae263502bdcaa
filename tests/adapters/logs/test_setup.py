"""Logging: text and JSON lines, the interaction context, the rotating file, redaction."""

from __future__ import annotations

import io
import json
import logging
import logging.handlers
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from nazh.adapters.logs.setup import REDACTED, configure_logging
from nazh.application.shared import logging_context as log_context
from nazh.application.shared.json_types import JsonObject

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GzQxWv.QuIbBlEdSecretPartNazhTest_8f3k2j9"
TEXT_LINE = re.compile(
    r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} (?P<level>[A-Z]+) +(?P<module>\w+): "
    r"(?P<message>.*)$"
)


@pytest.fixture(autouse=True)
def restore_root_logger() -> Iterator[None]:
    """Put the root logger's handlers and level back (configure_logging replaces them)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if handler not in handlers:
            handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def install(fmt: str = "text", file: Path | None = None,
            level: str = "DEBUG") -> tuple[io.StringIO, list[logging.Handler]]:
    stream = io.StringIO()
    handlers = configure_logging(level=level, fmt=fmt, file=file, secrets=[TOKEN], stream=stream)
    return stream, handlers


def json_lines(text: str) -> list[JsonObject]:
    return [json.loads(line) for line in text.splitlines()]


def fail_with_token() -> None:
    raise ValueError(f"Discord said 401 for {TOKEN}")


log = logging.getLogger("nazh.tests.logs")


# -- the handlers ----------------------------------------------------------------------------


def test_the_root_logger_gets_only_nazh_s_handlers() -> None:
    stream, handlers = install()
    root = logging.getLogger()
    assert root.handlers == handlers
    assert len(handlers) == 1
    assert isinstance(handlers[0], logging.StreamHandler)
    assert handlers[0].stream is stream
    assert root.level == logging.DEBUG


def test_configuring_twice_replaces_the_handlers() -> None:
    first, _ = install()
    second, handlers = install()
    log.warning("once")
    assert logging.getLogger().handlers == handlers
    assert first.getvalue() == ""
    assert second.getvalue().count("once") == 1


def test_the_level_filters_records() -> None:
    stream, _ = install(level="WARNING")
    log.info("quiet")
    log.warning("loud")
    assert "quiet" not in stream.getvalue()
    assert "loud" in stream.getvalue()


def test_a_rotating_file_is_used_when_a_file_is_given(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "nested" / "nazh.log"
    stream, handlers = install(file=path)
    assert len(handlers) == 2
    rotating = handlers[1]
    assert isinstance(rotating, logging.handlers.RotatingFileHandler)
    assert rotating.maxBytes == 10 * 1024 * 1024
    assert rotating.backupCount == 5
    assert Path(rotating.baseFilename) == path
    log.info("to both")
    rotating.flush()
    assert "to both" in path.read_text(encoding="utf-8")
    assert "to both" in stream.getvalue()


# -- text ------------------------------------------------------------------------------------


def test_a_text_line_has_time_level_module_and_message() -> None:
    stream, _ = install()
    log.info("rolled %s", "1d20")
    (line,) = stream.getvalue().splitlines()
    match = TEXT_LINE.match(line)
    assert match is not None, line
    assert match["level"] == "INFO"
    assert match["module"] == "test_setup"
    assert match["message"] == "rolled 1d20"


def test_a_text_line_carries_the_context() -> None:
    stream, _ = install()
    with log_context.bind(command="roll", guild_id=42, user_id=7, roll_id=None):
        log_context.update(roll_id="k3v9x0q2md")
        log.warning("done")
    log.warning("after")
    first, second = stream.getvalue().splitlines()
    assert first.endswith(": done command=roll guild_id=42 user_id=7 roll_id=k3v9x0q2md")
    assert second.endswith("WARNING  test_setup: after")


# -- JSON ------------------------------------------------------------------------------------


def test_json_gives_one_object_per_line_with_the_standard_fields() -> None:
    stream, _ = install(fmt="json")
    log.info("rolled %s", "1d20")
    log.error("second")
    first, second = json_lines(stream.getvalue())
    assert set(first) == {"time", "level", "logger", "module", "message"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00", first["time"])
    assert first["level"] == "INFO"
    assert first["logger"] == "nazh.tests.logs"
    assert first["module"] == "test_setup"
    assert first["message"] == "rolled 1d20"
    assert second["level"] == "ERROR"


def test_json_carries_the_context_and_extras() -> None:
    stream, _ = install(fmt="json")
    with log_context.bind(command="roll", guild_id=42, user_id=7):
        log_context.update(roll_id="k3v9x0q2md")
        log.info("done", extra={"pools": 2})
    (line,) = json_lines(stream.getvalue())
    assert line["command"] == "roll"
    assert line["guild_id"] == "42"
    assert line["user_id"] == "7"
    assert line["roll_id"] == "k3v9x0q2md"
    assert line["pools"] == 2
    assert "context" not in line
    assert "nazh_context" not in line


def test_json_keeps_unicode_and_escapes_newlines() -> None:
    stream, _ = install(fmt="json")
    log.info("18↑(3)\nsecond line")
    (line,) = json_lines(stream.getvalue())
    assert line["message"] == "18↑(3)\nsecond line"
    assert "18↑(3)" in stream.getvalue()


def test_json_includes_the_exception() -> None:
    stream, _ = install(fmt="json")
    try:
        raise KeyError("missing")
    except KeyError:
        log.exception("failed")
    (line,) = json_lines(stream.getvalue())
    assert line["message"] == "failed"
    assert "Traceback (most recent call last)" in line["exception"]
    assert "KeyError: 'missing'" in line["exception"]


# -- redaction -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_token_is_redacted_in_the_message(fmt: str) -> None:
    stream, _ = install(fmt=fmt)
    log.info(f"connecting with {TOKEN}")
    assert TOKEN not in stream.getvalue()
    assert f"connecting with {REDACTED}" in stream.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_token_is_redacted_in_arguments(fmt: str) -> None:
    stream, _ = install(fmt=fmt)
    log.info("headers: %s / %r", {"Authorization": f"Bot {TOKEN}"}, TOKEN)
    assert TOKEN not in stream.getvalue()
    assert stream.getvalue().count(REDACTED) == 2


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_token_is_redacted_in_a_traceback(fmt: str) -> None:
    stream, _ = install(fmt=fmt)
    try:
        fail_with_token()
    except ValueError:
        log.exception("login failed")
    output = stream.getvalue()
    assert TOKEN not in output
    assert f"ValueError: Discord said 401 for {REDACTED}" in output.replace("\\n", "\n")
    assert "Traceback (most recent call last)" in output


def test_the_token_is_redacted_in_the_stack_info() -> None:
    stream, _ = install()
    record = log.makeRecord(log.name, logging.INFO, __file__, 1, "here", (), None,
                            sinfo=f'Stack (most recent call last):\n  login("{TOKEN}")')
    log.handle(record)
    assert TOKEN not in stream.getvalue()
    assert f'login("{REDACTED}")' in stream.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_token_is_redacted_in_the_file_too(fmt: str, tmp_path: Path) -> None:
    path = tmp_path / "nazh.log"
    stream, handlers = install(fmt=fmt, file=path)
    log.info("token %s", TOKEN)
    try:
        fail_with_token()
    except ValueError:
        log.exception("login failed")
    for handler in handlers:
        handler.flush()
    written = path.read_text(encoding="utf-8")
    assert TOKEN not in written
    assert TOKEN not in stream.getvalue()
    assert written.count(REDACTED) == 2
    assert stream.getvalue().count(REDACTED) == 2


def test_without_secrets_nothing_is_rewritten() -> None:
    stream = io.StringIO()
    configure_logging(level="INFO", stream=stream)
    log.info("value %s", "abc")
    assert stream.getvalue().rstrip().endswith("test_setup: value abc")


def test_a_bad_format_string_does_not_raise_into_the_caller(
        capsys: pytest.CaptureFixture[str]) -> None:
    install()
    log.info("%d dice", "three")  # logging reports this on stderr; it must not raise
    assert "Logging error" in capsys.readouterr().err


def test_the_token_is_redacted_in_json_extras() -> None:
    stream, _ = install(fmt="json")
    log.info("connecting", extra={"url": f"wss://gateway?token={TOKEN}"})
    assert TOKEN not in stream.getvalue()
