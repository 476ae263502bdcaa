"""A Foundry VTT actor of the Cosmere RPG system (the-metalworks/cosmere-rpg) as a sheet.
What the dice use is mapped (docs/commands.md has the table), the rest listed as skipped."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from nazh.application.characters.foundry_adversary import immunities, role_and_tier
from nazh.application.characters.foundry_ids import (
    ATTRIBUTE_IDS,
    BY_FOUNDRY_ID,
    MAX_ITEMS,
    SURGE_ATTRIBUTES,
    named,
    skill_name,
    title,
)
from nazh.application.characters.foundry_weapons import FoundryWeapons
from nazh.application.characters.reading import (
    EntryError,
    mapping,
    maybe_whole,
    shown,
    text,
    whole,
)
from nazh.application.shared.json_types import JsonArray, JsonObject, JsonValue
from nazh.domain.character import (
    BASE_DEFENSE,
    BASE_FOCUS,
    MAX_ATTRIBUTE,
    MAX_CUSTOM_SKILLS,
    MAX_DEFENSE,
    MAX_DEFLECT,
    MAX_EXPERTISES,
    MAX_INJURIES,
    MAX_LEVEL,
    MAX_NAME_LENGTH,
    MAX_RANKS,
    MAX_RESOURCE,
    MAX_TEXT_LENGTH,
    MIN_ATTRIBUTE,
    MIN_LEVEL,
    MIN_RANKS,
    Attribute,
    Character,
    Defense,
    Kind,
    Resource,
    Skill,
    check_name,
    check_text,
)
from nazh.domain.derivation import Pool, health_maximum, signed

MAX_SKILL_IDS = 60
MAX_ACTORS_READ = 200
"""Entries of a list or an adventure that are looked at to find the actors."""
ACTOR_TYPES = {"character": Kind.CHARACTER, "adversary": Kind.ADVERSARY}
RESOURCE_IDS = {Resource.HEALTH: "hea", Resource.FOCUS: "foc", Resource.INVESTITURE: "inv"}
UNCOUNTED = frozenset({"armor", "equipment", "loot"})
SKIPPED_TEXTS = ("biography", "appearance", "notes", "purpose", "obstacle")



@dataclass(frozen=True, slots=True)
class Actors:
    """The actors a file holds, and what else it held (e.g. an adventure's scenes)."""

    actors: JsonArray
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mapped:
    """One actor as a sheet (checked), and what of it the sheet leaves out."""

    sheet: Character
    skipped: tuple[str, ...]


def is_actor(value: JsonValue) -> bool:
    """A Cosmere RPG actor: an object with ``type`` character or adversary and a ``system``."""
    return (isinstance(value, dict) and named(ACTOR_TYPES, value.get("type")) is not None
            and isinstance(value.get("system"), dict))


def actors_in(document: JsonValue) -> Actors | None:
    """The actors of a Foundry export: one, a list, or an object's ``actors`` (else ``None``)."""
    if is_actor(document):
        return Actors([document])
    if isinstance(document, dict) and isinstance(document.get("actors"), list):
        listed: JsonArray = document["actors"]
    elif isinstance(document, list):
        listed = document
    else:
        return None
    looked = listed[:MAX_ACTORS_READ]
    actors = [entry for entry in looked if is_actor(entry)]
    if not actors:
        return None
    others = len(listed) - len(actors)
    what = ("entry that is not a Cosmere RPG character or adversary" if others == 1 else
            "entries that are not Cosmere RPG characters or adversaries")
    skipped = (f"{others} {what}",) if others else ()
    return Actors(actors, skipped)


def from_actor(actor: JsonValue) -> Mapped:
    """An actor as a sheet (NazhError: a value the sheet cannot take, naming the field)."""
    return _Mapping(mapping(actor, "an actor")).mapped()


# An export's derived numbers may be stale (Foundry recomputes them on load): the rules derive them
# again; what the actor overrides (useOverride) is written as it is.
@dataclass
class _Mapping:
    actor: JsonObject
    skipped: list[str] = field(default_factory=list)
    modifiers: dict[str, int] = field(default_factory=dict)
    """An adversary's skill modifiers Foundry overrides or gives a bonus, by skill name."""

    def mapped(self) -> Mapped:
        actor = self.actor
        system = mapping(actor.get("system"), "system")
        name = check_name(text(actor.get("name"), "name", MAX_NAME_LENGTH))
        kind = ACTOR_TYPES[actor["type"]]
        values, bonuses = self._attributes(system)
        attributes = tuple((a, values[a] + bonuses[a]) for a in Attribute)
        role, tier = None, None
        if kind is Kind.CHARACTER:
            level = whole(system.get("level", MIN_LEVEL), "level (system.level)", MIN_LEVEL,
                          MAX_LEVEL)
        else:
            level = MIN_LEVEL
            role, tier = role_and_tier(system, self.skipped)
        sheet = Character(name, kind, level, attributes, role=role, tier=tier,
                          immunities=immunities(system, self.skipped))
        sheet = self._skills(sheet, system)
        for resource in Resource:
            sheet = sheet.with_pool(resource, self._pool(sheet, system, resource, values))
        sheet = replace(sheet, defenses=self._defenses(system, values, bonuses))
        items = self._items()
        sheet = replace(sheet, deflect=self._deflect(system, items),
                         injuries=self._injuries(system, items))
        sheet = replace(sheet, expertises=self._expertises(system))
        sheet = replace(sheet, weapons=FoundryWeapons(self.skipped, self.modifiers).read(
            sheet, items, system))
        self._leftovers(system, items)
        return Mapped(sheet.check(), tuple(self.skipped))

    # -- attributes, level -------------------------------------------------------------------

    def _attributes(self, system: JsonObject
                    ) -> tuple[dict[Attribute, int], dict[Attribute, int]]:
        found = mapping(system.get("attributes", {}), "system.attributes")
        values: dict[Attribute, int] = {}
        bonuses: dict[Attribute, int] = {}
        for attribute in Attribute:
            where = f"system.attributes.{attribute.value}"
            entry = mapping(found.get(attribute.value, {}), where)
            label = attribute.name.lower()
            values[attribute] = whole(entry.get("value", 0), f"{label} ({where}.value)",
                                      MIN_ATTRIBUTE, MAX_ATTRIBUTE)
            bonuses[attribute] = whole(entry.get("bonus", 0), f"{label}'s bonus ({where}.bonus)",
                                       -MAX_ATTRIBUTE, MAX_ATTRIBUTE)
            total = values[attribute] + bonuses[attribute]
            if bonuses[attribute]:
                whole(total, f"{label} with its bonus", MIN_ATTRIBUTE, MAX_ATTRIBUTE)
                sign = "+" if bonuses[attribute] > 0 else "-"
                self.skipped.append(f"{label}: bonus {signed(bonuses[attribute])} folded in "
                                    f"({values[attribute]} {sign} {abs(bonuses[attribute])} = "
                                    f"{total})")
        return values, bonuses

    # -- skills ------------------------------------------------------------------------------

    def _skills(self, sheet: Character, system: JsonObject) -> Character:
        found = mapping(system.get("skills", {}), "system.skills")
        ranks: dict[str, int] = {}
        custom: list[Skill] = []
        locked: list[str] = []
        for index, (skill_id, value) in enumerate(found.items()):
            if index >= MAX_SKILL_IDS:
                self.skipped.append(f"skills: {len(found) - MAX_SKILL_IDS} more not read "
                                    f"(at most {MAX_SKILL_IDS})")
                break
            where = f"system.skills.{shown(skill_id)[1:-1]}"
            entry = mapping(value, where)
            info = BY_FOUNDRY_ID.get(skill_id)
            label = info.name if info is not None else skill_name(skill_id)
            rank = whole(entry.get("rank", 0), f"{label} ranks ({where}.rank)", MIN_RANKS,
                         MAX_RANKS)
            self._modifier(sheet, entry, label, rank, info.attribute if info is not None else (
                named(ATTRIBUTE_IDS, entry.get("attribute")) or SURGE_ATTRIBUTES.get(skill_id)))
            if info is not None:
                ranks[info.key] = rank
                continue
            unlocked = entry.get("unlocked", False)
            unlocked = unlocked if isinstance(unlocked, bool) else False
            if rank == 0 and not unlocked:
                locked.append(label)
                continue
            attribute = named(ATTRIBUTE_IDS, entry.get("attribute")) or SURGE_ATTRIBUTES.get(
                skill_id)
            if attribute is None:
                self.skipped.append(f"skills: {label} has no attribute, not imported")
                continue
            check_text("a skill's name", label)
            custom.append(Skill(label, attribute, rank))
        if locked:
            self.skipped.append("skills not unlocked and without ranks, not imported: "
                                + ", ".join(locked))
        if len(custom) > MAX_CUSTOM_SKILLS:
            raise EntryError(f"at most {MAX_CUSTOM_SKILLS} custom skills (got {len(custom)})")
        skills = tuple(Skill(s.name, s.attribute, ranks.get(s.key, 0)) for s in sheet.skills
                       if s.standard)
        return replace(sheet, skills=(*skills, *custom))

    def _modifier(self, sheet: Character, entry: JsonObject, label: str, rank: int,
                  attribute: Attribute | None) -> None:
        mod = entry.get("mod")
        if not isinstance(mod, dict):
            return
        adversary = sheet.kind is Kind.ADVERSARY
        override = _number(mod.get("override"))
        bonus = _number(mod.get("bonus"))
        if mod.get("useOverride") is True and override is not None:
            if adversary:
                self.modifiers[label] = override
                self.skipped.append(f"{label}: its modifier's override ({signed(override)}) "
                                    "kept as the own modifier of the attacks that use it")
                return
            self.skipped.append(f"{label}: its modifier's override ({override}) "
                                "not kept: Nazh's modifier is the attribute plus the ranks")
        if bonus:
            if adversary and attribute is not None:
                self.modifiers[label] = sheet.score(attribute) + rank + bonus
                self.skipped.append(f"{label}: its modifier's bonus ({signed(bonus)}) kept in "
                                    "the own modifier of the attacks that use it")
                return
            self.skipped.append(f"{label}: its modifier's bonus ({signed(bonus)}) not kept")

    # -- resources, defenses -----------------------------------------------------------------

    def _pool(self, sheet: Character, system: JsonObject, resource: Resource,
              values: dict[Attribute, int]) -> Pool:
        rid = RESOURCE_IDS[resource]
        where = f"system.resources.{rid}"
        label = resource.value
        resources = mapping(system.get("resources", {}), "system.resources")
        entry = mapping(resources.get(rid, {}), where)
        current = whole(entry.get("value", 0), f"{label} ({where}.value)", 0, MAX_RESOURCE)
        top = mapping(entry.get("max", {}), f"{where}.max")
        bonus = whole(top.get("bonus", 0), f"{label} maximum's bonus ({where}.max.bonus)",
                      -MAX_RESOURCE, MAX_RESOURCE)
        override = maybe_whole(top.get("override"), f"{label} maximum ({where}.max.override)",
                               0, MAX_RESOURCE)
        derived = maybe_whole(top.get("derived", 0), f"{label} maximum ({where}.max.derived)",
                              0, MAX_RESOURCE) or 0
        use_override = top.get("useOverride") is True and override is not None
        maximum: int | None
        if use_override:
            maximum = override
        elif sheet.kind is Kind.ADVERSARY:
            maximum = derived
        elif resource is Resource.INVESTITURE:
            maximum = derived or 0
            if derived:
                self.skipped.append(f"investiture maximum {derived} written as Foundry derived "
                                    "it (Nazh derives no investiture)")
        else:
            maximum = self._derived_maximum(sheet, resource, values, bonus)
        if maximum is not None and bonus:
            whole(maximum + bonus, f"{label} maximum with its bonus", 0, MAX_RESOURCE)
            self.skipped.append(f"{label} maximum: bonus {signed(bonus)} folded in, written as "
                                f"{maximum + bonus}")
            maximum += bonus
        top_value = (maximum if maximum is not None
                     else sheet.with_pool(resource, Pool(0, None)).maximum(resource).value)
        if current > top_value:
            self.skipped.append(f"{label} {current} is over its maximum: kept at {top_value}")
            current = top_value
        return Pool(current, maximum)

    def _derived_maximum(self, sheet: Character, resource: Resource,
                         values: dict[Attribute, int], bonus: int) -> int | None:
        """``None`` (Nazh derives it), unless a bonus changes what Foundry derives."""
        if resource is Resource.HEALTH:
            foundry = health_maximum(sheet.level, values[Attribute.STRENGTH]).value
        else:
            foundry = BASE_FOCUS + values[Attribute.WILLPOWER]
        ours = sheet.with_pool(resource, Pool(0, None)).maximum(resource).value
        if foundry != ours:
            self.skipped.append(f"{resource.value} maximum written as {foundry}, as Foundry "
                                "derives it without the attribute's bonus")
            return foundry
        return foundry if bonus else None

    def _defenses(self, system: JsonObject, values: dict[Attribute, int],
                  bonuses: dict[Attribute, int]) -> tuple[tuple[Defense, int], ...]:
        found = mapping(system.get("defenses", {}), "system.defenses")
        written: list[tuple[Defense, int]] = []
        for defense in Defense:
            where = f"system.defenses.{defense.value}"
            label = f"{defense.name.lower()} defense"
            entry = mapping(found.get(defense.value, {}), where)
            override = maybe_whole(entry.get("override"), f"{label} ({where}.override)", 0,
                                   MAX_DEFENSE)
            bonus = whole(entry.get("bonus", 0), f"{label}'s bonus ({where}.bonus)",
                          -MAX_DEFENSE, MAX_DEFENSE)
            first, second = defense.attributes
            if entry.get("useOverride") is True and override is not None:
                value = override + bonus
            elif bonus or bonuses[first] or bonuses[second]:
                value = BASE_DEFENSE + values[first] + values[second] + bonus
                self.skipped.append(f"{label} written as {value}, as Foundry derives it (10 + "
                                    f"the attributes' values{' + its bonus' if bonus else ''})")
            else:
                continue
            written.append((defense, whole(value, label, 0, MAX_DEFENSE)))
        return tuple(written)

    # -- items -------------------------------------------------------------------------------

    def _items(self) -> list[JsonObject]:
        found = self.actor.get("items", [])
        if not isinstance(found, list):
            raise EntryError(f"items is a list (got {shown(found)})")
        if len(found) > MAX_ITEMS:
            self.skipped.append(f"items: {len(found) - MAX_ITEMS} more not read (at most "
                                f"{MAX_ITEMS})")
        items = [item for item in found[:MAX_ITEMS]
                 if isinstance(item, dict) and isinstance(item.get("system"), dict)]
        unreadable = len(found[:MAX_ITEMS]) - len(items)
        if unreadable:
            self.skipped.append(f"items: {unreadable} unreadable")
        return items

    def _deflect(self, system: JsonObject, items: list[JsonObject]) -> int:
        entry = mapping(system.get("deflect", {}), "system.deflect")
        override = maybe_whole(entry.get("override"), "deflect (system.deflect.override)", 0,
                               MAX_DEFLECT)
        bonus = whole(entry.get("bonus", 0), "deflect's bonus (system.deflect.bonus)",
                      -MAX_DEFLECT, MAX_DEFLECT)
        if entry.get("useOverride") is True and override is not None:
            base = override
        else:
            natural = maybe_whole(entry.get("natural"), "natural deflect "
                                  "(system.deflect.natural)", 0, MAX_DEFLECT) or 0
            armor = 0
            if entry.get("source", "armor") == "armor":
                for item in items:
                    if item.get("type") == "armor" and item["system"].get("equipped") is True:
                        armor = max(armor, maybe_whole(
                            item["system"].get("deflect"), f"{_item_name(item)}'s deflect", 0,
                            MAX_DEFLECT) or 0)
            base = max(natural, armor)
        return whole(base + bonus, "deflect", 0, MAX_DEFLECT)

    def _injuries(self, system: JsonObject, items: list[JsonObject]) -> int:
        entry = system.get("injuries")
        entry = entry if isinstance(entry, dict) else {}
        override = maybe_whole(entry.get("override"), "injuries (system.injuries.override)", 0,
                               1000)
        if entry.get("useOverride") is True and override is not None:
            count = override
        else:
            count = sum(1 for item in items if item.get("type") == "injury")
        if count > MAX_INJURIES:
            self.skipped.append(f"injuries: {count}, kept at {MAX_INJURIES}")
            count = MAX_INJURIES
        return count

    def _expertises(self, system: JsonObject) -> tuple[str, ...]:
        found = system.get("expertises")
        entries = (list(found.values()) if isinstance(found, dict)
                   else found if isinstance(found, list) else [])
        labels: list[str] = []
        for index, entry in enumerate(entries[:MAX_ITEMS], 1):
            if not isinstance(entry, dict):
                continue
            label = entry.get("label")
            if not isinstance(label, str) or not label.strip():
                ident = entry.get("id")
                if not isinstance(ident, str) or not ident.strip():
                    continue
                label = title(text(ident, f"expertise {index}'s id", MAX_TEXT_LENGTH))
            label = " ".join(text(label, f"expertise {index}", MAX_TEXT_LENGTH).split())
            if label.casefold() not in {known.casefold() for known in labels}:
                labels.append(check_text("an expertise", label))
        if len(labels) > MAX_EXPERTISES:
            self.skipped.append(f"expertises: {len(labels) - MAX_EXPERTISES} more not kept "
                                f"(at most {MAX_EXPERTISES})")
        return tuple(labels[:MAX_EXPERTISES])

    # -- the rest ----------------------------------------------------------------------------

    def _leftovers(self, system: JsonObject, items: list[JsonObject]) -> None:
        used = Counter(str(item.get("type")) for item in items
                       if item.get("type") not in ("weapon", "action", "injury"))
        if used:
            counted = ", ".join(_count(count, kind) for kind, count in sorted(used.items()))
            self.skipped.append(f"items: {counted} (not used by the dice)")
        rest: list[str] = []
        for key in ("senses", "movement"):
            if isinstance(system.get(key), dict):
                rest.append(key)
        if isinstance(system.get("languages"), list) and system["languages"]:
            rest.append("languages")
        if _has_currency(system.get("currency")):
            rest.append("currency")
        rest += [key for key in SKIPPED_TEXTS
                 if isinstance(system.get(key), str) and system[key].strip()]
        bonus = system.get("injuryRollBonus")
        if isinstance(bonus, int) and not isinstance(bonus, bool) and bonus:
            rest.append(f"injury roll bonus {signed(bonus)}")
        effects = self.actor.get("effects")
        if isinstance(effects, list) and effects:
            rest.append(_count(len(effects), "active effect"))
        if rest:
            self.skipped.append("not kept: " + ", ".join(rest))


def _number(value: JsonValue) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _item_name(item: JsonObject) -> str:
    name = item.get("name")
    return shown(name)[1:-1] if isinstance(name, str) else "an item"


def _has_currency(currency: JsonValue) -> bool:
    if not isinstance(currency, dict):
        return False
    for entry in currency.values():
        if not isinstance(entry, dict):
            continue
        if entry.get("denominations"):
            return True
        total = entry.get("total")
        if isinstance(total, dict) and any(total.get(k) for k in ("derived", "override")):
            return True
    return False


def _count(count: int, kind: str) -> str:
    word = kind.replace("_", " ")
    if count != 1 and word not in UNCOUNTED:
        word = word[:-1] + "ies" if word.endswith("y") else word + "s"
    return f"{count} {word}"
