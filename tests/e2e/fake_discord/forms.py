"""Modal forms as Discord treats them: the rules on a modal its OpenAPI spec cannot say, and the
submit Discord sends once a member filled one in (Labels, selects, File Uploads, checkboxes).

A modal's custom ids are unique; a select or checkbox group allows at most as many values as it
has options and no more defaults than its ``max_values``; ``min_values`` is at most
``max_values``; a required File Upload or select asks for at least one value. The submit keeps
the modal's layout: a Label holds its field's answer (a text input's ``value``, a select's or a
checkbox group's ``values``, a checkbox's boolean ``value``, a File Upload's attachment ids in
``values`` with the files in ``data.resolved.attachments``), an action row its text input's,
a text display only its ``id``; every component has the numeric ``id`` Discord gave it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence

from nazh.application.shared.json_types import JsonMapping, JsonObject, JsonValue

from .message_rules import RefusedError
from .payloads import DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID, modal_submit

ACTION_ROW, STRING_SELECT, TEXT_INPUT, TEXT_DISPLAY = 1, 3, 4, 10
LABEL, FILE_UPLOAD, RADIO_GROUP, CHECKBOX_GROUP, CHECKBOX = 18, 19, 21, 22, 23
_CHOOSING = frozenset({STRING_SELECT, CHECKBOX_GROUP, RADIO_GROUP})

Answer = str | bool | Sequence[str] | Sequence[JsonMapping]
"""A text input's text, a checkbox's tick, a select's values, or a File Upload's attachments
(the objects ``FakeDiscord.attachment`` returns)."""


def fields(modal: JsonMapping) -> Iterator[JsonMapping]:
    """Every field of a modal's data (inside its action rows and Labels)."""
    for component in modal.get("components") or []:
        if component.get("type") == ACTION_ROW:
            yield from component.get("components") or []
        elif component.get("type") == LABEL:
            yield component["component"]


def check_modal(data: JsonMapping) -> None:
    """Refuse a modal (a type 9 callback's ``data``) breaking a rule the spec cannot say.

    Raises:
        RefusedError: The rules it breaks.
    """
    violations: list[str] = []
    seen: set[str] = set()
    for field in fields(data):
        custom_id = str(field.get("custom_id"))
        if custom_id in seen:
            violations.append(f"components: custom_id {custom_id!r} is used twice")
        seen.add(custom_id)
        violations += _field_rules(field)
    if violations:
        raise RefusedError(violations)


def _field_rules(field: JsonMapping) -> list[str]:
    kind = field.get("type")
    where = f"components: {field.get('custom_id')!r}"
    least, most = field.get("min_values"), field.get("max_values")
    found: list[str] = []
    if isinstance(least, int) and isinstance(most, int) and least > most:
        found.append(f"{where}: min_values {least} is more than max_values {most}")
    if kind in _CHOOSING:
        options = field.get("options") or []
        values = [option.get("value") for option in options]
        if len(set(values)) != len(values):
            found.append(f"{where}: two options have the same value")
        if isinstance(most, int) and most > len(options):
            found.append(f"{where}: max_values {most} is more than its {len(options)} options")
        defaults = sum(1 for option in options if option.get("default"))
        if defaults > (most if isinstance(most, int) else 1):
            found.append(f"{where}: {defaults} options are default, more than max_values")
    if kind == TEXT_INPUT:
        length = len(str(field.get("value") or ""))
        if isinstance(field.get("max_length"), int) and length > field["max_length"]:
            found.append(f"{where}: its value is longer than max_length")
    return found


def form_submit(modal: JsonMapping, answers: Mapping[str, Answer], *,
                user: JsonMapping | None = None, message: JsonMapping | None = None,
                guild_id: str | None = DEFAULT_GUILD_ID,
                channel_id: str = DEFAULT_CHANNEL_ID, application_id: str,
                locale: str = "en-US") -> JsonObject:
    """INTERACTION_CREATE for ``modal`` (the bot's type 9 callback body) filled in with
    ``answers`` by custom id, as Discord sends it; what Discord's client would not let a member
    send (a required field left empty, a value not offered, too many files) raises ValueError."""
    data = modal["data"]
    ids = itertools.count(1)
    resolved: dict[str, JsonValue] = {}
    components: list[JsonObject] = []
    for component in data.get("components") or []:
        kind = component.get("type")
        own = _id(component, ids)
        if kind == LABEL:
            components.append({"type": LABEL, "id": own, "component": _answered(
                component["component"], answers, ids, resolved)})
        elif kind == ACTION_ROW:
            components.append({"type": ACTION_ROW, "id": own, "components": [
                _answered(field, answers, ids, resolved) for field in component["components"]]})
        else:
            components.append({"type": kind, "id": own})
    unknown = set(answers) - {str(field.get("custom_id")) for field in fields(data)}
    if unknown:
        raise ValueError(f"the modal has no field {sorted(unknown)}")
    return modal_submit(
        data["custom_id"], {}, message=message, user=user, guild_id=guild_id,
        channel_id=channel_id, application_id=application_id, locale=locale,
        components=components,
        resolved={"attachments": resolved} if resolved else None)


def _id(component: JsonMapping, ids: Iterator[int]) -> int:
    given = component.get("id")
    counted = next(ids)
    return given if isinstance(given, int) else counted


def _answered(field: JsonMapping, answers: Mapping[str, Answer], ids: Iterator[int],
              resolved: dict[str, JsonValue]) -> JsonObject:
    custom_id = str(field["custom_id"])
    kind = field["type"]
    answer = answers.get(custom_id)
    required = field.get("required", True) is not False
    built: JsonObject = {"type": kind, "id": _id(field, ids), "custom_id": custom_id}
    if kind == TEXT_INPUT:
        text = str(field.get("value") or "") if answer is None else str(answer)
        _check_text(custom_id, field, text, required)
        built["value"] = text
    elif kind == CHECKBOX:
        built["value"] = bool(field.get("default")) if answer is None else answer is True
    elif kind in _CHOOSING:
        offered = [str(option["value"]) for option in field.get("options") or []]
        values = ([v for v, o in zip(offered, field.get("options") or [], strict=True)
                   if o.get("default")] if answer is None else [str(v) for v in
                                                                  _values(answer)])
        if any(value not in offered for value in values):
            raise ValueError(f"{custom_id!r}: {values} are not all among its options")
        _check_count(custom_id, field, len(values), required, default_least=1)
        built["values"] = values
    elif kind == FILE_UPLOAD:
        files = [dict(f) for f in _values(answer or []) if isinstance(f, Mapping)]
        _check_count(custom_id, field, len(files), required, default_least=1)
        built["values"] = [str(f["id"]) for f in files]
        resolved.update({str(f["id"]): f for f in files})
    else:
        raise ValueError(f"{custom_id!r}: component type {kind} is not a modal's field")
    return built


def _values(answer: Answer) -> Sequence[str | JsonMapping]:
    if isinstance(answer, str | bool):
        raise ValueError(f"{answer!r}: a select or a File Upload takes a list")
    return list(answer)


def _check_text(custom_id: str, field: JsonMapping, text: str, required: bool) -> None:
    least = field.get("min_length")
    if required and not text:
        raise ValueError(f"{custom_id!r} is required: Discord's client sends no empty one")
    if text and isinstance(least, int) and len(text) < least:
        raise ValueError(f"{custom_id!r}: shorter than its min_length {least}")
    most = field.get("max_length")
    if isinstance(most, int) and len(text) > most:
        raise ValueError(f"{custom_id!r}: longer than its max_length {most}")


def _check_count(custom_id: str, field: JsonMapping, count: int, required: bool,
                 default_least: int) -> None:
    least = field.get("min_values")
    least = default_least if not isinstance(least, int) else least
    most = field.get("max_values")
    most = 1 if not isinstance(most, int) else most
    if not required and count == 0:
        return
    if count < max(least, 1 if required else 0) or count > most:
        raise ValueError(f"{custom_id!r}: {count} value(s), it takes {least} to {most}")
