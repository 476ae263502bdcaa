"""The parts several classes of one feature share: one of each kind per bot, made once."""

from __future__ import annotations

from nazh.adapters.discord.runtime.dependencies import SharedParts


class Part:
    """A part some classes share."""


class OtherPart:
    """Another kind of part."""


def test_a_shared_part_is_made_once_and_handed_to_every_class_that_asks() -> None:
    shared = SharedParts()
    made: list[Part] = []

    def make() -> Part:
        made.append(Part())
        return made[-1]

    first = shared.one(Part, make)
    assert shared.one(Part, make) is first
    assert made == [first]
    assert isinstance(shared.one(OtherPart, OtherPart), OtherPart)
    assert shared.one(Part, make) is first


def test_each_bot_has_its_own_parts() -> None:
    assert SharedParts().one(Part, Part) is not SharedParts().one(Part, Part)
