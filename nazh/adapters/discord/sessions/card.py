"""A session's recap as a Components V2 card: one container holding its title, a divider, its
headline and its players' lines, and a row of buttons (:mod:`.controls`' custom ids); its
details as a card the asker alone sees.

The layout is :mod:`~nazh.presentation.session_card`'s; this module only turns it into
hikari's builders.
"""

from __future__ import annotations

import hikari

from nazh.adapters.discord.sessions.controls import card_button
from nazh.application.sessions.recap import Recap
from nazh.presentation.session_card import SessionCardView, recap_card, recap_details

Components = list[hikari.api.ComponentBuilder]
ACCENT = hikari.Color(0x8E44AD)


def card_components(view: SessionCardView, session_id: str) -> Components:
    """A card of ``view``: its title, a divider, its other texts, its buttons."""
    container = hikari.impl.ContainerComponentBuilder(accent_color=ACCENT)
    title, *rest = view.texts
    container.add_text_display(title)
    container.add_separator(divider=True)
    for text in rest:
        container.add_text_display(text)
    if view.buttons:
        row = hikari.impl.MessageActionRowBuilder()
        for button in view.buttons:
            row.add_interactive_button(hikari.ButtonStyle.SECONDARY,
                                       card_button(session_id, button.action),
                                       label=button.label)
        container.add_component(row)
    return [container]


def recap_components(recap: Recap) -> Components:
    """The recap's card."""
    return card_components(recap_card(recap), recap.session.session_id)


def details_components(recap: Recap) -> Components:
    """The recap's details (no buttons)."""
    return card_components(recap_details(recap), recap.session.session_id)
