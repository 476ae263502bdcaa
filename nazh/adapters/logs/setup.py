"""Logging: text or JSON lines, optional rotating file, interaction context, secrets redacted."""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from nazh.application.shared import logging_context as log_context
from nazh.application.shared.json_types import JsonObject

REDACTED = "[REDACTED]"
TEXT_FORMAT = "%(asctime)s %(levelname)-8s %(module)s: %(message)s%(context)s"
_STANDARD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class ContextFilter(logging.Filter):
    """Attaches the interaction context (command, guild, user, roll id) to each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keeps the record."""
        fields = log_context.current()
        record.nazh_context = fields
        record.context = "".join(f" {key}={value}" for key, value in fields.items())
        return True


class RedactingFilter(logging.Filter):
    """Replaces every secret in the message, its arguments and its traceback."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [secret for secret in secrets if secret]

    def redact(self, text: str) -> str:
        """``text`` without any secret."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrites the record in place; always keeps it."""
        if not self._secrets:
            return True
        try:
            record.msg = self.redact(record.getMessage())
            record.args = None
        except (TypeError, ValueError):  # a bad format: logging reports it when emitting
            record.msg = self.redact(str(record.msg))
            if isinstance(record.args, tuple):
                record.args = tuple(self.redact(str(arg)) for arg in record.args)
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD_ATTRS and isinstance(value, str):
                setattr(record, key, self.redact(value))
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, module, message, context, extras."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        payload: JsonObject = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "module": record.module,
            "message": record.getMessage(),
        }
        payload.update(getattr(record, "nazh_context", {}))
        payload.update({k: v for k, v in record.__dict__.items()
                        if k not in _STANDARD_ATTRS and k not in {"nazh_context", "context"}})
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            payload["exception"] = record.exc_text
        return json.dumps(payload, default=str, ensure_ascii=False)


def configure_logging(
    *,
    level: str = "INFO",
    fmt: str = "text",
    file: Path | None = None,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
) -> list[logging.Handler]:
    """Install Nazh's handlers on the root logger (replacing any) and return them."""
    formatter: logging.Formatter = (
        JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT)
    )
    handlers: list[logging.Handler] = [logging.StreamHandler(stream or sys.stderr)]
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(
            file, maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8"))
    redactor = RedactingFilter(list(secrets))
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(ContextFilter())
        handler.addFilter(redactor)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    # Alembic's INFO lines (plugins set up, DDL mode) say nothing to an operator; Nazh logs the
    # schema revision itself. They stay visible at DEBUG.
    quiet = logging.NOTSET if logging.getLevelName(level) == logging.DEBUG else logging.WARNING
    logging.getLogger("alembic").setLevel(quiet)
    return handlers
