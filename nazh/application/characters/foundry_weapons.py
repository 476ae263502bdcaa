"""A Foundry VTT actor's weapons as a sheet's: ``weapon`` items and ``action`` items that attack.
Kept when the damage is a plain pool and the skill known; what is not kept is said, one a line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nazh.application.characters.foundry_ids import (
    ATTRIBUTE_IDS,
    MAX_ITEMS,
    expertise_ids,
    named,
    skill_on,
)
from nazh.application.characters.reading import flag, shown, text
from nazh.application.shared.json_types import JsonObject
from nazh.domain.character import (
    MAX_TEXT_LENGTH,
    MAX_TRAITS,
    MAX_WEAPONS,
    Character,
    Kind,
    Skill,
    Weapon,
    check_damage,
    check_text,
)
from nazh.domain.derivation import signed
from nazh.domain.encounter.damage import DamageType
from nazh.domain.unarmed import UNARMED

WEAPON_TYPE_SKILLS = {"light_wpn": "lwp", "heavy_wpn": "hwp"}
"""A weapon whose skill is ``default`` uses its type's skill (a special weapon has none)."""
PLAIN_POOL = re.compile(r"\s*(\d{1,3})\s*[dD]\s*(\d{1,4})\s*(?:([+-])\s*(\d{1,4}))?\s*")
NO_GRAZE = re.compile(r"[\s(]*\+?\s*0+(?:\.0*)?[\s)]*")
WHOLE = re.compile(r"\s*([+-]?)\s*(\d{1,2})\s*")
HEALING = "heal"
UNARMED_FORMULA = "@scalar.damage.unarmed"
"""The Foundry system's Unarmed Strike's damage: its table by Strength."""
"""Foundry's damage type of an item that heals: no attack."""
DICE_GRAZE = "@damage.dice"


@dataclass
class FoundryWeapons:
    """Reads weapons, saying in ``skipped`` what it does not keep."""

    skipped: list[str] = field(default_factory=list)
    modifiers: dict[str, int] = field(default_factory=dict)
    """An adversary's skill modifiers where Foundry's are not Nazh's: its attacks' own, by skill."""

    def read(self, sheet: Character, items: list[JsonObject],
             system: JsonObject) -> tuple[Weapon, ...]:
        """The weapons of ``sheet``'s actor (at most :data:`MAX_WEAPONS`)."""
        known = {e.casefold() for e in expertise_ids(system)}
        weapons: list[Weapon] = []
        without_damage: list[str] = []
        healing: list[str] = []
        for item in items:
            kind = item.get("type")
            if kind not in ("weapon", "action"):
                continue
            name = " ".join(text(item.get("name"), "an item's name", MAX_TEXT_LENGTH).split())
            check_text("a weapon's name", name)
            weapon_system = item["system"]
            activation = weapon_system.get("activation")
            activation = activation if isinstance(activation, dict) else {}
            damage = weapon_system.get("damage")
            damage = damage if isinstance(damage, dict) else {}
            formula = damage.get("formula")
            if kind == "action" and (activation.get("type") != "skill_test"
                                     or not isinstance(formula, str) or not formula.strip()):
                without_damage.append(name)
                continue
            if damage.get("type") == HEALING:
                healing.append(name)
                continue
            if isinstance(formula, str) and formula.strip() == UNARMED_FORMULA:
                # Foundry's Unarmed Strike: every sheet has it in Nazh, its damage by Strength
                self.skipped.append(f"{name}: every character's {UNARMED} attack, built in")
                continue
            made = self._weapon(sheet, name, item, (activation, damage), known)
            if made is None:
                continue
            if made.name.casefold() in {w.name.casefold() for w in weapons}:
                self.skipped.append(f"{name}: a second one of that name, not imported")
                continue
            weapons.append(made)
        if without_damage:
            self.skipped.append(f"actions without a damage roll: {', '.join(without_damage)}")
        if healing:
            self.skipped.append(f"healing, not an attack, not imported: {', '.join(healing)}")
        if len(weapons) > MAX_WEAPONS:
            left = [w.name for w in weapons[MAX_WEAPONS:]]
            self.skipped.append(f"weapons over {MAX_WEAPONS}, not imported: {', '.join(left)}")
        return tuple(weapons[:MAX_WEAPONS])

    def _weapon(self, sheet: Character, name: str, item: JsonObject,
                parts: tuple[JsonObject, JsonObject],
                expertises: set[str]) -> Weapon | None:
        kind, system = item.get("type"), item["system"]
        activation, damage = parts
        formula = damage.get("formula")
        if not isinstance(formula, str) or not formula.strip():
            self.skipped.append(f"{name}: no damage formula, not imported")
            return None
        formula = text(formula, f"{name}'s damage formula", MAX_TEXT_LENGTH)
        skill_id = activation.get("skill")
        if skill_id == "default" and kind == "weapon":
            skill_id = named(WEAPON_TYPE_SKILLS, system.get("type"))
        if not isinstance(skill_id, str) or skill_id in ("", "none", "default"):
            skill_id = damage.get("skill")
        skill = skill_on(sheet, skill_id)
        if skill is None:
            self.skipped.append(f"{name}: no skill Nazh knows ({shown(skill_id)}), not imported")
            return None
        pool = PLAIN_POOL.fullmatch(formula)
        if pool is None:
            self.skipped.append(f"{name}: damage {shown(formula)} is not a plain dice pool, "
                                "not imported")
            return None
        dice = f"{int(pool[1])}d{int(pool[2])}"
        adversary = sheet.kind is Kind.ADVERSARY
        modifier = (self.modifiers.get(skill.name, sheet.modifier(skill.key).value)
                    if adversary else sheet.modifier(skill.key).value)
        to_hit = modifier + self._extra(name, activation, adversary)
        if pool[3] is not None:
            extra = int(pool[4]) * (1 if pool[3] == "+" else -1)
            dice = f"{dice}{signed(extra + modifier)}"
            self.skipped.append(f"{name}: damage {formula.strip()} plus the {skill.name} "
                                f"modifier ({signed(modifier)}) written as {dice}")
        elif to_hit != modifier:
            dice = f"{dice}{signed(modifier)}"
        check_damage(dice, name)
        self._attribute_used(name, activation, skill)
        own = (to_hit if adversary and (skill.name in self.modifiers or to_hit != modifier)
               else None)
        return Weapon(name, skill.key, dice, self._damage_type(name, damage),
                      self._can_graze(name, damage), self._traits(name, system, expertises),
                      own)

    def _extra(self, name: str, activation: JsonObject, adversary: bool) -> int:
        """The test's additional formula, when whole, kept in an adversary's own modifier."""
        formula = activation.get("modifierFormula")
        if not isinstance(formula, str) or not formula.strip():
            return 0
        number = WHOLE.fullmatch(formula)
        if number is None or not adversary:
            self.skipped.append(f"{name}: the test's additional formula {shown(formula)} not "
                                "kept")
            return 0
        return int(number[1] + number[2])

    def _damage_type(self, name: str, damage: JsonObject) -> str | None:
        """One of the rules' damage types; another (e.g. Foundry's healing) is said."""
        found = damage.get("type")
        if found is None:
            return None
        word = text(found, f"{name}'s damage type", MAX_TEXT_LENGTH).strip().lower()
        if word in {kind.value for kind in DamageType}:
            return word
        self.skipped.append(f"{name}: damage type {shown(found)} is none of the rules' "
                            "(energy, impact, keen, spirit, vital), not kept")
        return None

    def _attribute_used(self, name: str, activation: JsonObject, skill: Skill) -> None:
        attribute = named(ATTRIBUTE_IDS, activation.get("attribute"))
        if attribute is not None and attribute is not skill.attribute:
            self.skipped.append(f"{name}: tested with {attribute.title} in Foundry; Nazh uses "
                                f"{skill.name}'s attribute ({skill.attribute.title})")

    def _can_graze(self, name: str, damage: JsonObject) -> bool:
        graze = damage.get("grazeOverrideFormula")
        if not isinstance(graze, str) or not graze.strip() or graze.strip() == DICE_GRAZE:
            return True
        if NO_GRAZE.fullmatch(graze):
            return False
        self.skipped.append(f"{name}: graze formula {shown(graze)} not kept (a graze deals the "
                            "damage's dice)")
        return True

    def _traits(self, name: str, system: JsonObject, expertises: set[str]
                ) -> tuple[str, ...]:
        """The traits active as Foundry derives them: the default, switched by an expertise."""
        found = system.get("traits")
        if not isinstance(found, dict):
            return ()
        ident = system.get("id")
        expert = system.get("expertise") is True or (
            isinstance(ident, str) and ident.casefold() in expertises)
        active: list[str] = []
        for trait_id, trait in sorted(found.items())[:MAX_ITEMS]:
            if not isinstance(trait, dict):
                continue
            on = flag(trait.get("defaultActive", True), f"{name}'s trait {shown(trait_id)}")
            toggle = trait.get("expertise")
            if expert and isinstance(toggle, dict) and toggle.get("toggleActive") is True:
                on = not on
            if on:
                word = "-".join(text(trait_id, f"{name}'s trait", MAX_TEXT_LENGTH).lower()
                                .replace("_", " ").split())
                # Cumbersome [X] carries the Strength it asks, Loaded [X] the ammunition it
                # stores (an expert's own when toggled)
                value = toggle.get("value") if expert and isinstance(toggle, dict) else None
                value = trait.get("defaultValue") if value is None else value
                least = 1 if word == "loaded" else 0  # a weapon that stores none never fires
                if word in ("cumbersome", "loaded") and isinstance(value, int) and value >= least:
                    word = f"{word} [{value}]"
                active.append(check_text("a trait", word))
        if len(active) > MAX_TRAITS:
            self.skipped.append(f"{name}: traits over {MAX_TRAITS} not kept: "
                                + ", ".join(active[MAX_TRAITS:]))
        return tuple(active[:MAX_TRAITS])
