"""The visibility rule: who sees what of a roll, and who may take which act."""

from __future__ import annotations

import pytest

from nazh.application.rolls.access import (
    CHANNEL_USER,
    RULES,
    Act,
    RollFacts,
    Sight,
    Viewer,
    allowed,
    audience_of,
    channel_of,
    check,
    private_counted,
    sight_of,
)
from nazh.application.rolls.errors import NotYourRollError, RollNotFoundError
from nazh.application.settings.server import Visibility
from nazh.domain.errors import RollStateError

GUILD, OTHER_GUILD = 10, 20
ROLLER, GM, MEMBER = 1, 2, 3
VIEWERS = {
    "roller": Viewer(ROLLER, GUILD),
    "gm": Viewer(GM, GUILD, gm=True),
    "member": Viewer(MEMBER, GUILD),
    "another guild": Viewer(MEMBER, OTHER_GUILD),
    "the roller elsewhere": Viewer(ROLLER, OTHER_GUILD),
    "the channel": channel_of(GUILD),
}
ROLLS = {
    "public": RollFacts(ROLLER, GUILD),
    "private": RollFacts(ROLLER, GUILD, private=True),
    "gm": RollFacts(ROLLER, GUILD, secret=Visibility.GM),
    "gm revealed": RollFacts(ROLLER, GUILD, secret=Visibility.GM, revealed=True),
    "blind": RollFacts(ROLLER, GUILD, secret=Visibility.BLIND),
    "blind revealed": RollFacts(ROLLER, GUILD, secret=Visibility.BLIND, revealed=True),
}
F, C, N = Sight.FULL, Sight.COMMITMENT, Sight.NONE
SIGHT = {  # roller, gm, member, another guild, the roller elsewhere, the channel
    "public": (F, F, F, N, N, F),
    "private": (F, N, N, N, N, N),
    "gm": (F, F, C, N, N, C),
    "gm revealed": (F, F, F, N, N, F),
    "blind": (C, F, C, N, N, C),
    "blind revealed": (F, F, F, N, N, F),
}


@pytest.mark.parametrize("roll", list(ROLLS))
def test_who_sees_what(roll: str) -> None:
    seen = tuple(sight_of(ROLLS[roll], viewer) for viewer in VIEWERS.values())
    assert seen == SIGHT[roll]


def test_every_act_has_a_row() -> None:
    assert set(RULES) == set(Act)


@pytest.mark.parametrize("roll", list(ROLLS))
@pytest.mark.parametrize("act", list(Act))
def test_a_viewer_who_sees_nothing_is_told_the_roll_is_unknown(roll: str, act: Act) -> None:
    with pytest.raises(RollNotFoundError, match="no longer available"):
        check(ROLLS[roll], VIEWERS["another guild"], act)


@pytest.mark.parametrize("roll", ["gm", "blind"])
@pytest.mark.parametrize("act", [a for a in Act if a not in (Act.VIEW, Act.REVEAL)])
def test_a_hidden_roll_takes_no_other_act_before_it_is_revealed(roll: str, act: Act) -> None:
    for viewer in ("roller", "gm", "member"):
        with pytest.raises(RollStateError, match="must be revealed before"):
            check(ROLLS[roll], VIEWERS[viewer], act)


@pytest.mark.parametrize(("roll", "viewer", "may"), [
    ("gm", "roller", True), ("gm", "gm", True), ("gm", "member", False),
    ("blind", "roller", False), ("blind", "gm", True), ("blind", "member", False),
])
def test_who_may_reveal_a_secret(roll: str, viewer: str, may: bool) -> None:
    assert allowed(ROLLS[roll], VIEWERS[viewer], Act.REVEAL) is may


@pytest.mark.parametrize("roll", ["public", "private", "gm revealed", "blind revealed"])
def test_only_a_hidden_secret_can_be_revealed(roll: str) -> None:
    with pytest.raises(RollStateError):
        check(ROLLS[roll], VIEWERS["roller"], Act.REVEAL)


@pytest.mark.parametrize(("act", "roller", "gm", "member"), [
    # starter rules, Introduction ("Using Cosmere RPG Dice": Raising the Stakes): not after the
    # d20 was rolled, the GM's call; players-raise-stakes (a house rule) lets the roller
    (Act.ADD_PLOT, False, True, False),
    (Act.ADD_PLOT_HOUSE, True, True, False),
    (Act.CHOOSE_PLOT, True, False, False),
    # starter rules, part 1 ("Skills": Testing With Disadvantages): the GM keeps the result
    (Act.CHOOSE_PLOT_AGAINST, False, True, False),
    (Act.ADVANTAGE, True, False, False),
    (Act.DISADVANTAGE, False, True, False),
    (Act.REROLL, True, False, False),
    (Act.COPY, True, True, True),
    (Act.PUBLISH, True, True, True),
    (Act.VIEW, True, True, True),
    (Act.KEEP_DIE, True, True, True),
])
def test_who_may_act_on_a_public_roll(act: Act, roller: bool, gm: bool, member: bool) -> None:
    verdicts = tuple(allowed(ROLLS["public"], VIEWERS[v], act)
                     for v in ("roller", "gm", "member"))
    assert verdicts == (roller, gm, member)


def test_someone_elses_act_is_refused_with_the_rows_reason() -> None:
    with pytest.raises(NotYourRollError) as caught:
        check(ROLLS["public"], VIEWERS["member"], Act.DISADVANTAGE)
    assert caught.value.reason == RULES[Act.DISADVANTAGE].refusal


def test_the_channel_is_nobody_in_particular() -> None:
    as_roller = RollFacts(CHANNEL_USER, GUILD, private=True)
    assert sight_of(as_roller, channel_of(GUILD)) is Sight.NONE
    assert not allowed(ROLLS["public"], channel_of(GUILD), Act.ADD_PLOT)


def test_an_answer_is_the_askers_alone_when_ephemeral_or_about_a_private_roll() -> None:
    member = VIEWERS["member"]
    assert audience_of(ROLLS["public"], member, ephemeral=True) == member
    assert audience_of(ROLLS["private"], member, ephemeral=False) == member
    assert audience_of(ROLLS["gm"], member, ephemeral=False) == channel_of(GUILD)


def test_private_rolls_count_only_in_ones_own_unshared_stats() -> None:
    assert private_counted(own=True, published=False)
    assert not private_counted(own=True, published=True)
    assert not private_counted(own=False, published=False)
