"""``/request``'s options as RequestFeature reads them: ``who:`` takes role and member
mentions only (anything else is refused, naming what is allowed)."""

from __future__ import annotations

import pytest

from nazh.adapters.discord.requests.commands import asked_of
from nazh.domain.request import Asked, RequestError


def test_who_reads_role_and_member_mentions_only() -> None:
    assert asked_of(None) == Asked()
    assert asked_of("<@&55> <@7>, <@!8>") == Asked(frozenset({55}), frozenset({7, 8}))
    with pytest.raises(RequestError, match="who: mention roles or members"):
        asked_of("everyone please")
    with pytest.raises(RequestError, match="who: mention roles or members"):
        asked_of("<@7> and Lift")


@pytest.mark.parametrize("who", ["", "   ", None])
def test_no_one_named_is_everyone(who: str | None) -> None:
    assert asked_of(who).everyone
