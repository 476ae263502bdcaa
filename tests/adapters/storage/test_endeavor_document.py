"""An endeavor's document: written with its version and read back as itself (its history in
order, its ending); another version, or a malformed field, refused."""

from __future__ import annotations

import pytest

from nazh.adapters.storage.endeavor_document import (
    EndeavorDocumentError,
    endeavor_document,
    endeavor_of,
)
from nazh.domain.endeavor import Tally, count, start_endeavor, stop


def test_an_endeavor_reads_back_as_itself() -> None:
    endeavor = count(start_endeavor("Climb", 3, 2, secret=True),
                     Tally(True, 2, 1, "k3v9x0q2md", "Kaladin"))
    endeavor = stop(count(endeavor, Tally(False, 1, 1)))
    document = endeavor_document(endeavor)
    assert document["ending"] == "stopped"
    assert endeavor_of(document) == endeavor


@pytest.mark.parametrize(("change", "message"), [
    ({"v": 2}, "version 2 is not 1"),
    ({"successes": "3"}, "malformed"),
    ({"ending": "won"}, "malformed"),
    ({"tallies": [{"success": 1, "amount": 1, "by": 1, "roll": None, "note": ""}]},
     "malformed"),
    ({"tallies": {}}, "malformed"),
])
def test_a_malformed_document_is_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(EndeavorDocumentError, match=message):
        endeavor_of({**endeavor_document(start_endeavor("Climb", 3, 2)), **change})
