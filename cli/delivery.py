"""`arledger deliveries run|status` and `arledger reminders run`: the outbox from the shell.

    arledger deliveries run [--once] [--from-start] [--interval 5]
    arledger deliveries status
    arledger reminders run [--date 2026-11-25]

`deliveries run` plans what the new events call for and sends what is due, then
(without `--once`) keeps doing so every `--interval` seconds until stopped.
`reminders run` asks for the day's reminders (once per invoice and step: running
it twice a day sends nothing more) and sends them.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from ledger import clock
from ledger.application import Ledger


def cmd_deliveries(
    args: argparse.Namespace, open_ledger: Callable[[argparse.Namespace], Ledger]
) -> int:
    from adapters import leadership, outbox
    from cli.wiring import read_models

    ledger = open_ledger(args)
    view = read_models(ledger)
    lead = None
    try:
        if args.action == "status":
            print(json.dumps(outbox.status(ledger, view), indent=2, default=str))
            return 0
        if not ledger.url.startswith(("sqlite", "memory")):
            # Beside `arledger worker`s: send only as the outbox's leader (fenced by epoch).
            lead = leadership.leader(ledger.url, outbox.PLANNER)
            if not lead.try_lead():
                holder = leadership.leaders(ledger.url).get(outbox.PLANNER, {}).get("holder")
                print(f"error: the outbox is led by {holder} (arledger worker): it delivers",
                      file=sys.stderr)  # fmt: skip
                return 1
        epoch = lead.epoch if lead is not None else None
        stop = False

        def halt(*_: Any) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGTERM, halt)
        signal.signal(signal.SIGINT, halt)
        while True:
            asked = outbox.plan(ledger, view, from_start=args.from_start)
            sent = outbox.send_due(ledger, view, epoch=epoch)
            if asked or sent:
                print(json.dumps({"requested": asked, **sent}), flush=True)
            if args.once or stop:
                return 0
            time.sleep(args.interval)
            if stop:
                return 0
    finally:
        if lead is not None:
            lead.release()
        ledger.close()


def cmd_reminders(
    args: argparse.Namespace, open_ledger: Callable[[argparse.Namespace], Ledger]
) -> int:
    from adapters import outbox
    from cli.wiring import read_models

    ledger = open_ledger(args)
    view = read_models(ledger)
    try:
        day = date.fromisoformat(args.date) if args.date else clock.today()
        asked = outbox.remind(ledger, view, day)
        sent = outbox.send_due(ledger, view)
        print(json.dumps({"day": day.isoformat(), "reminders": asked, **sent}))
    finally:
        ledger.close()
    return 0


def add_commands(sub: Any, open_ledger: Callable[[argparse.Namespace], Ledger]) -> None:
    d = sub.add_parser("deliveries", help="send invoices and notes by e-mail and AP portal")
    d.add_argument("action", choices=["run", "status"])
    d.add_argument("--once", action="store_true", help="one round, then exit")
    d.add_argument("--from-start", action="store_true",
                   help="a new outbox plans from event zero (default: from now on)")  # fmt: skip
    d.add_argument("--interval", type=float, default=5.0)
    d.set_defaults(run=lambda args: cmd_deliveries(args, open_ledger))
    r = sub.add_parser("reminders", help="dunning: ask for and send the day's reminders")
    r.add_argument("action", choices=["run"])
    r.add_argument("--date", help="YYYY-MM-DD (default: today)")
    r.set_defaults(run=lambda args: cmd_reminders(args, open_ledger))
