"""The demo as steps: each command at its moment (`Step`, `Plan`), and `run`, which executes
them in time order with the clock set to each one. `cli.demo` plans what happens."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ledger import commands as c
from ledger.application import Ledger
from ledger.errors import LedgerError


@dataclass(order=True)
class Step:
    at: datetime
    seq: int
    command: c.Command = field(compare=False)
    group: str = field(compare=False, default="")


class Plan:
    """Commands with the moment each one happens."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.steps: list[Step] = []
        self.group = ""

    def key(self, what: str) -> str:
        return f"demo-{self.seed}-{what}"

    def add(self, at: datetime, make: Callable[[str], c.Command], what: str) -> c.Command:
        command = make(self.key(what))
        self.steps.append(Step(at, len(self.steps), command, self.group))
        return command


@dataclass
class DemoResult:
    ran: int = 0
    skipped: list[str] = field(default_factory=list)


def run(
    ledger: Ledger,
    steps: list[Step],
    progress: Callable[[Iterator[Step]], Iterator[Step]] | None = None,
) -> DemoResult:
    """Execute the plan in time order.

    A refused order (its company is on hold) takes the rest of its story with it.
    """
    result = DemoResult()
    dead: set[str] = set()
    iterator: Iterator[Step] = iter(steps)
    if progress is not None:
        iterator = progress(iterator)
    for step in iterator:
        if step.group in dead:
            continue
        try:
            ledger.execute(step.command, at=step.at)
            result.ran += 1
        except LedgerError as error:
            result.skipped.append(f"{type(step.command).__name__}: {error.code}")
            if step.group:
                dead.add(step.group)
    return result


def summary(result: DemoResult) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for reason in result.skipped:
        counts[reason] = counts.get(reason, 0) + 1
    return {"ran": result.ran, "skipped": counts}
