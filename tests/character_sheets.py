"""Hypothesis strategies of character sheets the rules accept (every field drawn)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from nazh.domain.adversary import MAX_HEALTH_RANGE, MAX_TIER, MIN_TIER, HealthRange, Role
from nazh.domain.character import (
    MAX_ATTRIBUTE,
    MAX_DEFENSE,
    MAX_DEFLECT,
    MAX_INJURIES,
    MAX_LEVEL,
    MAX_RANKS,
    MAX_RESOURCE,
    STANDARD_SKILLS,
    Attribute,
    Character,
    Defense,
    Kind,
    Resource,
    Skill,
    Weapon,
    skill_key,
    standard_skill,
)
from nazh.domain.derivation import Pool
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType, Immunities
from nazh.domain.injury import EFFECTS, Band
from nazh.domain.weapon import MAX_ATTACK_MODIFIER, MAX_FIXED_DAMAGE, MIN_ATTACK_MODIFIER
from nazh.domain.wounds import MAX_EXHAUSTED, MAX_WOUNDS, Wound

WORD = st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=12)
TEXT = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
"""1-38 printable characters, single spaces between words (what ``check_text`` allows)."""
EFFECT = st.none() | st.sampled_from(sorted(set(EFFECTS.values())))
WOUNDS = st.one_of(
    st.builds(Wound, st.sampled_from([Band.FLESH, Band.PERMANENT]), st.none(), EFFECT),
    st.builds(Wound, st.just(Band.VICIOUS), st.integers(1, 36), EFFECT),
    st.builds(Wound, st.just(Band.SHALLOW), st.integers(1, 6), EFFECT))
"""Injuries a sheet may record (each band with the days it allows)."""
DAMAGE = st.sampled_from(["1d4", "1d8", "2d6", "2d6+2", "1d10-1", "3d8+4"])


@st.composite
def sheets(draw: st.DrawFn) -> Character:
    """A sheet every field of which is drawn, and that :meth:`Character.check` accepts."""
    kind = draw(st.sampled_from(Kind))
    attributes = tuple((a, draw(st.integers(0, MAX_ATTRIBUTE))) for a in Attribute)
    standard = [Skill(info.name, info.attribute, draw(st.integers(0, MAX_RANKS)))
                for info in STANDARD_SKILLS]
    custom_names = draw(st.lists(
        TEXT.filter(lambda name: bool(skill_key(name)) and standard_skill(name) is None),
        max_size=3, unique_by=skill_key))
    custom = [Skill(name, draw(st.sampled_from(Attribute)), draw(st.integers(0, MAX_RANKS)))
              for name in custom_names]
    written = draw(st.permutations(list(Defense)))[:draw(st.integers(0, len(Defense)))]
    sheet = Character(
        name=draw(TEXT), kind=kind, level=draw(st.integers(1, MAX_LEVEL)),
        attributes=attributes, skills=(*standard, *custom),
        health=Pool(0, draw(st.none() | st.integers(0, MAX_RESOURCE))),
        focus=Pool(0, draw(st.none() | st.integers(0, MAX_RESOURCE))),
        investiture=Pool(0, draw(st.none() | st.integers(0, MAX_RESOURCE))),
        defenses=tuple((d, draw(st.integers(0, MAX_DEFENSE))) for d in written),
        deflect=draw(st.integers(0, MAX_DEFLECT)),
        injuries=draw(st.integers(0, MAX_INJURIES)),
        expertises=tuple(draw(st.lists(TEXT, max_size=3))),
    )
    for resource in Resource:
        top = sheet.maximum(resource).value
        sheet = sheet.with_pool(resource, replace(sheet.pool(resource),
                                                  current=draw(st.integers(0, top))))
    keys = [skill.key for skill in sheet.skills]
    adversary = kind is Kind.ADVERSARY
    own = st.none() | (st.integers(MIN_ATTACK_MODIFIER, MAX_ATTACK_MODIFIER) if adversary
                       else st.none())
    fixed = st.none() | (st.integers(1, MAX_FIXED_DAMAGE) if adversary else st.none())
    weapons = draw(st.lists(
        st.builds(Weapon, TEXT, st.sampled_from(keys), DAMAGE, st.none() | TEXT,
                  st.booleans(), st.lists(TEXT, max_size=3).map(tuple), own, fixed,
                  st.none() | st.integers(0, 99)),  # a Loaded weapon's ammunition stored
        max_size=3, unique_by=lambda weapon: weapon.name.casefold()))
    immunities = Immunities(frozenset(draw(st.sets(st.sampled_from(ConditionName)))),
                            frozenset(draw(st.sets(st.sampled_from(DamageType)))))
    sheet = replace(sheet, weapons=tuple(weapons), immunities=immunities,
                    exhausted=draw(st.integers(0, MAX_EXHAUSTED)),
                    wounds=tuple(draw(st.lists(WOUNDS, max_size=MAX_WOUNDS))))
    if adversary:
        low = draw(st.integers(1, MAX_HEALTH_RANGE))
        sheet = replace(
            sheet, role=draw(st.none() | st.sampled_from(Role)),
            tier=draw(st.none() | st.integers(MIN_TIER, MAX_TIER)),
            health_range=draw(st.none() | st.integers(low, MAX_HEALTH_RANGE).map(
                lambda high: HealthRange(low, high))))
    return sheet.check()
