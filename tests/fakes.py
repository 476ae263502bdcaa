"""Hand-written fakes of the core's ports, shared by the tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from nazh.domain.rolling import RandomSource


class FakeRng:
    """A ``RandomSource`` that hands out scripted faces, one ``(sides, face)`` pair per draw.

    Every draw is recorded in :attr:`calls` (the die size asked for). Asking for a die of
    another size than scripted, or for more draws than scripted, fails the test with a
    clear ``AssertionError``; ``FakeRng()`` therefore fails the test if it is used at all.
    """

    def __init__(self, *script: tuple[int, int]) -> None:
        for sides, face in script:
            if not 1 <= face <= sides:
                raise AssertionError(f"bad script: a d{sides} cannot show {face}")
        self._script = list(script)
        self.calls: list[int] = []

    @property
    def remaining(self) -> list[tuple[int, int]]:
        """The scripted draws not yet handed out."""
        return self._script[len(self.calls):]

    def roll(self, sides: int) -> int:
        """The next scripted face, after checking that a die of ``sides`` was expected."""
        draw = len(self.calls) + 1
        if draw > len(self._script):
            raise AssertionError(
                f"FakeRng ran out: draw {draw} asked for a d{sides}, but only "
                f"{len(self._script)} draw(s) were scripted (calls so far: {self.calls})"
            )
        expected_sides, face = self._script[draw - 1]
        if sides != expected_sides:
            raise AssertionError(
                f"FakeRng draw {draw}: the code asked for a d{sides}, the script expected "
                f"a d{expected_sides} (calls so far: {self.calls})"
            )
        self.calls.append(sides)
        return face

    def assert_exhausted(self) -> None:
        """Fail unless every scripted draw was used."""
        if self.remaining:
            raise AssertionError(f"FakeRng: draws scripted but never used: {self.remaining}")


def d(sides: int, *faces: int) -> list[tuple[int, int]]:
    """Script lines for several draws of one die size: ``d(20, 18, 3)``."""
    return [(sides, face) for face in faces]


def script(*groups: list[tuple[int, int]]) -> FakeRng:
    """A :class:`FakeRng` from groups of :func:`d` lines, in draw order."""
    return FakeRng(*(line for group in groups for line in group))


class FakeBatchRng(FakeRng):
    """A :class:`FakeRng` that also offers ``roll_many`` (the batch path of the evaluator).

    Each face of a batch is checked and recorded like a single draw; :attr:`batches` records
    every ``(sides, count)`` asked for.
    """

    def __init__(self, *script: tuple[int, int]) -> None:
        super().__init__(*script)
        self.batches: list[tuple[int, int]] = []

    def roll_many(self, sides: int, count: int) -> list[int]:
        """``count`` scripted faces, as ``count`` calls of :meth:`roll` would give."""
        self.batches.append((sides, count))
        return [self.roll(sides) for _ in range(count)]


class ScriptedDice:
    """A ``RandomSource`` for the running bot: scripted faces per die size, in order, and a
    deterministic source for any other draw (unscripted sizes, or a used-up script).

    ``dice.script(20, 18)`` makes the next d20 show 18; a test forces exactly the faces its
    assertions need and asserts unconditionally.
    """

    def __init__(self, fallback: RandomSource) -> None:
        self._fallback = fallback
        self._queues: dict[int, list[int]] = {}

    def script(self, sides: int, *faces: int) -> ScriptedDice:
        """The next d``sides`` draws show ``faces``."""
        for face in faces:
            if not 1 <= face <= sides:
                raise AssertionError(f"bad script: a d{sides} cannot show {face}")
        self._queues.setdefault(sides, []).extend(faces)
        return self

    def roll(self, sides: int) -> int:
        """The next scripted face of a d``sides``, else the fallback's."""
        queue = self._queues.get(sides)
        return queue.pop(0) if queue else self._fallback.roll(sides)

    @property
    def unused(self) -> dict[int, list[int]]:
        """Scripted faces not drawn yet."""
        return {sides: faces for sides, faces in self._queues.items() if faces}

    def rescript(self, unused: Mapping[int, Sequence[int]]) -> None:
        """Script exactly ``unused`` (an earlier :attr:`unused`, copied) again."""
        self._queues = {sides: list(faces) for sides, faces in unused.items()}
