"""A whole session end to end on both transports and both databases, against the fake Discord
(every request checked against Discord's spec): a GM starts it; the table rolls (a /check, dice
rolled at the table entered with physical:, a secret roll never revealed, a private roll),
fights (an attack defeats a minion), answers a request and counts an endeavor; the GM ends it
and its recap card is posted (Details for the clicker alone); its journal comes as Markdown and
JSON, naming the chain head /verify shows (``nazh session export`` gives the same); the fairness
statistics leave the physical dice out; a player may not start or end one, and a session is
unknown from another channel."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from nazh.application.shared.json_types import JsonObject
from nazh.bootstrap import run_cli
from tests.adapters.storage.conftest import POSTGRES_OFF
from tests.adapters.storage.support import postgres_admin_url, scratch_postgres
from tests.e2e.card_kit import card_custom_id, card_text, card_texts, is_card, on_gm_panel
from tests.e2e.encounter_kit import command
from tests.e2e.fake_discord import (
    DEFAULT_CHANNEL_ID,
    FakeDiscord,
    UploadedFile,
    assert_healthy,
    slash_command,
)
from tests.e2e.harness import (
    TRANSPORTS,
    NazhUnderTest,
    embed_of,
    final_answer,
    running,
    uploads,
)
from tests.e2e.roll_kit import EPHEMERAL, GM, PLAYER, ROLLER, roll_id_of
from tests.waiting import until

UPDATE = 7


pytestmark = pytest.mark.usefixtures("gm_manages_the_server")


def posted(fake: FakeDiscord, icon: str) -> JsonObject:
    """The newest card Nazh posted by itself with ``icon`` in its text."""
    found = [m for m in fake.messages
             if is_card(m) and "interaction_metadata" not in m and icon in card_text(m)]
    assert found, f"no {icon} card"
    return found[-1]


async def play(nazh: NazhUnderTest) -> dict[str, str]:
    """The session's play; the ids of its rolls by what they were."""
    ids: dict[str, str] = {}
    await command(nazh, "character new", PLAYER, name="Kaladin", strength=2, speed=3)
    await command(nazh, "character weapon", PLAYER, name="Spear", skill="light-weaponry",
                  damage="1d8", type="keen")
    nazh.dice.script(20, 20)
    _, check = await nazh.slash("check", skill="Athletics", dc=12, _user=PLAYER)
    ids["check"] = roll_id_of(check)
    _, table = await nazh.slash(pool="1d20+5, 1d6", dc=15, physical="17, 5", _user=ROLLER)
    assert "🎲 Physical dice, rolled at the table: 17, 5" in embed_of(table)["description"]
    assert "**22** | `1d20+5` | [17]" in embed_of(table)["description"]
    ids["physical"] = roll_id_of(table)
    _, refused = await nazh.slash(pool="1d20", physical="25", _user=ROLLER)
    assert "face 1 is 25, but that die is a d20" in refused["data"]["content"]
    nazh.dice.script(20, 3)
    await nazh.slash(pool="1d20", visibility="blind", _user=ROLLER)  # never revealed
    nazh.dice.script(20, 2)
    await nazh.slash(pool="1d20", visibility="private", _user=ROLLER)
    await fight(nazh, ids)
    await command(nazh, "request", GM, skill="Athletics", dc=10)
    nazh.dice.script(20, 9)
    _, rolled = await nazh.click(card_custom_id(posted(nazh.fake, "📣"), "Roll"), user=PLAYER)
    assert rolled["type"] == UPDATE
    await command(nazh, "endeavor start", GM, name="Cross the chasm", successes=1,
                  failures=2)
    _, counted = await on_gm_panel(nazh, posted(nazh.fake, "🧗"), "Success", GM)
    assert counted["type"] == UPDATE  # the GM's panel; the card is edited beside it
    return ids


async def fight(nazh: NazhUnderTest, ids: dict[str, str]) -> None:
    """The Ambush: Kaladin's spear defeats the Bandit, a minion; the GM ends it."""
    await command(nazh, "encounter start", GM, name="Ambush")
    await command(nazh, "encounter add", GM, name="Bandit", health=4, defense=10,
                  role="minion")
    await command(nazh, "encounter join", PLAYER)
    nazh.dice.script(20, 15).script(8, 6)
    _, attack = await nazh.slash("attack", weapon="Spear", target="Bandit", _user=PLAYER)
    assert "Bandit is defeated" in embed_of(attack)["description"]
    ids["attack"] = roll_id_of(attack)
    await command(nazh, "encounter end", GM)


async def a_whole_session(nazh: NazhUnderTest, monkeypatch: pytest.MonkeyPatch,
                          database_url: str | None = None) -> None:
    _, refused = await nazh.slash("session start", name="x", _user=PLAYER)
    assert "only a GM" in refused["data"]["content"]
    _, started = await nazh.slash("session start", name="The Shattered Plains", _user=GM)
    assert started["data"]["content"].startswith(
        "🎬 **Session «The Shattered Plains» started** by <@")
    assert "after 3 h without a roll" in started["data"]["content"]
    ids = await play(nazh)
    _, refused = await nazh.slash("session end", _user=PLAYER)
    assert "only a GM" in refused["data"]["content"]
    _, ended = await nazh.slash("session end", _user=GM)
    recap = recap_of(ended)
    await details(nazh, ended)
    journal = await the_journal(nazh, ids)
    await verified(nazh, journal["chain"])
    status, printed = await exported_by_cli(nazh, monkeypatch, database_url)
    assert status == 0
    assert {**json.loads(printed), "made_at": ""} == {**journal, "made_at": ""}
    assert recap[0] == "## 🎬 The Shattered Plains"
    await fair_dice_only(nazh)
    await elsewhere(nazh)


def recap_of(ended: JsonObject) -> list[str]:
    """The recap card posted at the session's end: outcome first, a line per player."""
    assert is_card(ended)
    assert not ended["data"].get("flags", 0) & EPHEMERAL
    title, headline, players = card_texts(ended)
    assert headline.startswith("**🏆 1 fight won · 💀 0 lost**")
    assert "🎲 4 rolls · ended by a GM" in headline
    lines = players.splitlines()
    assert lines[0] == (f"<@{PLAYER['id']}> Kaladin · 🎲 3 · ✅ 3 ❌ 0 · 🌟 1 ⚠️ 0 · "
                        "⚔️ 4 dealt, 0 taken")
    assert lines[1] == f"<@{ROLLER['id']}> · 🎲 1 (1 physical) · ✅ 1 ❌ 0"
    return [title, headline, players]


async def details(nazh: NazhUnderTest, ended: JsonObject) -> None:
    """Details, for the clicker alone: each player's best and worst test, what happened."""
    _, shown = await nazh.click(card_custom_id(ended, "Details"), user=ROLLER)
    assert shown["data"]["flags"] & EPHEMERAL
    text = card_text(shown)
    assert "  best **20** (" in text
    assert "🏆 won · Ambush · 1 round · fell: Bandit (round 1)" in text
    assert "📣 Athletics · DC 10: 1 of 1 succeeded (Kaladin " in text
    assert "🧗 Cross the chasm: succeeded, 1 of 1 successes, 0 of 2 failures" in text


async def the_journal(nazh: NazhUnderTest, ids: dict[str, str]) -> JsonObject:
    """/session journal: Markdown and JSON, every roll the channel saw with its id."""
    interaction, answer = await nazh.slash("session journal", _user=PLAYER)
    said = await final_answer(nazh.fake, interaction, answer)
    assert said["flags"] & EPHEMERAL
    assert "`/verify roll_id:" in said["content"]
    def both() -> list[UploadedFile] | None:
        found = uploads(nazh.fake, interaction)
        return found if len(found) == 2 else None
    files = await until(both, what="the journal's two files")
    markdown, data = sorted(files, key=lambda upload: upload.filename.endswith(".json"))
    assert markdown.filename.endswith(".md")
    text = markdown.data.decode()
    assert text.startswith("# The Shattered Plains\n")
    assert "### " in text
    assert "🎲 physical dice" in text
    for roll_id in ids.values():
        assert f"`{roll_id}`" in text
    journal: JsonObject = json.loads(data.data.decode())
    assert (journal["format"], journal["version"], journal["ending"]) == ("nazh-session", 1,
                                                                          "ended")
    kinds = [scene["kind"] for scene in journal["scenes"]]
    assert kinds == ["rolls", "fight", "request", "endeavor"]
    rolls = [roll["roll_id"] for scene in journal["scenes"] for roll in scene["rolls"]]
    assert rolls[:3] == [ids["check"], ids["physical"], ids["attack"]]
    assert len(rolls) == 4  # the request's too; not the blind nor the private one
    assert journal["chain"]["roll_id"] == rolls[-1]  # the newest record shown: the request's
    return journal


async def verified(nazh: NazhUnderTest, chain: JsonObject) -> None:
    """/verify of the journal's chain head shows its record's number and hash."""
    _, answer = await nazh.slash("verify", roll_id=chain["roll_id"], _user=PLAYER)
    embed = embed_of(answer)
    fields = {field["name"]: field["value"] for field in embed["fields"]}
    assert f"(record #{chain['seq']})" in fields["Records"]
    assert embed["footer"]["text"].startswith(f"hash {chain['hash'][:16]}…")
    assert "✅" in fields["Chain"]


async def fair_dice_only(nazh: NazhUnderTest) -> None:
    """/stats for the channel counts Nazh's dice only: not the physical roll."""
    assert nazh.container is not None
    assert await nazh.container.storage.writer().flush(5)
    interaction, body = await nazh.slash("stats", scope="channel", _user=PLAYER)
    embed = embed_of(await final_answer(nazh.fake, interaction, body))
    assert embed["description"].splitlines()[0] == "**3 rolls** counted."


async def elsewhere(nazh: NazhUnderTest) -> None:
    """Another channel knows no such session."""
    interaction = slash_command("session recap", None, user=PLAYER, channel_id="555555555555")
    await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
    answer = await nazh.fake.wait_for_interaction_response(interaction)
    assert "no such session in this channel" in answer["data"]["content"]


async def exported_by_cli(nazh: NazhUnderTest, monkeypatch: pytest.MonkeyPatch,
                          database_url: str | None) -> tuple[int, str]:
    """``nazh session export --channel ID --json`` run here against the bot's database."""
    monkeypatch.setenv("NAZH_DATA_DIR", str(nazh.data_dir))
    if database_url is None:
        monkeypatch.delenv("NAZH_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("NAZH_DATABASE_URL", database_url)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        status = await asyncio.to_thread(run_cli, ["session", "export", "--channel",
                                                   DEFAULT_CHANNEL_ID, "--json"])
    return status, printed.getvalue()


async def test_a_whole_session_ends_with_its_recap_and_its_journal(
        nazh: NazhUnderTest, monkeypatch: pytest.MonkeyPatch) -> None:
    await a_whole_session(nazh, monkeypatch)


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    admin_url = postgres_admin_url()
    if admin_url is None:
        pytest.skip(POSTGRES_OFF)
    async with scratch_postgres(admin_url) as url:
        yield url


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_a_whole_session_on_postgresql(fake_discord: FakeDiscord, tmp_path: Path,
                                             database_url: str, transport: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    async with running(fake_discord, tmp_path, transport,
                       NAZH_DATABASE_URL=database_url) as bot:
        await a_whole_session(bot, monkeypatch, database_url)
    assert_healthy(fake_discord)
