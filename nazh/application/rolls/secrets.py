"""Secret rolls, fairly: a ``gm`` or ``blind`` roll's result is committed to when it is made.
The channel sees SHA-256 over a nonce and the result; the log keeps both, to check at reveal."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace

from nazh.application.settings.server import Visibility
from nazh.application.shared.json_types import JsonMapping, JsonObject

SECRET_KEY = "secret"
"""Where a secret roll's record keeps its visibility, nonce and commitment (in ``result``)."""
SHOWN_DIGITS = 12
"""How much of the commitment the channel is shown."""
NONCE_BYTES = 16


@dataclass(frozen=True, slots=True)
class Secret:
    """A secret roll's commitment (``revealed_by``: who revealed it, ``None`` until then)."""

    visibility: Visibility
    nonce: str
    commitment: str
    revealed_by: int | None = None

    @property
    def revealed(self) -> bool:
        return self.revealed_by is not None

    @property
    def shown(self) -> str:
        """The part of the commitment the channel sees."""
        return self.commitment[:SHOWN_DIGITS]

    def revealed_now(self, by: int) -> Secret:
        return replace(self, revealed_by=by)


def commitment(payload: JsonMapping, nonce: str) -> str:
    """SHA-256 (hex) over the nonce and the stored result (sorted-key compact JSON)."""
    content = json.dumps(dict(payload), sort_keys=True, separators=(",", ":"),
                         ensure_ascii=False)
    return hashlib.sha256(f"{nonce}\n{content}".encode()).hexdigest()


def commit(payload: JsonMapping, visibility: Visibility) -> Secret:
    """A new secret for a result stored as ``payload``."""
    nonce = secrets.token_hex(NONCE_BYTES)
    return Secret(visibility, nonce, commitment(payload, nonce))


def with_secret(payload: JsonMapping, secret: Secret | None) -> JsonObject:
    """The stored result, with the secret alongside when there is one."""
    stored = dict(payload)
    if secret is not None:
        stored[SECRET_KEY] = {"visibility": secret.visibility.value, "nonce": secret.nonce,
                              "commitment": secret.commitment,
                              "revealed_by": secret.revealed_by}
    return stored


def secret_of(stored: JsonMapping) -> Secret | None:
    value = stored.get(SECRET_KEY)
    if not isinstance(value, Mapping):
        return None
    revealed = value.get("revealed_by")
    return Secret(Visibility(str(value["visibility"])), str(value["nonce"]),
                  str(value["commitment"]), None if revealed is None else int(revealed))


NOT_COMMITTED_BEFORE = frozenset({"attack", "character"})
"""Terms older secret rolls' commitments did not cover (those records are checked without)."""


def commitment_holds(stored: JsonMapping) -> bool | None:
    """Whether a stored secret result still matches its commitment (``None``: not secret)."""
    secret = secret_of(stored)
    if secret is None:
        return None
    return matches(stored, secret)


def matches(stored: JsonMapping, secret: Secret) -> bool:
    """Whether a stored result (its secret aside) is what ``secret`` committed to."""
    payload = {key: value for key, value in stored.items() if key != SECRET_KEY}
    if commitment(payload, secret.nonce) == secret.commitment:
        return True
    # kept before the commitment covered every term: checked without an attack's and the character
    if not NOT_COMMITTED_BEFORE & payload.keys():
        return False
    before = {key: value for key, value in payload.items() if key not in NOT_COMMITTED_BEFORE}
    return commitment(before, secret.nonce) == secret.commitment
