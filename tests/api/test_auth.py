"""Tokens: HS256 in development, RS256 only once a public key is configured."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from graphql_api.auth import DEV_SECRET, ISSUER, Keys, Unauthenticated, mint


def rsa_pair() -> tuple[bytes, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public.decode()


def claims(subject: str = "alice@acme.example", **extra: object) -> dict[str, object]:
    now = int(time.time())
    return {"sub": subject, "iss": ISSUER, "iat": now, "exp": now + 60, **extra}


def test_a_development_token_names_its_subject() -> None:
    assert Keys(DEV_SECRET, None).decode(mint("Alice@Acme.example")) == "alice@acme.example"


def test_with_a_public_key_an_rs256_token_is_accepted() -> None:
    private, public = rsa_pair()
    token = jwt.encode(claims(), private, algorithm="RS256")
    assert Keys(None, public).decode(token) == "alice@acme.example"


def test_with_a_public_key_an_hs256_token_is_refused_even_with_the_dev_secret() -> None:
    _, public = rsa_pair()
    with pytest.raises(Unauthenticated):
        Keys(None, public).decode(mint("alice@acme.example"))


def test_an_hs256_token_signed_with_the_public_key_as_secret_is_refused() -> None:
    """The classic algorithm-confusion attack: only RS256 is accepted."""
    _, public = rsa_pair()

    # PyJWT itself refuses to use a PEM key as an HMAC secret: forge the token by hand.
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(claims()).encode())
    signature = hmac.new(public.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    forged = f"{head}.{body}.{b64(signature)}"
    with pytest.raises(Unauthenticated):
        Keys(None, public).decode(forged)


def test_a_token_signed_by_another_key_is_refused() -> None:
    other_private, _ = rsa_pair()
    _, public = rsa_pair()
    with pytest.raises(Unauthenticated):
        Keys(None, public).decode(jwt.encode(claims(), other_private, algorithm="RS256"))


@pytest.mark.parametrize(
    "bad",
    [
        {"exp": int(time.time()) - 10},  # expired
        {"iss": "someone-else"},
        {"sub": None},
    ],
)
def test_expired_foreign_or_subjectless_tokens_are_refused(bad: dict[str, object]) -> None:
    private, public = rsa_pair()
    payload = {k: v for k, v in {**claims(), **bad}.items() if v is not None}
    with pytest.raises(Unauthenticated):
        Keys(None, public).decode(jwt.encode(payload, private, algorithm="RS256"))


def test_keys_from_the_environment_prefer_the_public_key(monkeypatch: pytest.MonkeyPatch) -> None:
    _, public = rsa_pair()
    monkeypatch.setenv("ARLEDGER_JWT_PUBLIC_KEY", public)
    monkeypatch.setenv("ARLEDGER_JWT_SECRET", "whatever")
    keys = Keys.from_env()
    assert keys.public_key == public and keys.secret is None
