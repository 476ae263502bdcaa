"""A user's own scope for characters outside servers: never a server's."""

from __future__ import annotations

from nazh.application.characters.scopes import is_server, own_scope
from tests.application.characters.kit import ALICE, SERVER


def test_a_users_own_scope_is_never_a_server() -> None:
    assert own_scope(ALICE.user_id) == -ALICE.user_id
    assert not is_server(own_scope(ALICE.user_id))
    assert not is_server(own_scope(1))
    assert is_server(SERVER)
