"""Every roll control, forged or clicked, on every kind of roll, by every kind of viewer, on
both transports: the answer is the one the visibility rule (nazh/application/access.py) gives,
and no answer shows a result its audience may not see.

The expected outcome of each cell is computed from the rule's own table (``access.check``);
the controls come from the custom-id codecs' lists of roll and attack actions, so a new control
without an act (``roll.ACTS``, ``attack_controls.ACTS``) or an act without a row
(``access.RULES``) fails here. A control whose act depends on where it is taken (Add Plot Die
under the server's players-raise-stakes, Keep on a plot die rolled with disadvantage) has a row
for each of its acts.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nazh.adapters.discord.rolls import attack_controls
from nazh.adapters.discord.rolls.attack_controls import (
    AttackAction,
    AttackControl,
    attack_control,
    other_graze_control,
)
from nazh.adapters.discord.rolls.result import RollAction, RollControl, roll_control
from nazh.adapters.discord.rolls.roll import ACTS, MODAL_INPUT_ID, act_of
from nazh.application.rolls.access import RULES, Act, RollFacts, Sight, Viewer, check, sight_of
from nazh.application.rolls.errors import NotYourRollError, RollNotFoundError
from nazh.application.settings.server import Visibility
from nazh.application.shared.json_types import JsonObject
from nazh.domain.errors import RollStateError
from tests.e2e.fake_discord import (
    DEFAULT_GUILD_ID,
    FakeDiscord,
    assert_healthy,
    component_click,
    make_user,
    modal_submit,
    slash_command,
)
from tests.e2e.harness import (
    TRANSPORTS,
    NazhUnderTest,
    custom_id_of,
    embed_of,
    grant_manage_server,
    running,
)

EPHEMERAL = 1 << 6
UPDATE, MESSAGE, MODAL = 7, 4, 9
SELECT = 3
ROLLER = make_user("761111111111111111", "roller")
GM = make_user("762222222222222222", "gm")
PLAYER = make_user("763333333333333333", "player")
STRANGER = make_user("764444444444444444", "stranger")
OTHER_GUILD = "765555555555555555"
POOL = "1d20+7"
LABEL = "Ambush-of-the-Chasmfiend"
DC = 13
NOT_FOUND = "this roll is no longer available"


@dataclass(frozen=True)
class Who:
    name: str
    user: JsonObject
    guild_id: str
    gm: bool

    def viewer(self) -> Viewer:
        return Viewer(int(self.user["id"]), int(self.guild_id), self.gm)


VIEWERS = (
    Who("roller", ROLLER, DEFAULT_GUILD_ID, False),
    Who("gm", GM, DEFAULT_GUILD_ID, True),
    Who("member", PLAYER, DEFAULT_GUILD_ID, False),
    Who("another guild", STRANGER, OTHER_GUILD, False),
)
STATES = {
    "public": ("public", False),
    "private": ("private", False),
    "gm": ("gm", False),
    "gm revealed": ("gm", True),
    "blind": ("blind", False),
    "blind revealed": ("blind", True),
}


@dataclass(frozen=True)
class Taken:
    """A roll control taking another act than its own where it is taken: ``act``, on a roll
    of ``pool``, the server's players-raise-stakes ``house`` rule on or off."""

    control: RollControl
    act: Act
    pool: str = POOL
    house: bool = False


Control = RollControl | AttackControl | Taken
CONTROLS: tuple[Control, ...] = (
    *(RollControl(action, "", index)
      for action in RollAction if action is not RollAction.PICK
      for index in ((0, 1) if action is RollAction.DIE else (0,))),
    *(AttackControl(action, "") for action in AttackAction),
    # the stakes raised by a roller where the server's house rule lets them (Add Plot Die's
    # act is then the roller's or a GM's)
    Taken(RollControl(RollAction.ADD_PLOT, "", 0), Act.ADD_PLOT_HOUSE, house=True),
    # a plot die rolled with disadvantage: a GM keeps its face (starter rules, part 1, Skills:
    # Testing With Disadvantages)
    Taken(RollControl(RollAction.KEEP_FACE, "", 0), Act.CHOOSE_PLOT_AGAINST, pool=f"{POOL}, dp"),
)


def act_for(control: Control) -> Act:
    """The act ``control`` takes on its roll."""
    if isinstance(control, Taken):
        return control.act
    return control.act if isinstance(control, AttackControl) else act_of(control)


def custom_id_for(control: Control, roll_id: str) -> str:
    """``control``'s custom id on ``roll_id``."""
    if isinstance(control, Taken):
        return custom_id_for(control.control, roll_id)
    if isinstance(control, AttackControl) and control.action is AttackAction.GRAZE_OTHER:
        return other_graze_control(roll_id, control.index)
    if isinstance(control, AttackControl):
        return attack_control(control.action, roll_id)
    return roll_control(control.action, roll_id, control.index)


def named(control: Control) -> str:
    if isinstance(control, Taken):
        return f"{named(control.control)} ({control.act.value})"
    return f"{control.action.value}:{getattr(control, 'index', 0)}"


def test_every_roll_control_takes_an_act_and_every_act_has_a_row() -> None:
    assert set(ACTS) == set(RollAction)
    assert set(attack_controls.ACTS) == set(AttackAction)
    assert [a for a, act in ACTS.items() if act is None] == [RollAction.PICK]
    assert set(RULES) == set(Act)
    assert {act_for(c) for c in CONTROLS} == set(Act)


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot on each transport, its rate limits off (this test makes ~800 interactions),
    with a GM; every request is checked against Discord's spec afterwards."""
    grant_manage_server(fake_discord, GM)
    async with running(fake_discord, tmp_path, request.param,
                       NAZH_USER_RATE_PER_MINUTE="0", NAZH_GUILD_RATE_PER_MINUTE="0") as bot:
        yield bot
    assert_healthy(fake_discord)


def facts(visibility: str, revealed: bool) -> RollFacts:
    kind = Visibility(visibility)
    secret = kind if kind in (Visibility.GM, Visibility.BLIND) else None
    return RollFacts(int(ROLLER["id"]), int(DEFAULT_GUILD_ID), kind is Visibility.PRIVATE,
                     secret, revealed)


def expected(roll: RollFacts, who: Who, act: Act) -> str:
    """The rule's verdict: allowed, not-found, refused or state."""
    try:
        check(roll, who.viewer(), act)
    except RollNotFoundError:
        return "not-found"
    except NotYourRollError:
        return "refused"
    except RollStateError:
        return "state"
    return "allowed"


async def players_raise_stakes(nazh: NazhUnderTest, on: bool) -> None:
    """The server's house rule set by its GM."""
    setting = slash_command("settings set", {"players-raise-stakes": on}, user=GM)
    await nazh.fake.dispatch("INTERACTION_CREATE", setting)
    answer = json.dumps(await nazh.fake.wait_for_interaction_response(setting),
                        ensure_ascii=False)
    assert f"**players-raise-stakes**: {'on' if on else 'off'}" in answer


async def make_roll(nazh: NazhUnderTest, visibility: str, revealed: bool,
                    pool: str = POOL) -> tuple[str, JsonObject]:
    """A roll of ``pool`` with ``LABEL`` and ``DC``: its id and the message it was posted in."""
    interaction, line = await nazh.slash(pool=pool, visibility=visibility, label=LABEL, dc=DC,
                                         _user=ROLLER)
    footer = str(embed_of(line)["footer"]["text"])
    roll_id = footer.split("roll ", 1)[1].split(" ", maxsplit=1)[0]
    message = nazh.fake.original_message(interaction)
    if revealed:
        _, answer = await nazh.click(custom_id_of(line["data"], "Reveal"), user=GM)
        assert answer["type"] == UPDATE, answer
        message = nazh.fake.original_message(interaction)
    return roll_id, message


async def act(nazh: NazhUnderTest, control: Control, roll_id: str,
              message: JsonObject, who: Who) -> JsonObject:
    """Send ``control`` on ``roll_id`` as ``who`` (a forged id on the roll's own message)."""
    custom_id = custom_id_for(control, roll_id)
    if isinstance(control, Taken):
        control = control.control
    if control.action is RollAction.MODAL:
        payload = modal_submit(custom_id, {MODAL_INPUT_ID: "1d6"}, message=message,
                               user=who.user, guild_id=who.guild_id,
                               channel_id=str(message["channel_id"]))
    else:
        select = control.action in (RollAction.DIE, RollAction.REROLL_DIE)
        payload = component_click(custom_id, SELECT if select else 2,
                                  ["0.0"] if select else None, message=message,
                                  user=who.user, guild_id=who.guild_id)
    await nazh.fake.dispatch("INTERACTION_CREATE", payload)
    return await nazh.fake.wait_for_interaction_response(payload)


def refusals() -> list[str]:
    return [rule.refusal for rule in RULES.values() if rule.refusal] + [
        "only the GMs can reveal this secret roll"]


def classify(answer: JsonObject) -> str:
    text = json.dumps(answer.get("data", {}), ensure_ascii=False)
    if NOT_FOUND in text:
        return "not-found"
    if any(refusal in text for refusal in refusals()):
        return "refused"
    if "must be revealed before" in text or "already public" in text or "not secret" in text:
        return "state"
    return "allowed"


def leaks(answer: JsonObject, roll: RollFacts, who: Who, control: Control) -> str | None:
    """What ``answer`` shows that its audience may not see, if anything."""
    data = answer.get("data") or {}
    text = json.dumps(data, ensure_ascii=False)
    if isinstance(control, Taken):
        control = control.control
    if control.action is RollAction.MODAL:  # a new public roll: the original's label only
        if LABEL in text and expected(roll, who, Act.COPY) != "allowed":
            return "the Copy form's roll carries the original's label"
        return None
    if control.action is RollAction.REVEAL and expected(roll, who, Act.REVEAL) == "allowed":
        return None
    ephemeral = answer["type"] == MODAL or (
        answer["type"] == MESSAGE and bool(data.get("flags", 0) & EPHEMERAL))
    audience = who.viewer() if ephemeral else Viewer(0, int(DEFAULT_GUILD_ID))
    if roll.private and not ephemeral and answer["type"] == UPDATE:
        audience = who.viewer()  # the roller's own ephemeral message
    shown = f"`{POOL}`" in text or f"value\": \"{POOL}" in text
    if shown and sight_of(roll, audience) is not Sight.FULL:
        return f"the result is shown to {'the viewer' if ephemeral else 'the channel'}"
    return None


@pytest.mark.parametrize("state", list(STATES))
async def test_every_control_answers_as_the_rule_says(nazh: NazhUnderTest, state: str) -> None:
    visibility, revealed = STATES[state]
    roll = facts(visibility, revealed)
    wrong: list[str] = []
    for who in VIEWERS:
        for control in CONTROLS:
            taken = control if isinstance(control, Taken) else None
            if taken is not None and taken.house:
                await players_raise_stakes(nazh, True)
            roll_id, message = await make_roll(nazh, visibility, revealed,
                                               POOL if taken is None else taken.pool)
            answer = await act(nazh, control, roll_id, message, who)
            if taken is not None and taken.house:
                await players_raise_stakes(nazh, False)
            cell = f"{state} / {who.name} / {named(control)}"
            want = expected(roll, who, act_for(control))
            got = classify(answer)
            if getattr(control, "action", None) is RollAction.MODAL:
                want = "allowed"  # the form always rolls; the original's label is the check
            if got != want:
                wrong.append(f"{cell}: expected {want}, got {got}: "
                             f"{json.dumps(answer)[:300]}")
            if (leak := leaks(answer, roll, who, control)) is not None:
                wrong.append(f"{cell}: LEAK: {leak}: {json.dumps(answer)[:300]}")
    assert not wrong, "\n".join(wrong)
