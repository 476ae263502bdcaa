"""``/character import`` without a file: a form with a File Upload (and whether the sheets are
shared), ``nz1:chi:file``; the file's import as the command's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari

from nazh.adapters.discord.characters.sheet import import_embed
from nazh.adapters.discord.runtime.attachments import AttachmentReader
from nazh.adapters.discord.runtime.controls import PREFIX, Codec
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.forms import (
    CheckboxField,
    FileUploadField,
    FormAnswers,
    Label,
    Upload,
    answers_of,
)
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.reports import kept_message, report, send_kept
from nazh.adapters.discord.runtime.responder import Components, Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.characters.service import Characters
from nazh.application.characters.transfer import IMPORT_SIZE_HINT, MAX_IMPORT_BYTES, read_import
from nazh.application.saved.shelves import ImportLine, ImportRefusedError
from nazh.application.settings.server import Member
from nazh.application.shared.files import file_label, kib
from nazh.domain.errors import NazhError
from nazh.presentation.chat import clip, escape
from nazh.presentation.i18n import ToReader, _, ngettext

IMPORT_KIND = "chi"
"""The import form: ``nz1:chi:file``."""
FILE_INPUT = "file"
SHARED_INPUT = "shared"
FORM_TITLE_LIMIT = 45  # Discord's, for a modal's title
JSON_TYPES = frozenset({"application/json", "text/json", "text/plain"})
"""What a JSON file's content type may say (empty: not said)."""


@dataclass(frozen=True, slots=True)
class ImportFormControl:
    """The import form, submitted."""


def import_form_id() -> str:
    """The custom id of the import form."""
    return f"{PREFIX}:{IMPORT_KIND}:{FILE_INPUT}"


CODEC = Codec(frozenset({IMPORT_KIND}),
              lambda parts: ImportFormControl() if parts[2:] == [FILE_INPUT] else None, forms=True)
"""The import form."""


class FormFileError(NazhError):
    """The form's file cannot be imported (none, or not a JSON file)."""


def import_modal() -> tuple[str, str, Components]:
    """Title, custom id and fields of the import form."""
    return clip(_("Import characters"), FORM_TITLE_LIMIT), import_form_id(), [
        Label(_("The JSON file"), FileUploadField(FILE_INPUT),
              _("A /character export or a Foundry VTT actor, at most {size}").format(
                  size=kib(MAX_IMPORT_BYTES))),
        Label(_("Shared with the table"), CheckboxField(SHARED_INPUT),
              _("The table sees the sheets; unticked, only you and the GMs")),
    ]


def uploaded(answers: FormAnswers) -> Upload:
    """The one JSON file the form holds (else a refusal saying what to attach)."""
    files = answers.files(FILE_INPUT)
    if not files:
        raise FormFileError(_("no file was attached"),
                            hint=_("attach the .json file /character export wrote, or a "
                                   "Foundry VTT actor's export"))
    upload = files[0]
    content_type = upload.content_type.split(";")[0].strip().lower()
    if not upload.filename.lower().endswith(".json") or (
            content_type and content_type not in JSON_TYPES):
        raise FormFileError(_("{file} is not a JSON file").format(
            file=file_label(upload.filename)),
            hint=_("attach the .json file /character export wrote, or a Foundry VTT "
                   "actor's export"))
    if upload.size == 0:
        raise FormFileError(_("{file} is empty").format(file=file_label(upload.filename)))
    return upload


async def import_sheets(characters: Characters, responder: Responder, member: Member,
                        data: bytes, filename: str, *, shared: bool = False) -> None:
    """Import the characters of a file's ``data``, all or none, and answer the report."""
    try:
        imported = read_import(data, filename)
    except ImportRefusedError as refused:
        answer = report(_("Nothing was imported: {reason}.").format(reason=escape(refused.reason)),
                        import_embed(refused.lines, ()))
        await responder.message(answer.content, embed=answer.embed, ephemeral=True)
        return
    names = [sheet.name for sheet in imported.sheets]
    said = (ngettext("Imported {n} character from a Foundry VTT export.",
                     "Imported {n} characters from a Foundry VTT export.", len(names))
            if imported.source == "foundry" else
            ngettext("Imported {n} character from a Nazh export.",
                     "Imported {n} characters from a Nazh export.", len(names)))
    answer = report(said.format(n=len(names)),
                    import_embed([ImportLine(name) for name in names], imported.skipped))
    await characters.keep(member, imported.sheets, shared=shared)
    await send_kept(responder, answer, kept_message(f"{len(names)} character(s)", names))


class ImportForm:
    """The import form's submit: its file read (bounded, from Discord's hosts) and imported."""

    def __init__(self, characters: Characters, wrapper: InteractionWrapper,
                 attachments: AttachmentReader) -> None:
        self._characters = characters
        self._wrapper = wrapper
        self._attachments = attachments

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The form's handling, from the characters' use cases."""
        return cls(deps.characters, deps.wrapper, deps.attachments)

    async def on_control(self, interaction: hikari.ComponentInteraction | hikari.ModalInteraction,
                         _control: ImportFormControl) -> None:
        """The form sent: its file imported, as ``/character import file`` does."""
        async with self._wrapper.answering(interaction, Answering(
                "modal:character-import", "modal", ephemeral=True)) as responder:
            if not isinstance(interaction, hikari.ModalInteraction):
                raise FormFileError(_("this form opens with /character import"))
            answers = answers_of(interaction)
            with ToReader():
                upload = uploaded(answers)
            data = await self._attachments.fetch(upload.url, upload.filename, upload.size,
                                                 MAX_IMPORT_BYTES, IMPORT_SIZE_HINT)
            if not data:
                with ToReader():
                    raise FormFileError(_("{file} is empty").format(
                        file=file_label(upload.filename)))
            await import_sheets(self._characters, responder, member_of(interaction), data,
                                upload.filename, shared=answers.checked(SHARED_INPUT))
