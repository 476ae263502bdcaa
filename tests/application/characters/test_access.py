"""The one rule for characters, as a table: every act, for the owner, a GM, another player, and
another player when the sheet is shared, on a player character and on an adversary. A new act
without its rows fails :func:`test_every_act_has_its_rows`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nazh.application.characters.access import Act, NotYourCharacterError, allowed, check
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.scopes import own_scope
from nazh.domain.character import Character, Kind

OWNER, GM, OTHER = 1, 2, 3
PLAYER = CharacterRecord("c1", 10, OWNER, Character.new("Veyla"))
ADVERSARY = CharacterRecord("c2", 10, GM, Character.new("Warden", Kind.ADVERSARY))

# (act, kind, who, shared) -> allowed
TABLE: dict[tuple[Act, str, str, bool], bool] = {}
for shared in (False, True):
    for kind in ("player", "adversary"):
        TABLE[(Act.SEE, kind, "owner", shared)] = True
        TABLE[(Act.SEE, kind, "gm", shared)] = True
        TABLE[(Act.SEE, kind, "other", shared)] = shared
        TABLE[(Act.CHANGE, kind, "owner", shared)] = True
        TABLE[(Act.CHANGE, kind, "gm", shared)] = True
        TABLE[(Act.CHANGE, kind, "other", shared)] = False
        TABLE[(Act.ROLL, kind, "owner", shared)] = True
        TABLE[(Act.ROLL, kind, "gm", shared)] = kind == "adversary"
        TABLE[(Act.ROLL, kind, "other", shared)] = False
        # the Injury button: its owner or a GM, a player's character too
        TABLE[(Act.INJURE, kind, "owner", shared)] = True
        TABLE[(Act.INJURE, kind, "gm", shared)] = True
        TABLE[(Act.INJURE, kind, "other", shared)] = False


def test_every_act_has_its_rows() -> None:
    assert {act for act, *_ in TABLE} == set(Act)
    assert len(TABLE) == len(Act) * 2 * 3 * 2


@pytest.mark.parametrize(("act", "kind", "who", "shared"), list(TABLE))
def test_the_rule(act: Act, kind: str, who: str, shared: bool) -> None:
    record = replace(PLAYER if kind == "player" else ADVERSARY, shared=shared)
    owner = record.owner_id
    user = {"owner": owner, "gm": GM if owner != GM else 99, "other": OTHER}[who]
    gm = who == "gm" or (who == "owner" and kind == "adversary")
    expected = TABLE[(act, kind, who, shared)]
    assert allowed(record, user, gm, act) is expected
    assert _checked(record, user, gm, act) is expected


def _checked(record: CharacterRecord, user: int, gm: bool, act: Act) -> bool:
    """Whether :func:`check` lets the act through (it returns the record) or refuses it."""
    try:
        return check(record, user, gm, act) is record
    except NotYourCharacterError:
        return False


def test_a_refusal_names_the_character_and_who_may() -> None:
    with pytest.raises(NotYourCharacterError) as raised:
        check(PLAYER, OTHER, False, Act.CHANGE)
    assert raised.value.reason == "Veyla is changed only by its owner and the GMs"


def test_an_injury_refusal_says_who_may_roll_it() -> None:
    with pytest.raises(NotYourCharacterError) as raised:
        check(replace(PLAYER, shared=True), OTHER, False, Act.INJURE)
    assert raised.value.reason == "Veyla has its injury rolled only by its owner and the GMs"


def test_a_shared_sheet_outside_servers_is_seen_by_no_one_else() -> None:
    """Outside servers there is no table: a sheet kept there as shared (from before sharing
    was refused there) is still only its owner's."""
    kept = replace(PLAYER, scope=own_scope(OWNER), shared=True)
    assert allowed(kept, OWNER, False, Act.SEE)
    assert not allowed(kept, OTHER, False, Act.SEE)
    assert allowed(replace(kept, scope=10), OTHER, False, Act.SEE)
