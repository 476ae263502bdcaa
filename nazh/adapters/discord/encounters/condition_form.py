"""The GM panel's Give a condition: a select of the combatants, then a form of the condition, its
value and its duration (``nz1:ecn:<encounter id>``, then ``nz1:eco:<encounter id>:<combatant>``),
as ``/encounter condition`` does by hand."""

from __future__ import annotations

import hikari

from nazh.adapters.discord.encounters.controls import (
    CONDITION_FORM_KIND,
    WHO_KIND,
    condition_form,
)
from nazh.adapters.discord.encounters.panel_form import (
    FORM_TITLE_LIMIT,
    Form,
    PanelFormControl,
    PanelForms,
    panel_codec,
)
from nazh.adapters.discord.encounters.wording import conditions_said
from nazh.adapters.discord.runtime.forms import (
    CheckboxField,
    FormAnswers,
    Label,
    Option,
    SelectField,
    TextField,
    answers_of,
)
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.responder import Components, Responder
from nazh.application.settings.language import Language, language_of
from nazh.domain.encounter.acts import Affliction
from nazh.domain.encounter.conditions import MAX_ROUNDS, MAX_VALUE, ConditionName
from nazh.domain.encounter.errors import EncounterError
from nazh.presentation.chat import clip
from nazh.presentation.glossary import word_in
from nazh.presentation.i18n import N_, ToReader, _

CONDITION_INPUT = "condition"
VALUE_INPUT = "value"
ROUNDS_INPUT = "rounds"
UNTIL_INPUT = "until"
OFFERED = tuple(c for c in ConditionName if c is not ConditionName.ENHANCED)
"""The conditions the form gives (Enhanced needs an attribute: ``/encounter condition``)."""


ConditionFormControl = PanelFormControl
"""The select of who takes a condition, or (``combatant`` given) its form."""


CODEC = panel_codec(WHO_KIND, CONDITION_FORM_KIND)
"""The GM panel's Give a condition."""


def condition_fields(language: Language | None) -> Components:
    """The form's fields: the condition (a select), its value, its rounds, or until a turn's end."""
    options = [Option(word_in(language, "condition", c.title), c.value) for c in OFFERED]
    return [
        Label(_("Condition"), SelectField(CONDITION_INPUT, options,
                                          placeholder=_("Choose the condition")),
              _("Enhanced needs an attribute: /encounter condition gives it")),
        Label(_("Value"), TextField(VALUE_INPUT, required=False, max_length=2, placeholder="1"),
              _("Afflicted's damage or Exhausted's penalty (empty: 1)")),
        Label(_("Rounds"), TextField(ROUNDS_INPUT, required=False, max_length=3),
              _("It ends at the start of this phase then (empty: until removed)")),
        Label(_("Until the end of its next turn"), CheckboxField(UNTIL_INPUT),
              _("Instead of rounds")),
    ]


def affliction_of(answers: FormAnswers) -> Affliction:
    """The condition the form asks for, each field checked (a refusal names the one to fix)."""
    chosen = answers.choice(CONDITION_INPUT)
    if chosen is None:
        raise EncounterError(_("choose a condition"))
    condition = ConditionName.named(chosen)
    if condition is ConditionName.ENHANCED:
        raise EncounterError(_("Enhanced needs an attribute: use /encounter condition"))
    value = _number(answers.text(VALUE_INPUT), MAX_VALUE, _("Value"))
    if value is not None and not condition.valued:
        raise EncounterError(_("{condition} has no value: leave Value empty").format(
            condition=condition.title))
    rounds = _number(answers.text(ROUNDS_INPUT), MAX_ROUNDS, _("Rounds"))
    until = answers.checked(UNTIL_INPUT)
    if rounds is not None and until:
        raise EncounterError(_("give rounds or tick until the end of its next turn, not both"))
    default = 1 if condition.valued else 0
    return Affliction(condition, default if value is None else value, rounds=rounds,
                      until_next_turn_end=until)


def _number(typed: str, most: int, field: str) -> int | None:
    text = typed.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= most:
        raise EncounterError(_("{field}: type a whole number from 1 to {most}").format(
            field=field, most=most))
    return int(text)


class ConditionForms(PanelForms):
    """The GM panel's Give a condition: to whom, then which, how much and how long (a GM)."""

    NAME = "encounter-condition"
    REFUSAL = N_("giving a condition from the GM panel is a GM's")

    async def _form(self, interaction: hikari.ComponentInteraction, encounter_id: str,
                    name: str) -> Form:
        language = language_of(str(getattr(interaction.locale, "value", interaction.locale)))
        return (clip(_("Condition on {name}").format(name=name), FORM_TITLE_LIMIT),
                condition_form(encounter_id, name), condition_fields(language))

    async def _submitted(self, interaction: hikari.ModalInteraction, responder: Responder,
                         name: str) -> None:
        with ToReader():
            affliction = affliction_of(answers_of(interaction))
        changed = await self._uses.turns.condition(member_of(interaction),
                                                   interaction.channel_id, name, affliction)
        await self._card.told(interaction, responder, changed, conditions_said(changed.events))
