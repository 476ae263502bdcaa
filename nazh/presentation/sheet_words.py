"""The game's words on a character sheet, in the language spoken: resources, attributes,
defenses, standard skills, roles, and a derived number's parts.

The domain names them in English (its keys); the catalogs hold each word as the glossary
(:mod:`nazh.presentation.glossary`) gives it, one word per term.
"""

from __future__ import annotations

from nazh.domain.adversary import Role
from nazh.domain.character import Attribute, Defense, Resource, Skill
from nazh.domain.derivation import Derivation
from nazh.domain.injury import Band
from nazh.domain.wounds import Wound
from nazh.presentation.i18n import N_, _, ngettext
from nazh.presentation.injury import band_title, effect_name

TERMS = (
    N_("Health"), N_("Focus"), N_("Investiture"), N_("Recovery die"), N_("Deflect"),
    N_("Exhausted"),
    N_("Strength"), N_("Speed"), N_("Intellect"), N_("Willpower"), N_("Awareness"),
    N_("Presence"),
    N_("Physical"), N_("Cognitive"), N_("Spiritual"),
    N_("Agility"), N_("Athletics"), N_("Heavy Weaponry"), N_("Light Weaponry"), N_("Stealth"),
    N_("Thievery"), N_("Crafting"), N_("Deduction"), N_("Discipline"), N_("Intimidation"),
    N_("Lore"), N_("Medicine"), N_("Deception"), N_("Insight"), N_("Leadership"),
    N_("Perception"), N_("Persuasion"), N_("Survival"),
    N_("Minion"), N_("Rival"), N_("Boss"),
    N_("Energy"), N_("Impact"), N_("Keen"), N_("Spirit"), N_("Vital"),
)
"""The glossary's terms a sheet and /odds show (the catalogs take their words from the glossary)."""


def resource_word(resource: Resource) -> str:
    """``Health``."""
    return _(resource.title)


def attribute_word(attribute: Attribute) -> str:
    """``Strength``."""
    return _(attribute.title)


def defense_word(defense: Defense) -> str:
    """``Physical``."""
    return _(defense.title)


def skill_word(skill: Skill) -> str:
    """A standard skill's name in the language spoken; a custom one as it was named."""
    return _(skill.name) if skill.standard else skill.name


def role_word(role: Role) -> str:
    """``Boss``."""
    return _(role.value.title())


def part_text(label: str, value: int) -> str:
    """One part of a derived number: ``Strength 2``, ``2 ranks``, ``base 10``, ``level 3 22``."""
    if label in ("ranks", "rank"):
        return ngettext("{n} rank", "{n} ranks", value).format(n=value)
    if label == "base":
        return _("base {value}").format(value=value)
    if label == "set":
        return _("set {value}").format(value=value)
    word, _space, rest = label.partition(" ")
    if word == "level" and rest.isdigit():
        return _("level {level} {value}").format(level=rest, value=value)
    if rest.startswith("x") and rest[1:].isdigit():  # ``Strength x2``: added at two levels
        return _("{attribute} x{times} {value}").format(attribute=_(word), times=rest[1:],
                                                          value=value)
    return f"{_(label)} {value}"


def explained(derivation: Derivation) -> str:
    """``base 10 + Strength 2 + Speed 3``, in the language spoken."""
    return " + ".join(part_text(label, value) for label, value in derivation.parts)


def derivation_text(derivation: Derivation) -> str:
    """``15 (base 10 + Strength 2 + Speed 3)``; a written value: ``14 (set)``."""
    if derivation.parts == (("set", derivation.value),):
        return _("{value} (set)").format(value=derivation.value)
    return f"{derivation.value} ({explained(derivation)})"


def wound_text(wound: Wound) -> str:
    """``Vicious injury, 12 days left (Slowed)``."""
    title = band_title(wound.band)
    if wound.days is not None:
        title = ngettext("{injury}, {n} day left", "{injury}, {n} days left",
                         wound.days).format(injury=title, n=wound.days)
    elif wound.band is Band.FLESH:
        title = _("{injury}, until a long rest").format(injury=title)
    return title + (f" ({effect_name(wound.effect)})" if wound.effect else "")
