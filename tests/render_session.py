"""Every kind of message Nazh sends, drawn as a phone and a desktop show it, and measured.

Runs the real bot against the fake Discord (the end-to-end harness) through a representative
session: rolls (a DC, the plot die with advantage, a secret roll), a /check, a two-round
encounter with conditions, Dodge, Aid and an attack that lands, a 30-combatant horde, a public
and a blind /request with three players rolling, an endeavor, a character's sheet, /odds,
/stats, /history and /encounter log. Each message kind is drawn by :mod:`tests.render_kit` at
390 px and 800 px into the output directory (default ``.cache/render/``): ``KIND-390.png``,
``KIND-800.png``, ``index.html`` (the gallery), ``heights.json`` ({kind: {width: px}}) and
``messages.json`` (the messages drawn, to draw them again with ``--from-json`` without the bot).
A step the bot refuses or that fails is reported and skipped; the rest is drawn. Run it from
the repository's root::

    scripts/render_session                      # or: python -m tests.render_session
    scripts/render_session --from-json .cache/render/messages.json   # only draw again
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import sys
import tempfile
import traceback
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from nazh.application.shared.json_types import JsonMapping, JsonObject
from tests.e2e.card_kit import card_custom_id, card_text, is_card
from tests.e2e.fake_discord import FakeDiscord, make_user
from tests.e2e.harness import NazhUnderTest, grant_manage_server, running, uploads
from tests.e2e.roll_kit import GM, PLAYER, ROLLER
from tests.render_kit import (
    DESKTOP,
    PHONE,
    Measured,
    as_data_url,
    controls,
    crop,
    is_image,
    measure,
    render_html,
    screenshot,
)
from tests.render_markdown import Names
from tests.waiting import until

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / ".cache" / "render"
WIDTHS = (PHONE, DESKTOP)
LIFT = make_user("774444444444444444", "lift")
NAMES = Names(users={str(user["id"]): str(user["username"]) for user in (GM, PLAYER, ROLLER,
                                                                          LIFT)})
UPDATE = 7
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
REFUSED = "**Can't do that.**"
BATCH_PX = 10_000
"""The tallest window a batch of messages is photographed in."""
MESSAGE_GAP_PX = 17
MARGIN_PX = 12
"""What a kind's PNG shows above and below its message."""
CARD_WAIT = 5.0
"""How long to wait for a card's coalesced edit before drawing the card as it is."""


@dataclass
class Session:
    """The bot under a session, the messages kept so far by kind, the images they show (by
    file name) and the steps that failed."""

    nazh: NazhUnderTest
    kept: dict[str, JsonObject] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)

    @property
    def fake(self) -> FakeDiscord:
        return self.nazh.fake

    def keep(self, kind: str, message: JsonMapping) -> JsonObject:
        """Keep ``message`` as the example of ``kind``."""
        self.kept[kind] = dict(message)
        return self.kept[kind]

    def shown(self, interaction: JsonMapping, body: JsonMapping) -> JsonObject:
        """The message an interaction's user sees after its answer ``body``: the message it
        posted (as stored, with who used which command), or the message it updated."""
        for upload in uploads(self.fake, dict(interaction)):
            if is_image(upload.filename):
                self.images[upload.filename] = as_data_url(upload.data, upload.filename)
        if body.get("type") == UPDATE:
            return self.fake.message(str(interaction["message"]["id"]))
        try:
            message = self.fake.original_message(dict(interaction))
        except LookupError:
            message = dict(body.get("data") or {})
        if "name" in message.get("interaction_metadata", {}):
            message["interaction_metadata"]["name"] = command_path(interaction)
        if str(message.get("content", "")).startswith(REFUSED):
            self.failed.append(f"refused: {command_path(interaction)}: {message['content']}")
        return message

    async def slash(self, kind: str | None, name: str, user: JsonObject, /,
                    **options: object) -> JsonObject:
        """``/name`` as ``user``; the message it answered with (kept as ``kind``)."""
        interaction, body = await self.nazh.slash(name, _user=user, **options)
        message = self.shown(interaction, body)
        return self.keep(kind, message) if kind else message

    async def press(self, kind: str | None, message: JsonMapping, label: str,
                    user: JsonObject) -> JsonObject:
        """Press the button ``label`` of ``message`` as ``user``; the message its user sees
        then (kept as ``kind``)."""
        interaction, body = await self.nazh.click(card_custom_id(message, label), user=user)
        shown = self.shown(interaction, body)
        return self.keep(kind, shown) if kind else shown

    async def card(self, icon: str, *texts: str) -> JsonObject:
        """The newest card Nazh posted by itself whose text has ``icon``, once it shows every
        one of ``texts`` (or as it is after :data:`CARD_WAIT` seconds)."""
        def newest() -> JsonObject | None:
            found = [m for m in self.fake.messages if is_card(m)
                     and "interaction_metadata" not in m and icon in card_text(m)]
            return found[-1] if found else None

        def showing() -> JsonObject | None:
            card = newest()
            return card if card and all(t in card_text(card) for t in texts) else None
        try:
            return await until(showing, timeout=CARD_WAIT, what=f"the {icon} card")
        except AssertionError:
            card = newest()
            if card is None:
                raise
            return card


def command_path(interaction: JsonMapping) -> str:
    """The command an interaction used, its subcommands included (``encounter log``), as the
    client names it above the answer."""
    data = interaction.get("data") or {}
    names = [str(data.get("name", ""))]
    options = data.get("options") or []
    while options and options[0].get("type") in {SUB_COMMAND, SUB_COMMAND_GROUP}:
        names.append(str(options[0]["name"]))
        options = options[0].get("options") or []
    return " ".join(names)


# -- the session ---------------------------------------------------------------------------------


async def rolls(session: Session) -> None:
    """/roll with a DC, with the plot die and advantage, a GM's panel and its Disadvantage
    menu, the plot die's Keep choice, and a secret (gm) roll: what the channel and the roller
    see."""
    session.nazh.dice.script(20, 14, 9)
    rolled = await session.slash("roll-dc", "roll", ROLLER, pool="a1d20+5", dc=15)
    await session.slash("roll-plot-advantage", "roll", ROLLER, pool="a1d20+5, 2d6+3",
                        add_plot=True, label="Strike the chull")
    # a GM's controls of a shared result: on the GM panel its 👑 GM opens, to them alone
    panel = await session.press("roll-gm-panel", rolled, "GM", GM)
    await session.press("roll-die-menu", panel, "Disadvantage", GM)
    await session.slash("roll-plot-keep", "roll", ROLLER, pool="1d20+4, ap")
    interaction, body = await session.nazh.slash("roll", pool="a1d20+5, 2d6", visibility="gm",
                                                 _user=ROLLER)
    session.keep("secret-roll-channel", session.shown(interaction, body))
    followups = await until(lambda: session.fake.followup_messages(interaction) or None,
                            what="the secret roll's result for its roller")
    session.keep("secret-roll-roller", followups[-1])


async def characters(session: Session) -> None:
    """Kaladin (the player's), Shallan (the roller's) and Lift (Lift's), then Kaladin's sheet,
    a /check and /odds."""
    await session.slash(None, "character new", PLAYER, name="Kaladin", strength=2, speed=3,
                        awareness=2)
    await session.slash(None, "character weapon", PLAYER, name="Spear",
                        skill="light-weaponry", damage="1d8", type="keen")
    await session.slash(None, "character new", ROLLER, name="Shallan", intellect=3,
                        awareness=3)
    await session.slash(None, "character new", LIFT, name="Lift", speed=3, awareness=1)
    await session.slash("character-sheet", "character show", PLAYER)
    session.nazh.dice.script(20, 13)
    await session.slash("check", "check", PLAYER, skill="Athletics", dc=12)
    await session.slash("odds", "odds", ROLLER, pool="a1d20+5, 2d6+3", add_plot=True, dc=15)


async def encounter(session: Session) -> None:
    """A two-round fight: the card at its start, ready, after acts and conditions and in round
    two, a GM's view, Dodge and Aid, an attack that lands, the log and the end."""
    await session.slash("encounter-started", "encounter start", GM, name="Chasm ambush")
    session.keep("encounter-card-start", await session.card("⚔️"))
    await session.slash(None, "encounter add", GM, name="Bandit", health=6, count=3,
                        role="minion", defense=12)
    await session.slash(None, "encounter add", GM, name="Szeth", health=30, role="boss",
                        defense=15, focus=2)
    await session.slash(None, "encounter add", GM, name="Teft", health=12, side="ally")
    await session.slash("encounter-joined", "encounter join", PLAYER)
    await session.slash(None, "encounter join", ROLLER)
    ready = session.keep("encounter-card-ready", await session.card("⚔️", "Shallan"))
    mine = await session.press("encounter-panel-my-turn", ready, "My turn", PLAYER)
    await session.press("encounter-panel-pressed", mine, "Fast", PLAYER)
    gm = await session.press("encounter-panel-gm", await session.card("⚔️"), "GM", GM)
    asked = await session.press("dodge-prompt", gm, "Dodge", GM)
    await _choose(session, "dodge-chosen", asked, "Szeth", GM)
    theirs = await session.press(None, await session.card("⚔️"), "My turn", ROLLER)
    aid = await session.press("aid-prompt", theirs, "Aid", ROLLER)
    await _choose(session, "aid-chosen", aid, "Kaladin", ROLLER)
    await session.slash(None, "encounter condition", GM, combatant="Shallan",
                        condition="stunned", until="end-of-next-turn")
    await session.slash(None, "encounter condition", GM, combatant="Bandit 2",
                        condition="afflicted", value=2, source="fire")
    await session.slash("condition-given", "encounter condition", GM, combatant="Kaladin",
                        condition="exhausted", value=1, rounds=1)
    session.nazh.dice.script(20, 17, 18).script(8, 6)  # Szeth Dodges: the lower d20 kept
    await session.slash("attack-landed", "attack", PLAYER, weapon="Spear", target="Szeth")
    session.keep("encounter-card-round-1", await session.card("⚔️", "Exhausted"))
    await session.slash(None, "encounter next", GM)
    await session.slash(None, "encounter next", GM)
    await session.slash(None, "encounter next", GM)
    await session.slash(None, "encounter next", GM)
    session.keep("encounter-card-round-2", await session.card("⚔️", "Round 2"))
    gm = await session.press(None, await session.card("⚔️"), "GM", GM)
    await session.press("encounter-gm-view", gm, "GM view", GM)
    await session.slash("encounter-log", "encounter log", GM)
    await session.slash("encounter-ended", "encounter end", GM)


async def _choose(session: Session, kind: str, asked: JsonMapping, value: str,
                  user: JsonObject) -> None:
    """Choose ``value`` in the select of the question ``asked`` (an ephemeral prompt)."""
    [row] = asked["components"]
    [menu] = row["components"]
    interaction, body = await session.nazh.click(str(menu["custom_id"]), [value], user=user)
    session.keep(kind, session.shown(interaction, body))


async def horde(session: Session) -> None:
    """A horde of 30 combatants (the most an encounter takes): 28 enemies in three kinds of
    copies, and the two players."""
    await session.slash(None, "encounter start", GM, name="The horde")
    for name, health, count in (("Parshendi", 8, 10), ("Bandit", 6, 10), ("Voidspren", 10, 8)):
        await session.slash(None, "encounter add", GM, name=name, health=health, count=count,
                            role="minion")
    await session.slash(None, "encounter join", PLAYER)
    await session.slash(None, "encounter join", ROLLER)
    session.keep("encounter-card-horde", await session.card("⚔️", "Voidspren", "Shallan"))
    await session.slash(None, "encounter end", GM)


async def requests(session: Session) -> None:
    """A public /request with raised stakes and a blind one, three players rolling each; a
    posted result, the blind card's GM panel, its GM view and its reveal."""
    who = f"<@{PLAYER['id']}> <@{ROLLER['id']}> <@{LIFT['id']}>"
    await session.slash("request-asked", "request", GM, skill="Perception", dc=12, stakes=True,
                        who=who, label="The ambush")
    session.keep("request-card-open", await session.card("📣"))
    interaction = None
    for user in (PLAYER, ROLLER, LIFT):
        interaction, _ = await session.nazh.click(
            card_custom_id(await session.card("📣"), "Roll"), user=user)
    assert interaction is not None
    followups = await until(lambda: session.fake.followup_messages(interaction) or None,
                            what="a request's roll posted")
    session.keep("request-result", followups[-1])
    session.keep("request-card-rolled", await session.card("📣", "<@774444444444444444> **"))
    await session.slash(None, "request", GM, skill="Insight", dc=15, visibility="blind")
    for user in (PLAYER, ROLLER, LIFT):
        await session.nazh.click(card_custom_id(await session.card("📣", "Insight"), "Roll"),
                                 user=user)
    blind = session.keep("request-card-blind", await session.card("📣", "Insight", "🕶️"))
    panel = await session.press("request-blind-gm-panel", blind, "GM", GM)
    await session.press("request-blind-gm-view", panel, "GM view", GM)
    await session.press(None, panel, "Reveal", GM)
    session.keep("request-blind-revealed", await session.card("📣", "Insight", "🔓"))


async def endeavor(session: Session) -> None:
    """An endeavor's card, and a success counted on its GM panel."""
    await session.slash("endeavor-started", "endeavor start", GM, name="Cross the chasm",
                        successes=3, failures=2)
    card = await session.card("🧗")
    panel = await session.press("endeavor-gm-panel", card, "GM", GM)
    await session.press(None, panel, "Success", GM)
    session.keep("endeavor-card", await session.card("🧗", "by hand"))


async def records(session: Session) -> None:
    """/stats and /history of the roller's rolls."""
    assert session.nazh.container is not None
    await session.nazh.container.storage.writer().flush(5)
    await session.slash("stats", "stats", ROLLER)
    await session.slash("history", "history", ROLLER)


SCENES: tuple[Callable[[Session], Awaitable[None]], ...] = (
    rolls, characters, encounter, horde, requests, endeavor, records)


async def played(transport: str) -> tuple[dict[str, JsonObject], dict[str, str], list[str]]:
    """The session on ``transport``: the messages by kind, their images, the failed steps."""
    with tempfile.TemporaryDirectory(prefix="nazh-render-session-") as data:
        async with FakeDiscord() as fake:
            grant_manage_server(fake, GM)
            async with running(fake, Path(data), transport) as nazh:
                session = Session(nazh)
                for scene in SCENES:
                    try:
                        await scene(session)
                    except Exception:  # a failed step is reported, the rest drawn
                        session.failed.append(f"{scene.__name__}: "
                                              f"{traceback.format_exc(limit=-2).strip()}")
                await fake.settled()
    return session.kept, session.images, session.failed


# -- drawing -------------------------------------------------------------------------------------


def drawn(kept: Mapping[str, JsonObject], images: Mapping[str, str],
          out: Path) -> dict[str, dict[int, int]]:
    """Each kind's PNG at each width in ``out``; each kind's height at each width. A width
    takes one Chromium run to measure every message and one to photograph each batch of them
    (a window at most :data:`BATCH_PX` tall), cut into one PNG per kind."""
    kinds = list(kept)
    messages = [kept[kind] for kind in kinds]
    found: dict[str, dict[int, int]] = {kind: {} for kind in kinds}
    with tempfile.TemporaryDirectory(prefix="nazh-render-") as scratch:
        for width in WIDTHS:
            whole = measure(render_html(messages, width, names=NAMES, images=images), width)
            for kind, height in zip(kinds, whole.heights, strict=True):
                found[kind][width] = height

            def photographed(batch: list[int], width: int = width,
                             whole: Measured = whole) -> None:
                page = render_html([messages[i] for i in batch], width, names=NAMES,
                                   images=images)
                shift = whole.tops[0] - whole.tops[batch[0]]  # where the batch's page starts
                last = batch[-1]
                below = whole.page - whole.tops[-1] - whole.heights[-1]
                tall = whole.tops[last] + whole.heights[last] + shift + below
                shot = screenshot(page, Path(scratch) / f"{width}-{batch[0]}.png", width, tall)
                for i in batch:
                    top = whole.tops[i] + shift
                    crop(shot, top - MARGIN_PX, top + whole.heights[i] + MARGIN_PX,
                         out / f"{kinds[i]}-{width}.png")
            with ThreadPoolExecutor(max_workers=2) as pool:  # the machine has two cores
                list(pool.map(photographed, batches(whole.heights)))
    return found


def batches(heights: list[int]) -> list[list[int]]:
    """The messages' indexes in runs whose heights add up to at most :data:`BATCH_PX` (a
    taller one alone)."""
    found: list[list[int]] = []
    total = BATCH_PX
    for index, height in enumerate(heights):
        if total + height > BATCH_PX:
            found.append([])
            total = 0
        found[-1].append(index)
        total += height + MESSAGE_GAP_PX
    return found


def gallery(kept: Mapping[str, JsonObject], found: Mapping[str, Mapping[int, int]]) -> str:
    """``index.html``: each kind's two drawings side by side, with their heights."""
    rows = []
    for kind, by_width in found.items():
        sizes = " · ".join(f"{width} px wide: <b>{height} px</b> tall"
                           for width, height in by_width.items())
        pictures = "".join(f'<img src="{kind}-{width}.png" width="{width}" alt="">'
                           for width in by_width)
        rows.append(f'<section id="{kind}"><h2>{html.escape(kind)}</h2><p>{sizes} · '
                    f"{controls(kept[kind])} controls</p><div>{pictures}</div></section>")
    return ("<!doctype html><meta charset=utf-8><title>Nazh's messages</title><style>"
            "body{background:#1e1f22;color:#dbdee1;font-family:sans-serif;margin:24px}"
            "section div{display:flex;gap:24px;align-items:flex-start}"
            "img{border:1px solid #3f4147}</style><h1>Nazh's messages, as Discord draws them"
            "</h1>" + "".join(rows))


def table(kept: Mapping[str, JsonObject], found: Mapping[str, Mapping[int, int]]) -> str:
    """The heights by kind, tallest at a phone's width first."""
    lines = [f"{'kind':<28} {PHONE:>6} {DESKTOP:>6} {'controls':>9}"]
    for kind, by_width in sorted(found.items(), key=lambda item: -item[1][PHONE]):
        lines.append(f"{kind:<28} {by_width[PHONE]:>6} {by_width[DESKTOP]:>6} "
                     f"{controls(kept[kind]):>9}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Play the session (or read ``--from-json``), draw and measure every kind."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
    parser.add_argument("--transport", choices=("gateway", "http"), default="gateway")
    parser.add_argument("--from-json", type=Path, help="draw these messages (a messages.json "
                        "this script wrote) instead of running the bot")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    kept: dict[str, JsonObject]
    images: dict[str, str]
    failed: list[str] = []
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        kept, images = saved["messages"], saved["images"]
    else:
        kept, images, failed = asyncio.run(played(args.transport))
        (out / "messages.json").write_text(json.dumps(
            {"messages": kept, "images": images}, ensure_ascii=False, indent=1), encoding="utf-8")
    found = drawn(kept, images, out)
    (out / "heights.json").write_text(json.dumps(found, indent=1), encoding="utf-8")
    (out / "index.html").write_text(gallery(kept, found), encoding="utf-8")
    print(table(kept, found))
    print(f"\n{len(found)} kinds drawn: {out / 'index.html'}")
    for failure in failed:
        print(f"\nFAILED {failure}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
