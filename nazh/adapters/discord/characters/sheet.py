"""A character's sheet in Discord: its embed and buttons, the list, an import's report, choices."""

from __future__ import annotations

import re
from enum import Enum

import hikari

from nazh.adapters.discord.characters.controls import STEPS, details_control, sheet_control
from nazh.adapters.discord.runtime.embeds import BLURPLE, GOLD, GREY, RED
from nazh.adapters.discord.runtime.responder import Choice
from nazh.application.characters.fields import fields_of
from nazh.application.characters.model import MAX_PER_USER, AuditEntry, CharacterRecord
from nazh.application.saved.shelves import ImportLine
from nazh.domain.character import MAX_NAME_LENGTH, Character, Resource
from nazh.presentation.character import (
    audit_line,
    kind_text,
    pool_text,
    short_lines,
    skill_lines,
    stored_text,
    summary_lines,
    weapon_lines,
)
from nazh.presentation.chat import DiscordLimits, DiscordMarkup, clip, escape, fit_lines, shown
from nazh.presentation.i18n import N_, _, ngettext
from nazh.presentation.sheet_words import attribute_word, resource_word, skill_word

SHEET_DESCRIPTION = 2400
"""The description's cut: with three 1024 fields, title and footer, within Discord's 6000."""
EXPORT_SUFFIX = ".nazh-character.json"
MAX_SHOWN_LABEL = 100
"""How much of an entry's label (``entry 2 (Kaladin)``) an import's report shows."""
MAX_SHOWN_LINE = 400
"""How much of a problem or a skipped line an import's report shows."""


class Suggest(Enum):
    """What an autocompleted option offers."""

    VISIBLE = "visible"
    """Characters the user may see (show, export)."""
    CHANGEABLE = "changeable"
    """Characters the user may change (delete, the ``character`` options)."""
    OWN = "own"
    """The user's own characters (use, share)."""
    FIELD = "field"
    """The fields of the character (``set field``)."""
    SKILL = "skill"
    """The skills of the character."""
    WEAPON = "weapon"
    """The weapons of the character."""
    LOADED = "loaded"
    """The character's weapons that store ammunition (``reload``)."""


SHEET_SUGGESTIONS = frozenset({Suggest.FIELD, Suggest.SKILL, Suggest.WEAPON, Suggest.LOADED})


def sheet_choices(sheet: Character, which: Suggest) -> list[Choice]:
    """A sheet's fields, skills or weapons as choices."""
    if which is Suggest.SKILL:
        return [(f"{skill_word(s)} ({attribute_word(s.attribute)}, "
                 + ngettext("{n} rank", "{n} ranks", s.ranks).format(n=s.ranks) + ")", s.key)
                for s in sheet.skills]
    if which is Suggest.WEAPON:
        return [(w.name, w.name) for w in sheet.weapons]
    if which is Suggest.LOADED:
        return [(f"{w.name} ({stored_text(w)})", w.name)
                for w in sheet.weapons if w.capacity is not None]
    # the field's name is what /character set reads: kept, with what it takes in words
    return [(f"{f.name} ({_(f.takes)})", f.name) for f in fields_of(sheet)]


FIELD_TAKES = (
    N_("0 to its maximum"), N_("0-999, or auto"), N_("0-100, or auto"), N_("ranks, 0-5"),
    N_("1-64 characters"), N_("0-20 (the penalty: 2 is Exhausted -2)"),
    N_("none (clears the injuries recorded)"), N_("a comma-separated list"),
    N_("minion, rival or boss (an adversary), or none"), N_("1-4 (an adversary), or none"),
    N_("low-high, e.g. 48-72 (an adversary), or none"),
    N_("damage types and conditions, comma-separated, or none"),
)
"""What the sheet's fields take, in words (a bare range, ``1-30``, is the same in every
language): the catalogs' entries for the ``field`` option's labels."""


def choice_label(record: CharacterRecord, user_id: int, active: str | None) -> str:
    """``Veyla Tarn (yours, active)``, ``Grunt (adversary)``, ``Lift (shared)``."""
    marks = []
    if record.owner_id == user_id:
        marks.append(_("yours"))
    if record.adversary:
        marks.append(_("adversary"))
    if record.owner_id != user_id and record.shared:
        marks.append(_("shared"))
    if record.character_id == active:
        marks.append(_("active"))
    return f"{record.name} ({', '.join(marks)})" if marks else record.name


# -- rendering ---------------------------------------------------------------------------------


SHORT_DESCRIPTION = 900
"""The short sheet's cut: a glance, not the whole sheet (Details has it)."""


def sheet_embed(record: CharacterRecord, audit: list[AuditEntry], *,
                details: bool = False) -> hikari.Embed:
    """The sheet at a glance (``details``: numbers and sources, skills with ranks, weapons,
    expertises, latest changes)."""
    if not details:
        return short_embed(record)
    sheet = record.sheet
    markup = DiscordMarkup()
    embed = hikari.Embed(title=clip(f"📜 {named(sheet.name)}", DiscordLimits.EMBED_TITLE),
                         color=GOLD if record.adversary else BLURPLE)
    lines = [_owner(record), *summary_lines(record, markup), "",
             markup.strong(_("Skills")), *skill_lines(sheet, escape)]
    embed.description = fit_lines(lines, SHEET_DESCRIPTION)
    embed.add_field(_("Weapons"), fit_lines(weapon_lines(sheet, escape),  # Unarmed at least
                                         DiscordLimits.EMBED_FIELD_VALUE))
    if sheet.expertises:
        embed.add_field(_("Expertises"), clip(escape(", ".join(sheet.expertises)),
                                           DiscordLimits.EMBED_FIELD_VALUE))
    if audit:
        embed.add_field(_("Latest changes"), fit_lines(
            [audit_line(entry, f"<@{entry.user_id}>", f"<t:{int(entry.at.timestamp())}:R>", escape)
             for entry in audit], DiscordLimits.EMBED_FIELD_VALUE))
    embed.set_footer(_("Its owner and the GMs change it with the buttons and /character set"))
    return embed


def short_embed(record: CharacterRecord) -> hikari.Embed:
    """The sheet at a glance; Details shows the rest to whoever presses it."""
    embed = hikari.Embed(title=clip(f"📜 {named(record.sheet.name)}", DiscordLimits.EMBED_TITLE),
                         color=GOLD if record.adversary else BLURPLE)
    lines = [_owner(record), *short_lines(record, DiscordMarkup(), escape)]
    embed.description = fit_lines(lines, SHORT_DESCRIPTION)
    embed.set_footer(_("Details: where each number comes from, weapons, latest changes"))
    return embed


def _owner(record: CharacterRecord) -> str:
    """``Owner @someone``."""
    return _("Owner {owner}").format(owner=f"<@{record.owner_id}>")


def sheet_components(record: CharacterRecord) -> list[hikari.api.ComponentBuilder]:
    """Health -5/-1/+1/+5; focus and (when it has any) investiture -1/+1."""
    rows: list[hikari.api.ComponentBuilder] = []
    health = hikari.impl.MessageActionRowBuilder()
    for by in STEPS[Resource.HEALTH]:
        health.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                                      sheet_control(record.character_id, Resource.HEALTH, by),
                                      label=f"{resource_word(Resource.HEALTH)} {by:+d}")
    rows.append(health)
    others = hikari.impl.MessageActionRowBuilder()
    for resource in (Resource.FOCUS, Resource.INVESTITURE):
        if resource is Resource.INVESTITURE and record.sheet.maximum(resource).value == 0:
            continue
        for by in STEPS[resource]:
            others.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                                          sheet_control(record.character_id, resource, by),
                                          label=f"{resource_word(resource)} {by:+d}")
    others.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                                  details_control(record.character_id), label=_("Details"),
                                  emoji="🔎")
    rows.append(others)
    return rows


def unshared_embed(record: CharacterRecord) -> hikari.Embed:
    """What a public sheet becomes once it is no longer shared."""
    return hikari.Embed(title=clip(f"🔒 {named(record.name)}", DiscordLimits.EMBED_TITLE),
                        description=_("This sheet is no longer shared: its owner and the GMs "
                                      "see it with /character show."), color=GREY)


def list_embed(records: list[CharacterRecord], user_id: int,
               active: str | None) -> hikari.Embed:
    """The characters the user may see here: theirs (★ active), adversaries (a GM), shared ones."""
    embed = hikari.Embed(title="📜 " + _("Characters"), color=BLURPLE)
    lines = []
    for record in records:
        star = "★ " if record.character_id == active else ""
        whose = _("yours") if record.owner_id == user_id else f"<@{record.owner_id}>"
        shared = " · " + _("shared") if record.shared else ""
        lines.append(f"{star}**{named(record.name)}** · {kind_text(record.sheet)} · {whose}"
                     f"{shared} · {resource_word(Resource.HEALTH)} "
                     f"{pool_text(record.sheet, Resource.HEALTH)}")
    embed.description = fit_lines(
        lines or [_("None yet: make one with /character new or /character import.")],
        DiscordLimits.EMBED_DESCRIPTION)
    mine = sum(1 for r in records if r.owner_id == user_id)
    embed.set_footer(_("yours {mine}/{most} · ★ active (/character use name) · "
                       "/character show name").format(mine=mine, most=MAX_PER_USER))
    return embed


def named(name: str) -> str:
    """A character's name as a message shows it (:func:`~nazh.presentation.chat.shown`)."""
    return shown(name, MAX_NAME_LENGTH)


def import_embed(lines: list[ImportLine], skipped: tuple[str, ...]) -> hikari.Embed:
    """One line per character of the file (imported, or what is wrong), and what a sheet drops."""
    embed = hikari.Embed(title="📥 " + _("Import"), color=RED if any(line.problem for line in lines)
                         else BLURPLE)
    embed.description = fit_lines(
        [f"❌ {shown(line.name, MAX_SHOWN_LABEL)}: {shown(line.problem, MAX_SHOWN_LINE)}"
         if line.problem else f"✅ {shown(line.name, MAX_SHOWN_LABEL)}" for line in lines]
        or [_("The file has no characters.")], DiscordLimits.EMBED_DESCRIPTION // 2)
    if skipped:
        embed.add_field(_("Skipped"), fit_lines([shown(line, MAX_SHOWN_LINE) for line in skipped],
                                             DiscordLimits.EMBED_FIELD_VALUE))
    return embed


def export_name(name: str) -> str:
    """``veyla-tarn.nazh-character.json``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:MAX_NAME_LENGTH]
    return (slug or "character") + EXPORT_SUFFIX
