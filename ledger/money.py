"""Money: a Decimal amount with an ISO 4217 currency, never a float.

Rounding rules live here and nowhere else:

* Amounts are kept at the currency's minor unit (EUR cents, JPY yen, KWD fils).
* Invoice arithmetic rounds with ROUND_HALF_UP (the commercial rule EN 16931 and
  most VAT administrations expect), per line or per rate group as `ledger.lines`
  says, then sums the rounded lines; products and sums before that rounding are
  exact (`times`, `plus`, `fraction`).
  Banker's rounding is not used: no rule we implement requires it.
* Documents write an amount at its minor unit, with `amount_text` only.
* Adding or comparing two currencies is a programming or input error and raises
  `CurrencyMismatch`; there is no implicit conversion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from ledger.errors import BadInput, CurrencyMismatch

# ISO 4217 active codes and their minor units (exponents). Codes not listed
# here are rejected: an unknown currency is always a data error in AR.
_MINOR_UNITS_0 = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_MINOR_UNITS_3 = "BHD IQD JOD KWD LYD OMR TND"
_MINOR_UNITS_4 = "CLF UYW"
_MINOR_UNITS_2 = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD "
    "BTN BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP "
    "ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR "
    "JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU "
    "MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR "
    "RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS "
    "TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD YER ZAR ZMW ZWG"
)

MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(_MINOR_UNITS_2.split(), 2),
    **dict.fromkeys(_MINOR_UNITS_0.split(), 0),
    **dict.fromkeys(_MINOR_UNITS_3.split(), 3),
    **dict.fromkeys(_MINOR_UNITS_4.split(), 4),
}

# One definition of how large an amount may be, for the write side and every read model.
# The read models keep amounts as 64-bit integers of ten-thousandths (projections/schema.py),
# which hold 9.22e14 currency units: that bounds every sum a view keeps (a company's open
# invoices and unapplied cash, a book's aging), so a single amount must sit far below it.
# A hundred billion per amount (an invoice, a line, a payment, a limit) is beyond any B2B
# document in any currency we list and leaves room for 9,000 of them at the cap in one sum;
# anything larger is a typo or an attack. `MAX_BALANCE` is what a sum may reach.
MAX_AMOUNT = Decimal("1e11")
MAX_BALANCE = Decimal("9e14")
# Money that moves (payments, allocations, limits, credit notes, totals) is kept at the
# currency's minor unit. Only these inputs may carry more decimals: they are factors of an
# amount, which is rounded to the minor unit once computed (ledger/lines.py).
FINE_GRAINED = frozenset({"quantity", "unit_price", "tax_rate", "quantities"})
# The finest scale any stored number may have (the views' ten-thousandths).
MAX_SCALE = 4


def check_currency(code: str) -> str:
    """Return the code if it is an active ISO 4217 currency, else raise BadInput."""
    if not isinstance(code, str) or code not in MINOR_UNITS:
        raise BadInput(f"unknown currency {code!r}: use an ISO 4217 code such as 'EUR'")
    return code


# What a user may write: ASCII digits, an optional minus and fraction. `Decimal()` also
# takes `1_000`, `1e3`, `.5`, `+1`, Arabic-Indic or mathematical digits (Unicode Nd)
# and `NaN`; none of those is how anyone means an amount, and each layer that read
# them differently (API, imports, ledger) would disagree about what was asked.
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_NOT_FINITE = {"nan", "snan", "inf", "infinity"}


def to_decimal(value: object, what: str = "amount") -> Decimal:
    """Parse a user-supplied number: a Decimal, an int, or text in plain ASCII decimal
    notation (`-?digits(.digits)?`). Floats are refused: they cannot hold cents."""
    if isinstance(value, (bool, float)):
        raise BadInput(f"{what} must be a decimal string, not a float: {value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, str) and _PLAIN.fullmatch(value.strip()):
        number = Decimal(value.strip())
    elif isinstance(value, str) and value.strip().lstrip("+-").lower() in _NOT_FINITE:
        raise BadInput(f"{what} must be finite: {value!r}")
    else:
        raise BadInput(f"{what} is not a number: {value!r}")
    if not number.is_finite():
        raise BadInput(f"{what} must be finite: {value!r}")
    if abs(number) >= MAX_AMOUNT:
        raise BadInput(
            f"{what} is too large: {value!r} (limit {MAX_AMOUNT:,f})",
            limit=f"{MAX_AMOUNT:f}",
        )
    return number


def round_to(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit."""
    exponent = Decimal(1).scaleb(-MINOR_UNITS[currency])
    with localcontext() as ctx:
        ctx.prec = 40
        return amount.quantize(exponent, rounding=ROUND_HALF_UP)


def times(a: Decimal, b: Decimal) -> Decimal:
    """The exact product of two factors (quantity x price, net x rate).

    Python's default context keeps 28 significant digits, so a quantity or rate with many
    decimals would be rounded (half-even) before `round_to` rounds half-up: 0.00499...95
    became 0.005 and then 0.01. With a precision of both coefficients' lengths the product
    is exact, and the minor-unit rounding is the only one.
    """
    with localcontext() as ctx:
        ctx.prec = len(a.as_tuple().digits) + len(b.as_tuple().digits)
        return a * b


def plus(a: Decimal, b: Decimal) -> Decimal:
    """The exact sum of two amounts (a running total of exact products, say).

    Addition rounds at 28 digits too: a running sum of `times` products with long
    rates would lose the digits that decide a half-cent. The precision spans both
    numbers' digits, so the sum is exact.
    """
    if not a or not b:
        return a or b
    with localcontext() as ctx:
        high = max(a.adjusted(), b.adjusted()) + 2
        low = min(int(a.as_tuple().exponent), int(b.as_tuple().exponent))
        ctx.prec = max(1, high - low)
        return a + b


def fraction(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal:
    """amount x part / whole, to far more digits than any rounding to a minor unit needs.

    The product is exact (`times`); the quotient of two such numbers lies within
    1e-60 of a half-cent only if it is exactly one, so rounding it afterwards gives
    the exact quotient's rounding.
    """
    with localcontext() as ctx:
        ctx.prec = 80
        return times(amount, part) / whole


@dataclass(frozen=True, slots=True)
class Money:
    """An amount in one currency, always at the currency's minor unit."""

    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: object, currency: str, what: str = "amount") -> Money:
        """Build Money from user input, rejecting floats, junk and excess precision."""
        check_currency(currency)
        number = to_decimal(amount, what)
        rounded = round_to(number, currency)
        if rounded != number:
            raise BadInput(
                f"{what} {number} has more decimals than {currency} allows "
                f"({MINOR_UNITS[currency]})",
                amount=str(number),
                decimals=MINOR_UNITS[currency],
            )
        return cls(rounded, currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(round_to(Decimal(0), currency), currency)

    @classmethod
    def rounded(cls, amount: Decimal, currency: str) -> Money:
        """Money from an intermediate result (qty x price, net x rate), rounded half-up."""
        return cls(round_to(amount, currency), currency)

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatch(expected=self.currency, got=other.currency)

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def min(self, other: Money) -> Money:
        return self if self <= other else other

    @property
    def is_zero(self) -> bool:
        return self.amount == 0

    @property
    def is_positive(self) -> bool:
        return self.amount > 0

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def amount_text(money: Money, *, grouped: bool = False) -> str:
    """An amount as documents write it: at its currency's minor unit ("1650" JPY,
    "1234.50" EUR, "1.234" KWD), `grouped` in thousands for people to read ("1,234.50").

    Formatting never rounds: an amount with more decimals than the minor unit (a unit
    price of 0.0125 EUR) keeps them, so a document shows what was booked."""
    value = money.amount
    places = max(MINOR_UNITS[money.currency], -min(value.normalize().as_tuple().exponent, 0))  # type: ignore[operator]
    with localcontext() as ctx:
        ctx.prec = 40
        exact = value.quantize(Decimal(1).scaleb(-places))
    return f"{exact:,f}" if grouped else f"{exact:f}"


def total(amounts: list[Money] | tuple[Money, ...], currency: str) -> Money:
    """Sum of amounts in one currency (zero for an empty list)."""
    result = Money.zero(currency)
    for amount in amounts:
        result = result + amount
    return result
