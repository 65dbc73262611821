"""`arledger checkpoint keygen|sign` and the files behind `verify --checkpoint`.

A checkpoint (`ledger.checkpoints`) is a JSON file: the log position of the head,
the seal there, an Ed25519 signature over both and the fingerprint of the key.
The private key lives outside the store (a file only the signer can read, or an
HSM's export); the public key goes with whoever verifies.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ledger import checkpoints
from ledger.application import Ledger

PUBLIC_KEY_ENV = "ARLEDGER_CHECKPOINT_PUBLIC_KEY"  # a path to the PEM file, or the PEM itself


class CheckpointError(Exception):
    pass


def read_public_key(given: str | None) -> checkpoints.Ed25519PublicKey:
    """From --public-key, else ARLEDGER_CHECKPOINT_PUBLIC_KEY (a path or the PEM text)."""
    source = given or os.environ.get(PUBLIC_KEY_ENV)
    if not source:
        raise CheckpointError(f"--checkpoint needs --public-key FILE or {PUBLIC_KEY_ENV}")
    try:
        pem = source.encode() if source.lstrip().startswith("-----BEGIN") else _read(source)
        return checkpoints.load_public(pem)
    except ValueError as error:
        raise CheckpointError(f"public key: {error}") from None


def read_checkpoint(path: str) -> checkpoints.Checkpoint:
    try:
        return checkpoints.Checkpoint.from_json(json.loads(_read(path)))
    except ValueError as error:
        raise CheckpointError(f"{path}: {error}") from None


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CheckpointError(f"cannot read {path}: {error.strerror}") from None


def _write_new(path: str, data: bytes, mode: int) -> None:
    """Create `path` (never overwrite a key) readable as `mode` says."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise CheckpointError(f"{path} exists; not overwritten") from None
    except OSError as error:
        raise CheckpointError(f"cannot write {path}: {error.strerror}") from None
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def cmd_keygen(args: argparse.Namespace) -> int:
    private, public = checkpoints.new_key()
    public_path = args.public_key or f"{args.key}.pub"
    _write_new(args.key, private, 0o600)
    _write_new(public_path, public, 0o644)
    fingerprint = checkpoints.fingerprint(checkpoints.load_public(public))
    print(f"private key: {args.key} (keep it outside the store)")
    print(f"public key: {public_path} ({fingerprint})")
    return 0


def cmd_sign(args: argparse.Namespace, open_ledger: Callable[[argparse.Namespace], Ledger]) -> int:
    try:
        key = checkpoints.load_private(_read(args.key))
    except ValueError as error:
        raise CheckpointError(f"{args.key}: {error}") from None
    ledger = open_ledger(args)
    try:
        head = ledger.event_count()
        report = ledger.verify(seals_at={head}).chain
    finally:
        ledger.close()
    if report.problem is not None:  # never sign a history that does not verify
        print(f"TAMPERED: {report.problem}; no checkpoint signed", file=sys.stderr)
        return 2
    checkpoint = checkpoints.sign(key, head, report.seals[head])
    text = json.dumps(checkpoint.as_json(), indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"checkpoint at position {head} ({report.events} events) written to {args.output}")
    return 0


def check(checkpoint: checkpoints.Checkpoint, key: Any, seals: dict[int, str]) -> tuple[int, str]:
    """(exit code, message) for `verify --checkpoint`: 0 ok, 4 bad signature, 2 rewritten."""
    problem = checkpoints.signature_problem(checkpoint, key)
    if problem is not None:
        return 4, f"CHECKPOINT INVALID: {problem}"
    problem = checkpoints.seal_problem(checkpoint, seals.get(checkpoint.position))
    if problem is not None:
        return 2, f"TAMPERED: {problem}"
    return 0, f"checkpoint: history up to position {checkpoint.position} matches ({checkpoint.key})"


def add_commands(sub: Any, open_ledger: Callable[[argparse.Namespace], Ledger]) -> None:
    def guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        def wrapped(args: argparse.Namespace) -> int:
            try:
                return run(args)
            except CheckpointError as error:
                print(f"error: {error}", file=sys.stderr)
                return 1

        return wrapped

    parser = sub.add_parser("checkpoint", help="signed checkpoints of the history (Ed25519)")
    actions = parser.add_subparsers(dest="action", required=True)
    k = actions.add_parser("keygen", help="make an Ed25519 key pair for signing checkpoints")
    k.add_argument("--key", required=True, help="private key file to create (mode 600)")
    k.add_argument("--public-key", help="public key file to create (default: KEY.pub)")
    k.set_defaults(run=guarded(cmd_keygen))
    s = actions.add_parser("sign", help="sign a checkpoint of the current head")
    s.add_argument("--key", required=True, help="the private key (PEM)")
    s.add_argument("-o", "--output", required=True, help="checkpoint file to write (- for stdout)")
    s.set_defaults(run=guarded(lambda args: cmd_sign(args, open_ledger)))
