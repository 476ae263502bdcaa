"""A session's journal: its scenes in order (free rolls in runs; a fight with its rolls; a
request with its roll; an endeavor), every roll with its id and what it was, and the chain
head it was made from (the newest record it shows)."""

from __future__ import annotations

from nazh.application.sessions.journal import ChainHead, SceneKind, journal_of
from tests.session_fakes import CHANNEL, KALADIN, minutes, played


def test_the_scenes_in_order_each_with_its_rolls() -> None:
    journal = journal_of(played())
    assert [(scene.kind, [roll.roll_id for roll in scene.rolls]) for scene in journal.scenes] \
        == [(SceneKind.ROLLS, ["roll000001", "roll000002"]),
            (SceneKind.FIGHT, ["roll000005"]),
            (SceneKind.ROLLS, ["roll000006"]),
            (SceneKind.REQUEST, ["roll000007"]),
            (SceneKind.ENDEAVOR, []),
            (SceneKind.ROLLS, ["roll000008"])]
    fight = journal.scenes[1]
    assert fight.at == minutes(15)
    assert fight.fight is not None
    assert fight.fight.name == "Ambush"
    assert journal.scenes[3].request is not None
    assert journal.scenes[4].endeavor is not None
    assert journal.made_at == minutes(90)


def test_each_roll_says_what_it_was() -> None:
    rolls = {roll.roll_id: roll for scene in journal_of(played()).scenes
             for roll in scene.rolls}
    check = rolls["roll000001"]
    assert (check.user_id, check.character, check.what, check.totals, check.dc,
            check.success, check.opportunities) == (KALADIN, "Kaladin", "Athletics", (23,),
                                                    15, True, 1)
    assert (rolls["roll000002"].secret, rolls["roll000001"].secret) == ("gm", None)
    assert (rolls["roll000005"].critical, rolls["roll000005"].what) == (True, "Spear")
    assert (rolls["roll000007"].physical, rolls["roll000001"].physical) == (True, False)
    assert (rolls["roll000008"].injury, rolls["roll000008"].success) == (True, None)


def test_the_journal_names_the_chain_head_it_was_made_from() -> None:
    journal = journal_of(played())
    newest = journal.scenes[-1].rolls[-1]
    assert journal.head == ChainHead(CHANNEL, 8, newest.hash, "roll000008")
    assert journal_of(played(rolls=[])).head is None
