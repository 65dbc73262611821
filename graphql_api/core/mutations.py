"""How every mutation runs: check the role, build the command, execute it once
under the caller's idempotency key, then wait until the read side shows it.

Writes: each mutation becomes one ledger command (all or nothing), keyed by the
caller's idempotency key namespaced by the caller, then waits until the projections
have applied it, so the response and the next read agree.
"""

from __future__ import annotations

import os
from typing import Any

import anyio
from graphql import (
    GraphQLError,
)
from strawberry.types import Info

from graphql_api.auth import Viewer as ViewerData
from graphql_api.core.inputs import fail, viewer_of
from graphql_api.permissions import MUTATIONS
from ledger.errors import IdempotencyMismatch, LedgerError, RecordError
from projections.views import ProjectionStalled

# Each mutation's payload type by the mutation's name, registered by `payloads.payload`
# (the areas' types are beyond this room; it only hands a result over).
PAYLOAD_TYPES: dict[str, Any] = {}


async def run(
    info: Info,
    mutation: str,
    make: Any = None,
    *,
    perform: Any = None,
    ids: dict[str, Any] | None = None,
) -> Any:
    """Check the role, build the command, execute it once, wait for the read side;
    answer the mutation's payload: the command's result, and the objects it changed,
    named by the result's ids and by `ids` (those the result does not name).

    `perform(ledger, viewer)`, instead of `make(viewer)`, is for work an adapter does
    with the ledger (it executes its own command), run in a worker thread.
    """
    viewer = viewer_of(info)
    if not viewer.roles & MUTATIONS[mutation]:
        raise fail(f"your role may not {mutation}", "FORBIDDEN")
    ledger, runner = info.context["ledger"], info.context["runner"]
    stall = info.context["stall"]() if "stall" in info.context else None
    if stall is not None:  # refuse before writing: the answer could not show the change
        raise fail(
            f"changes are paused: {stall}; nothing was written",
            "READ_SIDE_STALLED",
            position=stall.position,
        )
    if perform is None:
        command = make(viewer)
        perform = lambda ledger, _: ledger.execute(command)  # noqa: E731
    try:
        result = await anyio.to_thread.run_sync(perform, ledger, viewer)
    except RecordError as error:
        raise fail(error.message, error.code) from None
    except IdempotencyMismatch as error:
        raise mismatch(viewer, error) from None
    except LedgerError as error:
        details = {k: str(v) for k, v in error.details.items()}
        raise fail(error.message, error.code, **details) from None
    position = ledger.event_count()
    note(info, mutation, position, result)
    if runner is not None:
        # The projection may run in another process (`arledger worker`): its position is
        # read from the database until it passes ours, for at most ARLEDGER_READ_WAIT s.
        wait = float(os.environ.get("ARLEDGER_READ_WAIT", "10"))
        try:
            await anyio.to_thread.run_sync(runner.wait, position, wait)
        except ProjectionStalled as stalled:
            raise fail(
                f"your change was recorded, but {stalled.stall}",
                "READ_SIDE_STALLED",
                position=stalled.stall.position,
            ) from None
        except TimeoutError:
            raise fail(
                "your change was recorded, but the read models have not shown it within "
                f"{wait:g} s; read again shortly",
                "READ_SIDE_LAGGING",
                position=position,
            ) from None
    return PAYLOAD_TYPES[mutation].of(result, **(ids or {}))


def note(info: Info, mutation: str, position: int, result: Any) -> None:
    """Tell the request what this mutation stored (the log ties the request id to it):
    the log position its events reach, and the ids the command answered with."""
    request = info.context.get("request")
    if request is None:
        return
    ids = (
        {k: str(v) for k, v in result.items() if k.endswith("_id")}
        if isinstance(result, dict)
        else {}
    )
    recorded = getattr(request.state, "recorded", None)
    if recorded is None:
        recorded = request.state.recorded = []
    recorded.append((mutation, {"up_to_position": position, **ids}))


def key(viewer: ViewerData, given: str) -> str:
    """Idempotency keys are per caller: two users can never collide. The steps a
    mutation takes on its behalf get keys no caller can give (`ledger.registry.derived_key`)."""
    if not given or len(given) > 200:
        raise fail("idempotencyKey must be 1 to 200 characters", "BAD_INPUT")
    return caller_prefix(viewer) + given


def caller_prefix(viewer: ViewerData) -> str:
    """What `key` puts before the key a caller gives: the namespace of their keys."""
    return f"api:{viewer.id}:"


def mismatch(viewer: ViewerData, error: IdempotencyMismatch) -> GraphQLError:
    """IDEMPOTENCY_MISMATCH with the key as the caller gave it, never its internal form.
    (A derived step's key cannot be refused for a caller's reuse; if it ever were, the
    answer names no key rather than an internal one.)"""
    mine = caller_prefix(viewer)
    if not error.key.startswith(mine):
        return fail(error.message, error.code)
    given = error.key[len(mine) :]
    return fail(
        f"idempotency key {given!r} was already used for a different request",
        error.code,
        idempotencyKey=given,
    )
