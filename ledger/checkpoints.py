"""Signed checkpoints: anchor the history at a position with a key held outside the store.

The hash chains (`ledger.chain`) and the seal (`ledger.audit`) show any edit,
unless whoever edits also recomputes every later hash: then the chains are
intact again and only the seal differs, which nobody can tell without a seal
written down earlier. A checkpoint is that seal written down and signed: an
Ed25519 signature over (position, seal at that position). `verify` against a
checkpoint fails if the signature is not the key's, or if the replayed chain's
seal at the checkpoint's position is not the signed one, so rewriting history
before a checkpoint needs the private key, which the store never holds.

Pure: keys and checkpoints come in and go out as bytes and dicts; reading and
writing files is the CLI's (`cli/checkpoint.py`).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ledger.chain import canonical_json

KIND = "arledger-checkpoint"
VERSION = 1


def signing_payload(position: int, seal: str) -> bytes:
    """What is signed: the kind, version, position and seal, as canonical JSON."""
    return canonical_json(
        {"kind": KIND, "version": VERSION, "position": position, "seal": seal}
    ).encode("utf-8")


def new_key() -> tuple[bytes, bytes]:
    """A fresh Ed25519 key pair as PEM: (private PKCS#8, public SubjectPublicKeyInfo)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return private, public_pem(key.public_key())


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_private(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key


def load_public(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, hex: names the key a checkpoint is signed by."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    position: int  # the log position (notification id) of the last event covered
    seal: str  # ledger.audit's seal over every hash up to and including `position`
    signature: str  # base64 Ed25519 signature over signing_payload(position, seal)
    key: str  # fingerprint() of the public key that verifies it

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": KIND,
            "version": VERSION,
            "position": self.position,
            "seal": self.seal,
            "signature": self.signature,
            "key": self.key,
        }

    @classmethod
    def from_json(cls, doc: Any) -> Checkpoint:
        if not isinstance(doc, dict) or doc.get("kind") != KIND or doc.get("version") != VERSION:
            raise ValueError(f"not an {KIND} version {VERSION}")
        position, seal, signature, key = (
            doc.get(k) for k in ("position", "seal", "signature", "key")
        )
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            raise ValueError("position must be a non-negative integer")
        if not all(isinstance(v, str) and v for v in (seal, signature, key)):
            raise ValueError("seal, signature and key must be non-empty text")
        return cls(position, str(seal), str(signature), str(key))


def sign(key: Ed25519PrivateKey, position: int, seal: str) -> Checkpoint:
    signature = key.sign(signing_payload(position, seal))
    return Checkpoint(
        position, seal, base64.b64encode(signature).decode("ascii"), fingerprint(key.public_key())
    )


def signature_problem(checkpoint: Checkpoint, key: Ed25519PublicKey) -> str | None:
    """Why the checkpoint is not signed by `key` (None: it is)."""
    if checkpoint.key != fingerprint(key):
        return f"signed by key {checkpoint.key}, not by the given public key {fingerprint(key)}"
    try:
        signature = base64.b64decode(checkpoint.signature, validate=True)
        key.verify(signature, signing_payload(checkpoint.position, checkpoint.seal))
    except (InvalidSignature, ValueError):
        return "bad signature: the checkpoint was not signed by this key or was altered"
    return None


def seal_problem(checkpoint: Checkpoint, replayed: str | None) -> str | None:
    """Why the replayed history does not match the checkpoint (None: it does).
    `replayed` is the seal the chain had at the checkpoint's position (None: never got
    there)."""
    if replayed is None:
        return f"history ends before checkpoint position {checkpoint.position} (truncated)"
    if replayed != checkpoint.seal:
        return (
            f"history up to position {checkpoint.position} differs from the signed checkpoint "
            f"(seal {replayed} there, {checkpoint.seal} signed): rewritten"
        )
    return None
