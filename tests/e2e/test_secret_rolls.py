"""Secret rolls end to end, on both transports: who sees what for each visibility and each
role (roller, GM, other player), Reveal, forged controls, the commitment that /verify checks
(and that fails when the stored result is edited), /history hiding a secret, and a server's
default visibility."""

from __future__ import annotations

import json
import sqlite3

import pytest

from nazh.application.rolls.model import Roller, RollRequest
from nazh.application.rolls.secrets import commitment
from nazh.application.settings.server import Visibility
from nazh.application.shared.json_types import JsonObject
from nazh.domain.errors import RollStateError
from tests.e2e.fake_discord import FakeDiscord, make_user, slash_command
from tests.e2e.harness import (
    NazhUnderTest,
    components_of,
    custom_id_of,
    embed_of,
    grant_manage_server,
)
from tests.e2e.roll_kit import opened_panel

EPHEMERAL = 1 << 6
ROLLER = make_user("751111111111111111", "roller")
GM = make_user("752222222222222222", "gm")
PLAYER = make_user("753333333333333333", "player")


@pytest.fixture(autouse=True)
def gm_manages_the_server(fake_discord: FakeDiscord) -> None:
    """Without a GM role set, the server's Manage Server holders are its GMs."""
    grant_manage_server(fake_discord, GM)


async def secret_roll(nazh: NazhUnderTest, visibility: str,
                      pool: str = "a1d20+5, 2d6") -> tuple[JsonObject, JsonObject]:
    """The public line's answer and the roller's ephemeral follow-up."""
    interaction, line = await nazh.slash(pool=pool, visibility=visibility, _user=ROLLER)
    followup = await nazh.fake.wait_for_request(
        lambda r: r.method == "POST" and "/webhooks/" in r.path
        and interaction["token"] in r.path and 200 <= (r.status or 0) < 300, 5)
    return line, followup.body


def roll_id_of(line: JsonObject) -> str:
    return str(embed_of(line)["footer"]["text"]).split("roll ", 1)[1].split(" ")[0]


async def click(nazh: NazhUnderTest, line: JsonObject, label: str,
                user: JsonObject) -> JsonObject:
    _, answer = await nazh.click(custom_id_of(line["data"], label), user=user)
    return answer


def text(answer: JsonObject) -> str:
    return json.dumps(answer["data"], ensure_ascii=False)


@pytest.mark.parametrize("visibility", ["gm", "blind"])
async def test_the_channel_sees_only_a_commitment(nazh: NazhUnderTest, visibility: str) -> None:
    line, followup = await secret_roll(nazh, visibility)
    assert not line["data"].get("flags", 0) & EPHEMERAL
    embed = embed_of(line)
    shown = embed["description"].split("Commitment `", 1)[1][:12]
    assert len(shown) == 12
    # neither the pool nor any total ("+" keeps a hex commitment from matching by chance)
    assert "a1d20+5" not in text(line)
    assert "**" not in embed_of(line)["description"]
    labels = [c["label"] for row in line["data"]["components"] for c in row["components"]]
    assert labels == ["Show me", "Reveal"]
    assert followup["flags"] & EPHEMERAL


async def test_a_gm_roll_shows_the_roller_the_result_only_to_them(nazh: NazhUnderTest) -> None:
    _, followup = await secret_roll(nazh, "gm")
    assert followup["flags"] & EPHEMERAL
    assert "`a1d20+5`" in followup["embeds"][0]["description"]


async def test_a_blind_roll_tells_the_roller_only_that_they_rolled(nazh: NazhUnderTest) -> None:
    _, followup = await secret_roll(nazh, "blind")
    assert followup["flags"] & EPHEMERAL
    assert "only the GMs see its result" in followup["content"]
    assert not followup.get("embeds")


@pytest.mark.parametrize(("visibility", "viewer", "sees"), [
    ("gm", ROLLER, True), ("gm", GM, True), ("gm", PLAYER, False),
    ("blind", ROLLER, False), ("blind", GM, True), ("blind", PLAYER, False),
])
async def test_show_me_shows_the_result_to_whoever_may_see_it(
        nazh: NazhUnderTest, visibility: str, viewer: JsonObject, sees: bool) -> None:
    line, _ = await secret_roll(nazh, visibility)
    answer = await click(nazh, line, "Show me", viewer)
    assert answer["data"]["flags"] & EPHEMERAL
    assert ("`a1d20+5`" in text(answer)) is sees
    assert ("only the GMs can see this secret roll" in text(answer)) is not sees


@pytest.mark.parametrize(("visibility", "revealer"), [
    ("gm", ROLLER), ("gm", GM), ("blind", GM)])
async def test_reveal_by_the_right_person_makes_it_public_and_verifiable(
        nazh: NazhUnderTest, visibility: str, revealer: JsonObject) -> None:
    line, _ = await secret_roll(nazh, visibility)
    roll_id = roll_id_of(line)
    shown = embed_of(line)["description"].split("Commitment `", 1)[1][:12]
    answer = await click(nazh, line, "Reveal", revealer)
    assert answer["type"] == 7
    revealed = answer["data"]["embeds"][0]["description"]
    assert "`a1d20+5`" in revealed
    assert f"revealed by <@{revealer['id']}> · commitment `{shown}`" in revealed
    labels = [c["label"] for row in answer["data"]["components"] for c in row["components"]]
    # an ordinary shared result now: a GM's controls (Add Plot Die, Disadvantage) behind 👑 GM
    assert labels == ["Copy Command", "Advantage", "GM"]
    shared = nazh.fake.message_with_component(custom_id_of(answer["data"], "GM"))
    panel = await opened_panel(nazh, shared, GM)  # a GM's controls of it, on their own panel
    assert [c.get("label") for c in components_of(panel)] == ["Add Plot Die", "Disadvantage"]
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    _, verified = await nazh.slash("verify", roll_id=roll_id, _user=PLAYER)
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    assert fields["Commitment"].startswith(f"✅ `{shown}` matches the revealed result")
    assert fields["Visibility"] == {"gm": "GM only", "blind": "blind"}[visibility]
    assert "revealed" in fields["Records"]
    # revealed once: a second Reveal changes nothing
    again = await click(nazh, answer, "Copy Command", PLAYER)
    assert again["type"] == 9  # the Copy form opens: the roll is an ordinary public roll now


@pytest.mark.parametrize(("visibility", "revealer", "refusal"), [
    ("gm", PLAYER, "only the roller or a GM can reveal this roll"),
    ("blind", ROLLER, "only the GMs can reveal this secret roll"),
    ("blind", PLAYER, "only the GMs can reveal this secret roll"),
])
async def test_reveal_by_anyone_else_is_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, visibility: str,
        revealer: JsonObject, refusal: str) -> None:
    line, _ = await secret_roll(nazh, visibility)
    answer = await click(nazh, line, "Reveal", revealer)
    assert answer["data"]["flags"] & EPHEMERAL
    assert refusal in text(answer)
    public = fake_discord.messages[0]
    assert "a1d20+5" not in json.dumps(public)
    assert "Commitment" in json.dumps(public)


@pytest.mark.parametrize(("visibility", "sees"), [
    ("gm", {"player": False, "roller": True, "gm": True}),
    ("blind", {"player": False, "roller": False, "gm": True}),
])
async def test_history_shows_a_secret_only_to_who_may_see_it_and_verify_to_nobody(
        nazh: NazhUnderTest, visibility: str, sees: dict[str, bool]) -> None:
    line, _ = await secret_roll(nazh, visibility, pool="3d8+2")
    roll_id = roll_id_of(line)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    for viewer in (PLAYER, ROLLER, GM):
        _, history = await nazh.slash("history", _user=viewer)
        assert history["data"]["flags"] & EPHEMERAL
        listed = embed_of(history)["description"]
        assert roll_id not in listed  # the page's Verify select holds the ids
        shown = sees[viewer["username"]]
        said = {"gm": "GM-only roll", "blind": "blind roll"}[visibility]
        assert (f"🕶️ {said}, not revealed yet" in listed) is not shown
        assert ("3d8+2" in listed) is shown
        _, verified = await nazh.slash("verify", roll_id=roll_id, _user=viewer)
        assert not verified["data"].get("flags", 0) & EPHEMERAL  # the channel's answer
        fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
        assert fields["Result"] == "hidden until it is revealed"
        assert "3d8+2" not in json.dumps(embed_of(verified))


async def test_a_secret_roll_cannot_be_amended_before_it_is_revealed(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    line, _ = await secret_roll(nazh, "gm")
    roll_id = roll_id_of(line)
    # a forged Add Plot Die id for the secret roll
    forged = f"nz1:plot:{roll_id}"
    fake_discord.state.messages[next(iter(fake_discord.state.messages))]["components"][0][
        "components"][0]["custom_id"] = forged
    _, refused = await nazh.click(forged, user=ROLLER)
    assert "must be revealed before it is amended" in text(refused)


async def test_forged_show_and_reveal_ids_are_refused(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    await secret_roll(nazh, "blind")
    first = next(iter(fake_discord.state.messages))
    buttons = fake_discord.state.messages[first]["components"][0]["components"]
    buttons[0]["custom_id"] = "nz1:show:zzzzzzzzzz"  # no such roll
    buttons[1]["custom_id"] = "nz1:reveal:zzzzzzzzzz"
    for forged in ("nz1:show:zzzzzzzzzz", "nz1:reveal:zzzzzzzzzz"):
        _, refused = await nazh.click(forged, user=GM)
        assert "this roll is no longer available" in text(refused)
    assert fake_discord.messages[0]["embeds"][0]["title"] == "🕶️ A blind roll"


async def test_verify_fails_the_commitment_when_the_stored_result_is_edited(
        nazh: NazhUnderTest) -> None:
    line, _ = await secret_roll(nazh, "gm", pool="1d20")
    roll_id = roll_id_of(line)
    await click(nazh, line, "Reveal", ROLLER)
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    with sqlite3.connect(nazh.data_dir / "nazh.sqlite3") as connection:
        stored = json.loads(connection.execute(
            "SELECT result FROM roll_log WHERE entry_id = ?", (f"{roll_id}.1",)).fetchone()[0])
        kept = stored["dice"][0][0][0]
        stored["dice"][0][0][0] = 20 if kept != 20 else 1  # a better roll, after the fact
        connection.execute("UPDATE roll_log SET result = ? WHERE entry_id = ?",
                           (json.dumps(stored), f"{roll_id}.1"))
    secret = stored["secret"]
    payload = {k: v for k, v in stored.items() if k != "secret"}
    assert commitment(payload, secret["nonce"]) != secret["commitment"]
    _, verified = await nazh.slash("verify", roll_id=roll_id, _user=PLAYER)
    fields = {f["name"]: f["value"] for f in embed_of(verified)["fields"]}
    assert fields["Commitment"].startswith("❌")
    assert "altered" in fields["Commitment"]
    assert fields["Chain"].startswith("❌")


async def test_the_servers_default_visibility_applies_when_none_is_given(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    setting = slash_command("settings set", {"default-visibility": "blind"}, user=GM)
    await fake_discord.dispatch("INTERACTION_CREATE", setting)
    await fake_discord.wait_for_interaction_response(setting)
    _, line = await nazh.slash(pool="1d20", _user=ROLLER)
    assert "made a blind roll" in embed_of(line)["description"]
    _, public = await nazh.slash(pool="1d20", visibility="public", _user=ROLLER)
    assert "`1d20`" in embed_of(public)["description"]


async def test_secret_rolls_need_a_server(nazh: NazhUnderTest) -> None:
    assert nazh.container is not None
    table = nazh.container.service.roll_actions()
    with pytest.raises(RollStateError, match="a gm roll needs a server"):
        await table.roll(RollRequest("1d20", Roller(1, 2, None), visibility=Visibility.GM))


async def test_with_a_gm_channel_each_secret_result_is_posted_there(
        nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    gm_channel = "754444444444444444"
    setting = slash_command("settings set", [
        {"name": "gm-channel", "type": 7, "value": gm_channel}], user=GM, resolved={
        "channels": {gm_channel: {"id": gm_channel, "name": "gm-only", "type": 0,
                                  "permissions": "0"}}})
    await fake_discord.dispatch("INTERACTION_CREATE", setting)
    shown = await fake_discord.wait_for_interaction_response(setting)
    assert f"<#{gm_channel}>" in embed_of(shown)["description"]
    line, _ = await secret_roll(nazh, "blind", pool="4d6+1")
    posted = await fake_discord.wait_for_request(
        lambda r: r.method == "POST" and r.path == f"/channels/{gm_channel}/messages", 5)
    assert posted.status == 200
    assert f"Secret (blind) roll by <@{ROLLER['id']}>" in posted.body["content"]
    assert "`4d6+1`" in posted.body["embeds"][0]["description"]
    assert posted.body["allowed_mentions"]["parse"] == []
    assert "4d6+1" not in json.dumps(line)
