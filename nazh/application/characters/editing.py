"""Editing a sheet: each edit is one function applied through :meth:`Characters.change`."""

from __future__ import annotations

from dataclasses import replace

from nazh.application.characters.access import Act
from nazh.application.characters.fields import field_of
from nazh.application.characters.service import Changed, Characters, Why
from nazh.application.settings.server import Member
from nazh.domain.character import (
    Attribute,
    Character,
    CharacterError,
    Resource,
    Skill,
    Weapon,
    check_name,
    skill_key,
    standard_skill,
    with_skills,
)
from nazh.domain.rest import long_rest


class SheetEdits:
    def __init__(self, characters: Characters) -> None:
        self._characters = characters

    async def set(self, member: Member, name: str | None, field: str, value: str) -> Changed:
        """``/character set``: one field to a checked value."""
        record = await self._characters.find(member, name, Act.CHANGE)
        return await self._characters.change(member, record.character_id,
                                 lambda sheet: field_of(sheet, field).apply(sheet, value))

    async def arm(self, member: Member, name: str | None, weapon: Weapon) -> Changed:
        """Add a weapon, or replace the one of its name (the ammunition it stores kept)."""
        def armed(sheet: Character) -> Character:
            same = weapon.name.casefold()
            kept = tuple(w for w in sheet.weapons if w.name.casefold() != same)
            # a Loaded weapon changed keeps what it stores (a reload fills it, not an edit)
            stored = next((w.stored for w in sheet.weapons if w.name.casefold() == same), None)
            return replace(sheet, weapons=(*kept, replace(weapon, skill=sheet.skill(
                weapon.skill).key, stored=None if weapon.capacity is None else stored)))
        record = await self._characters.find(member, name, Act.CHANGE)
        return await self._characters.change(member, record.character_id, armed)

    async def disarm(self, member: Member, name: str | None, weapon: str) -> Changed:
        def disarmed(sheet: Character) -> Character:
            gone = sheet.weapon(weapon)
            if sheet.built_in(gone):  # rule (Unarmed Strike): "intrinsic to each character"
                raise CharacterError("every character has its unarmed attack: it is not removed")
            return replace(sheet, weapons=tuple(w for w in sheet.weapons if w is not gone))
        record = await self._characters.find(member, name, Act.CHANGE)
        return await self._characters.change(member, record.character_id, disarmed)

    async def train(self, member: Member, name: str | None, skill: str,
                    attribute: Attribute | None, ranks: int) -> Changed:
        """Set a skill's ranks; a skill the sheet lacks (a surge) is added with ``attribute``."""
        def trained(sheet: Character) -> Character:
            key = skill_key(skill)
            known = next((s for s in sheet.skills if s.key == key), None)
            if known is None:
                if attribute is None:
                    raise CharacterError("{name} has no skill {skill}: give its attribute to "
                                         "add it", fields={"name": sheet.name,
                                                           "skill": repr(skill.strip()[:40])})
                return with_skills(sheet, [Skill(check_name(skill), attribute, ranks)])
            if attribute is not None and attribute is not known.attribute and known.standard:
                raise CharacterError("{skill} uses {attribute}", fields={
                    "skill": known.name, "attribute": known.attribute.title})
            return with_skills(sheet, [replace(known, ranks=ranks,
                                               attribute=attribute or known.attribute)])
        record = await self._characters.find(member, name, Act.CHANGE)
        return await self._characters.change(member, record.character_id, trained)

    async def forget(self, member: Member, name: str | None, skill: str) -> Changed:
        """Remove a custom skill (a standard one stays); weapons using it refuse it first."""
        def forgotten(sheet: Character) -> Character:
            gone = sheet.skill(skill)
            if standard_skill(gone.key) is not None:
                raise CharacterError("{skill} is a standard skill: set its ranks to 0",
                                     fields={"skill": gone.name})
            using = [w.name for w in sheet.weapons if w.skill == gone.key]
            if using:
                raise CharacterError("{weapons} uses {skill}: remove or change it first",
                                     fields={"weapons": ", ".join(using), "skill": gone.name})
            return replace(sheet, skills=tuple(s for s in sheet.skills if s is not gone))
        record = await self._characters.find(member, name, Act.CHANGE)
        return await self._characters.change(member, record.character_id, forgotten)

    async def adjust(self, member: Member, character_id: str, resource: Resource, by: int, *,
                     reason: str | None = None) -> Changed:
        """A sheet's control: move a resource by ``by`` (kept between 0 and its maximum)."""
        return await self._characters.change(member, character_id,
                                 lambda sheet: sheet.changed(resource, by)[0], Why(reason))

    async def rest_long(self, member: Member, name: str | None) -> Changed:
        """A long rest: health and focus full, Exhausted -1, injuries healed or a day nearer."""
        record = await self._characters.find(member, name, Act.CHANGE)
        return await self._characters.change(member, record.character_id,
                                 lambda sheet: long_rest(sheet).sheet, Why("long rest"))
