"""The fake's JSON values: copies share nothing with the original, and what orjson refuses is
encoded as the standard library does."""

from __future__ import annotations

import json

import pytest

from tests.e2e.fake_discord.json_values import json_bytes, json_copy

NESTED = {"id": "1", "member": {"user": {"id": "2", "roles": ["3", "4"]}, "nick": None},
          "data": {"options": [{"name": "pool", "value": "1d20", "focused": False}]},
          "n": 7, "x": 1.5}


def test_a_copy_is_equal_and_shares_no_dict_or_list() -> None:
    assert json_copy(NESTED) == NESTED
    original = {"member": {"roles": ["3", "4"]}}
    copied = json_copy(original)
    copied["member"]["roles"].append("5")
    assert original == {"member": {"roles": ["3", "4"]}}
    options = [{"value": "1d20"}]
    json_copy(options)[0]["value"] = "2d6"
    assert options == [{"value": "1d20"}]


def test_what_is_not_json_is_still_copied_deeply() -> None:
    original = {"pair": ({"a": [1]},), "set": {1, 2}}
    copied = json_copy(original)
    assert copied == original
    assert copied["pair"][0] is not original["pair"][0]  # type: ignore[index]


@pytest.mark.parametrize("value", [NESTED, {"text": "é ✓"}, [1, None, True, -2.5]])
def test_bytes_parse_back_to_the_value(value: object) -> None:
    assert json.loads(json_bytes(value)) == value


@pytest.mark.parametrize("value", [{"name": "\ud800"}, {"level": 10 ** 30}])
def test_what_orjson_refuses_is_encoded_by_the_standard_library(value: object) -> None:
    assert json_bytes(value) == json.dumps(value, separators=(",", ":")).encode()
