"""Peppol participant ids: where a company receives its e-invoices.

A Peppol participant is addressed as `scheme:identifier`, the scheme from the EAS
(Electronic Address Scheme) code list, e.g. `0088:5790000435951` (a GS1 GLN),
`0208:0477472701` (a Belgian enterprise number), `9930:DE123456789` (a German VAT
number). Every UBL and CII invoice names seller and buyer by it (BT-34, BT-49,
`EndpointID`), and Peppol refuses a document whose scheme is not in the list
(PEPPOL-EN16931-CL008), an e-mail address (`EM`) included, or whose GLN, Norwegian or
Belgian number has a wrong check digit (PEPPOL-COMMON-R040, -R041, -R043). The ledger
refuses the same ids when AR sets them, so an export never fails on them later.

The list is Peppol's as of BIS Billing 3.0.19 (May 2025); a test compares it with the
`eaid` list in Peppol's own Schematron, so a rules update that changes it is noticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.errors import BadInput

_EAS_CODES = (
    "0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0151 0177 0183 0184 0188 "
    "0190 0191 0192 0193 0195 0196 0198 0199 0200 0201 0202 0204 0208 0209 0210 0211 0212 "
    "0213 0215 0216 0218 0221 0230 0235 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 "
    "9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 "
    "9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 0147 0154 0158 "
    "0170 0194 0203 0205 0217 0225 0240"
)
EAS = frozenset(_EAS_CODES.split())
MAX_LENGTH = 50  # Peppol's policy for participant identifiers (scheme excluded)
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.:_/+-]*")


def gln_check_digit(body: str) -> str:
    """GS1's check digit for `body`: weights 3,1,3,... from the right."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def gln_ok(value: str) -> bool:
    return value.isdigit() and len(value) >= 2 and gln_check_digit(value[:-1]) == value[-1]


def mod11_ok(value: str) -> bool:
    """Norwegian organisation number (0192): nine digits, weights 2..7 from the right."""
    if not (len(value) == 9 and value.isdigit()) or int(value) == 0:
        return False
    body = [int(d) for d in reversed(value[:-1])]
    total = sum(d * (i % 6 + 2) for i, d in enumerate(body))
    return (11 - total % 11) % 11 == int(value[-1])


def mod97_0208_ok(value: str) -> bool:
    """Belgian enterprise number (0208): ten digits, the last two 97 - (first eight mod 97)."""
    return len(value) == 10 and value.isdigit() and 97 - int(value[:8]) % 97 == int(value[8:])


CHECK_DIGITS = {"0088": ("GLN", gln_ok), "0192": ("Norwegian organisation number", mod11_ok),
                "0208": ("Belgian enterprise number", mod97_0208_ok)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PeppolParticipant:
    scheme: str  # EAS code
    identifier: str

    def __str__(self) -> str:
        return f"{self.scheme}:{self.identifier}"

    @classmethod
    def parse(cls, text: str) -> PeppolParticipant:
        """`0088:5790000435951` (how participant ids are written in Peppol's directory)."""
        scheme, _, identifier = text.strip().partition(":")
        return cls(scheme, identifier).check()

    def check(self) -> PeppolParticipant:
        if self.scheme not in EAS:
            raise BadInput(
                f"Peppol scheme {self.scheme!r} is not in the EAS code list "
                "(e.g. 0088 GLN, 0208 Belgian enterprise number, 9930 German VAT number)",
                field="scheme", scheme=self.scheme,
            )  # fmt: skip
        if not (0 < len(self.identifier) <= MAX_LENGTH and _PLAIN.fullmatch(self.identifier)):
            raise BadInput(
                f"Peppol identifier must be 1 to {MAX_LENGTH} letters, digits or .:_/+-, "
                f"got {self.identifier!r}", field="identifier",
            )  # fmt: skip
        named = CHECK_DIGITS.get(self.scheme)
        if named and not named[1](self.identifier):
            raise BadInput(
                f"{self.identifier} is not a valid {named[0]} (scheme {self.scheme}): "
                "its check digit does not match", field="identifier", scheme=self.scheme,
            )  # fmt: skip
        return self
