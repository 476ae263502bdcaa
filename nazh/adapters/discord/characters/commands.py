"""The ``/character`` commands: their options read and handed to :mod:`.feature`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import lightbulb

from nazh.adapters.discord.characters.feature import CharacterFeature
from nazh.adapters.discord.characters.options import DAMAGE_TYPES, RECOVERED, Rest, WeaponOptions
from nazh.adapters.discord.characters.sheet import (
    Suggest,
)
from nazh.adapters.discord.runtime.choices import chosen, one_of
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.application.characters.fields import AUTO
from nazh.application.characters.transfer import (
    MAX_IMPORT_BYTES,
)
from nazh.domain.attributes import CharacterError
from nazh.domain.character import (
    MAX_LEVEL,
    MAX_NAME_LENGTH,
    MAX_RANKS,
    MAX_RESOURCE,
    MAX_TEXT_LENGTH,
    MIN_LEVEL,
    MIN_RANKS,
    Attribute,
    Kind,
    Resource,
)
from nazh.domain.weapon import MAX_ATTACK_MODIFIER, MIN_ATTACK_MODIFIER
from nazh.presentation.glossary import in_english

loader = lightbulb.Loader()


# -- the commands ----------------------------------------------------------------------------


def _suggester(which: Suggest) -> Callable[..., Awaitable[None]]:
    async def suggest(ctx: lightbulb.AutocompleteContext[str],
                      feature: CharacterFeature = lightbulb.di.INJECTED) -> None:
        character = next((option.value for option in ctx.options
                          if option.name == "character" and not option.is_focused), None)
        await feature.suggest(ctx.interaction, which, str(ctx.focused.value or ""),
                              str(character) if character else None)
    return suggest


def character_option() -> str | None:
    """The ``character`` option: which character (default: your active one)."""
    return lightbulb.string("character", "Which character (default: your active one)",
                            default=None, max_length=MAX_NAME_LENGTH,
                            autocomplete=_suggester(Suggest.CHANGEABLE), localize=True)


ATTRIBUTE_CHOICES = [lightbulb.Choice(a.name.lower(), a.name.lower(),
                                      localize=True) for a in Attribute]
ATTRIBUTE_NAMES = [a.name.lower() for a in Attribute]

character_group = lightbulb.Group("character", "Your Cosmere characters (and a GM's adversaries)",
                                  **EVERYWHERE, localize=True)


def _score(attribute: Attribute) -> int:
    return lightbulb.integer(attribute.name.lower(), f"{attribute.title} (0-10)", default=0,
                             min_value=0, max_value=10, localize=True)


@character_group.register
class New(lightbulb.SlashCommand, name="new",
          description="Make a character (a GM: an adversary)", localize=True):
    """``/character new name [kind] [level] [strength] ... [presence] [shared]``."""

    name_ = lightbulb.string("name", "Its name (1-64 characters)", min_length=1,
                             max_length=MAX_NAME_LENGTH, localize=True)
    kind = lightbulb.string("kind", "character (yours) or adversary (GMs)", default="character",
                            choices=[lightbulb.Choice(k.value, k.value, localize=True)
                                     for k in Kind],
                            localize=True)
    level = lightbulb.integer("level", "Level (1-30)", default=1, min_value=MIN_LEVEL,
                              max_value=MAX_LEVEL, localize=True)
    strength = _score(Attribute.STRENGTH)
    speed = _score(Attribute.SPEED)
    intellect = _score(Attribute.INTELLECT)
    willpower = _score(Attribute.WILLPOWER)
    awareness = _score(Attribute.AWARENESS)
    presence = _score(Attribute.PRESENCE)
    shared = lightbulb.boolean("shared", "Show the sheet to the table, in a server (default: "
                               "only you and the GMs)", default=False, localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Make it."""
        kind = chosen("kind", self.kind, Kind)
        scores = dict(zip(Attribute, (self.strength, self.speed, self.intellect, self.willpower,
                                      self.awareness, self.presence), strict=True))
        await feature.new(ctx.interaction, self.name_, kind, self.level, scores,
                          bool(self.shared))


@character_group.register
class Show(lightbulb.SlashCommand, name="show",
           description="A character's sheet (public when it is shared)", localize=True):
    """``/character show [name]``."""

    name_ = lightbulb.string("name", "Which character (default: your active one)",
                             default=None, max_length=MAX_NAME_LENGTH,
                             autocomplete=_suggester(Suggest.VISIBLE), localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Show it."""
        await feature.show(ctx.interaction, self.name_)


@character_group.register
class List(lightbulb.SlashCommand, name="list",
           description="The characters you can see here", localize=True):
    """``/character list``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """List them."""
        await feature.listing(ctx.interaction)


@character_group.register
class Use(lightbulb.SlashCommand, name="use",
          description="Make one of your characters your active one here", localize=True):
    """``/character use name``."""

    name_ = lightbulb.string("name", "Your character", max_length=MAX_NAME_LENGTH,
                             autocomplete=_suggester(Suggest.OWN), localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Use it."""
        await feature.use(ctx.interaction, self.name_)


@character_group.register
class Set(lightbulb.SlashCommand, name="set",
          description="Change one field of a character (checked)", localize=True):
    """``/character set field value [character]``."""

    field = lightbulb.string("field", "e.g. level, strength, insight, health, focus-max",
                             max_length=MAX_TEXT_LENGTH, autocomplete=_suggester(Suggest.FIELD),
                             localize=True)
    value = lightbulb.string("value", f"The new value (a maximum or defense: {AUTO} derives "
                             "it again)", max_length=1000, localize=True)
    character = character_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Set it."""
        await feature.set(ctx.interaction, self.character, self.field, self.value)


@character_group.register
class WeaponCommand(lightbulb.SlashCommand, name="weapon",
                    description="Add or change a character's weapon, or remove it", localize=True):
    """``/character weapon``: add, change or remove a weapon on a sheet."""

    name_ = lightbulb.string("name", "The weapon's name", max_length=MAX_TEXT_LENGTH,
                             autocomplete=_suggester(Suggest.WEAPON), localize=True)
    skill = lightbulb.string("skill", "The skill its test uses", default=None,
                             max_length=MAX_TEXT_LENGTH, autocomplete=_suggester(Suggest.SKILL),
                             localize=True)
    damage = lightbulb.string("damage", "Its damage dice, e.g. 1d8 or 2d6+2; a fixed value "
                              "with its dice: 7 (1d6+4)", default=None, max_length=40,
                              localize=True)
    type_ = lightbulb.string("type", "Its damage type", default=None,
                             choices=[lightbulb.Choice(t, t, localize=True)
                                      for t in DAMAGE_TYPES], localize=True)
    traits = lightbulb.string("traits", "Its traits, comma-separated (e.g. deadly, two-handed)",
                              default=None, max_length=700, localize=True)
    can_graze = lightbulb.boolean("can_graze", "A miss may become a graze (default true)",
                                  default=True, localize=True)
    remove = lightbulb.boolean("remove", "Remove the weapon", default=False, localize=True)
    character = character_option()
    pierce = lightbulb.boolean("pierce", "It has the trait Pierce: it ignores deflect",
                               default=False, localize=True)
    modifier = lightbulb.integer("modifier", "An adversary's attack: its own modifier to hit "
                                 "(instead of the skill's)", default=None,
                                 min_value=MIN_ATTACK_MODIFIER, max_value=MAX_ATTACK_MODIFIER,
                                 localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Arm or disarm."""
        damage_type = one_of("type", self.type_, DAMAGE_TYPES) if self.type_ else None
        await feature.weapon(ctx.interaction, self.character, WeaponOptions(
            self.name_, self.skill, self.damage, damage_type, self.traits,
            bool(self.can_graze), bool(self.remove), bool(self.pierce), self.modifier))


@character_group.register
class Reload(lightbulb.SlashCommand, name="reload",
             description="Reload a weapon that stores ammunition (the trait Loaded): 1 action",
             localize=True):
    """``/character reload weapon [character]``."""

    weapon = lightbulb.string("weapon", "The weapon to reload", max_length=MAX_TEXT_LENGTH,
                              autocomplete=_suggester(Suggest.LOADED), localize=True)
    character = character_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Reload."""
        await feature.reload(ctx.interaction, self.character, self.weapon)


@character_group.register
class SkillCommand(lightbulb.SlashCommand, name="skill",
                   description="Set a skill's ranks, add a custom skill, or remove one",
                   localize=True):
    """``/character skill name [attribute] [ranks] [remove] [character]``."""

    name_ = lightbulb.string("name", "The skill (a new one, e.g. a surge, is added)",
                             max_length=MAX_TEXT_LENGTH, autocomplete=_suggester(Suggest.SKILL),
                             localize=True)
    attribute = lightbulb.string("attribute", "Its attribute (a new skill needs it)",
                                 default=None, choices=ATTRIBUTE_CHOICES, localize=True)
    ranks = lightbulb.integer("ranks", "Its ranks (0-5)", default=None, min_value=MIN_RANKS,
                              max_value=MAX_RANKS, localize=True)
    remove = lightbulb.boolean("remove", "Remove the custom skill", default=False, localize=True)
    character = character_option()

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Train or forget."""
        attribute = (Attribute.named(one_of("attribute", self.attribute, ATTRIBUTE_NAMES))
                     if self.attribute else None)
        await feature.skill(ctx.interaction, self.character, in_english(["skill"], self.name_),
                            attribute, self.ranks, bool(self.remove))


@character_group.register
class Share(lightbulb.SlashCommand, name="share",
            description="Show your character's sheet to the server's table, or stop",
            localize=True):
    """``/character share shared [character]``."""

    shared = lightbulb.boolean("shared", "true: the table sees the sheet; false: only you "
                               "and the GMs", localize=True)
    character = lightbulb.string("character", "Which of your characters (default: your "
                                 "active one)", default=None, max_length=MAX_NAME_LENGTH,
                                 autocomplete=_suggester(Suggest.OWN), localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Share it, or stop."""
        await feature.share(ctx.interaction, self.character, bool(self.shared))


@character_group.register
class RestCommand(lightbulb.SlashCommand, name="rest",
                  description="A rest: short (the recovery die) or long (full, Exhausted -1, "
                              "injuries heal)", localize=True):
    """``/character rest kind [character] [first] [tended-by] [focus]``."""

    kind = lightbulb.string("kind", "short (roll the recovery die) or long (all health and focus, "
                            "Exhausted -1, injuries heal)", choices=[
                                lightbulb.Choice(r.value, r.value, localize=True)
                                for r in Rest], localize=True)
    character = character_option()
    first = lightbulb.string("first", "A short rest's points go to this first, the rest to the "
                             "other (default health)", default=None, choices=[
                                 lightbulb.Choice(r.value, r.value, localize=True)
                                 for r in RECOVERED],
                             localize=True)
    tended_by = lightbulb.string("tended-by", "Tend to Others (short rest): the ally who tends "
                                 "you adds their Medicine", default=None,
                                 max_length=MAX_NAME_LENGTH,
                                 autocomplete=_suggester(Suggest.VISIBLE), localize=True)
    focus = lightbulb.integer("focus", "A short rest: at most this many points to focus, the rest "
                              "to health", default=None, min_value=0, max_value=MAX_RESOURCE,
                              localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Rest."""
        kind = chosen("kind", self.kind, Rest)
        if self.focus is not None and (kind is not Rest.SHORT or self.first is not None):
            raise CharacterError("focus: splits a short rest's points, in place of first:",
                                 hint="a short rest: focus:2 (the rest to health)")
        first = (Resource.HEALTH if self.first is None
                 else Resource(one_of("first", self.first, [r.value for r in RECOVERED])))
        await feature.rest(ctx.interaction, kind, self.character, first, self.tended_by,
                           self.focus)


@character_group.register
class Delete(lightbulb.SlashCommand, name="delete",
             description="Delete a character (asks first)", localize=True):
    """``/character delete name``."""

    name_ = lightbulb.string("name", "Which character", max_length=MAX_NAME_LENGTH,
                             autocomplete=_suggester(Suggest.CHANGEABLE), localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Ask to delete it."""
        await feature.delete(ctx.interaction, self.name_)


@character_group.register
class Export(lightbulb.SlashCommand, name="export",
             description="A character as a JSON file (to import here, elsewhere, later)",
             localize=True):
    """``/character export [name]``."""

    name_ = lightbulb.string("name", "Which character (default: your active one)",
                             default=None, max_length=MAX_NAME_LENGTH,
                             autocomplete=_suggester(Suggest.VISIBLE), localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Export it."""
        await feature.export(ctx.interaction, self.name_)


@character_group.register
class Import(lightbulb.SlashCommand, name="import",
             description="Import characters from /character export or a Foundry VTT actor",
             localize=True):
    """``/character import file``."""

    file = lightbulb.attachment("file", f"The JSON file (at most {MAX_IMPORT_BYTES // 1024} "
                                "KiB); without one, a form to attach it", default=None,
                                localize=True)

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: CharacterFeature) -> None:
        """Import it."""
        await feature.import_(ctx.interaction, self.file)


loader.command(character_group)
