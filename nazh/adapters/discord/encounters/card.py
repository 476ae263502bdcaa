"""The encounter's card as a Components V2 message (the layout is ``card_view``'s), in limits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import hikari

from nazh.adapters.discord.encounters.controls import (
    VERSIONED,
    card_button,
    choose_select,
    condition_target_select,
    conditions_select,
    reload_button,
    target_select,
    who_select,
)
from nazh.application.encounters.model import EncounterRecord
from nazh.application.encounters.turns import TurnAct
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.flow import waiting_for
from nazh.domain.encounter.summary import Summary
from nazh.domain.encounter.timing import Phase
from nazh.presentation.chat import DiscordLimits, clip
from nazh.presentation.encounter_card import (
    MINE,
    NEXT,
    CardButton,
    card_view,
    ended_view,
)
from nazh.presentation.encounter_panels import RELOAD_EMOJI, PanelView, act_wording
from nazh.presentation.fight_words import condition_word
from nazh.presentation.i18n import ToReader, ToTable, _

Components = list[hikari.api.ComponentBuilder]
# the accent says whose phase it is at a glance: players blue/green, enemies red/purple
PHASE_ACCENTS = {Phase.FAST_PLAYERS: hikari.Color(0x3498DB),
                 Phase.FAST_ADVERSARIES: hikari.Color(0xE74C3C),
                 Phase.SLOW_PLAYERS: hikari.Color(0x2ECC71),
                 Phase.SLOW_ADVERSARIES: hikari.Color(0x9B59B6)}
BETWEEN_ACCENT = hikari.Color(0xF1C40F)
"""Nobody is left to act: the GM moves on (or no combatant has come yet)."""
ENDED_ACCENT = hikari.Color(0x747F8D)
_STYLES: dict[str, hikari.InteractiveButtonTypesT] = {
    MINE: hikari.ButtonStyle.PRIMARY, NEXT: hikari.ButtonStyle.PRIMARY,
    "done": hikari.ButtonStyle.SUCCESS}


def accent(record: EncounterRecord) -> hikari.Color:
    """The card's accent: the phase's colour, or between rounds' once nobody is left to act."""
    encounter = record.encounter
    if not encounter.combatants or not waiting_for(encounter):
        return BETWEEN_ACCENT
    return PHASE_ACCENTS[encounter.phase]


def card_components(record: EncounterRecord, now: datetime, *,
                    gm_view: bool = False) -> Components:
    """The live card of ``record``: a status block and two controls (a GM's own view: none);
    in the table's language (a GM's own view: the reader's)."""
    with ToReader() if gm_view else ToTable():
        return _card_components(record, now, gm_view=gm_view)


def _card_components(record: EncounterRecord, now: datetime, *, gm_view: bool) -> Components:
    view = card_view(record, now, gm_view=gm_view)
    container = hikari.impl.ContainerComponentBuilder(accent_color=accent(record))
    head, *blocks = view.texts
    container.add_text_display(head)
    container.add_separator(divider=True)
    for block in blocks:
        container.add_text_display(block)
    if gm_view:
        return [container]
    for row in view.rows:
        container.add_component(_buttons(record, row, None))
    return [container]


def panel_components(record: EncounterRecord, panel: str, view: PanelView,
                     said: str | None = None) -> Components:
    """A private panel (``panel``: its custom ids' kind, My turn's or the GM's): what was just
    done, its text, its rows of buttons, and the Conditions select."""
    container = hikari.impl.ContainerComponentBuilder(accent_color=accent(record))
    container.add_text_display(view.text if said is None else f"{said}\n{view.text}")
    if not view.rows:
        return [container]
    for row in view.rows:
        container.add_component(_buttons(record, row, panel))
    if view.reloads:
        reloads = hikari.impl.MessageActionRowBuilder()
        for reload in view.reloads:
            reloads.add_interactive_button(
                hikari.ButtonStyle.SECONDARY,
                reload_button(record.encounter_id, reload.character_id, reload.index),
                label=reload.label, emoji=RELOAD_EMOJI, is_disabled=reload.disabled)
        container.add_component(reloads)
    menu_row = hikari.impl.MessageActionRowBuilder()
    menu = menu_row.add_text_menu(conditions_select(record.encounter_id),
                                  placeholder=_("Give a condition…"))
    for value, title in view.condition_options[:DiscordLimits.SELECT_OPTIONS]:
        menu.add_option(_(title), value)
    container.add_component(menu_row)
    if view.targets:  # the GM panel's damage and healing by hand
        target_row = hikari.impl.MessageActionRowBuilder()
        targets = target_row.add_text_menu(target_select(record.encounter_id),
                                           placeholder=_("Damage or heal…"))
        for name in view.targets[:DiscordLimits.SELECT_OPTIONS]:
            targets.add_option(clip(name, DiscordLimits.SELECT_OPTION_LABEL), name)
        container.add_component(target_row)
        who_row = hikari.impl.MessageActionRowBuilder()
        who = who_row.add_text_menu(who_select(record.encounter_id),
                                    placeholder=_("Condition, value and duration…"))
        for name in view.targets[:DiscordLimits.SELECT_OPTIONS]:
            who.add_option(clip(name, DiscordLimits.SELECT_OPTION_LABEL), name)
        container.add_component(who_row)
    return [container]


def ended_components(summary: Summary) -> Components:
    """The card once the encounter has ended: its summary, no controls."""
    container = hikari.impl.ContainerComponentBuilder(accent_color=ENDED_ACCENT)
    with ToTable():
        container.add_text_display(ended_view(summary))
    return [container]


def moved_components(record: EncounterRecord) -> Components:
    """An old card, once ``/encounter show`` posted the live one below: no controls."""
    container = hikari.impl.ContainerComponentBuilder(accent_color=ENDED_ACCENT)
    with ToTable():
        name = record.encounter.name or _("The encounter")
        container.add_text_display("⚔️ " + _(
            "{name}: this card has moved further down (/encounter show posts it again).").format(
            name=clip(name, DiscordLimits.SELECT_OPTION_LABEL)))
    return [container]


def choose_components(encounter_id: str, act: TurnAct, names: Sequence[str]) -> Components:
    """The select asking which combatant an act is for."""
    return _select(choose_select(encounter_id, act),
                   _("Who will {act}?").format(act=act_wording(act)), names)


def target_components(encounter_id: str, condition: ConditionName,
                      names: Sequence[str]) -> Components:
    """The select asking who takes ``condition``."""
    return _select(condition_target_select(encounter_id, condition),
                   _("Who takes {condition}?").format(condition=condition_word(condition)),
                   names)


def options_components(custom_id: str, placeholder: str,
                       options: Sequence[tuple[str, str]]) -> Components:
    """A select of ``options`` (label, value), the first 25."""
    row = hikari.impl.MessageActionRowBuilder()
    menu = row.add_text_menu(custom_id, placeholder=placeholder)
    for label, value in options[:DiscordLimits.SELECT_OPTIONS]:
        menu.add_option(clip(label, DiscordLimits.SELECT_OPTION_LABEL), value)
    return [row]


def _select(custom_id: str, placeholder: str, names: Sequence[str]) -> Components:
    return options_components(custom_id, placeholder, [(name, name) for name in names])


def _buttons(record: EncounterRecord, row: Sequence[CardButton],
             panel: str | None) -> hikari.impl.MessageActionRowBuilder:
    built = hikari.impl.MessageActionRowBuilder()
    for button in row:
        built.add_interactive_button(
            _STYLES.get(button.action, hikari.ButtonStyle.SECONDARY),
            _custom_id(record, button.action, panel), label=_(button.label),
            emoji=button.emoji or hikari.UNDEFINED, is_disabled=button.disabled)
    return built


def _custom_id(record: EncounterRecord, action: str, panel: str | None) -> str:
    if action == NEXT:
        return card_button(record.encounter_id, action, moment=record.encounter.moment,
                           panel=panel)
    if action in VERSIONED:
        return card_button(record.encounter_id, action, version=record.version, panel=panel)
    return card_button(record.encounter_id, action, panel=panel)
