"""A row holding one text menu, built straight to its JSON: the menus of what a roll's
Opportunities and Complications can be spent on, which many results carry.

hikari's builders make the row, the menu and each option attrs objects with validators, the
menu and the row holding each other (a reference cycle, left to the garbage collector, per
result). :class:`MenuRow` is a :class:`hikari.api.ComponentBuilder` like hikari's action row,
with its ``add_text_menu`` (the menu's ``add_option``) and its ``components`` (the menu's
``options``), and builds the same JSON (``tests/adapters/discord/runtime/test_menus.py`` holds
them equal). Other menus stay hikari's.
"""

from __future__ import annotations

from typing import Any, Self

import hikari

from nazh.adapters.discord.runtime.action_row import ActionRow


class MenuOption:
    """One choice of a text menu (a unicode ``emoji``, if any)."""

    __slots__ = ("description", "emoji", "is_default", "label", "value")

    def __init__(self, label: str, value: str, *,
                 description: hikari.UndefinedOr[str], emoji: hikari.UndefinedOr[str],
                 is_default: bool) -> None:
        self.label = label
        self.value = value
        self.description = description
        self.emoji = emoji
        self.is_default = is_default

    def build(self) -> dict[str, Any]:
        """The option's JSON, as hikari's builder makes it."""
        data: dict[str, Any] = {"label": self.label, "value": self.value,
                                "default": self.is_default}
        if self.description is not hikari.UNDEFINED:
            data["description"] = self.description
        if self.emoji is not hikari.UNDEFINED:
            data["emoji"] = {"name": str(self.emoji)}
        return data


class TextMenu:
    """A text menu: its options, in order."""

    __slots__ = ("custom_id", "is_disabled", "max_values", "min_values", "options",
                 "placeholder")

    type = hikari.ComponentType.TEXT_SELECT_MENU

    def __init__(self, custom_id: str, *, placeholder: hikari.UndefinedOr[str],
                 min_values: int, max_values: int, is_disabled: bool) -> None:
        self.custom_id = custom_id
        self.placeholder = placeholder
        self.min_values = min_values
        self.max_values = max_values
        self.is_disabled = is_disabled
        self.options: list[MenuOption] = []

    def add_option(self, label: str, value: str, /, *,
                   description: hikari.UndefinedOr[str] = hikari.UNDEFINED,
                   emoji: hikari.UndefinedOr[str] = hikari.UNDEFINED,
                   is_default: bool = False) -> Self:
        """Add a choice that sends ``value`` when picked."""
        self.options.append(MenuOption(label, value, description=description, emoji=emoji,
                                       is_default=is_default))
        return self

    def build(self) -> dict[str, Any]:
        """The menu's JSON, as hikari's builder makes it."""
        data: dict[str, Any] = {"type": hikari.ComponentType.TEXT_SELECT_MENU,
                                "custom_id": self.custom_id}
        if self.placeholder is not hikari.UNDEFINED:
            data["placeholder"] = self.placeholder
        data["min_values"] = self.min_values
        data["max_values"] = self.max_values
        data["disabled"] = self.is_disabled
        data["options"] = [option.build() for option in self.options]
        return data


class MenuRow(ActionRow[TextMenu]):
    """An action row holding one text menu."""

    __slots__ = ()

    def add_text_menu(self, custom_id: str, /, *,
                      placeholder: hikari.UndefinedOr[str] = hikari.UNDEFINED,
                      min_values: int = 0, max_values: int = 1,
                      is_disabled: bool = False) -> TextMenu:
        """Add the row's text menu, which sends ``custom_id`` with the choice; the menu, to
        add its options to.

        Raises:
            ValueError: the row already holds a menu (Discord allows one per row).
        """
        if self._parts:
            raise ValueError("an action row holds one menu")
        menu = TextMenu(custom_id, placeholder=placeholder, min_values=min_values,
                        max_values=max_values, is_disabled=is_disabled)
        self._parts.append(menu)
        return menu
