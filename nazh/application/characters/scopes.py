"""Where characters are kept, their scope: a server's id, or outside servers the user's own.
A user's own scope is the negative of their id (Discord's are positive): no table, no sharing."""

from __future__ import annotations

from nazh.application.characters.model import MAX_PER_SERVER, MAX_PER_USER
from nazh.application.settings.server import Member
from nazh.domain.errors import LimitError, NazhError, RoomError

NO_TABLE = "outside a server a sheet is yours alone: there is no table to share it with"


class NoTableError(NazhError):
    """A sheet was to be shared outside a server, where there is no table to share it with."""


def own_scope(user_id: int) -> int:
    """The scope of a user's characters made outside servers (the user's alone)."""
    return -user_id


def is_server(scope: int) -> bool:
    """Whether ``scope`` is a server's (else it is one user's own, outside servers)."""
    return scope > 0


def scope_of(member: Member) -> int:
    """Where a member's characters are: their server, or outside servers their own scope."""
    return own_scope(member.user_id) if member.guild_id is None else member.guild_id


def check_shareable(scope: int, shared: bool) -> None:
    """Refuse sharing a sheet outside a server (stopping sharing is always allowed)."""
    if shared and not is_server(scope):
        raise NoTableError(NO_TABLE, hint="to show a sheet to a table, make it (or import its "
                                          "/character export file) in the table's server")


def over_limit(scope: int, owned: int, adding: int) -> LimitError:
    """The error of a creation the limits refused: ``owned`` kept there, ``adding`` more."""
    counts = {"most": MAX_PER_USER, "owned": owned, "adding": adding}
    if is_server(scope):
        return RoomError("at most {most} characters per person in a server and {server} per "
                         "server (you have {owned} here, this adds {adding})",
                         hint="delete one with /character delete first",
                         fields={**counts, "server": MAX_PER_SERVER})
    return RoomError("at most {most} characters of your own outside servers (you have {owned} "
                     "here, this adds {adding})", hint="delete one with /character delete first",
                     fields=counts)
