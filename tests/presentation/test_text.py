"""The roll as text: rendering never fails, whatever the roll."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from nazh.domain.notation import parse_roll
from nazh.domain.rolling import roll
from nazh.presentation.roll_json import roll_to_dict
from nazh.presentation.rows import PlainMarkup, dc_line, legend, result_rows
from nazh.presentation.text import AnsiMarkup, render_result
from tests.domain.kit import (
    PROPERTY,
    Generated,
    ScriptedFaces,
    scripted_faces,
    valid_rolls,
)


@PROPERTY
@given(generated=valid_rolls(), dc=st.none() | st.integers(1, 60), rng=scripted_faces)
def test_rendering_never_fails(generated: Generated, dc: int | None, rng: ScriptedFaces) -> None:
    result = roll(parse_roll(generated.text), rng, dc)
    for outcome in (result, *result.plot_options()):
        rows = result_rows(outcome, PlainMarkup())
        assert len(rows) == outcome.spec.pool_count
        assert [row.pool for row in rows] == outcome.notation.split(", ")
        dc_line(outcome)
        legend(outcome)
        assert render_result(outcome, PlainMarkup()).count("\n") >= len(rows) + 1
        render_result(outcome, AnsiMarkup())
        payload = roll_to_dict(outcome, notation=generated.text, seed=None)
        assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload
