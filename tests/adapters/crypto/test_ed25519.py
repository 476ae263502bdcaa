"""Ed25519 signatures: a signer's signature checks under its public key and under no other, and
a changed message or a malformed key or signature is simply not valid."""

from __future__ import annotations

from nazh.adapters.crypto.ed25519 import Ed25519Signer, new_key, public_key_of, valid_signature

SEED = "11" * 32
DATA = b'{"seq": 7, "hash": "ab"}'


def test_a_signature_checks_under_the_signers_public_key() -> None:
    signer = Ed25519Signer(SEED)
    assert signer.public_key == public_key_of(SEED)
    assert valid_signature(signer.public_key, DATA, signer.sign(DATA))


def test_a_changed_message_or_another_key_does_not_check() -> None:
    signer = Ed25519Signer(SEED)
    signature = signer.sign(DATA)
    _, other_public = new_key()
    assert not valid_signature(signer.public_key, DATA + b" ", signature)
    assert not valid_signature(other_public, DATA, signature)


def test_malformed_hex_is_an_invalid_signature_not_an_error() -> None:
    signer = Ed25519Signer(SEED)
    assert not valid_signature(signer.public_key, DATA, "zz")
    assert not valid_signature("ab", DATA, signer.sign(DATA))


def test_new_keys_are_distinct_and_their_public_half_is_derived_from_the_seed() -> None:
    (seed_a, public_a), (seed_b, public_b) = new_key(), new_key()
    assert seed_a != seed_b
    assert len(seed_a) == len(public_a) == 64
    assert (public_key_of(seed_a), public_key_of(seed_b)) == (public_a, public_b)
