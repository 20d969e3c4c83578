"""Signed batches from trusted sources (transit operators, bike-share, community stations).

A source registers an Ed25519 public key with the office; each batch it sends is signed over
its exact bytes. A batch whose signature does not verify under the source's key is refused whole.

>>> private, public = new_key_pair()
>>> signature = sign(private, b"event_id,...")
>>> check_signature(public, b"event_id,...", signature)
>>> try:
...     check_signature(public, b"event_id,...!", signature)
... except InclusionError as exc:
...     print(exc.message.en[:32])
the batch signature does not ver
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from cityclimate.inclusion.model import InclusionError


def new_key_pair() -> tuple[bytes, str]:
    """A fresh key pair: the 32 private bytes and the public key as 64 hex digits."""
    key = Ed25519PrivateKey.generate()
    return key.private_bytes_raw(), key.public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw
    ).hex()


def public_key_of(private: bytes) -> str:
    """The public key (hex) of 32 private bytes."""
    key = Ed25519PrivateKey.from_private_bytes(private)
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def sign(private: bytes, payload: bytes) -> str:
    """The Ed25519 signature of ``payload`` (hex)."""
    return Ed25519PrivateKey.from_private_bytes(private).sign(payload).hex()


def check_signature(public_key_hex: str, payload: bytes, signature_hex: str) -> None:
    """Raise unless ``signature_hex`` is the source's signature of exactly ``payload``."""
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        key.verify(bytes.fromhex(signature_hex.strip()), payload)
    except (ValueError, InvalidSignature) as exc:
        raise InclusionError(
            "批次签名无法用该来源登记的公钥验证：批次被改动或不是该来源签发的",
            "the batch signature does not verify under the source's registered key: the batch "
            "was changed or not signed by that source",
        ) from exc
