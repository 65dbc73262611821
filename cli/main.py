"""`arledger`: create the store, load demo data, verify history, print figures.

The database comes from `--database` or `ARLEDGER_DATABASE_URL`
(default `sqlite:///./arledger.db`). Long work shows a progress bar.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections import Counter
from decimal import Decimal
from typing import Any

from tqdm import tqdm

from cli import checkpoint, delivery, demo, documents, imports
from cli.worker import add_worker_command
from ledger import clock
from ledger.application import Ledger, Verification
from ledger.companies import Company
from ledger.errors import LedgerError
from ledger.invoices import Invoice
from ledger.payments import Payment
from ledger.session import Policy
from ledger.store import DEFAULT_URL


def open_ledger(args: argparse.Namespace) -> Ledger:
    return Ledger(args.database, policy=Policy.from_settings(os.environ))


def cmd_init(args: argparse.Namespace) -> int:
    ledger = open_ledger(args)
    print(f"store ready at {ledger.url} ({ledger.event_count()} events)")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    ledger = open_ledger(args)
    if ledger.event_count() and not args.force:
        print(f"{ledger.url} already holds {ledger.event_count()} events; demo not loaded again")
        return 0
    steps = demo.plan(seed=args.seed, orders=args.orders, tax_rule=ledger.policy.tax_rule)
    result = demo.run(ledger, steps, lambda it: tqdm(it, total=len(steps), desc="demo", unit="cmd"))
    print(json.dumps(demo.summary(result), indent=2))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    anchor = None
    if args.checkpoint:
        try:
            anchor = (checkpoint.read_checkpoint(args.checkpoint),
                      checkpoint.read_public_key(args.public_key))  # fmt: skip
        except checkpoint.CheckpointError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    ledger = open_ledger(args)
    quiet = args.quiet or args.json
    bar = tqdm(total=ledger.event_count(), desc="verify", unit="event", disable=quiet)
    verification = ledger.verify(
        on_event=lambda _: bar.update(), seals_at={anchor[0].position} if anchor else ()
    )
    bar.close()
    code, message = 0, None
    if verification.chain.problem is None and not verification.problems and anchor is not None:
        code, message = checkpoint.check(*anchor, verification.chain.seals)
    if args.json:
        print(json.dumps(verify_report(verification, code, message), indent=2))
        return verify_exit(verification, code)
    if verification.chain.problem is not None:
        print(f"TAMPERED: {verification.chain.problem}", file=sys.stderr)
    for problem in verification.problems:
        print(f"INVARIANT BROKEN: {problem}", file=sys.stderr)
    if code:
        print(message, file=sys.stderr)
    if verification.ok and not code:
        print(f"ok: {verification.chain.events} events, hash chain intact, all invariants hold")
        print(f"seal: {verification.chain.seal}")
        if message is not None:
            print(message)
    return verify_exit(verification, code)


def verify_exit(verification: Verification, checkpoint_code: int) -> int:
    """2: the history was edited; 3: a rule of the books is broken; else the checkpoint's."""
    if verification.chain.problem is not None:
        return 2
    if verification.problems:
        return 3
    return checkpoint_code


def verify_report(verification: Verification, code: int, message: str | None) -> dict[str, Any]:
    """`verify --json`: what the text says, as data; the exit code is the same."""
    return {
        "ok": verification.ok and not code,
        "events": verification.chain.events,
        "tampered": verification.chain.problem,
        "seal": verification.chain.seal,
        "problems": [problem.as_dict() for problem in verification.problems],
        "checkpoint": message,
    }


def stats(ledger: Ledger) -> dict[str, Any]:
    verification = ledger.verify()
    books = verification.books
    today = clock.today()
    invoices = books.of_type(Invoice)
    companies = books.of_type(Company)
    open_by_currency: Counter[str] = Counter()
    for invoice in invoices:
        open_by_currency[invoice.currency] += invoice.open_amount.amount  # type: ignore[assignment]
    return {
        "events": books.events,
        "aggregates": dict(Counter(type(a).__name__ for a in books.aggregates.values())),
        "invoices_by_source": dict(Counter(i.header.source for i in invoices)),
        "invoices_by_status": dict(Counter(i.status(today) for i in invoices)),
        "open_receivables": {k: str(Decimal(v)) for k, v in open_by_currency.items()},
        "unapplied_cash": {
            c.name: str(
                sum(
                    (p.unapplied.amount for p in books.of_type(Payment) if p.company_id == c.id),
                    Decimal(0),
                )
            )
            for c in companies
        },
        "companies_on_hold": {c.name: c.hold_reason for c in companies if c.on_hold},
        "verified": verification.ok,
    }


def cmd_projections(args: argparse.Namespace) -> int:
    from projections import views  # the read side is optional for the write-side commands

    ledger = open_ledger(args)
    view = views.open_views(args.database)
    if args.action == "status":
        state = views.status(ledger, view)
        print(
            json.dumps(
                {
                    "name": state.name,
                    "position": state.position,
                    "head": state.head,
                    "lag": state.lag,
                }
            )
        )
        return 0
    if args.action == "run" and not args.database.startswith("sqlite"):
        # PostgreSQL: as a worker's projection job, so it stands by beside other workers.
        from cli import jobs, logs

        logs.configure()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        print(f"{views.NAME}: catching up and following as leader or standby", flush=True)
        jobs.run_worker(args.database, ("projections",), stop)
        return 0
    if args.action == "rebuild":
        if args.name not in (None, views.NAME):
            print(f"unknown projection {args.name!r}; there is {views.NAME!r}", file=sys.stderr)
            return 1
        view.reset()
    bar = tqdm(total=views.status(ledger, view).lag, desc=views.NAME, unit="event")
    try:
        done = views.catch_up(ledger, view, progress=bar.update)
    except views.ProjectionStalled as stalled:
        bar.close()
        print(f"STALLED: {stalled}", file=sys.stderr)
        print("`arledger verify` checks the log's amounts against the limits", file=sys.stderr)
        return 1
    bar.close()
    print(f"{views.NAME}: applied {done} events, now at {views.status(ledger, view).position}")
    if args.action == "run":
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        with views.live(args.database) as runner:
            print(f"{views.NAME}: following new events (Ctrl-C to stop)", flush=True)
            try:
                while not stop.wait(0.5):
                    runner.run_forever(timeout=0)
            except KeyboardInterrupt:
                pass
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from cli.generate import generate

    ledger = open_ledger(args)
    bar = tqdm(total=args.events, desc="generate", unit="event")
    result = generate(ledger, args.events, seed=args.seed, progress=bar.update)
    bar.close()
    print(json.dumps(result))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from cli import roles, serving
    from graphql_api.auth import Keys

    if args.read_database:
        os.environ[roles.READ_URL_ENV] = args.read_database
    refused = serving.refusal(args.database, args.workers, args.no_jobs)
    if refused:
        print(f"error: {refused}", file=sys.stderr)
        return 1

    Keys.from_env(demo=args.demo)  # no key outside demo mode: refuse before anything starts
    if args.demo:
        ledger = open_ledger(args)
        if not ledger.event_count():
            steps = demo.plan(seed=7, tax_rule=ledger.policy.tax_rule)
            demo.run(ledger, steps, lambda it: tqdm(it, total=len(steps), desc="demo"))
        ledger.close()
    base = f"http://{args.host}:{args.port}"
    if args.demo:  # the demo shows what a seller can configure (adapters.seller)
        from adapters.seller import Seller
        from cli.demo_logo import demo_logo

        os.environ.setdefault("ARLEDGER_BRAND_PROMOTION", "Spring offer: 5% off safety gear")
        if not os.environ.get("ARLEDGER_BRAND_LOGO_PATH"):
            trading_name = Seller.from_env().trading_name
            os.environ["ARLEDGER_BRAND_LOGO_PATH"] = str(demo_logo(trading_name))
    if args.demo and not os.environ.get("ARLEDGER_CARD_PROVIDER_URL"):
        # Card payments work out of the box: a stand-in provider in the same server.
        os.environ.update(
            ARLEDGER_FAKE_CARD_PROVIDER="1",
            ARLEDGER_PUBLIC_URL=base,
            ARLEDGER_CARD_PROVIDER_URL=f"{base}/fake-card-provider",
            ARLEDGER_CARD_SECRET_KEY="sk_test_demo",
            ARLEDGER_CARD_WEBHOOK_SECRET="whsec_demo",
        )
    print(
        f"arledger: web app on {base}/ (old buyer portal: /portal), GraphQL on {base}/graphql "
        f"(token for a demo user: arledger token alice@acme.example)",
        flush=True,
    )
    serving.run(args.database, args.host, args.port, workers=args.workers, demo=args.demo,
                no_jobs=args.no_jobs)  # fmt: skip
    return 0


def cmd_token(args: argparse.Namespace) -> int:
    from graphql_api.auth import DEV_SECRET, mint

    print(mint(args.email, os.environ.get("ARLEDGER_JWT_SECRET", DEV_SECRET)))
    return 0


def cmd_export_beancount(args: argparse.Namespace) -> int:
    from adapters import beancount

    ledger = open_ledger(args)
    try:
        if args.output == "-":
            done = beancount.export(beancount.records(ledger), sys.stdout)
        else:
            with open(args.output, "w", encoding="utf-8") as out:
                done = beancount.export(beancount.records(ledger), out)
    finally:
        ledger.close()
    if args.output != "-":
        print(
            f"{done.transactions} transactions ({done.events} events, "
            f"{len(done.accounts)} accounts) written to {args.output}"
        )
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    print(json.dumps(stats(open_ledger(args)), indent=2, ensure_ascii=False))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="arledger", description=__doc__)
    root.add_argument(
        "--database",
        default=os.environ.get("ARLEDGER_DATABASE_URL", DEFAULT_URL),
        help="sqlite:///path, postgresql://user@host/db or memory:// "
        "(default: $ARLEDGER_DATABASE_URL or %(default)s)",
    )
    sub = root.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create or upgrade the store").set_defaults(run=cmd_init)
    d = sub.add_parser("demo", help="load realistic demo data")
    d.add_argument("--seed", type=int, default=7)
    d.add_argument("--orders", type=int, default=320)
    d.add_argument("--force", action="store_true", help="load even if the store is not empty")
    d.set_defaults(run=cmd_demo)
    v = sub.add_parser("verify", help="re-check the hash chain and every invariant")
    v.add_argument("--quiet", action="store_true")
    v.add_argument("--json", action="store_true", help="print the findings as JSON, for tools")
    v.add_argument("--checkpoint", metavar="FILE", help="also check a signed checkpoint")
    v.add_argument(
        "--public-key",
        metavar="PUBFILE",
        help=f"its Ed25519 public key (PEM; default: ${checkpoint.PUBLIC_KEY_ENV})",
    )
    v.set_defaults(run=cmd_verify)
    sub.add_parser("stats", help="print figures about the books").set_defaults(run=cmd_stats)
    p = sub.add_parser("projections", help="read models: run, rebuild, status")
    p.add_argument("action", choices=["run", "rebuild", "status", "catch-up"])
    p.add_argument("name", nargs="?", help="projection to rebuild (default: all)")
    p.set_defaults(run=cmd_projections)
    sv = sub.add_parser("serve", help="run the GraphQL service (and, unless --no-jobs, the jobs)")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--demo", action="store_true", help="load demo data into an empty store")
    sv.add_argument("--workers", type=int, default=int(os.environ.get("ARLEDGER_WORKERS", "1")),
                    help="API processes under one supervisor (PostgreSQL only; default: "
                    "$ARLEDGER_WORKERS or 1)")  # fmt: skip
    sv.add_argument("--no-jobs", action="store_true",
                    help="HTTP only; `arledger worker` runs the jobs (PostgreSQL)")  # fmt: skip
    sv.add_argument("--read-database", default=None,
                    help="a streaming replica's URL: queries read there (default: "
                    "$ARLEDGER_READ_DATABASE_URL, or the store itself)")  # fmt: skip
    sv.set_defaults(run=cmd_serve)
    add_worker_command(sub)
    tk = sub.add_parser("token", help="mint a development token (HS256) for a user")
    tk.add_argument("email")
    tk.set_defaults(run=cmd_token)
    imports.add_commands(sub, open_ledger)
    checkpoint.add_commands(sub, open_ledger)
    documents.add_commands(sub, open_ledger)
    delivery.add_commands(sub, open_ledger)
    ex = sub.add_parser("export", help="the journal in another tool's format")
    formats = ex.add_subparsers(dest="format", required=True)
    bc = formats.add_parser("beancount", help="one beancount transaction per journal entry")
    bc.add_argument("-o", "--output", default="-", help="file to write (default: - for stdout)")
    bc.set_defaults(run=cmd_export_beancount)
    b = sub.add_parser("bench", help="benchmark helpers")
    bench = b.add_subparsers(dest="bench", required=True)
    g = bench.add_parser("generate", help="write a large seeded history fast")
    g.add_argument("--events", type=int, default=100_000)
    g.add_argument("--seed", type=int, default=1)
    g.set_defaults(run=cmd_generate)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        result: int = args.run(args)
    except LedgerError as error:
        print(f"error ({error.code}): {error.message}", file=sys.stderr)
        return 1
    return result


if __name__ == "__main__":
    sys.exit(main())
