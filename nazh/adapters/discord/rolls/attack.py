"""``/attack``: an attack test and its damage in one roll, judged against the target's defense."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.rolls.attack_controls import AttackAction, AttackControl
from nazh.adapters.discord.rolls.check import suggest_characters, suggest_combatants
from nazh.adapters.discord.rolls.clicks import ephemeral
from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.autocomplete import matching, typed_in
from nazh.adapters.discord.runtime.choices import (
    advantage_option,
    character_option,
    chosen,
    complication_option,
    mode_of,
    one_of,
    opportunity_option,
    ranges_of,
    visibility_of,
    visibility_option,
)
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.members import member_of, roller_of
from nazh.adapters.discord.runtime.physical import physical_option, with_faces
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import DEFER_UPDATE, Answering, InteractionWrapper
from nazh.application.characters.rolls import NO_AIM, Aim, CharacterRolls
from nazh.application.encounters.changes import EncounterChanges
from nazh.application.encounters.other_targets import other_targets
from nazh.application.encounters.roll_handler import DEFENSES
from nazh.application.rolls.model import Rolled, RollRecord, RollRequest
from nazh.application.rolls.terms.attack import ATTACK
from nazh.application.rolls.terms.circumstances import CIRCUMSTANCES
from nazh.application.rolls.terms.targets import OTHER_TARGETS
from nazh.application.rolls.use_cases import RollUseCases
from nazh.application.settings.server import Visibility
from nazh.domain import attack, limits
from nazh.domain.attack import Step
from nazh.domain.character import MAX_TEXT_LENGTH
from nazh.domain.circumstances import NONE as NO_CIRCUMSTANCES
from nazh.domain.circumstances import Circumstance, Circumstances, with_disadvantages
from nazh.domain.encounter.damage import DamageType
from nazh.domain.errors import AttackError
from nazh.domain.evolve import evolved
from nazh.domain.ranges import HIGHEST_FACE, LOWEST_FACE
from nazh.domain.spec import DieMode
from nazh.domain.spending import Use
from nazh.domain.unarmed import UNARMED
from nazh.presentation.i18n import term

loader = lightbulb.Loader()


@dataclass(frozen=True, slots=True)
class AttackOptions:
    """The options of ``/attack`` (``weapon``: a character's; else ``damage``; ``test``: 1d20)."""

    damage: str | None
    test: str | None = None
    defense: int | None = None
    plot: bool = False
    label: str | None = None
    visibility: Visibility | None = None
    opportunity: int = HIGHEST_FACE
    complication: int = LOWEST_FACE
    weapon: str | None = None
    character: str | None = None
    mode: DieMode = DieMode.NORMAL
    target: str | None = None
    aim: Aim = NO_AIM
    physical: str | None = None
    circumstances: Circumstances = NO_CIRCUMSTANCES
    others: tuple[str, ...] = ()  # the targets besides ``target`` (target2, target3)


# An attack is a roll with terms: every roll control works on its result (plot die, advantage on any
# die, damage included); its own Hit, Graze and Critical hit come back here. With ``weapon`` it is a
# character's (d20 + the skill's modifier, the weapon's dice, a graze spends focus).
class AttackFeature:
    """Attacks: rolled, posted, amended like any roll; their outcome recorded with their buttons."""

    def __init__(self, rolls: RollUseCases, character_rolls: CharacterRolls,
                 wrapper: InteractionWrapper, answers: RollAnswers,
                 encounters: EncounterChanges | None = None) -> None:
        self._encounters = encounters
        self._table = rolls.table
        self._steps = rolls.steps
        self._rolls = character_rolls
        self._wrapper = wrapper
        self._answers = answers

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from the roll use cases and the character rolls."""
        return cls(deps.rolls, deps.character_rolls, deps.wrapper, deps.answers,
                   deps.encounters.changes)

    async def attack(self, interaction: hikari.CommandInteraction,
                     options: AttackOptions) -> None:
        """``/attack``: check the options, roll test and damage together, post (and a GM copy)."""
        private = options.visibility is Visibility.PRIVATE
        answering = Answering("attack", "command", ephemeral=private)
        async with self._wrapper.answering(interaction, answering) as responder:
            # a target next to an ally raises the stakes (the rules: once per test)
            declared = options.circumstances
            request = with_faces(RollRequest(
                "", roller_of(interaction), add_plot=options.plot or declared.raises_stakes,
                dc=options.defense, label=options.label, visibility=options.visibility,
                received=responder.received,
                opportunity=options.opportunity, complication=options.complication),
                options.physical).with_term(CIRCUMSTANCES, declared or None)
            await self._answers.answer_roll(
                responder, interaction, request,
                lambda asked: self._rolled(interaction, options, asked))

    async def _rolled(self, interaction: hikari.CommandInteraction, options: AttackOptions,
                      request: RollRequest) -> RollRecord | Rolled:
        if options.weapon is not None:
            if options.test is not None or options.damage is not None:
                raise AttackError("weapon: the weapon gives the test and the damage",
                                  hint="leave test and damage out, or the weapon for a raw "
                                       "attack")
            return await self._rolls.attack(
                member_of(interaction), options.weapon,
                await self._with_others(interaction, options, request),
                character=options.character, mode=options.mode, defense=options.defense,
                target=options.target, aim=options.aim)
        if options.damage is None:
            raise AttackError("damage: an attack without a weapon needs its damage dice",
                              hint="e.g. damage:2d6, or weapon: one of your character's")
        if (options.character is not None or options.mode is not DieMode.NORMAL
                or options.target is not None or options.aim != NO_AIM or options.others):
            raise AttackError("character, advantage, target, against and type go with a "
                              "weapon",
                              hint="type a raw attack's advantage in its test: test:a1d20+5")
        # a raw attack has no weapon, so no trait Momentum
        test, declared = options.test or "1d20", options.circumstances.check_momentum(None)
        attack.prepare(test, options.damage, options.defense)  # its options checked first
        notation, terms = attack.prepare(with_disadvantages(test, declared.disadvantages),
                                         options.damage, options.defense)
        terms = evolved(terms, can_graze=declared.can_graze)
        return await self._table.roll(
            evolved(request.with_term(ATTACK, terms), notation=notation))

    async def _with_others(self, interaction: hikari.CommandInteraction,
                           options: AttackOptions, request: RollRequest) -> RollRequest:
        """``request`` with the attack's other targets and their defense (none: as it is)."""
        if not options.others:
            return request
        if options.target is None or self._encounters is None:
            raise AttackError("target2 and target3 go with target: the first target",
                              hint="an attack on several targets names them all as "
                                   "combatants of the channel's encounter")
        if options.defense is not None:
            raise AttackError("defense: with several targets, each target's own defense "
                              "counts", hint="leave defense out")
        found = await other_targets(self._encounters, interaction.channel_id, options.target,
                                    options.others, options.aim.against or "physical")
        return request.with_term(OTHER_TARGETS, found)

    async def on_control(self, interaction: hikari.ComponentInteraction,
                         control: AttackControl) -> None:
        """Hit, Graze or Critical hit clicked on an attack's result."""
        answering = Answering(f"component:{control.action.value}", "component", DEFER_UPDATE)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._clicked(responder, interaction, control)

    async def _clicked(self, responder: Responder, interaction: hikari.ComponentInteraction,
                       control: AttackControl) -> None:
        """The hit or graze recorded, or the critical hit spent, shown on the result."""
        member, roll_id, received = member_of(interaction), control.roll_id, responder.received
        # a message the channel sees shows only what the channel may see: the use case asks
        # the rule for the clicker's act and the channel's sight in one check
        in_channel = not ephemeral(interaction.message)
        if control.action is AttackAction.CRITICAL:
            moved = await self._steps.spend(roll_id, member, Use.CRITICAL, received=received,
                                            in_channel=in_channel)
        elif control.action is AttackAction.GRAZE_OTHER:
            moved = await self._steps.graze_other(roll_id, member, control.index,
                                                  received=received, in_channel=in_channel)
        else:
            step = Step.HIT if control.action is AttackAction.HIT else Step.GRAZE
            moved = await self._steps.record_attack(roll_id, member, step, received=received,
                                                    in_channel=in_channel)
        # a private attack keeps offering its one reader only what they may do
        await self._answers.redraw(responder, interaction, moved)

    async def suggest_weapons(self, interaction: hikari.AutocompleteInteraction, typed: str,
                              character: str | None) -> None:
        """Autocomplete of ``weapon``: the character's weapons matching the text, with damage."""
        found = await self._rolls.weapons(member_of(interaction), character)
        # the unarmed attack in the member's language (its value stays the rules' word)
        async with self._wrapper.suggesting(interaction) as responder:
            shown = [(label.replace(UNARMED, term("action", UNARMED), 1) if name == UNARMED
                      else label, name) for label, name in found]
            await responder.choices(matching(shown, typed))

    async def suggest_targets(self, interaction: hikari.AutocompleteInteraction,
                              typed: str) -> None:
        """Autocomplete of ``target``: the combatants of the channel's encounter."""
        await suggest_combatants(self._wrapper, self._encounters, interaction, typed)

    async def suggest_characters(self, interaction: hikari.AutocompleteInteraction,
                                 typed: str) -> None:
        """Autocomplete of ``character``: the characters the user may roll here."""
        await suggest_characters(self._wrapper, self._rolls, interaction, typed)


async def suggest_weapons(ctx: lightbulb.AutocompleteContext[str],
                          feature: AttackFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``weapon``."""
    await feature.suggest_weapons(ctx.interaction, str(ctx.focused.value or ""),
                                  typed_in(ctx, "character"))


async def suggest_targets(ctx: lightbulb.AutocompleteContext[str],
                          feature: AttackFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``target``."""
    await feature.suggest_targets(ctx.interaction, str(ctx.focused.value or ""))


async def suggest_attack_characters(ctx: lightbulb.AutocompleteContext[str],
                                    feature: AttackFeature = lightbulb.di.INJECTED) -> None:
    """Autocomplete of ``character``."""
    await feature.suggest_characters(ctx.interaction, str(ctx.focused.value or ""))


@loader.command
class Attack(
    lightbulb.SlashCommand,
    name="attack",
    description="Attack: the test against a defense, with its damage, graze and critical hit",
    **EVERYWHERE, localize=True):
    """``/attack test:a1d20+5 damage:2d6 defense:14``, or ``/attack weapon:Spear defense:14``."""

    damage = lightbulb.string(
        "damage", "Damage dice, e.g. 2d6 (the test's modifier is added on a hit) or 2d6+3",
        default=None, min_length=1, max_length=limits.MAX_INPUT_LENGTH, localize=True)
    test = lightbulb.string(
        "test", "The attack test: one d20 with its modifier, e.g. a1d20+5 (a/d: advantage)",
        default=None, min_length=1, max_length=limits.MAX_INPUT_LENGTH, localize=True)
    defense = lightbulb.integer(
        "defense", "The target's defense: a hit when the test's total meets it",
        default=None, min_value=attack.MIN_DEFENSE, max_value=attack.MAX_DEFENSE, localize=True)
    plot = lightbulb.boolean("plot", "Raise the stakes: roll the plot die with the test",
                             default=False, localize=True)
    label = lightbulb.string("label", "What the attack is, shown on the result",
                             default=None, max_length=100, localize=True)
    visibility = visibility_option()
    opportunity = opportunity_option()
    complication = complication_option()
    weapon = lightbulb.string(
        "weapon", "Your character's weapon: its skill's test and its damage (no test or damage)",
        default=None, min_length=1, max_length=MAX_TEXT_LENGTH, autocomplete=suggest_weapons,
        localize=True)
    advantage = advantage_option()
    character = character_option(suggest_attack_characters)
    target = lightbulb.string(
        "target", "With a weapon: the combatant attacked (its defense and conditions count; "
        "the damage lands on it)", default=None, max_length=64,
        autocomplete=suggest_targets, localize=True)
    against = lightbulb.string(
        "against", "With a target: the defense attacked (Physical unless said)", default=None,
        choices=[lightbulb.Choice(d, d, localize=True) for d in DEFENSES], localize=True)
    type = lightbulb.string(
        "type", "With a target: the damage's type, where the weapon does not say one",
        default=None, choices=[lightbulb.Choice(t.value, t.value, localize=True)
                               for t in DamageType],
        localize=True)
    physical = physical_option()
    target2 = lightbulb.string(
        "target2", "With target: a second target of an attack that has several (its own "
        "defense)", default=None, max_length=64, autocomplete=suggest_targets, localize=True)
    target3 = lightbulb.string(
        "target3", "With target: a third target of an attack that has several (its own "
        "defense)", default=None, max_length=64, autocomplete=suggest_targets, localize=True)
    long_range = lightbulb.boolean(
        "long-range", "Ranged: the target is in the weapon's long range (a disadvantage)",
        default=False, localize=True)
    in_reach = lightbulb.boolean(
        "in-reach", "Ranged: you shoot within an enemy's reach (a disadvantage)", default=False,
        localize=True)
    near_ally = lightbulb.boolean(
        "near-ally", "Ranged: the target is next to your ally (stakes raised; a Complication "
        "may graze the ally)", default=False, localize=True)
    unseen = lightbulb.boolean(
        "unseen", "You cannot sense the target (a disadvantage, and it cannot be grazed)",
        default=False, localize=True)
    charged = lightbulb.boolean(
        "charged", "Momentum: you moved 10+ feet straight at the target this turn (an "
        "advantage)", default=False, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, attacks: AttackFeature) -> None:
        """Attack."""
        visibility = visibility_of(self.visibility)
        against = None if self.against is None else one_of("against", self.against, DEFENSES)
        kind = None if self.type is None else chosen("type", self.type, DamageType)
        declared = {c for c, said in ((Circumstance.LONG_RANGE, self.long_range),
                                      (Circumstance.IN_REACH, self.in_reach),
                                      (Circumstance.NEAR_ALLY, self.near_ally),
                                      (Circumstance.UNSEEN, self.unseen),
                                      (Circumstance.CHARGED, self.charged)) if said}
        await attacks.attack(ctx.interaction, AttackOptions(
            self.damage, self.test, self.defense, self.plot, self.label, visibility,
            *ranges_of(self.opportunity, self.complication), self.weapon, self.character,
            mode_of(self.advantage), self.target, Aim(against, kind), self.physical,
            Circumstances.of(declared),
            tuple(name for name in (self.target2, self.target3) if name and name.strip())))
