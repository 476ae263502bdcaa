"""Saved rolls: names, saving (validated, bounded), deleting and resolving ``@name``."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.application.saved.shelves import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_DEPTH,
    MAX_NAME_LENGTH,
    MAX_SAVED_PER_SERVER,
    MAX_SAVED_PER_USER,
    NotYourShelfError,
    SavedRoll,
    SavedRollNotFoundError,
    SavedRolls,
    SavedRollStore,
    Scope,
    Shelf,
    check_name,
)
from nazh.application.settings.server import Member
from nazh.application.shared.files import FileTooLargeError
from nazh.application.shared.untrusted_json import UntrustedJsonError
from nazh.domain.errors import LimitError, NazhError, NotationError
from tests.app_fakes import FakeSavedRollStore

ME, OTHER = 111, 999


def saved(*rolls: SavedRoll) -> tuple[SavedRolls, FakeSavedRollStore]:
    store = FakeSavedRollStore(*rolls)
    port: SavedRollStore = store
    return SavedRolls(port), store


def many(count: int, user_id: int = ME) -> list[SavedRoll]:
    """``count`` saved rolls named r000, r001, ..."""
    return [SavedRoll(user_id, f"r{n:03d}", "1d6") for n in range(count)]


# -- check_name --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "key"), [
    ("stealth", "stealth"),
    ("Stealth", "stealth"),
    ("@Stealth", "stealth"),
    ("  @longsword-2H ", "longsword-2h"),
    ("a", "a"),
    ("x" * 32, "x" * 32),
    ("under_score-9", "under_score-9"),
])
def test_a_good_name_is_lower_cased_without_its_at(name: str, key: str) -> None:
    assert check_name(name) == key


@pytest.mark.parametrize(("name", "length"), [("", 0), ("   ", 0), ("@", 0), (" @ ", 0),
                                               ("x" * 33, 33), ("@" + "y" * 40, 40)])
def test_a_name_has_1_to_32_characters(name: str, length: int) -> None:
    with pytest.raises(NotationError) as caught:
        check_name(name)
    assert caught.value.reason == f"a name has 1 to 32 characters (got {length})"
    assert caught.value.text == name[:40]
    assert caught.value.hint == "e.g. stealth, longsword-2h"


@pytest.mark.parametrize(("name", "bad"), [
    ("sneak attack", " "),
    ("@@twice", "@"),
    ("d20+5", "+"),
    ("épée", "é"),
    ("a.b", "."),
    ("tab\tname", "\t"),
])
def test_only_letters_digits_dash_and_underscore_are_allowed(name: str, bad: str) -> None:
    with pytest.raises(NotationError) as caught:
        check_name(name)
    assert caught.value.reason == f"'{bad}' is not allowed in a name"
    assert caught.value.text == name
    assert caught.value.hint == "use letters, digits, - and _"


def test_the_offending_text_is_cut_to_40_characters() -> None:
    name = "bad name " * 10
    with pytest.raises(NotationError) as caught:
        check_name(name)
    assert caught.value.text == name[:40]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
               min_size=1, max_size=MAX_NAME_LENGTH))
def test_any_name_of_allowed_characters_is_its_lower_case(name: str) -> None:
    assert check_name(name) == name.lower()
    assert check_name("@" + name) == name.lower()


# -- save --------------------------------------------------------------------------------------


async def test_save_stores_the_key_and_the_trimmed_notation() -> None:
    rolls, store = saved()
    result = await rolls.save(ME, "@Stealth", "  a1d20+6 ")
    assert result == SavedRoll(ME, "stealth", "a1d20+6")
    assert store.puts == [result]
    assert await rolls.list(ME) == [result]


async def test_save_keeps_the_notation_as_typed_not_canonical() -> None:
    rolls, _ = saved()
    assert (await rolls.save(ME, "dmg", "2D6 + 3")).notation == "2D6 + 3"


@pytest.mark.parametrize(("notation", "error", "reason"), [
    ("21d6", LimitError, "at most 20 dice per pool (got 21)"),
    ("nonsense", NotationError, "unknown tag 'n'"),
    ("", NotationError, "empty roll"),
])
async def test_save_validates_the_notation_like_roll(notation: str,
                                                     error: type[NazhError],
                                                     reason: str) -> None:
    rolls, store = saved()
    with pytest.raises(error) as caught:
        await rolls.save(ME, "x", notation)
    assert caught.value.reason == reason
    assert store.puts == []


async def test_save_validates_the_name_first() -> None:
    rolls, store = saved()
    with pytest.raises(NotationError) as caught:
        await rolls.save(ME, "bad name", "21d6")
    assert caught.value.reason == "' ' is not allowed in a name"
    assert store.puts == []


async def test_saving_an_existing_name_replaces_it() -> None:
    rolls, store = saved(SavedRoll(ME, "stealth", "1d20"))
    await rolls.save(ME, "STEALTH", "a1d20+6")
    assert await rolls.list(ME) == [SavedRoll(ME, "stealth", "a1d20+6")]
    assert len(store.rolls) == 1


async def test_a_201st_name_is_refused() -> None:
    rolls, store = saved(*many(MAX_SAVED_PER_USER))
    with pytest.raises(LimitError) as caught:
        await rolls.save(ME, "one-more", "1d6")
    assert caught.value.reason == f"at most {MAX_SAVED_PER_USER} saved rolls per person"
    assert caught.value.hint == "delete one with /saved delete first"
    assert store.puts == []


async def test_at_the_limit_an_existing_name_can_still_be_replaced() -> None:
    rolls, _ = saved(*many(MAX_SAVED_PER_USER))
    await rolls.save(ME, "@R007", "2d8")
    mine = await rolls.list(ME)
    assert len(mine) == MAX_SAVED_PER_USER
    assert SavedRoll(ME, "r007", "2d8") in mine


async def test_the_last_name_within_the_limit_is_allowed() -> None:
    rolls, _ = saved(*many(MAX_SAVED_PER_USER - 1))
    await rolls.save(ME, "last", "1d4")
    assert len(await rolls.list(ME)) == MAX_SAVED_PER_USER


async def test_the_limit_is_per_person() -> None:
    rolls, _ = saved(*many(MAX_SAVED_PER_USER, user_id=OTHER))
    assert await rolls.save(ME, "mine", "1d4") == SavedRoll(ME, "mine", "1d4")


# -- delete ------------------------------------------------------------------------------------


async def test_delete_removes_the_named_roll_case_insensitively() -> None:
    rolls, _ = saved(SavedRoll(ME, "stealth", "1d20"), SavedRoll(ME, "dmg", "2d6"))
    await rolls.delete(ME, " @Stealth ")
    assert await rolls.list(ME) == [SavedRoll(ME, "dmg", "2d6")]


async def test_deleting_a_missing_roll_is_an_error() -> None:
    rolls, _ = saved(SavedRoll(OTHER, "stealth", "1d20"))
    with pytest.raises(SavedRollNotFoundError) as caught:
        await rolls.delete(ME, " @Stealth ")
    assert caught.value.reason == "you have no saved roll named '@Stealth'"
    assert caught.value.hint == "/saved list shows yours"
    assert isinstance(caught.value, NazhError)


async def test_deleting_a_bad_name_is_a_notation_error() -> None:
    rolls, _ = saved()
    with pytest.raises(NotationError):
        await rolls.delete(ME, "no such")


# -- resolve -----------------------------------------------------------------------------------


async def test_resolve_gives_the_saved_notation() -> None:
    rolls, _ = saved(SavedRoll(ME, "stealth", "a1d20+6"))
    assert await rolls.resolve(ME, "@stealth") == "a1d20+6"


@pytest.mark.parametrize("pool", ["@STEALTH", " @Stealth ", "@sTeAlTh"])
async def test_resolve_is_case_insensitive(pool: str) -> None:
    rolls, _ = saved(SavedRoll(ME, "stealth", "a1d20+6"))
    assert await rolls.resolve(ME, pool) == "a1d20+6"


@pytest.mark.parametrize("pool", ["a1d20+6", " 2d6 ", "stealth", "1d6, @x", ""])
async def test_other_pools_are_unchanged(pool: str) -> None:
    rolls, _ = saved(SavedRoll(ME, "stealth", "a1d20+6"))
    assert await rolls.resolve(ME, pool) == pool


async def test_an_unknown_name_is_not_found() -> None:
    rolls, _ = saved(SavedRoll(OTHER, "stealth", "a1d20+6"))
    with pytest.raises(SavedRollNotFoundError) as caught:
        await rolls.resolve(ME, "@Stealth")
    assert caught.value.reason == "you have no saved roll named @stealth"
    assert caught.value.hint == "save one with /save, list them with /saved list"


async def test_a_bad_name_after_the_at_is_a_notation_error() -> None:
    rolls, _ = saved()
    with pytest.raises(NotationError) as caught:
        await rolls.resolve(ME, "@stealth, p")
    assert caught.value.reason == "',' is not allowed in a name"


async def test_a_saved_then_resolved_roll_round_trips() -> None:
    rolls, _ = saved()
    await rolls.save(ME, "Longsword-2H", " a1d20+5, 2d8+3 ")
    assert await rolls.resolve(ME, "@longsword-2h") == "a1d20+5, 2d8+3"


# -- shelves ------------------------------------------------------------------------------------

GUILD, CHANNEL = 900, 901
MANAGER = Member(ME, GUILD, manages_guild=True)


async def test_a_server_holds_at_most_the_limit_across_its_shelves() -> None:
    full = [SavedRoll(7, f"s{n:03d}", "1d6", Shelf(Scope.SERVER, GUILD, GUILD))
            for n in range(MAX_SAVED_PER_SERVER - 1)]
    rolls, _ = saved(*full)
    await rolls.save_to(MANAGER, CHANNEL, Scope.CHANNEL, "last", "1d4")  # the 200th
    with pytest.raises(LimitError, match=r"at most 200 saved rolls per server, its channels "
                                         r"included \(it has 200, this adds 1\)"):
        await rolls.save_to(MANAGER, CHANNEL, Scope.SERVER, "more", "1d4")
    other_server = Member(ME, GUILD + 1, manages_guild=True)
    assert (await rolls.save_to(other_server, CHANNEL + 1, Scope.SERVER, "fine", "1d4")).name \
        == "fine"


async def test_shared_shelves_need_a_server() -> None:
    rolls, _ = saved()
    with pytest.raises(NotYourShelfError, match="a channel shelf needs a server"):
        await rolls.save_to(Member(ME, None), CHANNEL, Scope.CHANNEL, "x", "1d4")


async def test_an_import_over_the_limit_imports_nothing() -> None:
    rolls, store = saved(*many(MAX_SAVED_PER_USER - 1))
    data = json.dumps({"format": "nazh-saved-rolls", "version": 1, "rolls": [
        {"name": "a", "notation": "1d4"}, {"name": "b", "notation": "1d4"}]}).encode()
    with pytest.raises(LimitError, match=r"you have 199, this adds 2"):
        await rolls.import_(Member(ME, None), None, Scope.ME, data)
    assert len(await rolls.list(ME)) == MAX_SAVED_PER_USER - 1
    assert len(store.puts) == 0


@pytest.mark.parametrize("nested", [
    b'{"format": "nazh-saved-rolls", "version": 1, "rolls": ' + b"[" * 100_000 + b"]" * 100_000
    + b"}",
    b'{"format": "nazh-saved-rolls", "version": 1, "rolls": [' + b'{"a": ' * 20 + b"1"
    + b"}" * 20 + b"]}",
])
async def test_a_deeply_nested_file_is_refused_naming_it(nested: bytes) -> None:
    rolls, store = saved()
    with pytest.raises(UntrustedJsonError) as refused:
        await rolls.import_(Member(ME, None), None, Scope.ME, nested, "rolls.json")
    assert refused.value.reason == ('file "rolls.json": not valid JSON (nested more than '
                                    f"{MAX_IMPORT_DEPTH} levels deep)")
    assert len(store.puts) == 0


@pytest.mark.parametrize(("data", "filename", "reason"), [
    (b"\xff", "a.json", 'file "a.json": not UTF-8 text (byte 1 is 0xff)'),
    (b"{", None, "the file: not valid JSON (line 1, column 2: Expecting property name enclosed "
                 "in double quotes)"),
    (b"[]", "x\n" + "y" * 100, 'file "x\\n' + "y" * 56 + '…": not a "nazh-saved-rolls" export'),
    (b'{"format": "nazh-saved-rolls", "version": "' + b"9" * 50 + b'", "rolls": []}', "v.json",
     "file \"v.json\": version '999999999999999999… of the format is not known (this Nazh "
     "reads version 1)"),
])
async def test_a_file_that_is_not_an_export_is_named(data: bytes, filename: str | None,
                                                     reason: str) -> None:
    rolls, _ = saved()
    with pytest.raises(UntrustedJsonError) as refused:
        await rolls.import_(Member(ME, None), None, Scope.ME, data, filename)
    assert refused.value.reason == reason


async def test_a_file_over_the_limit_is_refused_naming_it() -> None:
    rolls, _ = saved()
    with pytest.raises(FileTooLargeError) as refused:
        await rolls.import_(Member(ME, None), None, Scope.ME, b" " * (MAX_IMPORT_BYTES + 1),
                            "big.json")
    assert refused.value.reason == 'file "big.json" (257 KiB) is over the 256 KiB limit'
    assert refused.value.hint == "split it into parts"
