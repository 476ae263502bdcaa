"""Modal forms with Discord's current components (Label, string select, File Upload, Checkbox
Group, Checkbox) and what a submitted one answered: hikari 2.6 has no builders for them and drops
them from a submit, so both are Nazh's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, cast

import attrs
import hikari
from hikari.impl.entity_factory import EntityFactoryImpl

from nazh.application.shared.json_types import JsonObject
from nazh.presentation.chat import clip

ACTION_ROW: Final = 1
STRING_SELECT: Final = 3
TEXT_INPUT: Final = 4
TEXT_DISPLAY: Final = 10
LABEL: Final = 18
FILE_UPLOAD: Final = 19
CHECKBOX_GROUP: Final = 22
CHECKBOX: Final = 23

# Discord's limits, as its OpenAPI spec gives them for a modal's components.
LABEL_TEXT = 45
LABEL_DESCRIPTION = 100
OPTION_TEXT = 100
SELECT_OPTIONS = 25
SELECT_PLACEHOLDER = 150
INPUT_PLACEHOLDER = 100
INPUT_VALUE = 4000
CHECKBOX_OPTIONS = 10
FILES = 10


@dataclass(frozen=True, slots=True)
class Option:
    """One option of a select or of a checkbox group."""

    label: str
    value: str
    description: str | None = None
    default: bool = False

    def payload(self) -> JsonObject:
        """The option as Discord reads it (texts cut to its limits)."""
        built: JsonObject = {"label": clip(self.label, OPTION_TEXT),
                             "value": self.value[:OPTION_TEXT]}
        if self.description:
            built["description"] = clip(self.description, OPTION_TEXT)
        if self.default:
            built["default"] = True
        return built


@dataclass(frozen=True, slots=True)
class TextField:
    """A text input (short, or a paragraph)."""

    custom_id: str
    paragraph: bool = False
    value: str = ""
    placeholder: str = ""
    required: bool = True
    min_length: int | None = None
    max_length: int | None = None

    def payload(self) -> JsonObject:
        """The text input inside its Label."""
        built: JsonObject = {"type": TEXT_INPUT, "custom_id": self.custom_id,
                             "style": 2 if self.paragraph else 1, "required": self.required}
        if self.value:
            built["value"] = self.value[:INPUT_VALUE]
        if self.placeholder:
            built["placeholder"] = clip(self.placeholder, INPUT_PLACEHOLDER)
        if self.min_length is not None:
            built["min_length"] = self.min_length
        if self.max_length is not None:
            built["max_length"] = self.max_length
        return built


@dataclass(frozen=True, slots=True)
class SelectField:
    """A string select inside a modal (the first 25 options)."""

    custom_id: str
    options: Sequence[Option]
    placeholder: str = ""
    required: bool = True
    min_values: int = 1
    max_values: int = 1

    def payload(self) -> JsonObject:
        """The select inside its Label."""
        options = [option.payload() for option in self.options[:SELECT_OPTIONS]]
        built: JsonObject = {"type": STRING_SELECT, "custom_id": self.custom_id,
                             "options": options, "required": self.required,
                             "min_values": self.min_values,
                             "max_values": min(self.max_values, len(options))}
        if self.placeholder:
            built["placeholder"] = clip(self.placeholder, SELECT_PLACEHOLDER)
        return built


@dataclass(frozen=True, slots=True)
class FileUploadField:
    """A File Upload: the member attaches one file (or up to ``max_values``)."""

    custom_id: str
    required: bool = True
    min_values: int = 1
    max_values: int = 1

    def payload(self) -> JsonObject:
        """The upload inside its Label."""
        return {"type": FILE_UPLOAD, "custom_id": self.custom_id, "required": self.required,
                "min_values": self.min_values, "max_values": min(self.max_values, FILES)}


@dataclass(frozen=True, slots=True)
class CheckboxGroupField:
    """A group of checkboxes: any of its (at most 10) options ticked."""

    custom_id: str
    options: Sequence[Option]
    required: bool = False
    min_values: int = 0
    max_values: int | None = None

    def payload(self) -> JsonObject:
        """The group inside its Label."""
        options = [option.payload() for option in self.options[:CHECKBOX_OPTIONS]]
        most = len(options) if self.max_values is None else min(self.max_values, len(options))
        return {"type": CHECKBOX_GROUP, "custom_id": self.custom_id, "options": options,
                "required": self.required, "min_values": self.min_values, "max_values": most}


@dataclass(frozen=True, slots=True)
class CheckboxField:
    """One checkbox, ticked or not."""

    custom_id: str
    default: bool = False

    def payload(self) -> JsonObject:
        """The checkbox inside its Label."""
        return {"type": CHECKBOX, "custom_id": self.custom_id, "default": self.default}


Field = TextField | SelectField | FileUploadField | CheckboxGroupField | CheckboxField
"""What a Label wraps."""


class Label(hikari.api.ComponentBuilder):
    """A modal's field with its label and description (Discord's Label, type 18)."""

    __slots__ = ("_description", "_field", "_label")

    def __init__(self, label: str, field: Field, description: str = "") -> None:
        self._label = label
        self._field = field
        self._description = description

    @property
    def type(self) -> int:
        """Discord's Label."""
        return LABEL

    @property
    def id(self) -> hikari.UndefinedOr[int]:
        """None given: Discord numbers the components."""
        return hikari.UNDEFINED

    @property
    def field(self) -> Field:
        """The field it wraps."""
        return self._field

    def build(self) -> tuple[dict[str, Any], Sequence[hikari.files.Resource[Any]]]:
        """The Label's payload, with its field."""
        built: dict[str, Any] = {"type": LABEL, "label": clip(self._label, LABEL_TEXT),
                                 "component": self._field.payload()}
        if self._description:
            built["description"] = clip(self._description, LABEL_DESCRIPTION)
        return built, ()


# -- what a submitted form answered ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Upload:
    """A file attached through a File Upload, as the submit's resolved attachments give it."""

    attachment_id: str
    filename: str
    size: int
    url: str
    content_type: str = ""


@dataclass(frozen=True, slots=True)
class FormAnswers:
    """Every field of a submitted form, by its custom id."""

    texts: Mapping[str, str] = field(default_factory=dict)
    chosen: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ticked: Mapping[str, bool] = field(default_factory=dict)
    uploads: Mapping[str, tuple[Upload, ...]] = field(default_factory=dict)

    def text(self, custom_id: str) -> str:
        """What was typed in the text input (empty when absent)."""
        return self.texts.get(custom_id, "")

    def choice(self, custom_id: str) -> str | None:
        """The one option chosen in the select (or the checkbox group), if any."""
        values = self.chosen.get(custom_id, ())
        return values[0] if values else None

    def checked(self, custom_id: str) -> bool:
        """Whether the checkbox was ticked."""
        return self.ticked.get(custom_id, False)

    def files(self, custom_id: str) -> tuple[Upload, ...]:
        """The files attached through the File Upload."""
        return self.uploads.get(custom_id, ())


def read_answers(data: Mapping[str, object]) -> FormAnswers:
    """The answers in a modal submit's ``data`` (its rows and Labels, its resolved files)."""
    texts: dict[str, str] = {}
    chosen: dict[str, tuple[str, ...]] = {}
    ticked: dict[str, bool] = {}
    uploads: dict[str, tuple[Upload, ...]] = {}
    resolved = _mapping(_mapping(data.get("resolved")).get("attachments"))
    for component in _fields(data.get("components")):
        custom_id = component.get("custom_id")
        if not isinstance(custom_id, str):
            continue
        kind = component.get("type")
        if kind == TEXT_INPUT:
            texts[custom_id] = str(component.get("value") or "")
        elif kind in {STRING_SELECT, CHECKBOX_GROUP}:
            chosen[custom_id] = tuple(str(v) for v in _list(component.get("values")))
        elif kind == CHECKBOX:
            ticked[custom_id] = component.get("value") is True
        elif kind == FILE_UPLOAD:
            uploads[custom_id] = tuple(
                upload for value in _list(component.get("values"))
                if (upload := _upload(str(value), _mapping(resolved.get(str(value))))))
    return FormAnswers(texts, chosen, ticked, uploads)


def _fields(components: object) -> list[Mapping[str, object]]:
    """The fields of a submit, out of their action rows and Labels."""
    found: list[Mapping[str, object]] = []
    for item in _list(components):
        component = _mapping(item)
        if component.get("type") == ACTION_ROW:
            found.extend(_fields(component.get("components")))
        elif component.get("type") == LABEL:
            found.extend(_fields([component.get("component")]))
        else:
            found.append(component)
    return found


def _upload(attachment_id: str, resolved: Mapping[str, object]) -> Upload | None:
    url, filename, size = resolved.get("url"), resolved.get("filename"), resolved.get("size")
    if not isinstance(url, str) or not isinstance(filename, str) or not isinstance(size, int):
        return None
    content_type = resolved.get("content_type")
    return Upload(attachment_id, filename, size, url,
                  content_type if isinstance(content_type, str) else "")


def _mapping(value: object) -> Mapping[str, object]:
    return cast("Mapping[str, object]", value) if isinstance(value, Mapping) else {}


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


@attrs.define(unsafe_hash=True, kw_only=True, weakref_slot=False)
class SubmittedForm(hikari.ModalInteraction):
    """A modal submit with every field it answered (hikari's keeps only its action rows)."""

    answers: FormAnswers = attrs.field(eq=False, hash=False, repr=False, factory=FormAnswers)


def answers_of(interaction: hikari.ModalInteraction) -> FormAnswers:
    """What the submitted form answered (nothing for one not read by :func:`read_forms`)."""
    return interaction.answers if isinstance(interaction, SubmittedForm) else FormAnswers()


class _WholeSubmits(EntityFactoryImpl):
    """hikari's entity factory, reading a modal submit whole."""

    __slots__ = ()

    def deserialize_interaction(self, payload: Mapping[str, Any]) -> hikari.PartialInteraction:
        """The interaction; a modal submit with every field it answered."""
        interaction = super().deserialize_interaction(payload)
        if not isinstance(interaction, hikari.ModalInteraction):
            return interaction
        values = {str(a.alias): getattr(interaction, a.name)
                  for a in attrs.fields(hikari.ModalInteraction) if a.init}
        return SubmittedForm(**values, answers=read_answers(_mapping(payload.get("data"))))


def read_forms(factory: hikari.api.EntityFactory) -> None:
    """Make ``factory`` read a modal submit's every field (both transports call it on theirs)."""
    # hikari 2.6 keeps a submit's action rows only and offers no hook; both transports (a
    # gateway event, an HTTP POST) read an interaction through the factory's public
    # deserialize_interaction, and the bots take no factory of ours: the bot's own one
    # becomes the subclass that reads a submit whole (no slot added, the same object)
    if not isinstance(factory, EntityFactoryImpl):
        raise TypeError(f"forms are read by hikari's EntityFactoryImpl, not {type(factory)}")
    factory.__class__ = _WholeSubmits
