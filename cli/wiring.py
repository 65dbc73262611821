"""How a process hands the read models to the adapters that read them.

Adapters do not import `projections` (`docs/architecture.md`); the composition roots
(this CLI, `graphql_api.app`, and the tests) open the views and pass them in as an
`adapters.read_models.ReadModels`: one place that knows both sides.
"""

from __future__ import annotations

import functools

from adapters.read_models import ReadModels
from ledger.application import Ledger
from projections import views
from projections.schema import from_units, moment


def read_models(ledger: Ledger, view: views.ViewRecorder | None = None) -> ReadModels:
    """The views of `ledger`'s store (opened here unless given), caught up on demand."""
    view = view if view is not None else views.open_views(ledger.url)
    return ReadModels(
        rows=view.rows,
        catch_up=functools.partial(views.catch_up, ledger, view),
        moment=moment,
        amount=from_units,
    )
