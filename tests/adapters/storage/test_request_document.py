"""A request's document: written with its version and read back as itself; a result without
a claim's time or a commitment (written so) reads as such; another version, or a malformed
field, is refused naming it."""

from __future__ import annotations

import pytest

from nazh.adapters.storage.request_document import (
    RequestDocumentError,
    request_document,
    request_of,
)
from nazh.domain.request import (
    Asked,
    Outcome,
    Request,
    Result,
    Sight,
    claim,
    new_request,
    settle,
)
from tests.app_fakes import T0

SECRET = Outcome("k3v9x0q2md", "Kaladin", 17, True, 1, 0, "ab12cd34")


def blind() -> Request:
    request = new_request("perception", dc=15, stakes=True, sight=Sight.BLIND,
                          asked=Asked(frozenset({5}), frozenset({7, 8})), label="the ambush")
    return settle(claim(claim(request, 7, frozenset(), T0), 8, frozenset(), T0), 7, SECRET)


def test_a_request_reads_back_as_itself() -> None:
    request = blind()
    document = request_document(request)
    assert document["v"] == 1
    assert document["members"] == [7, 8]
    assert request_of(document) == request


def test_a_public_result_and_an_unclaimed_time_are_left_out_and_read_as_none() -> None:
    document = request_document(new_request("insight"))
    document["results"] = [{"user": 7, "outcome": {
        "roll": "r1", "name": "", "total": 3, "success": None, "opportunities": 0,
        "complications": 0}}]
    assert request_of(document).results == (Result(7, Outcome("r1", "", 3, None)),)


@pytest.mark.parametrize(("change", "message"), [
    ({"v": 2}, "version 2 is not 1"),
    ({"dc": "15"}, "its dc is malformed"),
    ({"sight": "secret"}, "its sight is malformed"),
    ({"members": ["7"]}, "its who is malformed"),
    ({"results": [{"user": 7, "outcome": {"roll": 1}}]}, "its results is malformed"),
    ({"results": [{"user": 7, "outcome": None, "claimed_at": "2026-11-24T18:00:00"}]},
     "its results is malformed"),
    ({"closed": "no"}, "its flags is malformed"),
])
def test_a_malformed_document_is_refused_naming_the_field(change: dict[str, object],
                                                          message: str) -> None:
    with pytest.raises(RequestDocumentError, match=message):
        request_of({**request_document(new_request("insight")), **change})
