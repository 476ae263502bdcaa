"""The character sheet's custom ids: each control decodes back to itself."""

from __future__ import annotations

from nazh.adapters.discord.characters.controls import (
    DeleteControl,
    SheetControl,
    delete_control,
    sheet_control,
)
from nazh.adapters.discord.characters.sheet_controls import SheetControls
from nazh.adapters.discord.features import owner_of
from nazh.domain.character import (
    Resource,
)
from tests.adapters.discord.characters.kit import (
    VEYLA_ID,
)


def test_the_controls_decode_back() -> None:
    for resource, by in [(Resource.HEALTH, -5), (Resource.FOCUS, 1),
                         (Resource.INVESTITURE, -1)]:
        owned = owner_of(sheet_control(VEYLA_ID, resource, by))
        assert owned is not None
        assert owned[0].serves is SheetControls
        assert owned[1] == SheetControl(VEYLA_ID, resource, by)
    owned = owner_of(delete_control(VEYLA_ID, 7))
    assert owned is not None
    assert owned[1] == DeleteControl(VEYLA_ID, 7)
