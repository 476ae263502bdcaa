"""Every control of every kept record, forged from every place by every member, on both
transports: from a place that does not reach the record (another channel, for a record bound
to its channel; another server; a DM; a context where Nazh is only user-installed), the answer
is the one an unknown id gets there, word for word, and nothing kept or shown in the record's
channel changes. From the record's own channel its GM is never told it is unknown.

The rows come from the feature table: every custom-id kind of every feature (and every action
of the kinds that carry one) has a row here or is named among the kinds that name no record,
so a new control without its row fails ``test_every_control_kind_has_its_row``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nazh.adapters.discord.carried.ally import ally_control
from nazh.adapters.discord.characters.controls import (
    delete_control,
    details_control,
    sheet_control,
)
from nazh.adapters.discord.characters.import_form import IMPORT_KIND
from nazh.adapters.discord.encounters import controls as encounter
from nazh.adapters.discord.encounters.condition_form import VALUE_INPUT
from nazh.adapters.discord.encounters.determined_button import determined_control
from nazh.adapters.discord.encounters.health_form import AMOUNT_INPUT
from nazh.adapters.discord.encounters.injury_button import injury_control
from nazh.adapters.discord.encounters.knock_out import knock_out_control
from nazh.adapters.discord.encounters.log_view import LOG_KIND, WHOLE_LOG
from nazh.adapters.discord.encounters.recover_split import split_control
from nazh.adapters.discord.encounters.undo_action import undo_control
from nazh.adapters.discord.features import FEATURES
from nazh.adapters.discord.log.history import VERIFY_PICK
from nazh.adapters.discord.requests import controls as request
from nazh.adapters.discord.requests import endeavors, result_count
from nazh.adapters.discord.rolls.attack_controls import (
    AttackAction,
    attack_control,
    other_graze_control,
)
from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.adapters.discord.rolls.roll import MODAL_INPUT_ID
from nazh.adapters.discord.runtime.controls import base36
from nazh.adapters.discord.sessions import controls as sessions
from nazh.adapters.discord.stats.commands import DETAILS_KIND as STATS_DETAILS
from nazh.application.encounters.turns import TurnAct
from nazh.application.shared.json_types import JsonObject
from nazh.domain.character import Resource
from nazh.domain.encounter.conditions import ConditionName
from nazh.presentation import endeavor_card, request_card, session_card
from nazh.presentation.encounter_card import GM as GM_PANEL
from nazh.presentation.encounter_card import MINE
from tests.e2e.encounter_kit import card_showing
from tests.e2e.fake_discord import (
    DEFAULT_GUILD_ID,
    FakeDiscord,
    assert_healthy,
    component_click,
    make_user,
    modal_submit,
    slash_command,
)
from tests.e2e.fake_discord.payloads import DEFAULT_CHANNEL_ID
from tests.e2e.harness import TRANSPORTS, NazhUnderTest, embed_of, grant_manage_server, running

BUTTON, SELECT = 2, 3
EPHEMERAL = 1 << 6
GM = make_user("771111111111111111", "gm")
OWNER = make_user("772222222222222222", "owner")
OTHER = make_user("773333333333333333", "other")
FOREIGN_GM = make_user("774444444444444444", "foreign-gm")
OTHER_GUILD = "775555555555555555"
UNKNOWN = "zzzzzzzzzz"
LABEL = "Ambush-at-the-ford"


@dataclass(frozen=True)
class Place:
    name: str
    guild_id: str | None
    channel_id: str
    user_installed: bool = False


HOME = Place("its channel", DEFAULT_GUILD_ID, DEFAULT_CHANNEL_ID)
ELSEWHERE = (
    Place("another channel", DEFAULT_GUILD_ID, "776666666666666666"),
    Place("another server", OTHER_GUILD, "777777777777777777"),
    Place("a DM", None, "778888888888888888"),
    # Nazh only user-installed where the record is: the server is out of its reach
    Place("a user-installed context", DEFAULT_GUILD_ID, DEFAULT_CHANNEL_ID, user_installed=True),
)


def who_asks(place: Place) -> dict[str, JsonObject]:
    """A GM (of the server they ask from), the record's owner, another member."""
    return {"gm": FOREIGN_GM if place.guild_id == OTHER_GUILD else GM, "owner": OWNER,
            "other": OTHER}


@dataclass(frozen=True)
class Control:
    """One forged control on a record: ``make(id)`` its custom id; a select's values and a
    form's fields are made from the id too."""

    key: str
    make: Callable[[str], str]
    values: Callable[[str], list[str]] | None = None
    fields: Callable[[str], dict[str, str]] | None = None
    rolls_anew: bool = False
    """It rolls a new roll (the Copy form): it must carry nothing of the original."""
    server_wide: bool = False
    """It reaches its record from any channel of its server (``/verify``'s select)."""


@dataclass
class Records:
    """The records kept in :data:`HOME`, by kind, and the roll that a Count names."""

    ids: dict[str, str] = field(default_factory=dict)


def _roll_controls() -> list[Control]:
    rows = []
    for action in RollAction:
        if action is RollAction.PICK:
            continue  # names no roll yet: NAME_NO_RECORD
        if action is RollAction.MODAL:
            rows.append(Control(f"roll:{action.value}", lambda i: roll_control(
                RollAction.MODAL, i, 0), fields=lambda _: {MODAL_INPUT_ID: "1d6"},
                rolls_anew=True))
            continue
        select = action in (RollAction.DIE, RollAction.REROLL_DIE)
        rows.append(Control(f"roll:{action.value}",
                            lambda i, a=action: roll_control(a, i, 0),  # type: ignore[misc]
                            values=(lambda _: ["0.0"]) if select else None))
    rows += [Control(f"attack:{a.value}", lambda i, a=a: attack_control(a, i))  # type: ignore[misc]
             for a in AttackAction if a is not AttackAction.GRAZE_OTHER]
    rows.append(Control(f"attack:{AttackAction.GRAZE_OTHER.value}",
                        lambda i: other_graze_control(i, 0)))
    rows += [Control("rua", undo_control), Control("rin", injury_control),
             Control("rko", knock_out_control),
             Control("rcn", lambda i: f"nz1:{result_count.COUNT_KIND}:{i}"),
             Control("rcn:as", result_count.choice_control, values=lambda i: [f"{i}.s"]),
             Control("cal", ally_control),
             Control("cal:who", lambda i: ally_control(i, choice=True),
                     values=lambda _: [str(OTHER["id"])]),
             Control("rdt", determined_control),
             Control("rsp", lambda i: split_control(i, "Kaladin"), values=lambda _: ["1"]),
             # the Verify select of a /history page names its roll in its value; it reads the
             # roll from any channel of its server, as /verify does
             Control("hv", lambda _: VERIFY_PICK, values=lambda i: [i], server_wide=True)]
    return rows


def _request_controls() -> list[Control]:
    rows = [Control(f"rq:{a}", lambda i, a=a: request.card_button(i, a))  # type: ignore[misc]
            for a in request_card.ACTIONS if a != request_card.CLOSE]
    return [*rows,
            Control("rqc", lambda i: request.roll_control(request.CHARACTER_KIND, i, False),
                    values=lambda _: ["Kaladin"]),
            Control("rqm", lambda i: request.roll_control(request.FORM_KIND, i, False),
                    fields=lambda _: {request.MODIFIER_INPUT: "2"}),
            Control("rqn", request.count_select, values=lambda _: ["0000000000.s"]),
            Control(f"rq:{request_card.CLOSE}",
                    lambda i: request.card_button(i, request_card.CLOSE))]


def _endeavor_controls() -> list[Control]:
    last = endeavor_card.END  # ends it: the last row, so the others act on it running
    return [Control(f"edv:{a}", lambda i, a=a: endeavors.card_button(i, a))  # type: ignore[misc]
            for a in (*(a for a in endeavor_card.ACTIONS if a != last), last)]


def _encounter_controls() -> list[Control]:
    # the card's My turn and GM, an older card's own buttons, each panel's buttons
    acts = [Control(f"{kind}:{a}", lambda i, k=kind, a=a: encounter.card_button(  # type: ignore[misc]
                i, a, panel=None if k == encounter.CARD_KIND else k))
            for kind in (encounter.CARD_KIND, *sorted(encounter.PANEL_KINDS))
            for a in (*(a.value for a in TurnAct), encounter.GM_VIEW)]
    return [Control(f"enc:{MINE}", lambda i: encounter.card_button(i, MINE)),
            Control(f"enc:{GM_PANEL}", lambda i: encounter.card_button(i, GM_PANEL)),
            *acts,
            Control(encounter.CHOOSE_KIND, lambda i: encounter.choose_select(i, TurnAct.FAST),
                    values=lambda _: ["Kaladin"]),
            Control(encounter.CONDITIONS_KIND, encounter.conditions_select,
                    values=lambda _: [ConditionName.PRONE.value]),
            Control(encounter.TARGET_KIND, encounter.target_select, values=lambda _: ["Bandit"]),
            Control(encounter.FORM_KIND, lambda i: encounter.amount_form(i, "Bandit"),
                    fields=lambda _: {AMOUNT_INPUT: "3"}),
            Control(encounter.WHO_KIND, encounter.who_select, values=lambda _: ["Bandit"]),
            Control(encounter.CONDITION_FORM_KIND, lambda i: encounter.condition_form(i, "Bandit"),
                    fields=lambda _: {VALUE_INPUT: "1"}),
            Control(encounter.CONDITION_TARGET_KIND, lambda i: encounter.condition_target_select(
                i, ConditionName.PRONE), values=lambda _: ["Kaladin"]),
            # My turn's Reload names a sheet too: its own door (Characters) is
            # tests/e2e/test_loaded_weapons.py's; here the encounter's
            Control(encounter.RELOAD_KIND, lambda i: encounter.reload_button(i, UNKNOWN, 0)),
            *(Control(kind, lambda i, k=kind: encounter.reaction_select(i, k, "Kaladin"),  # type: ignore[misc]
                      values=lambda _: ["Bandit"])
              for kind in sorted(encounter.REACTION_KINDS)),
            *(Control(f"{kind}:{encounter.NEXT}", lambda i, k=kind: encounter.card_button(  # type: ignore[misc]
                i, encounter.NEXT, panel=None if k == encounter.CARD_KIND else k))
              for kind in (encounter.CARD_KIND, *sorted(encounter.PANEL_KINDS)))]


def _session_controls() -> list[Control]:
    return [Control(f"ses:{a}", lambda i, a=a: sessions.card_button(i, a))  # type: ignore[misc]
            for a in session_card.ACTIONS]


def _sheet_controls() -> list[Control]:
    return [Control("chs", lambda i: sheet_control(i, Resource.HEALTH, -1)),
            Control("chv", details_control),
            Control("chd", lambda i: delete_control(i, 1))]  # deletes it: the last row


ROWS: dict[str, list[Control]] = {
    "roll": _roll_controls(),
    "request": _request_controls(),
    "endeavor": _endeavor_controls(),
    "encounter": _encounter_controls(),
    "sheet": _sheet_controls(),
    "session": _session_controls(),
}
"""Every control, by the kind of record it names."""
BOUND_TO_SERVER = {"sheet"}
"""Records of a server, reached from any of its channels."""
NAME_NO_RECORD = {"b": "the Builder's state is in its custom id",
                  IMPORT_KIND: "the import form keeps new characters in the presser's own "
                               "scope, from the file they attached",
                  RollAction.PICK.value: "the select of rolls found in a message",
                  "h": "a /history page lists the asker's own channel (its door: "
                       "test_a_history_page_lists_only_the_rolls_its_place_reaches)",
                  LOG_KIND: "the Whole log lists the presser's own channel's encounter "
                            "(its door: test_the_whole_log_is_shown_only_where_its_encounter_is)",
                  STATS_DETAILS: "a /stats answer's Details counts the public rolls of the "
                                 "presser's own server (a roller's private ones to that roller "
                                 "alone)"}
TABLES = {"roll": ("roll_log WHERE roll_id = ?",), "request": ("requests", "request_log"),
          "endeavor": ("endeavors",), "encounter": ("encounters", "encounter_log"),
          "sheet": ("characters", "character_audit"), "session": ("sessions",)}
"""Where each kind of record is kept."""


def test_every_control_kind_has_its_row() -> None:
    kinds = {kind for feature in FEATURES if feature.controls is not None
             for kind in feature.controls.kinds}
    rowed = {control.make(UNKNOWN).split(":")[1] for rows in ROWS.values() for control in rows}
    assert kinds - set(NAME_NO_RECORD) == rowed
    keys = {control.key for rows in ROWS.values() for control in rows}
    assert {f"rq:{a}" for a in request_card.ACTIONS} <= keys
    assert {f"edv:{a}" for a in endeavor_card.ACTIONS} <= keys
    for kind in (encounter.CARD_KIND, *encounter.PANEL_KINDS):
        assert {f"{kind}:{a.value}" for a in TurnAct} | {f"{kind}:{encounter.NEXT}",
                                                         f"{kind}:{encounter.GM_VIEW}"} <= keys
    assert {f"enc:{MINE}", f"enc:{GM_PANEL}"} <= keys


@pytest.fixture(params=TRANSPORTS)
async def nazh(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
               tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot on each transport, its rate limits off (this table makes many interactions),
    with a GM in each server; every request is checked against Discord's spec afterwards."""
    grant_manage_server(fake_discord, GM)
    grant_manage_server(fake_discord, FOREIGN_GM)
    async with running(fake_discord, tmp_path, request.param,
                       NAZH_USER_RATE_PER_MINUTE="0", NAZH_GUILD_RATE_PER_MINUTE="0") as bot:
        yield bot
    assert_healthy(fake_discord)


def _ids_in(fake: FakeDiscord, kind: str) -> list[str]:
    """The ids named by the custom ids of ``kind`` on the messages Nazh sent, newest last."""
    pattern = re.compile(rf'"nz1:{kind}:([0-9a-z]{{10}})[:"]')
    return [found for message in fake.messages
            for found in pattern.findall(json.dumps(message.get("components", [])))]


def holding(fake: FakeDiscord, record_id: str) -> JsonObject | None:
    """The newest message the channel sees with a control naming ``record_id`` (``None``:
    none)."""
    return next((m for m in reversed(fake.messages) if not int(m.get("flags", 0)) & EPHEMERAL
                 and f":{record_id}" in json.dumps(m.get("components", []))), None)


async def keep_records(nazh: NazhUnderTest, kind: str) -> str:
    """The record of ``kind`` kept in :data:`HOME` (and what its controls need): its id."""
    await nazh.slash("character new", name="Kaladin", _user=OWNER)
    if kind == "sheet":
        with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as db:
            [(character_id,)] = db.execute("SELECT character_id FROM characters").fetchall()
        return str(character_id)
    if kind == "roll":  # with an endeavor running, which a result's Count counts for
        await nazh.slash("endeavor start", name="Climb", successes=3, failures=3, _user=GM)
        _, answer = await nazh.slash(pool="1d20+5", label=LABEL, dc=12, _user=OWNER)
        return str(embed_of(answer)["footer"]["text"]).split("roll ", 1)[1].split(" ")[0]
    if kind == "request":
        await nazh.slash("request", skill="Insight", visibility="blind", _user=GM)
        return _ids_in(nazh.fake, request.CARD_KIND)[-1]
    if kind == "endeavor":
        await nazh.slash("endeavor start", name="Climb", successes=3, failures=3, _user=GM)
        return _ids_in(nazh.fake, endeavors.KIND)[-1]
    if kind == "session":  # ended: its recap card holds its controls
        await nazh.slash("session start", name="Ford", _user=GM)
        await nazh.slash("session end", _user=GM)
        return _ids_in(nazh.fake, sessions.KIND)[-1]
    await nazh.slash("encounter start", name="Ford", _user=GM)
    await nazh.slash("encounter join", _user=OWNER)
    await nazh.slash("encounter add", name="Bandit", health=10, defense=12, _user=GM)
    await card_showing(nazh.fake, "Kaladin", "Bandit")  # the card catches up after a while
    return _ids_in(nazh.fake, encounter.CARD_KIND)[-1]


def payload(control: Control, record_id: str, place: Place, user: JsonObject,
            on: JsonObject | None = None) -> JsonObject:
    """The interaction ``user`` sends from ``place`` with ``control`` on ``record_id``, from
    the message ``on`` (else a message of the place's channel holding that control)."""
    custom_id = control.make(record_id)
    if control.fields is not None:
        sent = modal_submit(custom_id, control.fields(record_id), message=on, user=user,
                            guild_id=place.guild_id, channel_id=place.channel_id)
    else:
        values = None if control.values is None else control.values(record_id)
        sent = component_click(custom_id, BUTTON if values is None else SELECT, values,
                               message=on, user=user, guild_id=place.guild_id,
                               channel_id=place.channel_id)
    if place.user_installed:
        sent["authorizing_integration_owners"] = {"1": user["id"]}
    return sent


async def told(nazh: NazhUnderTest, sent: JsonObject, *ids: str) -> str:
    """The answer to ``sent``, its ids written as ``<id>``."""
    await nazh.fake.dispatch("INTERACTION_CREATE", sent)
    answer = json.dumps(await nazh.fake.wait_for_interaction_response(sent),
                        ensure_ascii=False, sort_keys=True)

    for named in ids:
        answer = answer.replace(named, "<id>")
    return answer


async def kept(nazh: NazhUnderTest, kind: str, record_id: str,
               shown: dict[str, str] | None = None) -> tuple[object, dict[str, str]]:
    """Everything kept of ``kind`` (of ``record_id``, for a roll), and the messages in
    :data:`HOME`'s channel (those of ``shown``: answers to forged controls are new ones)."""
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    await nazh.fake.settled()
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as db:
        rows = tuple(tuple(db.execute(
            f"SELECT * FROM {table}", (record_id,) if "?" in table else ()).fetchall())
            for table in TABLES[kind])
    messages = {str(m["id"]): json.dumps(m, sort_keys=True) for m in nazh.fake.messages
                if m.get("channel_id") == HOME.channel_id}
    return rows, messages if shown is None else {i: messages.get(i, "") for i in shown}


@pytest.mark.parametrize("kind", sorted(ROWS))
async def test_a_control_from_a_place_that_does_not_reach_its_record_is_told_it_is_unknown(
        nazh: NazhUnderTest, kind: str) -> None:
    record_id = await keep_records(nazh, kind)
    before = await kept(nazh, kind, record_id)
    wrong = []
    for control in ROWS[kind]:
        for place in ELSEWHERE:
            if (kind in BOUND_TO_SERVER or control.server_wide) \
                    and place.guild_id == HOME.guild_id and not place.user_installed:
                continue  # a sheet's own server: its door is its owner and GMs
            for who, user in who_asks(place).items():
                cell = f"{control.key} from {place.name} by the {who}"
                answer = await told(nazh, payload(control, record_id, place, user), record_id)
                if control.rolls_anew:
                    if LABEL in answer:
                        wrong.append(f"{cell}: the new roll carries the original's label")
                    continue
                unknown = await told(nazh, payload(control, UNKNOWN, place, user), UNKNOWN)
                if answer != unknown:
                    wrong.append(f"{cell}: {answer[:240]} where an unknown id is told "
                                 f"{unknown[:240]}")
    assert not wrong, "\n".join(wrong)
    assert await kept(nazh, kind, record_id, before[1]) == before
    for control in ROWS[kind]:  # from its own channel its GM is never told it is unknown
        if control.rolls_anew:
            continue
        on = holding(nazh.fake, record_id)  # the GM clicks on the record's own message
        answer = await told(nazh, payload(control, record_id, HOME, GM, on), record_id)
        unknown = await told(nazh, payload(control, UNKNOWN, HOME, GM), UNKNOWN)
        assert answer != unknown, (control.key, answer)


async def test_the_whole_log_is_shown_only_where_its_encounter_is(nazh: NazhUnderTest) -> None:
    """The Whole log names no encounter: pressed from a place that does not reach the channel's
    encounter (another channel, another server, a DM, a user-installed context in its very
    channel), it shows nothing of it, privately; in its channel its GM reads it whole."""
    await keep_records(nazh, "encounter")
    whole_log = Control(LOG_KIND, lambda _: WHOLE_LOG)
    wrong = []
    for place in ELSEWHERE:
        for who, user in who_asks(place).items():
            answer = json.loads(await told(nazh, payload(whole_log, "", place, user)))
            shown = json.dumps(answer, ensure_ascii=False)
            if "Bandit" in shown or "Kaladin" in shown \
                    or not int(answer["data"].get("flags", 0)) & EPHEMERAL:
                wrong.append(f"{LOG_KIND} from {place.name} by the {who}: {shown[:240]}")
    assert not wrong, "\n".join(wrong)
    answer = json.loads(await told(nazh, payload(whole_log, "", HOME, GM)))
    assert "Bandit" in json.dumps(answer), answer
    assert int(answer["data"]["flags"]) & EPHEMERAL


async def test_a_stats_details_counts_only_the_rolls_its_place_reaches(
        nazh: NazhUnderTest) -> None:
    """A /stats answer's Details names a scope, not a record: pressed from a place that does
    not reach a server (another server, a DM, a user-installed context in its very channel),
    its server's, channel's or roller's rolls are not counted; in the server they are."""
    await nazh.slash(pool="1d20+5", _user=OWNER)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)  # the stats count kept rolls
    scopes = ("s", f"c{base36(int(HOME.channel_id))}", f"u{base36(int(OWNER['id']))}")
    wrong = []
    for whose in scopes:
        details = Control(STATS_DETAILS, lambda _, w=whose: f"nz1:{STATS_DETAILS}:all:{w}")  # type: ignore[misc]
        for place in ELSEWHERE:
            if place.guild_id == HOME.guild_id and not place.user_installed:
                continue  # another channel of its server: the server's rolls are its own
            for who, user in who_asks(place).items():
                shown = await told(nazh, payload(details, "", place, user))
                if "1d20+5" in shown or str(OWNER["id"]) in shown:
                    wrong.append(f"{whose} from {place.name} by the {who}: {shown[:240]}")
        home = await told(nazh, payload(details, "", HOME, GM))
        assert "1d20+5" in home, home
    assert not wrong, "\n".join(wrong)


async def history_from(nazh: NazhUnderTest, user: JsonObject, *, user_installed: bool,
                       pool: str | None = None) -> str:
    """/history (or /roll ``pool``) by ``user`` in :data:`HOME`'s channel, Nazh installed in
    its server or only by the user: the answer."""
    sent = slash_command("history" if pool is None else "roll",
                         [] if pool is None else [{"name": "pool", "type": 3, "value": pool}],
                         user=user)
    if user_installed:
        sent["authorizing_integration_owners"] = {"1": user["id"]}
    await nazh.fake.dispatch("INTERACTION_CREATE", sent)
    return json.dumps(await nazh.fake.wait_for_interaction_response(sent), ensure_ascii=False)


async def test_a_history_page_lists_only_the_rolls_its_place_reaches(
        nazh: NazhUnderTest) -> None:
    """A /history page names its asker's channel: where Nazh is only user-installed, that
    channel's server rolls are out of reach, and a roll made there is not the server's."""
    await nazh.slash(pool="1d20+5", label=LABEL, _user=OWNER)
    await history_from(nazh, OWNER, user_installed=True, pool="1d20+2")
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    in_server = await history_from(nazh, OTHER, user_installed=False)
    assert "`1d20+5`" in in_server, in_server
    assert "`1d20+2`" not in in_server, in_server
    outside = await history_from(nazh, OTHER, user_installed=True)
    assert "`1d20+2`" in outside, outside
    assert "`1d20+5`" not in outside, outside


async def test_a_servers_settings_do_not_reach_a_roll_made_where_nazh_is_only_user_installed(
        nazh: NazhUnderTest) -> None:
    """A server's settings are its own: a roll made in its channel where Nazh is only
    user-installed (outside any server) takes the defaults, as /settings there shows."""
    await nazh.slash("settings set", **{"default-visibility": "private"}, _user=GM)
    in_server = json.loads(await history_from(nazh, OWNER, user_installed=False, pool="1d20"))
    assert int(in_server["data"].get("flags", 0)) & EPHEMERAL, in_server
    outside = json.loads(await history_from(nazh, OWNER, user_installed=True, pool="1d20"))
    assert not int(outside["data"].get("flags", 0)) & EPHEMERAL, outside


async def test_a_servers_saved_rolls_are_out_of_reach_where_nazh_is_only_user_installed(
        nazh: NazhUnderTest) -> None:
    """The server's shelf is its own: /odds reads ``@sneak`` from it in the server, not where
    Nazh is only user-installed in that very channel."""
    await nazh.slash("save", name="sneak", pool="1d20+3", scope="server", _user=GM)
    for user_installed in (False, True):
        sent = slash_command("odds", [{"name": "pool", "type": 3, "value": "@sneak"}],
                             user=OTHER)
        if user_installed:
            sent["authorizing_integration_owners"] = {"1": OTHER["id"]}
        await nazh.fake.dispatch("INTERACTION_CREATE", sent)
        answer = json.dumps(await nazh.fake.wait_for_interaction_response(sent))
        assert ("no saved roll named @sneak" in answer) is user_installed, answer


async def outside(nazh: NazhUnderTest, name: str, user: JsonObject, channel_id: str,
                  options: dict[str, object], *, installed_in: str | None = None) -> str:
    """``/name`` by ``user`` outside any server Nazh reaches: in the DM ``channel_id``, or in
    the server ``installed_in``'s channel where only the user installed Nazh; the answer."""
    sent = slash_command(name, [{"name": key, "type": 6 if key == "user" else 3, "value": value}
                                for key, value in options.items()],
                         user=user, guild_id=installed_in, channel_id=channel_id)
    sent["authorizing_integration_owners"] = {"1": user["id"]}
    if installed_in is None:
        sent["context"] = 1  # a DM with the bot
    await nazh.fake.dispatch("INTERACTION_CREATE", sent)
    return json.dumps(await nazh.fake.wait_for_interaction_response(sent), ensure_ascii=False)


@pytest.fixture(params=TRANSPORTS)
async def everywhere(request: pytest.FixtureRequest, fake_discord: FakeDiscord,
                     tmp_path: Path) -> AsyncIterator[NazhUnderTest]:
    """The bot with its commands global (in DMs too), as a real deployment registers them."""
    async with running(fake_discord, tmp_path, request.param, NAZH_DEV_GUILDS="",
                       NAZH_USER_RATE_PER_MINUTE="0", NAZH_GUILD_RATE_PER_MINUTE="0") as bot:
        yield bot
    assert_healthy(fake_discord)


async def test_rolls_made_outside_any_server_are_reached_only_where_they_were_made(
        everywhere: NazhUnderTest) -> None:
    """Every roll made outside a server (a DM with Nazh, a channel where Nazh is only
    user-installed) has no server to share: another user outside a server, in another DM,
    reaches none of them by /verify, /history's Verify select, /stats of that user or a stats
    Details; the roller reaches their own, and the place they were made in shows its own."""
    dm, other_dm = "778888888888888881", "778888888888888882"
    made = [await outside(everywhere, "roll", OWNER, dm, {"pool": "1d20+5", "label": LABEL}),
            await outside(everywhere, "roll", OWNER, DEFAULT_CHANNEL_ID,
                          {"pool": "3d6+2", "label": LABEL}, installed_in=DEFAULT_GUILD_ID)]
    ids = [str(embed_of(json.loads(answer)["data"])["footer"]["text"]).split("roll ", 1)[1]
           .split(" ")[0] for answer in made]
    assert everywhere.container is not None
    assert await everywhere.container.storage.writer().flush(5)
    wrong = []
    for roll_id in ids:
        for asked in (await outside(everywhere, "verify", OTHER, other_dm, {"roll_id": roll_id}),
                      await told(everywhere, _dm_click(VERIFY_PICK, [roll_id], OTHER, other_dm))):
            if LABEL in asked or "no roll" not in asked:
                wrong.append(f"{roll_id} from another DM: {asked[:240]}")
        assert LABEL in await outside(everywhere, "verify", OWNER, other_dm, {"roll_id": roll_id})
    whose = (f"u{base36(int(OWNER['id']))}", f"c{base36(int(dm))}", "s")
    for asked in (await outside(everywhere, "stats", OTHER, other_dm, {"user": OWNER["id"]}),
                  *[await told(everywhere, _dm_click(f"nz1:{STATS_DETAILS}:all:{w}", None, OTHER,
                                               other_dm)) for w in whose]):
        if "1d20+5" in asked or "3d6+2" in asked or "2 rolls" in asked:
            wrong.append(f"stats from another DM: {asked[:240]}")
    assert not wrong, "\n".join(wrong)
    own = await outside(everywhere, "stats", OWNER, other_dm, {})
    assert "2 rolls" in own, own
    assert LABEL in await outside(everywhere, "verify", OTHER, dm, {"roll_id": ids[0]})


def _dm_click(custom_id: str, values: list[str] | None, user: JsonObject,
              channel_id: str) -> JsonObject:
    sent = component_click(custom_id, BUTTON if values is None else SELECT, values, user=user,
                           guild_id=None, channel_id=channel_id)
    sent["authorizing_integration_owners"] = {"1": user["id"]}
    sent["context"] = 1
    return sent
