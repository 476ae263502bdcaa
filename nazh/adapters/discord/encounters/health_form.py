"""The GM panel's damage and healing: a select of the combatants, then a form of the amount, its
type, Pierce and who else takes it (``nz1:ech:<encounter id>``, then ``nz1:ecf:<encounter
id>:<combatant>``), as ``/encounter damage`` and ``/encounter heal`` do by hand."""

from __future__ import annotations

from dataclasses import dataclass

import hikari

from nazh.adapters.discord.encounters.controls import (
    FORM_KIND,
    TARGET_KIND,
    amount_form,
)
from nazh.adapters.discord.encounters.panel_form import (
    FORM_TITLE_LIMIT,
    Form,
    PanelFormControl,
    PanelForms,
    panel_codec,
)
from nazh.adapters.discord.encounters.wording import damage_said, healed_said
from nazh.adapters.discord.runtime.forms import (
    CHECKBOX_OPTIONS,
    CheckboxField,
    CheckboxGroupField,
    FormAnswers,
    Label,
    Option,
    SelectField,
    TextField,
    answers_of,
)
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Components, Responder
from nazh.domain.encounter.damage import MAX_DAMAGE
from nazh.domain.encounter.damage_types import DamageType
from nazh.domain.encounter.encounter import Encounter
from nazh.domain.encounter.errors import EncounterError
from nazh.presentation.chat import clip
from nazh.presentation.i18n import N_, ToReader, _

AMOUNT_INPUT = "amount"
TYPE_INPUT = "type"
PIERCE_INPUT = "pierce"
OTHERS_INPUT = "others"


HealthControl = PanelFormControl
"""The select of whom to damage or heal, or (``combatant`` given) its amount's form."""


CODEC = panel_codec(TARGET_KIND, FORM_KIND)
"""The GM panel's damage and healing."""


def parsed_amount(text: str) -> tuple[int, bool]:
    """The amount typed (``6``: damage; ``+4``: healing) and whether it heals."""
    typed = text.strip()
    heals = typed.startswith("+")
    digits = typed.removeprefix("+").removeprefix("-").strip()
    if not digits.isascii() or not digits.isdigit() or not 0 < int(digits) <= MAX_DAMAGE:
        raise EncounterError(_("type an amount from 1 to {most}: 6 deals 6 damage, +6 heals 6")
                             .format(most=MAX_DAMAGE))
    return int(digits), heals


def health_fields(encounter: Encounter, name: str) -> Components:
    """The form's fields: the amount, its damage type, Pierce, and (a checkbox each) the other
    combatants still standing who take the same, as an area's damage or healing does."""
    # the glossary's words, as a sheet's weapons name them (sheet_words)
    types = [Option(_(kind.value.title()), kind.value) for kind in DamageType]
    fields: list[hikari.api.ComponentBuilder] = [
        Label(_("Damage (6), or healing with a + (+6)"),
              TextField(AMOUNT_INPUT, min_length=1, max_length=5, placeholder=_("e.g. 6 or +4"))),
        Label(_("Damage type"), SelectField(TYPE_INPUT, types, placeholder=_("None"),
                                            required=False, min_values=0),
              _("Energy, impact and keen are reduced by deflect")),
        Label(_("Pierce"), CheckboxField(PIERCE_INPUT), _("It ignores deflect")),
    ]
    others = [c.name for c in encounter.combatants if c.name != name and not c.defeated]
    if others:  # a group holds at most 10: the first 10 in the card's order
        fields.append(Label(
            _("Also to"), CheckboxGroupField(OTHERS_INPUT, [
                Option(clip(other, 100), other) for other in others[:CHECKBOX_OPTIONS]]),
            _("The others who take the same")))
    return fields


@dataclass(frozen=True, slots=True)
class HealthAsked:
    """What the form asks: the amount, whether it heals, its type, Pierce, who else takes it."""

    amount: int
    heals: bool
    damage_type: DamageType | None
    pierce: bool
    others: tuple[str, ...]


def health_asked(answers: FormAnswers) -> HealthAsked:
    """The form's answers, each field checked (a refusal names the one to fix)."""
    amount, heals = parsed_amount(answers.text(AMOUNT_INPUT))
    chosen = answers.choice(TYPE_INPUT)
    kind = None
    if chosen is not None:
        try:
            kind = DamageType(chosen)
        except ValueError:
            raise EncounterError(_("Damage type: choose one of the list")) from None
    pierce = answers.checked(PIERCE_INPUT)
    if heals and (kind is not None or pierce):
        raise EncounterError(_("healing has no damage type nor Pierce: leave them empty"))
    return HealthAsked(amount, heals, kind, pierce, answers.chosen.get(OTHERS_INPUT, ()))


class HealthForms(PanelForms):
    """The GM panel's Damage or heal: whom, then how much (a GM, as the commands)."""

    NAME = "encounter-health"
    REFUSAL = N_("damage and healing by hand are a GM's")

    async def _form(self, interaction: hikari.ComponentInteraction, encounter_id: str,
                    name: str) -> Form:
        encounter = (await self._uses.changes.current(interaction.channel_id)).encounter
        return (clip(_("Damage or heal {name}").format(name=name), FORM_TITLE_LIMIT),
                amount_form(encounter_id, name), health_fields(encounter, name))

    async def _submitted(self, interaction: hikari.ModalInteraction, responder: Responder,
                         name: str) -> None:
        with ToReader():
            asked = health_asked(answers_of(interaction))
        member = member_of(interaction)
        names = (name, *asked.others)
        # the others checked before any takes it: a form half applied would say less than
        # it did (a name not in the fight, damage on one defeated since the form opened);
        # the one chosen is the use case's to refuse, after who may act
        encounter = (await self._uses.changes.current(interaction.channel_id)).encounter
        for other in asked.others:
            if encounter.find(other).defeated and not asked.heals:
                with ToReader():  # a refusal is the presser's
                    raise EncounterError(_("{name} is defeated: untick it").format(
                        name=other), combatant=other)
        said: list[str] = []
        # the one chosen first, then the others ticked, in the card's order
        for each in names:
            if asked.heals:
                changed = await self._uses.health.heal(member, interaction.channel_id, each,
                                                       asked.amount)
                said.append(healed_said(changed, each))
                continue
            damaged = await self._uses.health.damage(
                member, interaction.channel_id, each, asked.amount, asked.damage_type,
                pierce=asked.pierce)
            changed = damaged.changed
            said.append(damage_said(damaged))
        await self._card.told(interaction, responder, changed, "\n".join(said))
