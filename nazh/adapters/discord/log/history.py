"""``/history`` (with its page buttons) and ``/verify``: reading the roll log in Discord."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.runtime.controls import (
    PREFIX,
    Codec,
    base36,
    id_of,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.embeds import BLURPLE, GREEN, RED
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.checkpoints.signed import HEAD, anchored_range
from nazh.application.history.queries import (
    MAX_PAGE_SIZE,
    HistoryPage,
    RollLogQueries,
    Verification,
)
from nazh.application.log.chain import ChainedEntry, EntryKind, LogEntry
from nazh.application.rolls.access import Sight, Viewer, facts_of_entry, sight_of
from nazh.application.rolls.logged_store import readable_record
from nazh.application.rolls.model import RollRecord
from nazh.application.rolls.secrets import (
    Secret,
    commitment_holds,
    matches,
    secret_of,
)
from nazh.application.settings.server import GuildSettings, Visibility, is_gm
from nazh.application.shared.json_types import JsonMapping
from nazh.presentation.chat import DiscordLimits, clip, escape, fit_lines
from nazh.presentation.i18n import N_, ToReader, _, ngettext
from nazh.presentation.rolled_character import described_text
from nazh.presentation.rows import totals_summary
from nazh.presentation.term_views import (
    after_outcome,
    outcome_of,
    step_of,
    who_of,
)

loader = lightbulb.Loader()

DEFAULT_PAGE_SIZE = 10


# -- custom ids ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryControl:
    """A /history page button: the roller filter, the page size and the page to show."""

    user_id: int | None
    size: int
    page: int


def history_control(user_id: int | None, size: int, page: int) -> str:
    """The custom id of a /history page button."""
    user = "-" if user_id is None else base36(user_id)
    return f"{PREFIX}:h:{user}:{size}:{max(page, 0)}"


def _decode_history(parts: list[str]) -> HistoryControl | None:
    if len(parts) != 3:
        return None
    user, size, page = parts
    numbers = (size, page)
    if any(not n.isascii() or not n.isdigit() or len(n) > 6 for n in numbers):
        return None
    user_id = None if user == "-" else id_of(user)
    if user != "-" and user_id is None:
        return None
    return HistoryControl(user_id, int(size), int(page))


@dataclass(frozen=True, slots=True)
class VerifyPick:
    """A /history page's "Verify a roll" select: the roll is its chosen value."""


VERIFY_PICK = f"{PREFIX}:hv:pick"


def _decode(parts: list[str]) -> HistoryControl | VerifyPick | None:
    if parts[1] == "hv":
        return VerifyPick() if parts[2:] == ["pick"] else None
    return _decode_history(parts[2:])


CODEC = Codec(frozenset({"h", "hv"}), _decode)
"""The history pages' controls: ``nz1:h:<user>:<size>:<page>``, and ``nz1:hv:pick`` (its select)."""


class HistoryFeature:
    """A channel's recent rolls, page by page, and one roll's verification."""

    def __init__(self, queries: RollLogQueries, wrapper: InteractionWrapper,
                 settings: GuildSettings) -> None:
        self._queries = queries
        self._wrapper = wrapper
        self._settings = settings

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the roll log's queries and the servers' settings."""
        return cls(deps.queries, deps.wrapper, deps.settings)

    async def history(self, interaction: hikari.CommandInteraction, user_id: int | None,
                      limit: int | None) -> None:
        """``/history [user] [limit]``: the channel's recent rolls, to the asker only."""
        control = HistoryControl(user_id, limit or DEFAULT_PAGE_SIZE, 0)
        answering = Answering("history", "command", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._page(responder, interaction, control)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: HistoryControl | VerifyPick) -> None:
        """The Newer / Older buttons of a history page, and its Verify select."""
        if isinstance(control, VerifyPick):
            async with self._wrapper.answering(interaction, Answering(
                    "component:history-verify", "component", ephemeral=True)) as responder:
                # the server as Nazh reaches it (none where it is only user-installed)
                verification = await self._queries.verify(
                    (interaction.values or [""])[0], interaction.user.id,
                    member_of(interaction).guild_id, interaction.channel_id)
                await responder.message(embed=verify_embed(verification), ephemeral=True)
            return
        answering = Answering("component:history", "component", DEFER_UPDATE)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._page(responder, interaction, control)

    async def _page(self, responder: Responder, interaction: hikari.PartialInteraction,
                    control: HistoryControl) -> None:
        # the server as Nazh reaches it: where it is only user-installed, none
        member = member_of(interaction)
        settings = await self._settings.of(member.guild_id)
        days = settings.history_days
        asker = Viewer(interaction.user.id, member.guild_id, is_gm(settings, member))
        since = None if days is None else interaction.created_at - timedelta(days=days)
        page = await self._queries.page(interaction.channel.id, interaction.user.id,
                                        guild_id=member.guild_id,
                                        user_id=control.user_id, size=control.size,
                                        page=control.page, since=since)
        with ToReader():  # a history page is only the asker's
            embed = history_embed(page, control.user_id, asker)
            components = history_components(page, control.user_id, control.size, asker)
        if isinstance(interaction, hikari.ComponentInteraction):
            await responder.update(embed=embed, components=components)
        else:
            await responder.message(embed=embed, components=components, ephemeral=True)

    async def verify(self, interaction: hikari.CommandInteraction, roll_id: str) -> None:
        """``/verify roll_id``: the roll, its amendments and its chain's state."""
        answering = Answering("verify", "command")
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._verify(responder, interaction, roll_id)

    async def _verify(self, responder: Responder, interaction: hikari.CommandInteraction,
                      roll_id: str) -> None:
        # the server as Nazh reaches it: where it is only user-installed, a server's rolls are
        # out of reach
        verification = await self._queries.verify(roll_id, interaction.user.id,
                                                  member_of(interaction).guild_id,
                                                  interaction.channel_id)
        private = verification.trail[0].entry.private
        with ToReader(private):  # a private roll's verification only its roller sees
            embed = verify_embed(verification)
        await responder.message(embed=embed, ephemeral=private)


# -- rendering ---------------------------------------------------------------------------------


KIND_LABELS = {
    EntryKind.ROLL: N_("rolled"),
    EntryKind.PLOT_ADDED: N_("plot die added"),
    EntryKind.PLOT_CHOSEN: N_("plot face chosen"),
    EntryKind.REVEALED: N_("revealed"),
    EntryKind.DIE_REROLLED: N_("advantage/disadvantage: die rolled again"),
    EntryKind.DIE_KEPT: N_("face kept"),
    EntryKind.DIE_CANCELLED: N_("advantage and disadvantage cancelled"),
    EntryKind.REROLLED: N_("die rerolled"),
    EntryKind.ATTACK_RECORDED: N_("attack recorded"),
    EntryKind.SPENT: N_("spent"),
    EntryKind.ANCHOR: N_("anchor"),
}
VISIBILITIES = {Visibility.PUBLIC: N_("public"), Visibility.PRIVATE: N_("private"),
                Visibility.GM: N_("GM only"), Visibility.BLIND: N_("blind")}
"""A roll's visibility as /verify names it."""
SECRET_LINES = {Visibility.GM: N_("GM-only roll, not revealed yet"),
                Visibility.BLIND: N_("blind roll, not revealed yet")}
"""A /history line of a secret roll the asker may not see yet."""


def step_label(entry: LogEntry) -> str:
    """What a record did (``rolled``, ``graze recorded``, ...; a term kind may say which)."""
    record = readable_record(entry)
    label = None if record is None else step_of(record, entry.kind)
    return _(KIND_LABELS[entry.kind]) if label is None else label


def hidden(stored: JsonMapping) -> Secret | None:
    """The secret of a record whose result is still hidden (``None``: it is public)."""
    secret = secret_of(stored)
    return secret if secret is not None and not secret.revealed else None


def history_line(record: ChainedEntry, asker: Viewer) -> str:
    """``<t:…:t> <@user> `a1d20+5` → 23`` (no id: the page's select verifies a roll)."""
    entry = record.entry
    stamp = f"<t:{int(entry.at.timestamp())}:t>"
    secret = hidden(entry.result)
    if secret is not None and sight_of(facts_of_entry(entry), asker) is not Sight.FULL:
        said = _(SECRET_LINES.get(secret.visibility, SECRET_LINES[Visibility.GM]))
        return f"{stamp} <@{entry.user_id}> 🕶️ {said}"
    lock = " 🔒" if entry.private else ""
    kept = readable_record(entry)
    notation = clip(kept.result.notation if kept else entry.notation, 80)
    who = None if kept is None else who_of(kept)
    named = "" if who is None else f" {who}:"
    after = "" if kept is None else after_outcome(kept)
    return (f"{stamp} <@{entry.user_id}>{named} `{notation}` → "
            f"**{outcome_text(kept)}**{lock}{after}")


def pick_label(record: ChainedEntry, asker: Viewer, number: int) -> str:
    """``2. Kaladin: a1d20+5 → 23``: a roll as the page's Verify select names it."""
    entry = record.entry
    if hidden(entry.result) is not None and \
            sight_of(facts_of_entry(entry), asker) is not Sight.FULL:
        return f"{number}. " + _("a secret roll")
    kept = readable_record(entry)
    who = None if kept is None else who_of(kept)
    notation = kept.result.notation if kept else entry.notation
    text = f"{number}. " + (f"{who}: " if who else "") + f"{notation} → {outcome_text(kept)}"
    return clip(text.replace("*", ""), DiscordLimits.SELECT_OPTION_LABEL)


def outcome_text(record: RollRecord | None) -> str:
    """A kept roll's totals, or what a kind of its terms says instead (an injury's)."""
    if record is None:
        return totals_summary(None)
    text = outcome_of(record)
    return totals_summary(record.result) if text is None else text


def history_embed(page: HistoryPage, user_id: int | None, asker: Viewer) -> hikari.Embed:
    """A page of the channel's rolls, newest first."""
    title = "📜 " + (_("Recent rolls of one player") if user_id else _("Recent rolls"))
    embed = hikari.Embed(title=title, color=BLURPLE)
    lines = [f"{number}. {history_line(record, asker)}"
             for number, record in enumerate(page.entries, 1)] or [_("No rolls yet.")]
    embed.description = fit_lines(lines, DiscordLimits.EMBED_DESCRIPTION)
    embed.set_footer(_("Page {page} · Verify a roll: choose it below").format(
        page=page.page + 1))
    return embed


def history_components(page: HistoryPage, user_id: int | None, size: int,
                       asker: Viewer | None = None) -> list[hikari.api.ComponentBuilder]:
    """The Verify select (the page's rolls, by their place) and Newer / Older buttons."""
    rows: list[hikari.api.ComponentBuilder] = []
    if page.entries and asker is not None:
        picks = hikari.impl.MessageActionRowBuilder()
        menu = picks.add_text_menu(VERIFY_PICK, placeholder=_("Verify a roll…"))
        for number, record in enumerate(page.entries[:DiscordLimits.SELECT_OPTIONS], 1):
            menu.add_option(pick_label(record, asker, number), record.entry.roll_id)
        rows.append(picks)
    row = hikari.impl.MessageActionRowBuilder()
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                               history_control(user_id, size, page.page - 1),
                               label=_("◀ Newer"), is_disabled=page.page == 0)
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                               history_control(user_id, size, page.page + 1),
                               label=_("Older ▶"), is_disabled=not page.has_more)
    return [*rows, row]


def verify_embed(verification: Verification) -> hikari.Embed:
    """A roll, its amendments and whether its channel's chain is intact up to it."""
    first, last = verification.trail[0].entry, verification.trail[-1]
    verdict = verification.verdict
    latest = readable_record(last.entry)
    embed = hikari.Embed(title="🔎 " + _("Roll {roll_id}").format(roll_id=first.roll_id),
                         color=GREEN if verdict.intact else RED)
    if first.label:
        embed.add_field(_("Label"), clip(escape(first.label), DiscordLimits.EMBED_FIELD_VALUE))
    rolled = readable_record(first)
    character = None if rolled is None else rolled.character
    if character is not None:
        embed.add_field(_("Character"), clip(f"{escape(character.name)} — "
                                             f"{described_text(character)}",
                                             DiscordLimits.EMBED_FIELD_VALUE))
    embed.add_field(_("Roller"), f"<@{first.user_id}>", inline=True)
    embed.add_field(_("Channel"), f"<#{first.channel_id}>", inline=True)
    secret = secret_of(first.result)
    visibility = (secret.visibility if secret else Visibility.PRIVATE if first.private
                  else Visibility.PUBLIC)
    embed.add_field(_("Visibility"), _(VISIBILITIES[visibility]), inline=True)
    if not verification.shown:
        embed.add_field(_("Result"), _("hidden until it is revealed"))
    else:
        embed.add_field(_("Result"), clip(
            f"`{latest.result.notation if latest else first.notation}` → "
            f"**{outcome_text(latest)}**", DiscordLimits.EMBED_FIELD_VALUE))
    if secret is not None:
        embed.add_field(_("Commitment"), _commitment_text(verification, secret))
    history = [f"v{r.entry.version} <t:{int(r.entry.at.timestamp())}:f> {step_label(r.entry)} "
               + _("(record #{seq})").format(seq=r.seq) for r in verification.trail]
    embed.add_field(_("Records"), clip("\n".join(history), DiscordLimits.EMBED_FIELD_VALUE))
    embed.add_field(_("Chain"), _chain_text(verification))
    if verification.public_key is None:
        embed.set_footer(_("hash {hash}").format(hash=f"{last.hash[:16]}…"))
    else:
        embed.add_field(_("Checkpoints"), checkpoint_text(verification))
        embed.set_footer(_("hash {hash} · checkpoints signed by {key}").format(
            hash=f"{last.hash[:16]}…", key=verification.public_key))
    return embed


def _commitment_text(verification: Verification, secret: Secret) -> str:
    committed = verification.trail[0].entry.result
    shown = f"`{secret.shown}`"
    if not commitment_holds(committed):
        return "❌ " + _("{commitment} does not match the result recorded with it (it was "
                        "altered)").format(commitment=shown)
    revealed = [r.entry.result for r in verification.trail
                if r.entry.kind is EntryKind.REVEALED]
    if not revealed:
        return _("{commitment}: committed when rolled; checked when it is revealed").format(
            commitment=shown)
    if not matches(revealed[-1], secret):
        return "❌ " + _("{commitment} does not match the revealed result").format(
            commitment=shown)
    return "✅ " + _("{commitment} matches the revealed result (nonce {nonce})").format(
        commitment=shown, nonce=f"`{secret.nonce}`")


def checkpoint_text(verification: Verification) -> str:
    """Whether the chain around the roll agrees with the signed checkpoints, and which covers it."""
    if verification.problems:
        return clip("❌ " + "\n❌ ".join(verification.problems),
                    DiscordLimits.EMBED_FIELD_VALUE)
    last = verification.trail[-1]
    heads = [point for point in verification.checkpoints
             if point.kind == HEAD and point.seq <= max(last.seq, _end_seq(verification))]
    if not heads:
        return "⏳ " + _("no signed checkpoint of this channel yet")
    covering = verification.end or max(heads, key=lambda p: p.seq)
    stamp = f"<t:{int(covering.at.timestamp())}:f>"
    if covering.seq >= last.seq:
        return "✅ " + ngettext(
            "agrees with {n} signed checkpoint; this roll is under the checkpoint of {when} "
            "(record #{seq})",
            "agrees with {n} signed checkpoints; this roll is under the checkpoint of {when} "
            "(record #{seq})", len(heads)).format(n=len(heads), when=stamp, seq=covering.seq)
    return "✅ " + ngettext(
        "agrees with {n} signed checkpoint, the last of {when} (record #{seq}); this roll is "
        "not checkpointed yet",
        "agrees with {n} signed checkpoints, the last of {when} (record #{seq}); this roll is "
        "not checkpointed yet", len(heads)).format(n=len(heads), when=stamp, seq=covering.seq)


def _end_seq(verification: Verification) -> int:
    return 0 if verification.end is None else verification.end.seq


def _chain_text(verification: Verification) -> str:
    verdict = verification.verdict
    start = verification.start
    if not verdict.intact:
        where = ""
        if verification.checkpoints and verdict.broken_at is not None:
            where = f" ({anchored_range(verification.checkpoints, verdict.broken_at)})"
        # the problem is the chain checker's own words (a record's fault, as the log keeps it)
        return clip("❌ " + _("broken at record #{seq}{where}: {problem}").format(
            seq=verdict.broken_at, where=where, problem=verdict.problem),
            DiscordLimits.EMBED_FIELD_VALUE)
    if start is None:
        return "✅ " + ngettext(
            "intact: {n} record of this channel verified up to this roll",
            "intact: {n} records of this channel verified up to this roll",
            verdict.checked).format(n=verdict.checked)
    upto = (_("this roll") if verification.end is None
            else _("the next one (#{seq})").format(seq=verification.end.seq))
    return "✅ " + ngettext(
        "intact: {n} record verified from the signed checkpoint of record #{seq} to {upto}",
        "intact: {n} records verified from the signed checkpoint of record #{seq} to {upto}",
        verdict.checked).format(n=verdict.checked, seq=start.seq, upto=upto)


# -- the commands ------------------------------------------------------------------------------


@loader.command
class History(lightbulb.SlashCommand, name="history",
              description="This channel's recent rolls (only you see the list)",
              **EVERYWHERE, localize=True):
    """``/history [user] [limit]``."""

    user = lightbulb.user("user", "Only this player's rolls", default=None, localize=True)
    limit = lightbulb.integer("limit", "Rolls per page (1-25, default 10)", default=None,
                              min_value=1, max_value=MAX_PAGE_SIZE, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: HistoryFeature) -> None:
        """Show the first page."""
        user: hikari.User | None = self.user
        await feature.history(ctx.interaction, user.id if user else None, self.limit)


@loader.command
class Verify(lightbulb.SlashCommand, name="verify",
             description="Show a roll, its amendments and whether its log chain is intact",
             **EVERYWHERE, localize=True):
    """``/verify roll_id``."""

    roll_id = lightbulb.string("roll_id", "The roll id from the result's footer",
                               min_length=1, max_length=40, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: HistoryFeature) -> None:
        """Verify the roll."""
        await feature.verify(ctx.interaction, self.roll_id)
