"""A Cosmere RPG character (a player character or an adversary) and what the rules derive."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum

from nazh.domain.adversary import HealthRange, Role, check_tier
from nazh.domain.attributes import Attribute as Attribute  # noqa: PLC0414 - still importable from here
from nazh.domain.attributes import CharacterError as CharacterError  # noqa: PLC0414 - still importable from here
from nazh.domain.derivation import (
    Derivation,
    Pool,
    health_maximum,
    recovery_die,
)
from nazh.domain.encounter.damage import Immunities
from nazh.domain.unarmed import UNARMED, unarmed, unarmed_expert
from nazh.domain.weapon import Weapon as Weapon  # noqa: PLC0414 - still importable from here
from nazh.domain.weapon import check_attack_modifier, check_fixed
from nazh.domain.weapon import check_damage as check_damage  # noqa: PLC0414 - still importable from here
from nazh.domain.wounds import MAX_EXHAUSTED, Wound, check_wounds

MAX_NAME_LENGTH = 64
MIN_LEVEL, MAX_LEVEL = 1, 30
MIN_ATTRIBUTE, MAX_ATTRIBUTE = 0, 10
MIN_RANKS, MAX_RANKS = 0, 5
MAX_RESOURCE = 999
MAX_DEFLECT = 20
MAX_INJURIES = 10
MAX_DEFENSE = 100
MAX_SKILLS = 40
MAX_CUSTOM_SKILLS = MAX_SKILLS - 18
MAX_WEAPONS = 20
MAX_EXPERTISES = 40
MAX_TEXT_LENGTH = 64
MAX_TRAITS = 10
BASE_DEFENSE = 10  # rule: a defense is 10 + its two attributes
BASE_FOCUS = 2  # rule: a player character's focus maximum is 2 + Willpower


class Kind(Enum):
    """A player character or an adversary (kept by a GM)."""

    CHARACTER = "character"
    ADVERSARY = "adversary"


class Defense(Enum):
    """The three defenses and the two attributes each adds to 10."""

    PHYSICAL = "phy"
    COGNITIVE = "cog"
    SPIRITUAL = "spi"

    @property
    def title(self) -> str:
        """``Physical``."""
        return self.name.title()

    @property
    def attributes(self) -> tuple[Attribute, Attribute]:
        """The attributes it adds."""
        return _DEFENSE_ATTRIBUTES[self]


_DEFENSE_ATTRIBUTES = {
    Defense.PHYSICAL: (Attribute.STRENGTH, Attribute.SPEED),
    Defense.COGNITIVE: (Attribute.INTELLECT, Attribute.WILLPOWER),
    Defense.SPIRITUAL: (Attribute.AWARENESS, Attribute.PRESENCE),
}


class Resource(Enum):
    """What a character spends and recovers."""

    HEALTH = "health"
    FOCUS = "focus"
    INVESTITURE = "investiture"

    @property
    def title(self) -> str:
        """``Health``."""
        return self.value.title()


@dataclass(frozen=True, slots=True)
class SkillInfo:
    """A standard skill: its key (as players type it), name, attribute and Foundry VTT id."""

    key: str
    name: str
    attribute: Attribute
    foundry_id: str


STANDARD_SKILLS: tuple[SkillInfo, ...] = (
    SkillInfo("agility", "Agility", Attribute.SPEED, "agi"),
    SkillInfo("athletics", "Athletics", Attribute.STRENGTH, "ath"),
    SkillInfo("heavy-weaponry", "Heavy Weaponry", Attribute.STRENGTH, "hwp"),
    SkillInfo("light-weaponry", "Light Weaponry", Attribute.SPEED, "lwp"),
    SkillInfo("stealth", "Stealth", Attribute.SPEED, "stl"),
    SkillInfo("thievery", "Thievery", Attribute.SPEED, "thv"),
    SkillInfo("crafting", "Crafting", Attribute.INTELLECT, "cra"),
    SkillInfo("deduction", "Deduction", Attribute.INTELLECT, "ded"),
    SkillInfo("discipline", "Discipline", Attribute.WILLPOWER, "dis"),
    SkillInfo("intimidation", "Intimidation", Attribute.WILLPOWER, "inm"),
    SkillInfo("lore", "Lore", Attribute.INTELLECT, "lor"),
    SkillInfo("medicine", "Medicine", Attribute.INTELLECT, "med"),
    SkillInfo("deception", "Deception", Attribute.PRESENCE, "dec"),
    SkillInfo("insight", "Insight", Attribute.AWARENESS, "ins"),
    SkillInfo("leadership", "Leadership", Attribute.PRESENCE, "lea"),
    SkillInfo("perception", "Perception", Attribute.AWARENESS, "prc"),
    SkillInfo("persuasion", "Persuasion", Attribute.PRESENCE, "prs"),
    SkillInfo("survival", "Survival", Attribute.AWARENESS, "sur"),
)  # the eighteen every character has, in the sheet's order

_STANDARD_BY_KEY = {info.key: info for info in STANDARD_SKILLS}


def skill_key(name: str) -> str:
    """The key a skill is found by: ``Heavy Weaponry`` -> ``heavy-weaponry``."""
    return "-".join(name.lower().replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True, slots=True)
class Skill:
    """A skill on a sheet: a standard one, or a custom one (e.g. a surge) with its attribute."""

    name: str
    attribute: Attribute
    ranks: int = 0

    @property
    def key(self) -> str:
        """The key players type (``light-weaponry``)."""
        return skill_key(self.name)

    @property
    def standard(self) -> bool:
        """One of the eighteen skills every character has."""
        return self.key in _STANDARD_BY_KEY


@dataclass(frozen=True, slots=True)
class Character:
    """A character's sheet: what is written on it (the rest is derived)."""

    name: str
    kind: Kind = Kind.CHARACTER
    level: int = 1
    attributes: tuple[tuple[Attribute, int], ...] = tuple((a, 0) for a in Attribute)
    # the eighteen standard skills in STANDARD_SKILLS' order, then any custom ones
    skills: tuple[Skill, ...] = tuple(Skill(s.name, s.attribute) for s in STANDARD_SKILLS)
    health: Pool = Pool(0)
    focus: Pool = Pool(0)
    investiture: Pool = Pool(0, 0)
    defenses: tuple[tuple[Defense, int], ...] = ()  # only those written (overriding the rule)
    deflect: int = 0
    injuries: int = 0
    weapons: tuple[Weapon, ...] = ()
    expertises: tuple[str, ...] = ()
    role: Role | None = None
    tier: int | None = None
    health_range: HealthRange | None = None
    immunities: Immunities = field(default_factory=Immunities)
    exhausted: int = 0  # the Exhausted penalty, as a positive number (Exhausted -2: 2)
    wounds: tuple[Wound, ...] = ()  # the injuries recorded by injury rolls, until they heal

    # -- made and checked ----------------------------------------------------------------

    @classmethod
    def new(cls, name: str, kind: Kind = Kind.CHARACTER, *, level: int = 1,
            attributes: dict[Attribute, int] | None = None) -> Character:
        """A fresh sheet: the standard skills at 0 ranks, health and focus full."""
        scores = attributes or {}
        made = cls(check_name(name), kind, level,
                   tuple((a, scores.get(a, 0)) for a in Attribute))
        if kind is Kind.ADVERSARY:
            made = replace(made, health=Pool(10, 10), focus=Pool(2, 2))
        made.check()
        return made.rested()

    def check(self) -> Character:
        """This sheet, when every value is allowed (else CharacterError naming the field)."""
        # run whenever a sheet is made or changed: a stored sheet is one the rules accept
        check_name(self.name)
        _in_range("level", self.level, MIN_LEVEL, MAX_LEVEL)
        if [a for a, _ in self.attributes] != list(Attribute):
            raise CharacterError("a sheet has each of the six attributes once")
        for attribute, score in self.attributes:
            _in_range(attribute.title, score, MIN_ATTRIBUTE, MAX_ATTRIBUTE)
        self._check_skills()
        for resource in Resource:
            pool = self.pool(resource)
            maximum = self.maximum(resource).value
            if pool.maximum is not None:
                _in_range(f"{resource.value} maximum", pool.maximum, 0, MAX_RESOURCE)
            _in_range(resource.value, pool.current, 0, max(maximum, 0),
                      hint="{field} is at most its maximum ({maximum})", maximum=maximum)
        seen_defenses = [d for d, _ in self.defenses]
        if len(set(seen_defenses)) != len(seen_defenses):
            raise CharacterError("a defense is written once")
        for defense, value in self.defenses:
            _in_range(f"{defense.title.lower()} defense", value, 0, MAX_DEFENSE)
        _in_range("deflect", self.deflect, 0, MAX_DEFLECT)
        _in_range("injuries", self.injuries, 0, MAX_INJURIES)
        _in_range("exhausted", self.exhausted, 0, MAX_EXHAUSTED)
        check_wounds(self.wounds)
        self._check_weapons()
        if len(self.expertises) > MAX_EXPERTISES:
            raise CharacterError("at most {most} expertises (got {got})",
                                 fields={"most": MAX_EXPERTISES, "got": len(self.expertises)})
        for expertise in self.expertises:
            check_text("an expertise", expertise)
        self._check_stat_block()
        return self

    def _check_stat_block(self) -> None:
        if self.kind is not Kind.ADVERSARY:
            for what, value in (("role", self.role), ("tier", self.tier),
                                ("health range", self.health_range)):
                if value is not None:
                    raise CharacterError(ONLY_ADVERSARIES[what],
                                         hint="a player's character is a rival")
        if self.tier is not None:
            check_tier(self.tier)
        if self.health_range is not None:
            self.health_range.check()

    def _check_skills(self) -> None:
        standard = [s for s in self.skills if s.standard]
        if [s.key for s in standard] != [info.key for info in STANDARD_SKILLS]:
            raise CharacterError("a sheet has each of the eighteen standard skills once")
        for skill, info in zip(standard, STANDARD_SKILLS, strict=True):
            if skill.attribute is not info.attribute:
                raise CharacterError("{skill} uses {attribute}",
                                     fields={"skill": info.name, "attribute": info.attribute.title})
        custom = [s for s in self.skills if not s.standard]
        if len(custom) > MAX_CUSTOM_SKILLS:
            raise CharacterError("at most {most} custom skills (got {got})",
                                 fields={"most": MAX_CUSTOM_SKILLS, "got": len(custom)})
        keys = [s.key for s in self.skills]
        if len(set(keys)) != len(keys):
            raise CharacterError("each skill is on the sheet once")
        for skill in self.skills:
            check_text("a skill's name", skill.name)
            if not skill.key:
                raise CharacterError("a skill's name needs a letter or a digit")
            _in_range(f"{skill.name} ranks", skill.ranks, MIN_RANKS, MAX_RANKS)

    def _check_weapons(self) -> None:
        if len(self.weapons) > MAX_WEAPONS:
            raise CharacterError("at most {most} weapons (got {got})",
                                 fields={"most": MAX_WEAPONS, "got": len(self.weapons)})
        names = [w.name.casefold() for w in self.weapons]
        if len(set(names)) != len(names):
            raise CharacterError("each weapon has its own name")
        for weapon in self.weapons:
            check_text("a weapon's name", weapon.name)
            self.skill(weapon.skill)
            check_damage(weapon.damage, weapon.name)
            if (weapon.modifier is not None or weapon.fixed is not None) and (
                    self.kind is not Kind.ADVERSARY):
                raise CharacterError("{weapon}: only an adversary's attack has its own "
                                     "modifier or a fixed damage",
                                     hint="a character's attack uses its skill's modifier "
                                          "and rolls its dice", fields={"weapon": weapon.name})
            if weapon.modifier is not None:
                check_attack_modifier(weapon.modifier, weapon.name)
            if weapon.fixed is not None:
                check_fixed(weapon.fixed, weapon.name)
            if weapon.damage_type is not None:
                check_text("a damage type", weapon.damage_type)
            if len(weapon.traits) > MAX_TRAITS:
                raise CharacterError("{weapon}: at most {most} traits",
                                     fields={"weapon": weapon.name, "most": MAX_TRAITS})
            for trait in weapon.traits:
                check_text("a trait", trait)

    # -- read ------------------------------------------------------------------------------

    def score(self, attribute: Attribute) -> int:
        """An attribute's score."""
        return dict(self.attributes)[attribute]

    def skill(self, name: str) -> Skill:
        """The skill called ``name`` (its name or key, any case)."""
        key = skill_key(name)
        for skill in self.skills:
            if skill.key == key:
                return skill
        raise CharacterError("{name} has no skill {skill}",
                             hint="the standard skills, e.g. insight, light-weaponry, or one "
                                  "added with /character skill",
                             fields={"name": self.name, "skill": repr(name.strip()[:40])})

    def modifier(self, name: str) -> Derivation:
        """A skill's modifier: its attribute's score + its ranks (the rule)."""
        skill = self.skill(name)
        score = self.score(skill.attribute)
        return Derivation(score + skill.ranks, ((skill.attribute.title, score),
                                                ("ranks", skill.ranks)))

    @property
    def armed(self) -> tuple[Weapon, ...]:
        """Its weapons, then the unarmed attack every character has (unless one is named so)."""
        if any(weapon.name.casefold() == UNARMED.casefold() for weapon in self.weapons):
            return self.weapons
        return (*self.weapons, unarmed(self.score(Attribute.STRENGTH),
                                       expert=unarmed_expert(self.expertises)))

    def built_in(self, weapon: Weapon) -> bool:
        """Whether ``weapon`` is the unarmed attack every character has, not one the sheet holds."""
        return weapon not in self.weapons

    def weapon(self, name: str) -> Weapon:
        """The weapon called ``name`` (any case), the unarmed attack included."""
        wanted = name.strip().casefold()
        for weapon in self.armed:
            if weapon.name.casefold() == wanted:
                return weapon
        raise CharacterError("{name} has no weapon {weapon}",
                             hint="its weapons: {known}; add one with /character weapon",
                             fields={"name": self.name, "weapon": repr(name.strip()[:40]),
                                     "known": ", ".join(w.name for w in self.armed)})

    def storing(self, name: str, stored: int | None) -> Character:
        """The sheet with its Loaded weapon ``name`` storing ``stored`` (``None``: full)."""
        held = self.weapon(name)
        if held.capacity is None or self.built_in(held):
            raise CharacterError("{weapon} stores no ammunition (it has no trait Loaded)",
                                 fields={"weapon": held.name})
        kept = None if stored is None or stored >= held.capacity else max(0, stored)
        return replace(self, weapons=tuple(replace(weapon, stored=kept) if weapon is held
                                           else weapon for weapon in self.weapons))

    def defense(self, defense: Defense) -> Derivation:
        """A defense: written on the sheet, or 10 + its two attributes."""
        written = dict(self.defenses).get(defense)
        if written is not None:
            return Derivation(written, (("set", written),))
        first, second = defense.attributes
        return Derivation(BASE_DEFENSE + self.score(first) + self.score(second),
                          (("base", BASE_DEFENSE), (first.title, self.score(first)),
                           (second.title, self.score(second))))

    def pool(self, resource: Resource) -> Pool:
        """Health, focus or investiture."""
        if resource is Resource.HEALTH:
            return self.health
        if resource is Resource.FOCUS:
            return self.focus
        return self.investiture

    def maximum(self, resource: Resource) -> Derivation:
        """A resource's maximum: written on the sheet, else derived."""
        written = self.pool(resource).maximum
        if written is not None:
            return Derivation(written, (("set", written),))
        # an adversary has no level arithmetic: its maxima are written as they are
        if self.kind is Kind.ADVERSARY or resource is Resource.INVESTITURE:
            return Derivation(0, (("set", 0),))
        if resource is Resource.FOCUS:
            willpower = self.score(Attribute.WILLPOWER)
            return Derivation(BASE_FOCUS + willpower, (("base", BASE_FOCUS),
                                                       ("Willpower", willpower)))
        return health_maximum(self.level, self.score(Attribute.STRENGTH))

    @property
    def recovery_die(self) -> int:
        """The recovery die's sides, by Willpower."""
        return recovery_die(self.score(Attribute.WILLPOWER))

    # -- changed ---------------------------------------------------------------------------

    def with_pool(self, resource: Resource, pool: Pool) -> Character:
        """This sheet with ``resource`` replaced (not checked)."""
        if resource is Resource.HEALTH:
            return replace(self, health=pool)
        if resource is Resource.FOCUS:
            return replace(self, focus=pool)
        return replace(self, investiture=pool)

    def changed(self, resource: Resource, by: int) -> tuple[Character, int]:
        """``resource`` moved by ``by`` within 0 and its maximum, and how much it really moved."""
        pool = self.pool(resource)
        top = self.maximum(resource).value
        current = max(0, min(top, pool.current + by))
        return self.with_pool(resource, replace(pool, current=current)), current - pool.current

    def rested(self) -> Character:
        """After a long rest: health and focus at their maxima (investiture unchanged)."""
        sheet = self
        for resource in (Resource.HEALTH, Resource.FOCUS):
            top = sheet.maximum(resource).value
            sheet = sheet.with_pool(resource, replace(sheet.pool(resource), current=top))
        return sheet


ONLY_ADVERSARIES = {"role": "only an adversary has a role", "tier": "only an adversary has a tier",
                    "health range": "only an adversary has a health range"}
"""What a player character's sheet refuses, by the stat block's field."""


def check_name(name: str) -> str:
    """A character's name, trimmed, when it has 1-64 printable characters."""
    cleaned = " ".join(name.split())
    if not 1 <= len(cleaned) <= MAX_NAME_LENGTH:
        raise CharacterError("a character's name has 1 to {most} characters (got {got})",
                             fields={"most": MAX_NAME_LENGTH, "got": len(cleaned)})
    if not all(c.isprintable() for c in cleaned):
        raise CharacterError("a character's name has only printable characters")
    return cleaned


def check_text(what: str, text: str) -> str:
    """``text`` when it has 1-64 printable characters (else CharacterError naming ``what``)."""
    if not 1 <= len(text) <= MAX_TEXT_LENGTH or text != " ".join(text.split()):
        raise CharacterError("{field} has 1 to {most} characters, no spaces at the ends (got "
                             "{got})", fields={"field": what, "most": MAX_TEXT_LENGTH,
                                               "got": repr(text[:MAX_TEXT_LENGTH])})
    if not all(c.isprintable() for c in text):
        raise CharacterError("{field} has only printable characters", fields={"field": what})
    return text


def _in_range(what: str, value: int, low: int, high: int, *, hint: str | None = None,
              maximum: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise CharacterError("{field} is {low} to {high} (got {got})", hint=hint,
                             fields={"field": what, "low": low, "high": high,
                                     "got": repr(value), "maximum": maximum})


def standard_skill(key: str) -> SkillInfo | None:
    """The standard skill of that key (``None``: not standard)."""
    return _STANDARD_BY_KEY.get(skill_key(key))


def with_skills(sheet: Character, skills: Iterable[Skill]) -> Character:
    """``sheet`` with ``skills`` replacing (by key) or adding to its skills (not checked)."""
    new = {skill.key: skill for skill in skills}
    kept = [new.pop(skill.key, skill) for skill in sheet.skills]
    return replace(sheet, skills=(*kept, *new.values()))
