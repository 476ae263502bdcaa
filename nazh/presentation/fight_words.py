"""The fight's words in the language spoken here: conditions, damage types, defenses, attributes,
phases and speeds (each language's word is the glossary's, :mod:`nazh.presentation.glossary`;
``tests/presentation/test_fight_words.py`` keeps the catalogs in step with it)."""

from __future__ import annotations

from collections.abc import Mapping

from nazh.domain.attributes import Attribute
from nazh.domain.encounter.conditions import MAX_SOURCE_LENGTH, Condition, ConditionName
from nazh.domain.encounter.damage import Landed
from nazh.domain.encounter.damage_types import DamageType
from nazh.domain.encounter.hits import Landing
from nazh.domain.encounter.timing import Phase, Speed
from nazh.presentation.chat import shown
from nazh.presentation.i18n import N_, _

CONDITIONS: Mapping[ConditionName, str] = {
    ConditionName.AFFLICTED: N_("Afflicted"), ConditionName.DETERMINED: N_("Determined"),
    ConditionName.DISORIENTED: N_("Disoriented"), ConditionName.EMPOWERED: N_("Empowered"),
    ConditionName.ENHANCED: N_("Enhanced"), ConditionName.EXHAUSTED: N_("Exhausted"),
    ConditionName.FOCUSED: N_("Focused"), ConditionName.IMMOBILIZED: N_("Immobilized"),
    ConditionName.PRONE: N_("Prone"), ConditionName.RESTRAINED: N_("Restrained"),
    ConditionName.SLOWED: N_("Slowed"), ConditionName.STUNNED: N_("Stunned"),
    ConditionName.SURPRISED: N_("Surprised"), ConditionName.UNCONSCIOUS: N_("Unconscious")}
"""Each condition's name (the glossary's ``condition`` terms)."""
DAMAGE_TYPES: Mapping[str, str] = {
    DamageType.ENERGY.value: N_("energy"), DamageType.IMPACT.value: N_("impact"),
    DamageType.KEEN.value: N_("keen"), DamageType.SPIRIT.value: N_("spirit"),
    DamageType.VITAL.value: N_("vital")}
"""Each damage type as a line says it, lowercase (the glossary's ``damage type`` terms)."""
DEFENSES: Mapping[str, str] = {"physical": N_("Physical"), "cognitive": N_("Cognitive"),
                               "spiritual": N_("Spiritual"), "deflect": N_("Deflect")}
"""Each defense (the glossary's ``defense`` terms)."""
ATTRIBUTES: Mapping[Attribute, str] = {
    Attribute.STRENGTH: N_("Strength"), Attribute.SPEED: N_("Speed"),
    Attribute.INTELLECT: N_("Intellect"), Attribute.WILLPOWER: N_("Willpower"),
    Attribute.AWARENESS: N_("Awareness"), Attribute.PRESENCE: N_("Presence")}
"""Each attribute (the glossary's ``attribute`` terms)."""
PHASES: Mapping[Phase, str] = {Phase.FAST_PLAYERS: N_("Fast players"),
                               Phase.FAST_ADVERSARIES: N_("Fast adversaries"),
                               Phase.SLOW_PLAYERS: N_("Slow players"),
                               Phase.SLOW_ADVERSARIES: N_("Slow adversaries")}
"""Each phase as a title says it."""
SPEEDS: Mapping[Speed, str] = {Speed.FAST: N_("fast"), Speed.SLOW: N_("slow")}
"""Each speed as a line says it."""


def condition_word(name: ConditionName) -> str:
    """``Exhausted``, in the language spoken here."""
    return _(CONDITIONS[name])


def damage_word(kind: str) -> str:
    """``keen`` (a damage type's value), in the language spoken here (an unknown one: itself)."""
    word = DAMAGE_TYPES.get(kind.casefold())
    return kind if word is None else _(word)


def defense_word(defense: str) -> str:
    """``Physical`` (a defense's value), in the language spoken here (an unknown one: itself)."""
    word = DEFENSES.get(defense.casefold())
    return defense.capitalize() if word is None else _(word)


def phase_word(phase: Phase) -> str:
    """``Slow players``, in the language spoken here."""
    return _(PHASES[phase])


def speed_word(speed: Speed) -> str:
    """``fast``, in the language spoken here."""
    return _(SPEEDS[speed])


def condition_label(condition: Condition) -> str:
    """``Exhausted -2``, ``Enhanced +1 Strength``, ``Afflicted 3 keen (fire)``, ``Prone``."""
    word = condition_word(condition.name)
    if condition.name is ConditionName.EXHAUSTED:
        return f"{word} -{condition.value}"
    if condition.name is ConditionName.ENHANCED and condition.attribute is not None:
        return f"{word} +{condition.value} {_(ATTRIBUTES[condition.attribute])}"
    if condition.name is ConditionName.AFFLICTED:
        kind = (f" {damage_word(condition.damage_type.value)}"
                if condition.damage_type is not None else "")
        return (f"{word} {condition.dice or condition.value}{kind}"
                + (f" ({shown(condition.source, MAX_SOURCE_LENGTH)})" if condition.source
                   else ""))
    return word


def arithmetic_text(landed: Landed) -> str:
    """``12 keen - 2 deflect = 10``, ``6 keen (Pierce)``, ``9 energy: immune = 0``, ..."""
    said = f"{landed.amount}" + (f" {damage_word(landed.damage_type.value)}"
                                 if landed.damage_type else "")
    if landed.immune:
        said = _("{damage}: immune = 0").format(damage=said)
    elif landed.pierce and (landed.damage_type is None or landed.damage_type.deflected):
        said = f"{said} ({_('Pierce')})"
    elif landed.deflected:
        said = _("{damage} - {n} deflect = {left}").format(
            damage=said, n=landed.deflected, left=landed.amount - landed.deflected)
    if landed.already and not landed.immune:
        return _("{damage}, less {n} already taken = {taken}").format(
            damage=said, n=landed.already, taken=landed.taken)
    return said


def landing_text(landing: Landing) -> str:
    """``12 keen - 2 deflect = 10 -> Bandit 2: 11 -> 1``."""
    return (f"{arithmetic_text(landing.landed)} -> {landing.target}: {landing.before} -> "
            f"{landing.after}")
