"""Tokens: HS256 in development, RS256 only once a public key is configured."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from graphql_api.auth import DEV_SECRET, ISSUER, Keys, NoKeys, Unauthenticated, mint


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


def test_a_token_without_an_expiry_is_refused() -> None:
    """A token with no `exp` would be good forever, so `exp` is required."""
    payload = {k: v for k, v in claims().items() if k != "exp"}
    with pytest.raises(Unauthenticated, match="exp"):
        Keys(DEV_SECRET, None).decode(jwt.encode(payload, DEV_SECRET, algorithm="HS256"))


def test_development_tokens_expire() -> None:
    token = mint("alice@acme.example", ttl=60)
    expiry = jwt.decode(token, DEV_SECRET, algorithms=["HS256"], issuer=ISSUER)["exp"]
    assert 0 < expiry - time.time() <= 60


def test_no_key_configured_is_an_error_outside_demo_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a secret or public key only demo mode falls back to the public dev secret."""
    monkeypatch.delenv("ARLEDGER_JWT_PUBLIC_KEY", raising=False)
    monkeypatch.delenv("ARLEDGER_JWT_SECRET", raising=False)
    with pytest.raises(NoKeys, match="ARLEDGER_JWT_SECRET"):
        Keys.from_env()
    assert Keys.from_env(demo=True) == Keys(DEV_SECRET, None)
    monkeypatch.setenv("ARLEDGER_JWT_SECRET", "s3cret-s3cret-s3cret-s3cret-s3cret")
    assert Keys.from_env() == Keys("s3cret-s3cret-s3cret-s3cret-s3cret", None)


def test_serve_refuses_to_start_without_a_key(tmp_path: Path) -> None:
    """`arledger serve` (no --demo, no key): a clear message and a non-zero exit, before
    anything listens."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARLEDGER_")}
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", "--database", f"sqlite:///{tmp_path / 'a.db'}",
         "serve", "--port", "1"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "ARLEDGER_JWT_SECRET" in result.stderr and "ARLEDGER_JWT_PUBLIC_KEY" in result.stderr


def test_the_token_command_mints_expiring_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {**os.environ, "ARLEDGER_JWT_SECRET": "s3cret-s3cret-s3cret-s3cret-s3cret"}
    token = subprocess.run(
        [sys.executable, "-m", "cli.main", "token", "alice@acme.example"],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    ).stdout.strip()  # fmt: skip
    assert Keys("s3cret-s3cret-s3cret-s3cret-s3cret", None).decode(token) == "alice@acme.example"
    assert "exp" in jwt.decode(
        token, "s3cret-s3cret-s3cret-s3cret-s3cret", algorithms=["HS256"], issuer=ISSUER
    )
