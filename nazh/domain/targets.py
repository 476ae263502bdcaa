"""An attack on several targets (the starter rules, part 3, "Attacking": Attacks With Multiple
Targets): one test and one roll of the damage dice, compared with each target's defense; each
target hit, missed or grazed on its own (1 focus per target grazed); a critical hit maximizes the
damage dice against every target hit."""

from __future__ import annotations

from dataclasses import dataclass, replace

from nazh.domain.attack import AttackView, Step
from nazh.domain.errors import AttackError, RollStateError

MAX_TARGETS = 3
"""The most targets one ``/attack`` names (the first and up to two others)."""


@dataclass(frozen=True, slots=True)
class OtherTarget:
    """A target of an attack besides its first: its name, its defense's value, and a graze."""

    combatant: str
    value: int  # the defense attacked (the first target's kind: Physical unless said)
    grazed_at: int = 0  # the roll's version that recorded its graze (1 focus); 0: not grazed

    @property
    def grazed(self) -> bool:
        """The attacker spent 1 focus to graze it."""
        return self.grazed_at > 0


def against(attack: AttackView, target: OtherTarget) -> AttackView:
    """The attack's dice and spending as they meet ``target`` (its own hit, graze and damage)."""
    hit = attack.test.total >= target.value
    # a critical hit made on the attack counts for every target hit, and for none missed
    return AttackView(attack.test, attack.damage, replace(
        attack.attack, defense=target.value, steps=(Step.GRAZE,) if target.grazed else ()),
        attack.opportunities, attack.complications, attack.spent if hit else ())


def graze(targets: tuple[OtherTarget, ...], attack: AttackView, index: int,
          version: int) -> tuple[OtherTarget, ...]:
    """``targets`` with the ``index``-th (from 0) grazed by the roll's ``version`` (RollStateError:
    it cannot be: hit, grazed already, an attack that cannot graze)."""
    if not 0 <= index < len(targets):
        raise RollStateError("this attack has no such other target")
    target = targets[index]
    if target.grazed:
        raise RollStateError("{name} was already grazed by this attack",
                             fields={"name": target.combatant})
    if against(attack, target).hit:
        raise RollStateError("{name} was hit: a hit cannot be grazed",
                             fields={"name": target.combatant})
    if not attack.attack.can_graze:
        raise RollStateError("this attack cannot graze")
    return (*targets[:index], replace(target, grazed_at=version), *targets[index + 1:])


def grazed_now(targets: tuple[OtherTarget, ...] | None, version: int) -> int | None:
    """The index (from 0) of the target the roll's ``version`` grazed (``None``: none)."""
    return next((i for i, t in enumerate(targets or ()) if t.grazed_at == version), None)


def can_graze(targets: tuple[OtherTarget, ...] | None, attack: AttackView) -> list[int]:
    """The indexes (from 0) of the other targets a graze may still be recorded on."""
    if not attack.attack.can_graze:
        return []
    return [i for i, t in enumerate(targets or ())
            if not t.grazed and against(attack, t).hit is False]


def check_names(first: str, others: tuple[str, ...], attacker: str | None) -> tuple[str, ...]:
    """``others``, when each is named once, none is the first nor the attacker (AttackError)."""
    seen = {first.strip().casefold()}
    for name in others:
        key = name.strip().casefold()
        if key in seen:
            raise AttackError("{name} is named twice as a target",
                              hint="each target is attacked once",
                              fields={"name": name.strip()[:64]})
        if attacker is not None and key == attacker.casefold():
            raise AttackError("{name} is the attacker", fields={"name": name.strip()[:64]})
        seen.add(key)
    return others
