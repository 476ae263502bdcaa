"""Discord views of the roll log: /history pages, /verify, saved rolls."""

from __future__ import annotations

from typing import Any

import hikari

from nazh.adapters.discord.custom_ids import history_control
from nazh.adapters.discord.render import BLURPLE, GREEN, RED
from nazh.application.history import HistoryPage, Verification
from nazh.application.roll_log import ChainedEntry, EntryKind
from nazh.application.saved_rolls import MAX_SAVED_PER_USER, SavedRoll
from nazh.presentation.chat import clip, escape, fit_lines

EMBED_DESCRIPTION_LIMIT = 4096
KIND_LABELS = {
    EntryKind.ROLL: "rolled",
    EntryKind.PLOT_ADDED: "plot die added",
    EntryKind.PLOT_CHOSEN: "plot face chosen",
    EntryKind.ANCHOR: "anchor",
}


def totals_text(result: dict[str, Any]) -> str:
    """``23, 9`` (``pending`` while a plot face is to be chosen)."""
    totals = ", ".join(str(pool["total"]) for pool in result.get("pools", []))
    plot = result.get("plot")
    if plot is not None and plot.get("pending"):
        return f"{totals} (plot face pending)".lstrip()
    if plot is not None and plot.get("outcome"):
        return f"{totals} · plot {plot['outcome']}".lstrip(" ·")
    return totals


def history_line(record: ChainedEntry) -> str:
    """``` `k3v9x0q2md` <t:…:t> <@user> `a1d20+5, 2d6` → 23, 9 ```."""
    entry = record.entry
    stamp = f"<t:{int(entry.at.timestamp())}:t>"
    lock = " 🔒" if entry.private else ""
    notation = clip(entry.result.get("notation", entry.notation), 80)
    return (f"`{entry.roll_id}` {stamp} <@{entry.user_id}> `{notation}` → "
            f"**{totals_text(entry.result)}**{lock}")


def history_embed(page: HistoryPage, user_id: int | None) -> hikari.Embed:
    """A page of the channel's rolls, newest first."""
    title = "📜 Recent rolls" + (" of one player" if user_id else "")
    embed = hikari.Embed(title=title, color=BLURPLE)
    lines = [history_line(record) for record in page.entries] or ["No rolls yet."]
    embed.description = fit_lines(lines, EMBED_DESCRIPTION_LIMIT)
    embed.set_footer(f"Page {page.page + 1} · /verify <roll id> checks a roll")
    return embed


def history_components(page: HistoryPage, user_id: int | None,
                       size: int) -> list[hikari.api.ComponentBuilder]:
    """Newer / Older buttons (disabled at the ends)."""
    row = hikari.impl.MessageActionRowBuilder()
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                               history_control(user_id, size, page.page - 1),
                               label="◀ Newer", is_disabled=page.page == 0)
    row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                               history_control(user_id, size, page.page + 1),
                               label="Older ▶", is_disabled=not page.has_more)
    return [row]


def verify_embed(verification: Verification) -> hikari.Embed:
    """A roll, its amendments and whether its channel's chain is intact up to it."""
    first, last = verification.trail[0].entry, verification.trail[-1]
    verdict = verification.verdict
    embed = hikari.Embed(title=f"🔎 Roll {first.roll_id}", color=GREEN if verdict.intact else RED)
    if first.label:
        embed.add_field("Label", clip(escape(first.label), 1024))
    embed.add_field("Roller", f"<@{first.user_id}>", inline=True)
    embed.add_field("Channel", f"<#{first.channel_id}>", inline=True)
    embed.add_field("Visibility", "private" if first.private else "public", inline=True)
    embed.add_field("Result", clip(
        f"`{last.entry.result.get('notation', first.notation)}` → "
        f"**{totals_text(last.entry.result)}**", 1024))
    history = [f"v{r.entry.version} <t:{int(r.entry.at.timestamp())}:f> "
               f"{KIND_LABELS[r.entry.kind]} (record #{r.seq})" for r in verification.trail]
    embed.add_field("Records", clip("\n".join(history), 1024))
    embed.add_field("Chain", _chain_text(verification))
    embed.set_footer(f"hash {last.hash[:16]}…")
    return embed


def _chain_text(verification: Verification) -> str:
    verdict = verification.verdict
    if verdict.intact:
        return (f"✅ intact: {verdict.checked} record(s) of this channel verified up to this "
                "roll")
    return f"❌ broken at record #{verdict.broken_at}: {verdict.problem}"


def saved_embed(rolls: list[SavedRoll]) -> hikari.Embed:
    """The user's saved rolls."""
    embed = hikari.Embed(title="💾 Your saved rolls", color=BLURPLE)
    lines = [f"`@{r.name}` → `{clip(r.notation, 120)}`" for r in rolls]
    embed.description = fit_lines(lines or ["None yet: save one with /save name pool."],
                                  EMBED_DESCRIPTION_LIMIT)
    embed.set_footer(f"{len(rolls)}/{MAX_SAVED_PER_USER} · roll one with /roll pool:@name · "
                     "delete with /saved delete:name")
    return embed
