"""The spending term: the Opportunities and Complications spent, in order."""

from __future__ import annotations

from nazh.application.log.values import integer
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.shared.json_types import JsonObject, JsonValue
from nazh.domain.spending import Spent, Use


def _encode(spent: tuple[Spent, ...]) -> list[JsonObject]:
    return [{"use": one.use.value, "by": one.by} for one in spent]


def _decode(value: JsonValue) -> tuple[Spent, ...]:
    return tuple(Spent(Use(one["use"]), integer(one["by"])) for one in value)


SPENT: TermKind[tuple[Spent, ...]] = TermKind("spent", _encode, _decode)
