"""A sheet's fields as a change or the audit names them (``strength``, ``skill insight``,
``focus-max``), in the language spoken: the words are Nazh's, the values someone wrote are
shown as they were (``outside``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from nazh.domain.adversary import Role
from nazh.domain.character import Attribute, Defense, Resource, standard_skill
from nazh.domain.encounter.damage_types import DamageType
from nazh.presentation.i18n import N_, _
from nazh.presentation.sheet_words import attribute_word, defense_word, resource_word, role_word

WORDS = {"name": N_("name"), "kind": N_("kind"), "level": N_("level"),
         "deflect": N_("Deflect"), "injuries": N_("Injuries"), "exhausted": N_("Exhausted"),
         "wounds": N_("injuries recorded"), "expertises": N_("Expertises"), "role": N_("role"),
         "tier": N_("tier"), "health-range": N_("health range"),
         "immunities": N_("immunities"), "created": N_("created"), "long rest": N_("long rest"),
         "reload": N_("reload"),
         "character": N_("character"), "adversary": N_("adversary")}
"""Nazh's own words among the fields, the audit's reasons and the kinds."""
def _maximum(resource: Resource) -> str:
    return _("{resource} maximum").format(resource=resource_word(resource))


def _defense(defense: Defense) -> str:
    return _("{defense} defense").format(defense=defense_word(defense))


DAMAGE_TYPES = frozenset(kind.value for kind in DamageType)
"""The rules' damage types (a weapon kept before may hold other words)."""
_ATTRIBUTE_TITLES = {attribute.title: attribute for attribute in Attribute}
_LABELS: dict[str, Callable[[], str]] = {
    **{a.name.lower(): partial(attribute_word, a) for a in Attribute},
    **{r.value: partial(resource_word, r) for r in Resource},
    **{f"{r.value}-max": partial(_maximum, r) for r in Resource},
    **{f"{d.title.lower()}-defense": partial(_defense, d) for d in Defense},
    **{field: partial(_, word) for field, word in WORDS.items()},
}
"""How each field Nazh names is read (a skill's and a weapon's name the field itself)."""


def field_text(field: str, outside: Callable[[str], str] = str) -> str:
    """``Strength``, ``skill Insight``, ``Focus maximum``, ``weapon Spear``: a field as it is
    read."""
    label = _LABELS.get(field)
    if label is not None:
        return label()
    kind, _space, name = field.partition(" ")
    if kind == "skill" and name:
        info = standard_skill(name)
        return _("skill {skill}").format(skill=_(info.name) if info else outside(name))
    if kind == "weapon" and name:
        return _("weapon {weapon}").format(weapon=outside(name))
    if kind == "ammunition" and name:  # a Loaded weapon's, named as the sheet writes it
        return _("{weapon} ammunition").format(weapon=outside(name))
    return outside(field)


def value_text(field: str, value: str, outside: Callable[[str], str] = str) -> str:
    """A field's value as it is read: a skill's ``Awareness 2``, a kind or a role in words,
    anything else as it was written."""
    if field.startswith("skill ") and " " in value:
        title, _space, ranks = value.rpartition(" ")
        if title in _ATTRIBUTE_TITLES and ranks.isdigit():
            return f"{attribute_word(_ATTRIBUTE_TITLES[title])} {ranks}"
    if field.startswith("weapon ") and ": " in value:
        return _weapon_value(value, outside)
    if field == "kind" and value in WORDS:
        return _(WORDS[value])
    if field == "role" and value in {role.value for role in Role}:
        return role_word(Role(value)).lower()
    return outside(value)


def _weapon_value(value: str, outside: Callable[[str], str]) -> str:
    """A weapon as the audit kept it (``Spear: heavy-weaponry +4, 1d8 keen, deadly, cannot
    graze``): the skill, the damage type and ``cannot graze`` in words, the rest as written."""
    name, _sep, rest = value.partition(": ")
    skill, *parts = rest.split(", ")
    key, _space, modifier = skill.partition(" ")
    info = standard_skill(key)
    shown = [(_(info.name) if info else outside(key)) + (f" {modifier}" if modifier else "")]
    for index, part in enumerate(parts):
        dice, _space, kind = part.partition(" ")
        if index == 0 and kind in DAMAGE_TYPES:
            shown.append(f"{outside(dice)} {_(kind.title()).lower()}")
        elif part == "cannot graze":
            shown.append(_("cannot graze"))
        else:
            shown.append(outside(part))
    return f"{outside(name)}: " + ", ".join(shown)


def reason_text(reason: str, outside: Callable[[str], str] = str) -> str:
    """An audit entry's reason: Nazh's own words translated; one naming a roll as it was kept."""
    return _(WORDS[reason]) if reason in ("long rest", "reload") else outside(reason)
