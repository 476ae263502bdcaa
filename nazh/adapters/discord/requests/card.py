"""A request's card as a Components V2 message, and the small prompts a Roll click may ask."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from typing import Literal

import hikari

from nazh.adapters.discord.requests.controls import (
    CHARACTER_KIND,
    FORM_KIND,
    MODIFIER_INPUT,
    card_button,
    count_select,
    roll_control,
)
from nazh.application.characters.rolls import MAX_EXTRA, MIN_EXTRA
from nazh.application.requests.model import RequestRecord
from nazh.presentation.chat import DiscordLimits, clip
from nazh.presentation.i18n import N_, ToTable, _
from nazh.presentation.request_card import RequestCardView, gm_panel, request_card

Components = list[hikari.api.ComponentBuilder]
ACCENT = hikari.Color(0x2E86C1)
FORM_TITLE = N_("Roll a flat d20")
COUNT_PLACEHOLDER = N_("Count for the endeavor… (a GM)")


Style = Literal[hikari.ButtonStyle.PRIMARY, hikari.ButtonStyle.SECONDARY,
                hikari.ButtonStyle.SUCCESS, hikari.ButtonStyle.DANGER]
Button = tuple[Style, str, str, str | None]
"""A card's button: its style, custom id, label and emoji (or none)."""


def card_container(accent: hikari.Color, texts: Sequence[str],
                   buttons: Iterable[Button]) -> hikari.impl.ContainerComponentBuilder:
    """A card (a request's, an endeavor's, a GM panel's): title, divider, its texts, one row of
    ``buttons``."""
    container = hikari.impl.ContainerComponentBuilder(accent_color=accent)
    title, *rest = texts
    container.add_text_display(title)
    container.add_separator(divider=True)
    for text in rest:
        container.add_text_display(text)
    shown = list(buttons)
    if shown:
        row = hikari.impl.MessageActionRowBuilder()
        for style, custom_id, label, emoji in shown:
            if emoji is None:
                row.add_interactive_button(style, custom_id, label=label)
            else:
                row.add_interactive_button(style, custom_id, label=label, emoji=emoji)
        container.add_component(row)
    return container


def card_components(record: RequestRecord, *, gm_view: bool = False,
                    counting: bool = False) -> Components:
    """The card of ``record`` (a GM's own view: every result, no buttons; ``counting``: Count):
    the channel's in the table's language, a GM's own view in the GM's."""
    with nullcontext() if gm_view else ToTable():
        return _card_components(record, gm_view=gm_view, counting=counting)


def _card_components(record: RequestRecord, *, gm_view: bool,
                     counting: bool) -> Components:
    return _drawn(record, request_card(record, gm_view=gm_view, counting=counting))


def panel_components(record: RequestRecord, *, counting: bool = False,
                     said: str | None = None) -> Components:
    """The GM's private panel of ``record`` (``said``: what was just done), in the language
    spoken (the GM's: the panel is theirs alone)."""
    return _drawn(record, gm_panel(record, counting=counting, said=said))


def _drawn(record: RequestRecord, view: RequestCardView) -> Components:
    """A card's or a panel's view drawn: its texts, its buttons, its Count select."""
    container = card_container(ACCENT, view.texts, (
        (hikari.ButtonStyle.PRIMARY if button.primary else hikari.ButtonStyle.SECONDARY,
         card_button(record.request_id, button.action), button.label, button.emoji)
        for button in view.buttons))
    if view.counts:
        menu_row = hikari.impl.MessageActionRowBuilder()
        menu = menu_row.add_text_menu(count_select(record.request_id),
                                      placeholder=_(COUNT_PLACEHOLDER))
        for label, value in view.counts:
            menu.add_option(label, value)
        container.add_component(menu_row)
    return [container]


def character_components(request_id: str, advantage: bool, names: Sequence[str]) -> Components:
    """The select asking which of the player's characters rolls."""
    row = hikari.impl.MessageActionRowBuilder()
    menu = row.add_text_menu(roll_control(CHARACTER_KIND, request_id, advantage),
                             placeholder=_("Which character rolls?"))
    for name in names[:DiscordLimits.SELECT_OPTIONS]:
        shown = clip(name, DiscordLimits.SELECT_OPTION_LABEL)
        menu.add_option(shown, shown)
    return [row]


def modifier_form(request_id: str, advantage: bool) -> tuple[str, str, Components]:
    """Title, custom id and the text input of the form of a player without a character."""
    row = hikari.impl.ModalActionRowBuilder()
    row.add_text_input(MODIFIER_INPUT, _("Your modifier ({low} to {high})").format(
                           low=MIN_EXTRA, high=MAX_EXTRA), value="0",
                       required=True, min_length=1, max_length=3,
                       placeholder=_("e.g. 3 or -1"))
    return _(FORM_TITLE), roll_control(FORM_KIND, request_id, advantage), [row]
