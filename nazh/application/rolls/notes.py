"""A note under a roll's result: its English text, and the template and fields it is worded from.

The application words its notes in English and never translates; a note keeps its template and
its fields (``Note("{name}'s next test gains a disadvantage", name="Kal")``) so that where it is
shown (:mod:`nazh.presentation.notes`) the template is translated before the fields fill it in.
A note is the text it says (a ``str``): what compares, logs or shows it as written still reads it.
A field is shown as its kind is: another note, a refusal (:class:`NazhError`), a hit's landing,
a condition; anything else (a name, a number) as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from nazh.domain.encounter.conditions import Condition
from nazh.domain.encounter.damage import Landed
from nazh.domain.encounter.hits import Landing
from nazh.domain.errors import NazhError


class Note(str):
    """A note's English text, with the template (and plural) and fields it is worded from."""

    # a str subclass takes no __slots__ with fields: each note keeps a small __dict__
    template: str
    plural: str | None
    fields: Mapping[str, object]

    def __new__(cls, template: str, /, **fields: object) -> Note:
        return cls._made(template, None, fields)

    @classmethod
    def counted(cls, singular: str, plural: str, n: int, /, **fields: object) -> Note:
        """A note whose words follow the number ``n`` (a field of its own)."""
        return cls._made(singular, plural, {"n": n, **fields})

    @classmethod
    def _made(cls, template: str, plural: str | None, fields: Mapping[str, object]) -> Note:
        count = fields.get("n")
        said = plural if plural is not None and count != 1 else template
        text = said.format_map({key: english(value) for key, value in fields.items()})
        note = super().__new__(cls, text if fields else said)
        note.template, note.plural, note.fields = template, plural, dict(fields)
        return note


def english(value: object) -> str:
    """A field's value as the English note says it."""
    if isinstance(value, NazhError):
        return value.summary
    if isinstance(value, Landing):
        return value.said
    if isinstance(value, Landed):
        return value.arithmetic
    if isinstance(value, Condition):
        return value.label
    if isinstance(value, tuple):
        return "; ".join(english(one) for one in value)
    return str(value)
