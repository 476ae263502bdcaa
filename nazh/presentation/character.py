"""A character's sheet as lines of text in any medium, and what a change did to derived values."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from nazh.application.characters.fields import immunities_text
from nazh.application.characters.model import AuditEntry, CharacterRecord
from nazh.domain.character import Attribute, Character, Defense, Kind, Resource
from nazh.domain.derivation import signed
from nazh.domain.unarmed import UNARMED
from nazh.domain.weapon import Weapon
from nazh.presentation.i18n import _, ngettext, term
from nazh.presentation.rows import Markup
from nazh.presentation.sheet_fields import DAMAGE_TYPES, field_text, reason_text, value_text
from nazh.presentation.sheet_words import (
    attribute_word,
    defense_word,
    derivation_text,
    explained,
    resource_word,
    role_word,
    skill_word,
    wound_text,
)

MAX_VALUE_SHOWN = 60  # an audit entry's old or new value is cut to this many characters


def kind_text(sheet: Character) -> str:
    """``level 3 character``, ``adversary``, or with its stat block ``tier 2 boss adversary``."""
    if sheet.kind is Kind.ADVERSARY:
        role = "" if sheet.role is None else role_word(sheet.role).lower()
        if sheet.tier is None:
            return _("{role} adversary").format(role=role).strip() if role else _("adversary")
        return _("tier {tier} {role} adversary").format(tier=sheet.tier, role=role).replace(
            "  ", " ")
    return _("level {level} character").format(level=sheet.level)


def pool_text(sheet: Character, resource: Resource) -> str:
    """``18/23``: what is left of a resource and its maximum."""
    return f"{sheet.pool(resource).current}/{sheet.maximum(resource).value}"


def resources_line(sheet: Character, markup: Markup) -> str:
    """``Health 18/23 · Focus 4/5 · Investiture 0/0`` (an adversary's: ``Health 60/60 (48-72)``)."""
    return " · ".join(f"{markup.strong(resource_word(r))} {pool_text(sheet, r)}"
                      + (f" ({sheet.health_range.text})" if r is Resource.HEALTH
                         and sheet.health_range is not None else "") for r in Resource)


def modifier_text(sheet: Character, skill: str, outside: Callable[[str], str] = str) -> str:
    """``Insight +5: Awareness 3 + 2 ranks`` (``outside``: how a custom skill's name is shown)."""
    found = sheet.skill(skill)
    modifier = sheet.modifier(found.key)
    name = skill_word(found) if found.standard else outside(found.name)
    return f"{name} {signed(modifier.value)}: {explained(modifier)}"


def summary_lines(record: CharacterRecord, markup: Markup) -> list[str]:
    """The sheet's head: kind, resources and maxima, deflect, injuries, attributes, defenses."""
    sheet = record.sheet
    lines = [f"{_capital(kind_text(sheet))} · {_seen(record)}", resources_line(sheet, markup)]
    maxima = [f"{resource_word(r)} {derivation_text(sheet.maximum(r))}" for r in Resource
              if sheet.maximum(r).parts != (("set", 0),)]
    if maxima:
        lines.append(_("Maxima: {maxima}").format(maxima=" · ".join(maxima)))
    deflect, injuries, recovery = _("Deflect"), _("Injuries"), _("Recovery die")
    lines.append(f"{markup.strong(deflect)} {sheet.deflect} · "
                 f"{markup.strong(injuries)} {sheet.injuries} · "
                 f"{markup.strong(recovery)} d{sheet.recovery_die}")
    if sheet.exhausted:
        lines.append(markup.strong(_("Exhausted")) + f" -{sheet.exhausted}")
    if sheet.wounds:
        lines.append(f"{markup.strong(injuries)}: "
                     + "; ".join(wound_text(w) for w in sheet.wounds))
    lines.append(" · ".join(f"{attribute_word(a)} {sheet.score(a)}" for a in Attribute))
    lines.append(markup.strong(_("Defenses")) + ": " + " · ".join(
        f"{defense_word(d)} {derivation_text(sheet.defense(d))}" for d in Defense))
    immune = immunities_text(sheet.immunities)
    if immune:  # damage types and conditions as the sheet keeps them (their keys)
        immune_word = _("Immune")
        lines.append(f"{markup.strong(immune_word)} {immune}")
    return lines


def short_lines(record: CharacterRecord, markup: Markup,
                outside: Callable[[str], str]) -> list[str]:
    """The sheet at a glance: kind, resources, defenses, attributes, trained skills' modifiers
    (``outside``: how the medium shows a name someone chose, a custom skill's)."""
    sheet = record.sheet
    deflect, injuries, exhausted = _("Deflect"), _("Injuries"), _("Exhausted")
    lines = [f"{_capital(kind_text(sheet))} · {_seen(record)}", resources_line(sheet, markup),
             markup.strong(_("Defenses")) + " " + " · ".join(
                 f"{defense_word(d)} {sheet.defense(d).value}" for d in Defense)
             + f" · {markup.strong(deflect)} {sheet.deflect}",
             " · ".join(f"{attribute_word(a)} {sheet.score(a)}" for a in Attribute)]
    if sheet.exhausted or sheet.wounds:
        lines.append(f"{markup.strong(injuries)} {sheet.injuries}"
                     + (f" · {exhausted} -{sheet.exhausted}" if sheet.exhausted else ""))
    trained = [s for s in sheet.skills if s.ranks > 0 or not s.standard]
    if trained:
        lines.append(markup.strong(_("Skills")) + " " + " · ".join(
            f"{skill_word(s) if s.standard else outside(s.name)} "
            f"{signed(sheet.modifier(s.key).value)}" for s in trained))
    return lines


def _capital(text: str) -> str:
    """``text`` with its first letter capital (the rest as it is)."""
    return text[:1].upper() + text[1:]


def _seen(record: CharacterRecord) -> str:
    """Who sees the sheet."""
    return (_("shared with the table") if record.shared
            else _("only its owner and the GMs see it"))


def skill_lines(sheet: Character, outside: Callable[[str], str] = str) -> list[str]:
    """The skills with ranks, each with its modifier's parts, then how many are untrained
    (``outside``: how a custom skill's name is shown)."""
    # custom skills are listed even at 0 ranks: the sheet has them on purpose
    shown = [s for s in sheet.skills if s.ranks > 0 or not s.standard]
    lines = [modifier_text(sheet, s.key, outside) for s in shown]
    untrained = len(sheet.skills) - len(shown)
    if untrained:
        lines.append(ngettext("{n} other skill at 0 ranks (attribute only)",
                              "{n} other skills at 0 ranks (attribute only)",
                              untrained).format(n=untrained))
    return lines


def weapon_lines(sheet: Character, outside: Callable[[str], str] = str) -> list[str]:
    """One line per weapon, Unarmed last: ``Spear: Heavy Weaponry +4, 1d8 keen, deadly``; an
    adversary's attack as its stat block writes it: ``Spear +6, 7 (1d8+3) keen`` (``outside``:
    how what someone wrote is shown: a name, a trait)."""
    lines = []
    for weapon in sheet.armed:
        damage = weapon.damage_text + (f" {_damage_type(weapon.damage_type, outside)}"
                                       if weapon.damage_type else "")
        extras = [outside(trait) for trait in weapon.traits]
        extras += [] if weapon.can_graze else [_("cannot graze")]
        if weapon.shots is not None:  # a Loaded weapon: what it can still fire
            extras.append(stored_text(weapon))
        if weapon.modifier is not None:
            head = f"{outside(weapon.name)} {signed(weapon.modifier)}"
        else:
            found = sheet.skill(weapon.skill)
            name = skill_word(found) if found.standard else outside(found.name)
            # the unarmed attack every character has: the game's word (a sheet's own, as written)
            weapon_name = term("action", UNARMED) if sheet.built_in(weapon) \
                else outside(weapon.name)
            head = (f"{weapon_name}: {name} "
                    f"{signed(sheet.modifier(weapon.skill).value)}")
        lines.append(", ".join([head, damage, *extras]))
    return lines


def stored_text(weapon: Weapon) -> str:
    """``1 of 2 stored``: the ammunition a Loaded weapon has left."""
    return _("{shots} of {capacity} stored").format(shots=weapon.shots, capacity=weapon.capacity)


def _damage_type(written: str, outside: Callable[[str], str]) -> str:
    """A weapon's damage type: the glossary's word (lowercase) for one of the rules'."""
    kind = written.strip().lower()
    return _(kind.title()).lower() if kind in DAMAGE_TYPES else outside(written)


def clipped(value: str) -> str:
    """An audit value shown: cut to :data:`MAX_VALUE_SHOWN`, ``∅`` when empty."""
    if not value:
        return "∅"
    return value if len(value) <= MAX_VALUE_SHOWN else value[:MAX_VALUE_SHOWN - 1] + "…"


def change_text(field: str, old: str, new: str, outside: Callable[[str], str] = str) -> str:
    """``Strength: 2 → 3`` (``outside``: how a value someone wrote is shown)."""
    return (f"{field_text(field, outside)}: {value_text(field, clipped(old), outside)} → "
            f"{value_text(field, clipped(new), outside)}")


def audit_line(entry: AuditEntry, who: str, when: str, outside: Callable[[str], str] = str,
               ) -> str:
    """``<when> <who> Strength: 2 → 3 (long rest)`` (``outside``: how a value someone wrote is
    shown; a reason naming a roll is kept as it was written)."""
    reason = f" ({reason_text(entry.reason, outside)})" if entry.reason else ""
    return f"{when} {who} {change_text(entry.field, entry.old, entry.new, outside)}{reason}"


def derived(sheet: Character, outside: Callable[[str], str] = str) -> dict[str, str]:
    """The values the rules derive from a sheet, by label (what a change may move;
    ``outside``: how a custom skill's name is shown)."""
    values = {_("{resource} maximum").format(resource=resource_word(r)):
              derivation_text(sheet.maximum(r)) for r in Resource}
    values.update({_("{defense} defense").format(defense=defense_word(d)):
                   derivation_text(sheet.defense(d)) for d in Defense})
    values[_("Recovery die")] = f"d{sheet.recovery_die}"
    for skill in sheet.skills:
        modifier = sheet.modifier(skill.key)
        name = skill_word(skill) if skill.standard else outside(skill.name)
        values[_("{skill} modifier").format(skill=name)] = (
            f"{signed(modifier.value)} ({explained(modifier)})")
    return values


def derived_changes(before: Character, after: Character,
                    outside: Callable[[str], str] = str) -> list[str]:
    """The derived values a change moved: ``focus maximum: 4 (base 2 + Willpower 2) → 5 (...)``
    (``outside``: how a custom skill's name is shown)."""
    old, new = derived(before, outside), derived(after, outside)
    return [f"{label}: {old.get(label, '∅')} → {value}" for label, value in new.items()
            if old.get(label) != value]


def changes_lines(changes: Sequence[tuple[str, str, str]],
                  outside: Callable[[str], str] = str) -> list[str]:
    """One line per changed field (``outside``: how a value someone wrote is shown)."""
    return [change_text(field, old, new, outside) for field, old, new in changes]

