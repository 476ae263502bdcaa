"""Any file given to /saved import (an export with any value anywhere, or any JSON at all) is
imported cleanly or refused with a clear message, and the answer Discord shows for it always
encodes as UTF-8; nothing is kept unless all of it is."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nazh.adapters.discord.runtime.reports import embed_texts
from nazh.adapters.discord.saved.commands import import_embed
from nazh.application.saved.shelves import ImportRefusedError, SavedRolls, Scope
from nazh.application.settings.server import Member
from nazh.domain.errors import NazhError
from nazh.presentation.chat import error_message
from tests.app_fakes import FakeSavedRollStore
from tests.json_strategies import ANY_JSON, changed, raw_json

ME = 111
EXPORT = {"format": "nazh-saved-rolls", "version": 1, "rolls": [
    {"name": "stealth", "notation": "a1d20+6", "scope": "me"},
    {"name": "smite", "notation": "2d8"}]}
FILES = st.one_of(ANY_JSON.map(lambda value: raw_json(value).encode("utf-8")), changed(EXPORT))


async def answer(data: bytes) -> tuple[list[str], int]:
    """What the user reads (the report's texts, or the refusal's message), and how many saved
    rolls were kept."""
    store = FakeSavedRollStore()
    try:
        lines = await SavedRolls(store).import_(Member(ME, None), None, Scope.ME, data,
                                                "rolls.json")
    except ImportRefusedError as refused:
        texts = [error_message(refused), *embed_texts(import_embed(refused.lines))]
    except NazhError as error:
        texts = [error_message(error), error.summary]
    else:
        texts = embed_texts(import_embed(lines))
        assert len(store.puts) == len(lines)
    return texts, len(store.puts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FILES)
def test_any_file_is_imported_or_refused_and_its_answer_encodes(data: bytes) -> None:
    texts, _ = asyncio.run(answer(data))
    assert any(text.strip() for text in texts)
    for text in texts:
        text.encode("utf-8")


def test_the_attack_that_found_it_is_refused_naming_the_file_and_the_field() -> None:
    data = raw_json(EXPORT).replace('"a1d20+6"', "9" * 5000).encode()
    texts, kept = asyncio.run(answer(data))
    assert texts[1] == ('file "rolls.json": rolls[0].notation is a whole number of 5000 digits '
                        "(at most 18)")
    assert kept == 0


def test_a_name_that_is_not_text_is_named_in_the_report() -> None:
    data = raw_json(EXPORT | {"rolls": [{"name": ["x"], "notation": "1d20"},
                                        {"name": "a\u0007", "notation": "1d4"}]}).encode()
    texts, kept = asyncio.run(answer(data))
    assert texts[2] == ("❌ `entry 1`: the name is text\n"
                        "❌ `a\\x07`: '\\\\x07' is not allowed in a name")
    assert kept == 0


async def test_a_planned_import_keeps_nothing_until_it_is_kept() -> None:
    store = FakeSavedRollStore()
    rolls = SavedRolls(store)
    plan = await rolls.plan_import(Member(ME, None), None, Scope.ME, raw_json(EXPORT).encode())
    assert [line.name for line in plan.lines] == ["stealth", "smite"]
    assert store.puts == []
    assert [line.name for line in await rolls.keep_import(plan)] == ["stealth", "smite"]
    assert [roll.name for roll in store.puts] == ["stealth", "smite"]
