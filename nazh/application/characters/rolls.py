"""Rolls made with a character: a test by skill, an attack by weapon, an injury, a short rest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from nazh.application.characters.access import Act
from nazh.application.characters.effects import CountInjury, Recover, SpendAmmunition
from nazh.application.characters.gate import RollEffect, SheetGate
from nazh.application.characters.model import CharacterRecord
from nazh.application.characters.service import Characters
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.events import (
    Happened,
    RollEvent,
    RollHandlers,
    RollPlace,
    Situation,
    Situations,
)
from nazh.application.rolls.model import Rolled, RollRecord, RollRequest, SheetChange
from nazh.application.rolls.notes import Note
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.character import CHARACTER, RollCharacter
from nazh.application.rolls.terms.circumstances import CIRCUMSTANCES
from nazh.application.rolls.terms.encounter import ENCOUNTER
from nazh.application.rolls.terms.target import TARGET, Target
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.application.rolls.terms.wielded import WIELDED
from nazh.application.settings.server import Member
from nazh.domain.attack import Attack, prepare, prepare_flat
from nazh.domain.character import Attribute, Character, Defense, Resource, Weapon, skill_key
from nazh.domain.circumstances import for_weapon
from nazh.domain.derivation import signed
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage import DamageType
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.maneuvers import BasicAction
from nazh.domain.encounter.rolls import RollKind, melee_weapon, net_mode
from nazh.domain.errors import LimitError, NazhError
from nazh.domain.evolve import evolved
from nazh.domain.injury import Injury, InjuryTerms
from nazh.domain.rest import tending
from nazh.domain.spec import SKILL_DIE_SIDES, DieMode
from nazh.domain.unarmed import flat_damage
from nazh.domain.weapon_traits import wielded
from nazh.domain.wounds import Wound

MIN_EXTRA, MAX_EXTRA = -20, 20
EXTRA = "modifier"
SHORT_REST_LABEL = "Short rest"
RECOVER_LABEL = "Recover"
INJURY_ROLLED = "Injury"
"""What an injury roll made with a character rolled (its character term's ``rolled``)."""
OWN_MODIFIER = "own modifier"
"""The label of an adversary's attack's own modifier among its test's parts."""


Spend = Callable[[], Awaitable[object]]
"""What a reaction's attack costs, spent once every check has passed (raising refuses it)."""


@dataclass(frozen=True, slots=True)
class Aim:
    """How an attack meets its target: the defense (``None``: Physical), an unsaid damage type."""

    against: str | None = None
    damage_type: DamageType | None = None


NO_AIM = Aim()


def damage_type_of(arms: Weapon, asked: DamageType | None) -> DamageType | None:
    """The damage type of an attack with ``arms``: the weapon's, else ``asked`` (not both)."""
    if arms.damage_type is None or not arms.damage_type.strip():
        return asked
    own = DamageType.named(arms.damage_type)
    if asked is not None and asked is not own:
        raise EncounterError("type: the {weapon} deals {damage_type} damage",
                             hint="type: is for a weapon whose damage type is not said",
                             fields={"weapon": arms.name, "damage_type": own.value})
    return own


def _prepared(test: str, arms: Weapon, defense: int | None) -> tuple[str, Attack]:
    """The attack's roll and terms with ``arms``: its damage dice, or a damage without a die."""
    flat = flat_damage(arms)
    return prepare(test, arms.damage, defense) if flat is None else \
        prepare_flat(test, flat, defense)


@dataclass(frozen=True, slots=True)
class InjuryAsked:
    """What ``/injury`` asks for: the terms given and the character named (``None``: not given)."""

    deflect: int | None = None
    injuries: int | None = None
    modifier: int = 0
    # None: the active one, when no term is given
    character: str | None = None


class CharacterRolls:
    """The rolls of a character's sheet, through ``table``, its effects through ``sheets``."""

    def __init__(self, table: RollActions, characters: Characters, sheets: SheetGate,
                 situations: Situations, handlers: RollHandlers) -> None:
        self._table = table
        self._characters = characters
        self._sheets = sheets
        self._situations = situations
        self._handlers = handlers

    async def check(self, member: Member, skill: str, request: RollRequest, *,  # noqa: PLR0913 - /check's options
                    character: str | None = None, modifier: int = 0,
                    mode: DieMode = DieMode.NORMAL, escape: bool = False,
                    foe: Foe | None = None) -> Rolled:
        """A test of ``skill`` with ``character`` (``None``: the active one), as placed."""
        # escape: a test to escape, which Restrained leaves alone
        if not MIN_EXTRA <= modifier <= MAX_EXTRA:
            raise LimitError("modifier is {low} to {high} (got {got})",
                             fields={"low": MIN_EXTRA, "high": MAX_EXTRA, "got": modifier})
        record = await self._characters.find(member, character, Act.ROLL)
        found = record.sheet.skill(skill)
        derivation = record.sheet.modifier(found.key)
        # against an enemy (foe.target): its defense the skill's attribute points to, unless said
        against = None if foe is None else foe.against or defense_of(found.attribute)
        situation = await self._situations.situation(RollPlace(
            request.roller.channel_id, record.character_id,
            RollKind.test(found.key, found.attribute, escape=escape),
            target=None if foe is None else foe.target, against=against or "physical",
            action=None if foe is None else foe.action))
        situation = _with_sheet(situation, record.sheet)
        parts = (*derivation.parts, *(((EXTRA, modifier),) if modifier else ()),
                 *situation.parts)
        rolled = RollCharacter(record.character_id, record.name, found.name, parts)
        asked = _placed(request.with_term(CHARACTER, rolled), situation)
        if situation.target is not None and against is not None:
            asked = _aimed(asked, situation.target, against)
        roll = await self._table.roll(evolved(
            asked, notation=check_notation(rolled.modifier, situation.mode(mode))))
        return await self._kept(member, Rolled(roll), situation)

    async def flat_test(self, member: Member, request: RollRequest, modifier: int,
                        mode: DieMode = DieMode.NORMAL) -> Rolled:
        """A test without a character (a request's player who has none): d20 + ``modifier``."""
        roll = await self._table.roll(evolved(request, notation=check_notation(modifier, mode)))
        return await self._kept(member, Rolled(roll))

    async def attack(self, member: Member, weapon: str, request: RollRequest, *,  # noqa: PLR0913 - /attack's options
                     character: str | None = None, mode: DieMode = DieMode.NORMAL,
                     defense: int | None = None, target: str | None = None,
                     reaction: Spend | None = None, aim: Aim = NO_AIM) -> Rolled:
        """An attack with ``weapon`` of ``character`` (``None``: the active one)."""
        record = await self._characters.find(member, character, Act.ROLL)
        arms = record.sheet.weapon(weapon)
        skill = record.sheet.skill(arms.skill)
        derivation = record.sheet.modifier(skill.key)
        melee = melee_weapon(skill.key, arms.traits)
        # rule (Reactive Strike): "make a melee weapon attack": refused before anything is spent;
        # (Unarmed Strike) "Unarmed attacks don't count as weapon attacks"
        if reaction is not None and (not melee or record.sheet.built_in(arms)):
            raise EncounterError("a Reactive strike is a melee weapon attack: {weapon} is not "
                                 "one", hint="choose a melee weapon",
                                 fields={"weapon": arms.name})
        # Against a target of the channel's encounter, its defense (aim.against, Physical) is the
        # attack's unless one is given, and the target is kept in the roll for its damage to land.
        if target is None and aim != NO_AIM:
            raise EncounterError("against and type go with a target",
                                 hint="name the combatant attacked: target:")
        # an adversary's attack with its own modifier uses it instead of the skill's
        base, base_parts = ((derivation.value, derivation.parts) if arms.modifier is None
                            else (arms.modifier, ((OWN_MODIFIER, arms.modifier),)))
        kind = damage_type_of(arms, aim.damage_type)
        situation = await self._situations.situation(RollPlace(
            request.roller.channel_id, record.character_id, RollKind.attack_on(
                (), skill=skill.key, attribute=skill.attribute, melee=melee,
                traits=arms.traits), target=target,
            against=aim.against or "physical", reaction=reaction is not None,
            several=request.terms.get(OTHER_TARGETS) is not None))
        situation = _with_sheet(situation, record.sheet)
        aimed = None
        if situation.target is not None:
            name, value = situation.target
            against = (aim.against or "physical").strip().lower()
            aimed = Target(name, against if defense is None else None,
                           value if defense is None else defense,
                           None if kind is None else kind.value, arms.pierce)
            defense = aimed.value
        # what the attacker declared (long range, a target not sensed, ...) counts with the
        # conditions' advantages and disadvantages
        declared = for_weapon(request.terms.get(CIRCUMSTANCES), arms.name, skill.key,
                              arms.traits)
        # rule (Attacking, Hit): the damage dice "+ your modifier for the skill you used": the
        # skill's, raised with its attribute (Enhanced); a penalty on the test's result
        # (Exhausted) is not the skill's
        _, terms = _prepared(check_notation(base + situation.skill_bonus), arms, defense)
        traits = wielded(arms, record.sheet.score(Attribute.STRENGTH))
        test = check_notation(base + sum(v for _, v in situation.parts), net_mode(
            mode, situation.advantages + declared.advantages,
            situation.disadvantages + declared.disadvantages + traits.disadvantages))
        notation, _ = _prepared(test, arms, defense)
        rolled = RollCharacter(record.character_id, record.name,
                               f"{arms.name} ({skill.name})", (*base_parts, *situation.parts))
        asked = _placed(request.with_term(CHARACTER, rolled).with_term(
            ATTACK, evolved(terms, can_graze=arms.can_graze and declared.can_graze,
                            fixed=arms.fixed)), situation)
        # a reaction (a Reactive strike) spends no action; a refusal before here spends nothing
        if reaction is not None:  # every check passed: now the reaction is spent
            await reaction()
        asked = asked.with_term(TARGET, aimed).with_term(WIELDED, traits or None)
        roll = await self._table.roll(evolved(asked, notation=notation, dc=defense))
        # rule (Loaded [X]): "to make a ranged attack with this weapon, you must spend 1 stored
        # ammunition"; a secret attack's, at its reveal
        spent = None if traits.loaded is None else await self._sheets.apply(member, RollEffect(
            roll.roll_id, record.character_id, SpendAmmunition(arms.name),
            f"ammunition:{roll.roll_id}", f"attack roll {roll.roll_id}"), hidden=roll.hidden)
        return await self._kept(member, Rolled(roll, spent), situation)

    async def injury(self, member: Member, asked: InjuryAsked, request: RollRequest) -> Rolled:
        """An injury roll: a character's (named, or the active one if no term is given), or raw."""
        record = await self._injured(member, asked)
        if record is None:
            terms = InjuryTerms(asked.deflect or 0, asked.injuries or 0, asked.modifier)
            return Rolled(await self._table.roll_injury(terms, request))
        return await self.injury_of(member, record, asked, request)

    async def injury_of(self, member: Member, record: CharacterRecord, asked: InjuryAsked,
                        request: RollRequest) -> Rolled:
        """An injury roll with ``record``'s deflect and injuries (``asked`` overrides), counted."""
        sheet = record.sheet
        terms = InjuryTerms(sheet.deflect if asked.deflect is None else asked.deflect,
                            sheet.injuries if asked.injuries is None else asked.injuries,
                            asked.modifier)
        situation = await self._situations.situation(RollPlace(
            request.roller.channel_id, record.character_id, None))
        roll = await self._table.roll_injury(terms, _placed(request.with_term(
            CHARACTER, RollCharacter(record.character_id, record.name, INJURY_ROLLED)), situation))
        # death: the character dies, there is no injury to heal; a secret's count waits for its
        # reveal
        wound = Wound.of(Injury.of(terms, roll.result))
        if wound is None:
            change = SheetChange(record.name, (), Note("death: no injury counted"))
        else:
            change = await self._sheets.apply(member, RollEffect(
                roll.roll_id, record.character_id, CountInjury(wound), f"injury:{roll.roll_id}",
                f"injury roll {roll.roll_id}"), hidden=roll.hidden)
        return await self._kept(member, Rolled(roll, change), situation)

    async def _kept(self, member: Member, rolled: Rolled,
                    situation: Situation | None = None) -> Rolled:
        return await self._handlers.published(RollEvent(Happened.KEPT, rolled, member,
                                                        situation))

    async def _injured(self, member: Member, asked: InjuryAsked) -> CharacterRecord | None:
        if asked.character is not None:
            return await self._characters.find(member, asked.character, Act.ROLL)
        if asked.deflect is not None or asked.injuries is not None:
            return None
        if await self._characters.active_id(member) is None:
            return None
        return await self._characters.find(member, None, Act.ROLL)

    async def short_rest(self, member: Member, request: RollRequest, *,
                         character: str | None = None,
                         first: Resource = Resource.HEALTH,
                         tended_by: str | None = None, focus: int | None = None) -> Rolled:
        """A short rest of ``character`` (``None``: the active one): its recovery die, once.

        ``tended_by``: an ally's character giving up its own recovery to Tend to Others;
        ``focus``: at most that many points to focus, the rest to health."""
        if first not in (Resource.HEALTH, Resource.FOCUS):
            raise LimitError("a short rest recovers health or focus first")
        if focus is not None and focus < 0:
            raise LimitError("focus: the points to focus are 0 or more (got {got})",
                             fields={"got": focus})
        record = await self._characters.find(member, character, Act.CHANGE)
        sides = record.sheet.recovery_die
        bonus, what = await self._tended(member, record, tended_by)
        rolled = RollCharacter(record.character_id, record.name,
                               f"{SHORT_REST_LABEL} (recovery die d{sides}{what})")
        roll = await self._table.roll(evolved(
            request.with_term(ATTACK, None).with_term(CHARACTER, rolled),
            notation=f"1d{sides}{signed(bonus) if bonus else ''}",
            add_plot=False, dc=None, label=request.label or SHORT_REST_LABEL))
        # first (health or focus) up to its maximum, the rest to the other; held while secret
        points = max(0, roll.result.pools[0].total)
        effect = Recover(points, first) if focus is None else Recover(points, Resource.FOCUS,
                                                                      focus)
        return await self._kept(member, Rolled(roll, await self._sheets.apply(member, RollEffect(
            roll.roll_id, record.character_id, effect, f"rest:{roll.roll_id}",
            f"short rest, roll {roll.roll_id}"), hidden=roll.hidden)))

    async def _tended(self, member: Member, resting: CharacterRecord,
                      tended_by: str | None) -> tuple[int, str]:
        """Tend to Others: the tender's Medicine modifier and how the roll's label names it."""
        if tended_by is None or not tended_by.strip():
            return 0, ""
        tender = await self._characters.find(member, tended_by, Act.SEE)
        if tender.character_id == resting.character_id:
            raise LimitError("{name} cannot tend to itself",
                             hint="tended-by: is the ally who gives up their rest to tend yours",
                             fields={"name": resting.name})
        medicine = tending(tender.sheet).value
        return medicine, f", tended by {tender.name}: Medicine {signed(medicine)}"

    async def recovery(self, member: Member, character_id: str,
                       request: RollRequest) -> RollRecord:
        """The recovery die rolled for Recover in an encounter (whose points it gives)."""
        record = await self._characters.get(member, character_id, Act.CHANGE)
        sides = record.sheet.recovery_die
        rolled = RollCharacter(record.character_id, record.name,
                               f"{RECOVER_LABEL} (recovery die d{sides})")
        return await self._table.roll(evolved(
            request.with_term(ATTACK, None).with_term(CHARACTER, rolled), notation=f"1d{sides}",
            add_plot=False, dc=None, label=request.label or RECOVER_LABEL))

    # -- what autocomplete offers ----------------------------------------------------------

    async def rollable(self, member: Member) -> list[str]:
        return [record.name for record in await self._characters.rollable(member)]

    async def skills(self, member: Member, character: str | None) -> list[tuple[str, str]]:
        """The skills of ``character`` (``None``: active) as (``Insight +5``, name)."""
        try:
            record = await self._characters.find(member, character, Act.ROLL)
        except NazhError:
            return []
        sheet = record.sheet
        return [(f"{skill.name} {signed(sheet.modifier(skill.key).value)}", skill.name)
                for skill in sheet.skills]

    async def weapons(self, member: Member, character: str | None, *,
                      melee: bool = False) -> list[tuple[str, str]]:
        """The weapons of ``character`` (``None``: active) as (``Spear: 1d8``, name); ``melee``:
        the melee ones only."""
        try:
            record = await self._characters.find(member, character, Act.ROLL)
        except NazhError:
            return []
        sheet = record.sheet
        # rule (Unarmed Strike): every character's, but not a weapon attack (melee: for those)
        return [(f"{weapon.name}: {weapon.damage_text}", weapon.name) for weapon in sheet.armed
                if not melee or (not sheet.built_in(weapon)
                                 and melee_weapon(skill_key(weapon.skill), weapon.traits))]


@dataclass(frozen=True, slots=True)
class Foe:
    """A test against a combatant: its name, the defense (``None``: the skill's), the action."""

    target: str
    against: str | None = None
    action: BasicAction | None = None


def defense_of(attribute: Attribute) -> str:
    """The defense a skill of ``attribute`` is tested against (Strength, Speed: physical...)."""
    return next(d.name.lower() for d in Defense if attribute in d.attributes)


def _aimed(request: RollRequest, target: tuple[str, int], against: str) -> RollRequest:
    """``request`` against ``target``'s defense: its DC, unless the roller gave one."""
    name, value = target
    if request.dc is not None:
        return request.with_term(TARGET, Target(name, None, request.dc))
    return evolved(request.with_term(TARGET, Target(name, against.strip().lower(), value)),
                   dc=value)


def _with_sheet(situation: Situation, sheet: Character) -> Situation:
    """The situation with the sheet's Exhausted penalty where no encounter holds it: in one, the
    combatant's Exhausted (brought from the sheet when it joined) is the one that counts."""
    if not sheet.exhausted or situation.terms.get(ENCOUNTER) is not None:
        return situation
    # rule (Conditions, Exhausted): -N to every test, until rests lower it
    exhausted = (ConditionName.EXHAUSTED.title, -sheet.exhausted)
    return evolved(situation, parts=(*situation.parts, exhausted))


def _placed(request: RollRequest, situation: Situation) -> RollRequest:
    return evolved(request, terms=request.terms.merged(situation.terms))


def check_notation(modifier: int, mode: DieMode = DieMode.NORMAL) -> str:
    """A test's notation: ``1d20+5``, ``a1d20+5`` (advantage), ``d1d20-1``, ``1d20``."""
    return f"{mode.tag}1d{SKILL_DIE_SIDES}{signed(modifier) if modifier else ''}"
