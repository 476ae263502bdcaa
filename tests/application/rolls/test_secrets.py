"""A secret roll's commitment: the one kept in a golden record still holds."""

from __future__ import annotations

import pytest

from nazh.application.log.format import decode_entry
from nazh.application.rolls.secrets import SECRET_KEY, commitment_holds
from nazh.application.shared.json_types import JsonObject
from tests.application.log.kit import CASES


@pytest.mark.parametrize("case", [c for c in CASES if SECRET_KEY in c["entry"]["result"]],
                         ids=lambda case: case["case"])
def test_a_kept_secret_s_commitment_still_holds(case: JsonObject) -> None:
    assert commitment_holds(decode_entry(case["entry"]).result) is True
