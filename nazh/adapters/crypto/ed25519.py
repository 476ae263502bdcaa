"""Ed25519 with PyNaCl (loaded on first use): the checkpoint signer, signature checks, new keys."""

from __future__ import annotations


class Ed25519Signer:
    """Signs with a 32-byte seed (``NAZH_SIGNING_KEY``, hex)."""

    def __init__(self, seed_hex: str) -> None:
        from nacl.signing import SigningKey  # noqa: PLC0415

        self._key = SigningKey(bytes.fromhex(seed_hex))
        self._public = bytes(self._key.verify_key).hex()

    @property
    def public_key(self) -> str:
        """The public key, hex."""
        return self._public

    def sign(self, data: bytes) -> str:
        """The signature of ``data``, hex."""
        return self._key.sign(data).signature.hex()


def public_key_of(seed_hex: str) -> str:
    """The public key (hex) of a seed (hex)."""
    from nacl.signing import SigningKey  # noqa: PLC0415

    return bytes(SigningKey(bytes.fromhex(seed_hex)).verify_key).hex()


def valid_signature(public_key_hex: str, data: bytes, signature_hex: str) -> bool:
    """Whether ``signature_hex`` is ``public_key_hex``'s signature of ``data``."""
    from nacl.exceptions import BadSignatureError  # noqa: PLC0415
    from nacl.signing import VerifyKey  # noqa: PLC0415

    try:
        VerifyKey(bytes.fromhex(public_key_hex)).verify(data, bytes.fromhex(signature_hex))
    except (BadSignatureError, ValueError):
        return False
    return True


def new_key() -> tuple[str, str]:
    """A new (seed, public key), hex."""
    from nacl.signing import SigningKey  # noqa: PLC0415

    key = SigningKey.generate()
    return bytes(key).hex(), bytes(key.verify_key).hex()
