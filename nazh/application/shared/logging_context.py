"""The context of the interaction being handled, attached to every log record it causes."""

from __future__ import annotations

from contextvars import ContextVar, Token

# The values as given, made text when a record asks (most interactions log nothing).
_CONTEXT: ContextVar[dict[str, object]] = ContextVar("nazh_log_context", default={})  # noqa: B039

CONTEXT_KEYS = ("command", "guild_id", "user_id", "roll_id", "interaction_id")


def current() -> dict[str, str]:
    """The fields in force (a copy)."""
    return {key: str(value) for key, value in _CONTEXT.get().items()}


class bind:  # noqa: N801 (used as a function: ``with bind(...)``)
    """Add fields (``None`` values are skipped) for the duration of the block."""

    # A class, not a generator: every interaction binds its fields.
    __slots__ = ("_fields", "_token")
    _token: Token[dict[str, object]]

    def __init__(self, **fields: object) -> None:
        self._fields = fields

    def __enter__(self) -> None:
        merged = _CONTEXT.get().copy()
        for key, value in self._fields.items():
            if value is not None:
                merged[key] = value
        self._token = _CONTEXT.set(merged)

    def __exit__(self, *_: object) -> None:
        _CONTEXT.reset(self._token)


def update(**fields: object) -> None:
    """Add fields to the current context (e.g. the roll id once it is known)."""
    merged = _CONTEXT.get().copy()  # in a loop: a comprehension is a call (1,700
    for key, value in fields.items():  # instructions fewer every roll)
        if value is not None:
            merged[key] = value
    _CONTEXT.set(merged)
