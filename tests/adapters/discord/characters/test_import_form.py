"""``/character import`` without a file at the feature level (ImportForm): the command opens the
form (a File Upload and a checkbox, in Labels), its submit is read as both transports read it,
the file it names is imported, shared when ticked; a missing, empty, too large or non-JSON file
is refused privately and nothing is kept. The download stands in for Discord's CDN (the real one
is read end to end in ``tests/e2e/test_forms.py``)."""

from __future__ import annotations

import json

import hikari
import pytest

from nazh.adapters.discord.characters.import_form import (
    FILE_INPUT,
    SHARED_INPUT,
    ImportForm,
    ImportFormControl,
)
from nazh.adapters.discord.features import owner_of
from nazh.adapters.discord.runtime.attachments import AttachmentReader
from nazh.adapters.discord.runtime.forms import read_forms
from nazh.application.shared.files import FileTooLargeError
from nazh.application.shared.json_types import JsonObject
from tests.adapters.discord.characters.kit import OWNER, Table
from tests.adapters.discord.feature_kit import EPHEMERAL
from tests.e2e.fake_discord import form_submit
from tests.e2e.fake_discord.forms import Answer

MODAL = int(hikari.ResponseType.MODAL)
LOPEN = json.dumps({"format": "nazh-character", "version": 1,
                    "characters": [{"name": "Lopen"}]}).encode()


class Downloads(AttachmentReader):
    """Discord's CDN: the files by URL, each too large past the limit as the reader says."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}

    async def fetch(self, url: str, filename: str, claimed_size: int, limit: int,
                    hint: str | None = None) -> bytes:
        if claimed_size > limit:
            raise FileTooLargeError(filename, limit, claimed_size, hint)
        return self.files[url]


def attachment(downloads: Downloads, data: bytes, filename: str,
               content_type: str = "application/json") -> JsonObject:
    url = f"https://cdn.discordapp.com/attachments/1/{len(downloads.files)}/{filename}"
    downloads.files[url] = data
    return {"id": str(900 + len(downloads.files)), "filename": filename, "size": len(data),
            "url": url, "proxy_url": url, "content_type": content_type}


async def opened(table: Table) -> JsonObject:
    command = table.command("character import", OWNER)
    return await table.kit.answer(command, table.feature.import_(command, None))


async def sent(table: Table, downloads: Downloads, form: JsonObject,
               answers: dict[str, Answer]) -> JsonObject:
    read_forms(table.kit.bot.entity_factory)
    payload = form_submit(form, answers, user=OWNER, application_id="123456789012345678")
    interaction = table.kit.bot.entity_factory.deserialize_interaction(payload)
    assert isinstance(interaction, hikari.ModalInteraction)
    owned = owner_of(str(form["data"]["custom_id"]))
    assert owned is not None
    assert isinstance(owned[1], ImportFormControl)
    handler = ImportForm(table.characters, table.kit.wrapper, downloads)
    return await table.kit.answer(interaction, handler.on_control(interaction, owned[1]))


@pytest.fixture
def downloads() -> Downloads:
    return Downloads()


async def test_the_command_without_a_file_opens_the_form(downloads: Downloads) -> None:
    form = await opened(Table())
    assert form["type"] == MODAL
    assert [(c["label"], c["component"]["type"]) for c in form["data"]["components"]] == [
        ("The JSON file", 19), ("Shared with the table", 23)]


async def test_the_forms_file_is_imported_shared_when_ticked(downloads: Downloads) -> None:
    table = Table()
    form = await opened(table)
    answer = await sent(table, downloads, form, {
        FILE_INPUT: [attachment(downloads, LOPEN, "lopen.json")], SHARED_INPUT: True})
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == "Imported 1 character from a Nazh export."
    [lopen] = [r for r in table.store.records.values() if r.name == "Lopen"]
    assert lopen.shared


async def test_a_bad_file_is_refused_and_nothing_kept(downloads: Downloads) -> None:
    table = Table()
    form = await opened(table)
    kept = dict(table.store.records)
    refusals = {
        "**Can't do that.** file \"portrait.png\" is not a JSON file\nHint: attach the .json "
        "file /character export wrote, or a Foundry VTT actor's export":
            attachment(downloads, b"\x89PNG", "portrait.png", "image/png"),
        "**Can't do that.** file \"blank.json\" is empty": attachment(downloads, b"",
                                                                    "blank.json"),
        "**Can't do that.** file \"big.json\" (1025 KiB) is over the 1024 KiB limit\nHint: "
        "export fewer characters at once": attachment(downloads, b" " * (1025 * 1024),
                                                      "big.json"),
    }
    for reason, file in refusals.items():
        answer = await sent(table, downloads, form, {FILE_INPUT: [file]})
        assert answer["data"]["flags"] & EPHEMERAL
        assert answer["data"]["content"] == reason
    assert table.store.records == kept
