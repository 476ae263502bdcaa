"""The ``/encounter`` commands: options read into one request for the feature or combatants."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import hikari
import lightbulb

from nazh.adapters.discord.encounters.combatants import CombatantCommands
from nazh.adapters.discord.encounters.feature import EncounterFeature, Suggest
from nazh.adapters.discord.runtime.choices import chosen, one_of
from nazh.application.encounters.lifecycle import Settings
from nazh.application.encounters.roster import QuickCombatant
from nazh.domain.character import Attribute
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.combatant import (
    MAX_DEFENSE,
    MAX_DEFLECT,
    MAX_FOCUS,
    MAX_HEALTH,
    MAX_NAME_LENGTH,
    Role,
    Side,
)
from nazh.domain.encounter.conditions import (
    MAX_DICE_LENGTH,
    MAX_ROUNDS,
    MAX_SOURCE_LENGTH,
    MAX_VALUE,
    ConditionName,
)
from nazh.domain.encounter.damage import MAX_DAMAGE, DamageType, Immunities
from nazh.domain.encounter.encounter import MAX_ENCOUNTER_NAME_LENGTH
from nazh.domain.encounter.errors import EncounterError
from nazh.domain.encounter.roster import MAX_COPIES
from nazh.presentation.glossary import in_english
from nazh.presentation.i18n import N_

loader = lightbulb.Loader()

IN_SERVERS: dict[str, object] = {
    "integration_types": [hikari.ApplicationIntegrationType.GUILD_INSTALL,
                          hikari.ApplicationIntegrationType.USER_INSTALL],
    "contexts": [hikari.ApplicationContextType.GUILD],
}
"""Encounters run in a server's channels (where there is a GM)."""
UNTIL_NEXT_TURN = "end-of-next-turn"
SIDES = [Side.ENEMY.value, Side.ALLY.value]
"""The sides a GM's combatant takes (a player's character is on the players')."""
ATTRIBUTES = [a.name.lower() for a in Attribute]
DAMAGE_TYPES = [kind.value for kind in DamageType]
MAX_IMMUNITIES_LENGTH = 300


def _suggester(which: Suggest) -> Callable[..., Awaitable[None]]:
    async def suggest(ctx: lightbulb.AutocompleteContext[str],
                      feature: EncounterFeature = lightbulb.di.INJECTED) -> None:
        await feature.suggest(ctx.interaction, which, str(ctx.focused.value or ""))
    return suggest


def _combatant_option() -> str:
    return lightbulb.string("combatant", "Which combatant", max_length=MAX_NAME_LENGTH,
                            autocomplete=_suggester(Suggest.COMBATANT), localize=True)


def _choices(values: list[str]) -> list[lightbulb.Choice[str]]:
    return [lightbulb.Choice(value, value, localize=True) for value in values]


encounter_group = lightbulb.Group("encounter", "Run a fight: rounds of fast and slow turns on "
                                  "one live card", localize=True,
                                  **IN_SERVERS)  # type: ignore[arg-type]


@encounter_group.register
class Start(lightbulb.SlashCommand, name="start",
            description="Start this channel's encounter and post its card (a GM)", localize=True):
    """``/encounter start [name]``."""

    name = lightbulb.string("name", "Its name (e.g. Ambush at the chasm)", default="",
                            max_length=MAX_ENCOUNTER_NAME_LENGTH, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EncounterFeature) -> None:
        """Start it."""
        await feature.start(ctx.interaction, self.name)


@encounter_group.register
class Add(lightbulb.SlashCommand, name="add",
          description="Add a combatant: a character or adversary, or a quick one (a GM)",
          localize=True):
    """``/encounter add [character] | name health [defense] ... [count]``."""

    character = lightbulb.string("character", "A character or adversary you can see",
                                 default=None, max_length=64,
                                 autocomplete=_suggester(Suggest.CHARACTER), localize=True)
    name = lightbulb.string("name", "A quick combatant's name (copies: Bandit 1, Bandit 2…)",
                            default=None, max_length=MAX_NAME_LENGTH - 3, localize=True)
    health = lightbulb.integer("health", "Its health", default=None, min_value=1,
                               max_value=MAX_HEALTH, localize=True)
    defense = lightbulb.integer("defense", "Its Physical defense (default 10)", default=10,
                                min_value=0, max_value=MAX_DEFENSE, localize=True)
    cognitive = lightbulb.integer("cognitive", "Its Cognitive defense (default: Physical)",
                                  default=None, min_value=0, max_value=MAX_DEFENSE, localize=True)
    spiritual = lightbulb.integer("spiritual", "Its Spiritual defense (default: Physical)",
                                  default=None, min_value=0, max_value=MAX_DEFENSE, localize=True)
    deflect = lightbulb.integer("deflect", "Its deflect (default 0)", default=0, min_value=0,
                                max_value=MAX_DEFLECT, localize=True)
    focus = lightbulb.integer("focus", "Its focus (default 0)", default=0, min_value=0,
                              max_value=MAX_FOCUS, localize=True)
    role = lightbulb.string("role", "minion, rival or boss (default: a sheet's role, else rival)",
                            default=None,
                            choices=_choices([r.value for r in Role]), localize=True)
    side = lightbulb.string("side", "enemy (default) or ally", default=None,
                            choices=_choices(SIDES), localize=True)
    count = lightbulb.integer("count", f"How many copies (1-{MAX_COPIES}), each with its own "
                              "health", default=1, min_value=1, max_value=MAX_COPIES, localize=True)
    immunities = lightbulb.string("immunities", "Damage types and conditions it is immune to, "
                                  "comma-separated (e.g. spirit, prone)",
                                  default="", max_length=MAX_IMMUNITIES_LENGTH, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, combatants: CombatantCommands) -> None:
        """Add it."""
        role = None if self.role is None else chosen("role", self.role, Role)
        side = None if self.side is None else Side(one_of("side", self.side, SIDES))
        if self.character is not None:
            await combatants.add_character(ctx.interaction, self.character, side, role)
            return
        if self.name is None or self.health is None:
            raise EncounterError(N_("name a character (character:) or give a quick "
                                    "combatant's name: and health:"))
        quick = QuickCombatant(self.name, self.health, self.defense, self.cognitive,
                               self.spiritual, self.deflect, self.focus, role or Role.RIVAL,
                               side or Side.ENEMY, immunities_of(self.immunities))
        await combatants.add(ctx.interaction, quick, self.count)


def immunities_of(text: str) -> Immunities:
    """The damage types and conditions named in a comma-separated list (each checked), in
    any language Nazh speaks."""
    return Immunities.read(",".join(in_english(["condition", "damage type"], word.strip())
                                    for word in text.split(",")))


@encounter_group.register
class Join(lightbulb.SlashCommand, name="join",
           description="Join this channel's encounter with your character", localize=True):
    """``/encounter join [character]``."""

    character = lightbulb.string("character", "Your character (default: your active one)",
                                 default=None, max_length=64,
                                 autocomplete=_suggester(Suggest.OWN), localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, combatants: CombatantCommands) -> None:
        """Join."""
        await combatants.join(ctx.interaction, self.character)


@encounter_group.register
class Remove(lightbulb.SlashCommand, name="remove",
             description="Remove a combatant (its player or a GM)", localize=True):
    """``/encounter remove combatant``."""

    combatant = _combatant_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, combatants: CombatantCommands) -> None:
        """Remove it."""
        await combatants.remove(ctx.interaction, self.combatant)


@encounter_group.register
class Show(lightbulb.SlashCommand, name="show",
           description="Post the card again at the bottom (the old one stops taking clicks)",
           localize=True):
    """``/encounter show``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EncounterFeature) -> None:
        """Post it."""
        await feature.show(ctx.interaction)


@encounter_group.register
class Next(lightbulb.SlashCommand, name="next",
           description="End the current phase now and start the next (a GM)", localize=True):
    """``/encounter next``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EncounterFeature) -> None:
        """Next."""
        await feature.next(ctx.interaction)


@encounter_group.register
class End(lightbulb.SlashCommand, name="end",
          description="End the encounter and post its summary (a GM; anyone once stale)",
          localize=True):
    """``/encounter end``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EncounterFeature) -> None:
        """End it."""
        await feature.end(ctx.interaction)


@encounter_group.register
class Condition(lightbulb.SlashCommand, name="condition",
                description="Give a combatant a condition, or remove it (its player or a GM)",
                localize=True):
    """``/encounter condition``: give a combatant a condition, or remove it."""

    combatant = _combatant_option()
    condition = lightbulb.string("condition", "Which condition",
                                 choices=_choices([c.value for c in ConditionName]), localize=True)
    value = lightbulb.integer("value", "Afflicted's damage, Enhanced's bonus, Exhausted's "
                              "penalty (positive)", default=0, min_value=0, max_value=MAX_VALUE,
                              localize=True)
    rounds = lightbulb.integer("rounds", "It lasts this many rounds (ends at the start of "
                               "this phase then)", default=None, min_value=1,
                               max_value=MAX_ROUNDS, localize=True)
    until = lightbulb.string("until", "It lasts until the end of the combatant's next turn",
                             default=None, choices=_choices([UNTIL_NEXT_TURN]), localize=True)
    remove = lightbulb.boolean("remove", "Remove the condition instead", default=False,
                               localize=True)
    attribute = lightbulb.string("attribute", "Enhanced's attribute", default=None,
                                 choices=_choices(ATTRIBUTES), localize=True)
    source = lightbulb.string("source", "Afflicted's source (it stacks per source)",
                              default="", max_length=MAX_SOURCE_LENGTH, localize=True)
    dice = lightbulb.string("dice", "Afflicted's damage as dice rolled at each of its turn "
                            "ends, instead of value (1d4)", default="",
                            max_length=MAX_DICE_LENGTH, localize=True)
    type = lightbulb.string("type", "Afflicted's damage type: deflect and immunities count",
                            default=None, choices=_choices(DAMAGE_TYPES), localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, combatants: CombatantCommands) -> None:
        """Give or remove it."""
        name = chosen("condition", self.condition, ConditionName)
        attribute = (None if self.attribute is None
                     else Attribute.named(one_of("attribute", self.attribute, ATTRIBUTES)))
        if self.until is not None:
            one_of("until", self.until, [UNTIL_NEXT_TURN])
        if self.remove:
            await combatants.uncondition(ctx.interaction, self.combatant, name, attribute,
                                      self.source.strip() or None)
            return
        kind = None if self.type is None else chosen("type", self.type, DamageType)
        affliction = Affliction(name, self.value, attribute, self.source, self.rounds,
                                self.until == UNTIL_NEXT_TURN, kind, self.dice)
        await combatants.condition(ctx.interaction, self.combatant, affliction)


@encounter_group.register
class Damage(lightbulb.SlashCommand, name="damage",
             description="Apply damage to a combatant by hand (a GM): deflect and immunities "
                         "count", localize=True):
    """``/encounter damage combatant amount [type] [pierce]``."""

    combatant = _combatant_option()
    amount = lightbulb.integer("amount", "The damage", min_value=0, max_value=MAX_DAMAGE,
                               localize=True)
    type = lightbulb.string("type", "Its type: energy, impact and keen are reduced by deflect",
                            default=None, choices=_choices(DAMAGE_TYPES), localize=True)
    pierce = lightbulb.boolean("pierce", "It ignores deflect (a Pierce weapon)", default=False,
                               localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, combatants: CombatantCommands) -> None:
        """Apply it."""
        kind = None if self.type is None else chosen("type", self.type, DamageType)
        await combatants.damage(ctx.interaction, self.combatant, self.amount, kind, self.pierce)


@encounter_group.register
class Heal(lightbulb.SlashCommand, name="heal",
           description="A combatant recovers health (a GM)", localize=True):
    """``/encounter heal combatant amount``."""

    combatant = _combatant_option()
    amount = lightbulb.integer("amount", "The health recovered", min_value=1,
                               max_value=MAX_DAMAGE, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, combatants: CombatantCommands) -> None:
        """Heal."""
        await combatants.heal(ctx.interaction, self.combatant, self.amount)


@encounter_group.register
class Undo(lightbulb.SlashCommand, name="undo",
           description="Undo the latest damage or healing applied to a combatant (a GM)",
           localize=True):
    """``/encounter undo combatant``."""

    combatant = _combatant_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, combatants: CombatantCommands) -> None:
        """Undo it."""
        await combatants.undo(ctx.interaction, self.combatant)


@encounter_group.register
class SettingsCommand(lightbulb.SlashCommand, name="settings",
                      description="This encounter's settings: keep-speed, show-health (a GM); "
                                  "ping (yours)", localize=True):
    """``/encounter settings [keep-speed] [show-health] [ping]``."""

    keep_speed = lightbulb.boolean("keep-speed", "New rounds keep last round's fast and slow "
                                   "choices (a GM)", default=None, localize=True)
    show_health = lightbulb.boolean("show-health", "The card shows the enemies' health to "
                                    "everyone (a GM)", default=None, localize=True)
    ping = lightbulb.boolean("ping", "Mention you (only you) when your phase starts",
                             default=None, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EncounterFeature) -> None:
        """Change them."""
        await feature.settings(ctx.interaction, Settings(self.keep_speed, self.show_health,
                                                         self.ping))


@encounter_group.register
class Log(lightbulb.SlashCommand, name="log",
          description="The encounter's latest changes: who, what, when, round and phase",
          localize=True):
    """``/encounter log``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EncounterFeature) -> None:
        """Show them."""
        await feature.log(ctx.interaction)


@encounter_group.register
class Export(lightbulb.SlashCommand, name="export",
             description="The encounter as JSON (format nazh-encounter, version 1)", localize=True):
    """``/encounter export``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EncounterFeature) -> None:
        """Attach it."""
        await feature.export(ctx.interaction)


@encounter_group.register
class ListCommand(lightbulb.SlashCommand, name="list",
                  description="This server's open encounters (stale ones marked)", localize=True):
    """``/encounter list``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: EncounterFeature) -> None:
        """List them."""
        await feature.listed(ctx.interaction)


loader.command(encounter_group)
