"""The secret term: a ``gm`` or ``blind`` roll's commitment (see ``rolls.secrets``)."""

from __future__ import annotations

from nazh.application.rolls.secrets import SECRET_KEY, Secret
from nazh.application.rolls.terms.kind import TermKind
from nazh.application.settings.server import Visibility
from nazh.application.shared.json_types import JsonObject, JsonValue


def _encode(secret: Secret) -> JsonObject:
    return {"visibility": secret.visibility.value, "nonce": secret.nonce,
            "commitment": secret.commitment, "revealed_by": secret.revealed_by}


def _decode(value: JsonValue) -> Secret:
    revealed = value["revealed_by"]
    if revealed is not None and not isinstance(revealed, int):
        raise TypeError("revealed_by is not a user id")
    return Secret(Visibility(str(value["visibility"])), str(value["nonce"]),
                  str(value["commitment"]), revealed)


SECRET: TermKind[Secret] = TermKind(SECRET_KEY, _encode, _decode, committed=False)
