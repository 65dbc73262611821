"""Who sells: the identity every document carries, and the branding buyers see.

One seller per installation, configured by environment (`ARLEDGER_SELLER_*`); the
defaults are the demo seller of the reference samples, Seller Supplies B.V.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Branding:
    primary: str = "#1f4e79"  # headings, table header, portal bar
    accent: str = "#e8f0f8"  # shaded rows
    logo_path: str = ""  # PNG or JPEG; none: the name is set in the primary colour
    footer: str = "Seller Supplies B.V. · Keizersgracht 1 · 1015 CJ Amsterdam · KvK 12345678"
    promotion: str = ""  # one line for the portal and e-mails, e.g. a seasonal offer
    promotion_link: str = ""


@dataclass(frozen=True)
class Seller:
    name: str = "Seller Supplies B.V."
    trading_name: str = "Seller Supplies"
    vat_id: str = "NL123456789B01"
    company_id: str = "12345678"  # chamber of commerce number
    company_id_scheme: str = "0106"  # ISO 6523 ICD: Dutch KvK
    peppol_id: str = "0106:12345678"  # EAS scheme:id where buyers' replies reach us
    street: str = "Keizersgracht 1"
    postcode: str = "1015 CJ"
    city: str = "Amsterdam"
    country: str = "NL"
    email: str = "ar@seller.example"
    iban: str = "NL91ABNA0417164300"
    bic: str = "ABNANL2A"
    pay_url: str = "https://pay.seller.example/invoice/"  # + invoice number
    branding: Branding = field(default_factory=Branding)

    @classmethod
    def from_env(cls) -> Seller:
        env = os.environ
        default = cls()
        values = {
            name: env.get(f"ARLEDGER_SELLER_{name.upper()}", getattr(default, name))
            for name in (
                "name", "trading_name", "vat_id", "company_id", "company_id_scheme", "peppol_id",
                "street",
                "postcode", "city", "country", "email", "iban", "bic", "pay_url",
            )
        }  # fmt: skip
        branding = Branding(
            **{
                name: env.get(f"ARLEDGER_BRAND_{name.upper()}", getattr(Branding(), name))
                for name in (
                    "primary",
                    "accent",
                    "logo_path",
                    "footer",
                    "promotion",
                    "promotion_link",
                )
            }
        )
        return cls(**values, branding=branding)
