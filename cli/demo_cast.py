"""The demo's cast: the catalogue, the seller's staff and the buyer companies with their
people, addresses and Peppol ids, and `parties`, which adds generated buyers for bigger
runs. `cli.demo` plans the history they live through."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from uuid import UUID

from ledger.companies import BillingDetails
from ledger.peppol import gln_check_digit

CATALOG = [
    ("BOLT-M8", "Hex bolt M8 x 40, zinc, box of 100", "12.40"),
    ("NUT-M8", "Hex nut M8, box of 200", "7.95"),
    ("DRILL-18V", "Cordless drill 18 V, two batteries", "189.00"),
    ("GLOVE-L", "Nitrile work gloves, size L, pack of 50", "14.99"),
    ("PALLET-EU", "EUR pallet 1200 x 800, heat treated", "21.50"),
    ("CABLE-3G", "Power cable 3G2.5, 50 m drum", "96.30"),
    ("SAFETY-HAT", "Safety helmet EN 397, white", "8.75"),
    ("LADDER-3", "Aluminium ladder, 3 x 8 rungs", "249.00"),
    ("TAPE-PVC", "PVC insulating tape, 10 rolls", "4.60"),
    ("PAINT-5L", "Façade paint RAL 9010, 5 l", "58.90"),
]

STAFF = [
    ("ar@seller.example", "Ava Reyes", ("AR_MANAGER",)),
    ("sales@seller.example", "Sam Lindqvist", ("SALES",)),
    ("cs@seller.example", "Chen Wu", ("CUSTOMER_SERVICE",)),
    ("delivery@seller.example", "Dara Okafor", ("DELIVERY",)),
    ("auditor@seller.example", "Ines Müller", ("AUDITOR",)),
]


@dataclass
class Buyer:
    name: str
    currency: str
    credit_limit: str
    terms: tuple[str, int]
    # (email, name, reports_to email, views all)
    users: list[tuple[str, str, str | None, bool]]
    channels: tuple[str, ...] = ("EMAIL",)
    company_id: UUID | None = None
    buyers: list[str] = field(default_factory=list)


BUYERS = [
    Buyer(
        "Acme Industrial GmbH",
        "EUR",
        "250000.00",
        ("NET30", 30),
        [
            ("alice@acme.example", "Alice Martin", None, True),
            ("bob@acme.example", "Bob Novak", "alice@acme.example", False),
            ("carol@acme.example", "Carol Diaz", "bob@acme.example", False),
            ("erin@acme.example", "Erin Walsh", "alice@acme.example", False),
            ("dave@acme.example", "Dave Kim", "erin@acme.example", False),
        ],
        channels=("EMAIL", "PDF"),
    ),
    Buyer(
        "Globex Trading BV",
        "EUR",
        "120000.00",
        ("NET14", 14),
        [
            ("henry@globex.example", "Henry Visser", None, True),
            ("grace@globex.example", "Grace Bakker", "henry@globex.example", False),
            ("judy@globex.example", "Judy de Vries", "grace@globex.example", False),
        ],
        channels=("UBL",),
    ),
    Buyer(
        "Initech SARL",
        "EUR",
        "3000.00",
        ("NET30", 30),
        [
            ("paul@initech.example", "Paul Girard", None, True),
            ("mia@initech.example", "Mia Laurent", "paul@initech.example", False),
            ("leo@initech.example", "Léo Petit", "mia@initech.example", False),
        ],
        channels=("POST",),
    ),
    Buyer(
        "Umbrella Supplies Ltd",
        "GBP",
        "80000.00",
        ("NET45", 45),
        [
            ("oliver@umbrella.example", "Oliver Hughes", None, True),
            ("amelia@umbrella.example", "Amelia Shaw", "oliver@umbrella.example", False),
            ("jack@umbrella.example", "Jack Patel", "amelia@umbrella.example", False),
        ],
    ),
]


def demo_buyers() -> list[str]:
    """The e-mail of every buyer user of the demo companies, in `BUYERS` order."""
    return [email for buyer in BUYERS for email, *_ in buyer.users]


ADDRESSES = {  # legal name, VAT id, street, postcode, city, country
    "Acme Industrial GmbH": ("DE129273398", "Friedrichstraße 68", "10117", "Berlin", "DE"),
    "Globex Trading BV": ("NL111222333B01", "Coolsingel 40", "3011 AD", "Rotterdam", "NL"),
    "Initech SARL": ("FR40303265045", "12 rue de la Paix", "75002", "Paris", "FR"),
    "Umbrella Supplies Ltd": ("GB980780684", "1 Canada Square", "E14 5AB", "London", "GB"),
}


def billing(buyer: Buyer) -> BillingDetails:
    """What documents print for a demo buyer (generated buyers share a business park)."""
    vat, street, postcode, city, country = ADDRESSES.get(
        buyer.name, ("", "Businesspark 1", "1000 AA", "Amsterdam", "NL")
    )
    domain = buyer.users[0][0].split("@")[1]
    return BillingDetails(buyer.name, vat, street, city, postcode, country, f"ap@{domain}")


PEPPOL = {  # where each demo buyer receives e-invoices: its VAT number's EAS scheme
    "Acme Industrial GmbH": ("9930", "DE129273398"),
    "Globex Trading BV": ("9944", "NL111222333B01"),
    "Initech SARL": ("9957", "FR40303265045"),
    "Umbrella Supplies Ltd": ("9932", "GB980780684"),
}


def peppol(buyer: Buyer, n: int) -> tuple[str, str]:
    """A demo buyer's Peppol id; generated buyers get a GS1 GLN (scheme 0088)."""
    if buyer.name in PEPPOL:
        return PEPPOL[buyer.name]
    body = f"87100{n:07d}"
    return "0088", body + gln_check_digit(body)


def parties(count: int, rng: random.Random) -> list[Buyer]:
    """The four demo buyers, then as many generated ones as asked for."""
    result = [dataclasses.replace(buyer, users=list(buyer.users)) for buyer in BUYERS]
    for n in range(len(BUYERS), count):
        domain = f"buyer{n:05d}.example"
        result.append(
            Buyer(
                f"Buyer {n:05d} Ltd",
                "EUR",
                f"{rng.choice([500, 1000, 2000])}000.00",
                rng.choice([("NET14", 14), ("NET30", 30), ("NET45", 45)]),
                [
                    (f"finance@{domain}", f"Finance {n}", None, True),
                    (f"lead@{domain}", f"Team lead {n}", f"finance@{domain}", False),
                    (f"buyer@{domain}", f"Buyer {n}", f"lead@{domain}", False),
                ],
            )
        )
    return result
