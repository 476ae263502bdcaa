"""Any file given to /character import (a Nazh export or a Foundry VTT actor with any value
anywhere, or any JSON at all) is imported cleanly or refused with a clear message, and the
answer Discord shows for it always encodes as UTF-8."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nazh.adapters.discord.characters.sheet import import_embed
from nazh.adapters.discord.runtime.reports import embed_texts
from nazh.application.characters.transfer import export, read_import
from nazh.application.saved.shelves import ImportLine, ImportRefusedError
from nazh.domain.character import Character, Kind
from nazh.domain.errors import NazhError
from nazh.presentation.chat import error_message
from tests.json_strategies import ANY_JSON, changed, raw_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "foundry"
VEYLA: object = json.loads((FIXTURES / "veyla-tarn.json").read_text("utf-8"))
WARDEN: object = json.loads((FIXTURES / "ridge-warden.json").read_text("utf-8"))
EXPORT: object = json.loads(export(Character("Lopen", Kind.CHARACTER, 2)))

FILES = st.one_of(
    ANY_JSON.map(lambda value: raw_json(value).encode("utf-8")),
    changed(EXPORT),
    changed(VEYLA),
    changed(WARDEN),
)


def answer(data: bytes) -> list[str]:
    """What the user reads: the report's texts, or the refusal's message."""
    try:
        imported = read_import(data, "file.json")
    except ImportRefusedError as refused:
        return [error_message(refused), *embed_texts(import_embed(refused.lines, ()))]
    except NazhError as error:
        return [error_message(error), error.summary]
    for sheet in imported.sheets:
        sheet.check()
    lines = [ImportLine(sheet.name) for sheet in imported.sheets]
    return embed_texts(import_embed(lines, imported.skipped))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_any_file_is_imported_or_refused_and_its_answer_encodes(data: bytes) -> None:
    texts = answer(data)
    assert any(text.strip() for text in texts)
    for text in texts:
        text.encode("utf-8")


def test_the_attack_that_found_it_is_refused_naming_the_file_and_the_field() -> None:
    nazh_file = json.dumps(EXPORT).replace('"level": 2', '"level": ' + "9" * 5000).encode()
    foundry_file = json.dumps(VEYLA).replace('"level": 3,', '"level": ' + "9" * 5000 + ",",
                                             1).encode()
    for data, field in ((nazh_file, "characters[0].level"), (foundry_file, "system.level")):
        texts = answer(data)
        assert texts[1] == (f'file "file.json": {field} is a whole number of 5000 digits '
                            "(at most 18)")
