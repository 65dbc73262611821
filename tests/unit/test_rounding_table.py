"""A hand-computed table of line rounding across currencies with 0, 2 and 3 minor digits.

The rule (ledger/lines.py): net = round_half_up(quantity x unit_price); tax =
round_half_up(net x rate), i.e. tax is computed on the *rounded* net, as the invoice
shows it; gross = net + tax. Each row's figures were worked out by hand in its comment.
Rows marked "unrounded-net tax would give ..." are the ones where taxing quantity x price
directly (skipping the rounded net) gives a different, wrong tax.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.lines import PER_LINE, price_line, price_lines, totals
from tests.builders import line

# (currency, quantity, unit price, rate, net, tax, gross)
TABLE = [
    # --- EUR, 2 minor digits ---
    # 1 x 0.045 = 0.045 -> 0.05 (tie, up); 0.05 x 50 % = 0.025 -> 0.03 (tie, up); 0.08.
    # Unrounded-net tax would give 0.045 x 0.5 = 0.0225 -> 0.02.
    ("EUR", "1", "0.045", "0.50", "0.05", "0.03", "0.08"),
    # 1 x 0.50 = 0.50; 0.50 x 21 % = 0.105 -> 0.11 (tie, up; banker's gives 0.10); 0.61.
    ("EUR", "1", "0.50", "0.21", "0.50", "0.11", "0.61"),
    # 1 x 0.10 = 0.10; 0.10 x 5.5 % = 0.0055 -> 0.01 (tie, up); 0.11.
    ("EUR", "1", "0.10", "0.055", "0.10", "0.01", "0.11"),
    # 1 x 0.091 = 0.091 -> 0.09; 0.09 x 5.5 % = 0.00495 -> 0.00; 0.09.
    # Unrounded-net tax would give 0.091 x 0.055 = 0.005005 -> 0.01.
    ("EUR", "1", "0.091", "0.055", "0.09", "0.00", "0.09"),
    # 3 x 0.368 = 1.104 -> 1.10; 1.10 x 7.7 % = 0.0847 -> 0.08; 1.18.
    # Unrounded-net tax would give 1.104 x 0.077 = 0.085008 -> 0.09.
    ("EUR", "3", "0.368", "0.077", "1.10", "0.08", "1.18"),
    # 1 x 0.024 = 0.024 -> 0.02; 0.02 x 21 % = 0.0042 -> 0.00; 0.02.
    # Unrounded-net tax would give 0.024 x 0.21 = 0.00504 -> 0.01.
    ("EUR", "1", "0.024", "0.21", "0.02", "0.00", "0.02"),
    # 7 x 0.005 = 0.035 -> 0.04 (tie, up); 0 % tax = 0.00; 0.04.
    ("EUR", "7", "0.005", "0", "0.04", "0.00", "0.04"),
    # Large quantity: 999999 x 1.2345 = 1234500 - 1.2345 = 1234498.7655 -> 1234498.77;
    # 1234498.77 x 21 % = 259244.7417 -> 259244.74; 1234498.77 + 259244.74 = 1493743.51.
    ("EUR", "999999", "1.2345", "0.21", "1234498.77", "259244.74", "1493743.51"),
    # --- JPY, 0 minor digits ---
    # 1 x 4.5 = 4.5 -> 5 (tie, up); 5 x 10 % = 0.5 -> 1 (tie, up); 6.
    # Unrounded-net tax would give 4.5 x 0.10 = 0.45 -> 0.
    ("JPY", "1", "4.5", "0.10", "5", "1", "6"),
    # 100 x 1 = 100; 100 x 5.5 % = 5.5 -> 6 (tie, up); 106.
    ("JPY", "100", "1", "0.055", "100", "6", "106"),
    # 1 x 9.1 = 9.1 -> 9; 9 x 5.5 % = 0.495 -> 0; 9.
    # Unrounded-net tax would give 9.1 x 0.055 = 0.5005 -> 1.
    ("JPY", "1", "9.1", "0.055", "9", "0", "9"),
    # 3 x 36.8 = 110.4 -> 110; 110 x 7.7 % = 8.47 -> 8; 118.
    # Unrounded-net tax would give 110.4 x 0.077 = 8.5008 -> 9.
    ("JPY", "3", "36.8", "0.077", "110", "8", "118"),
    # 1 x 2.4 = 2.4 -> 2; 2 x 21 % = 0.42 -> 0; 2.
    # Unrounded-net tax would give 2.4 x 0.21 = 0.504 -> 1.
    ("JPY", "1", "2.4", "0.21", "2", "0", "2"),
    # Large quantity: 1000000 x 1.5 = 1500000; x 10 % = 150000; 1650000.
    ("JPY", "1000000", "1.5", "0.10", "1500000", "150000", "1650000"),
    # --- KWD, 3 minor digits ---
    # 1 x 0.0045 = 0.0045 -> 0.005 (tie, up); 0.005 x 50 % = 0.0025 -> 0.003 (tie, up); 0.008.
    # Unrounded-net tax would give 0.0045 x 0.5 = 0.00225 -> 0.002.
    ("KWD", "1", "0.0045", "0.50", "0.005", "0.003", "0.008"),
    # 1 x 0.005 = 0.005; 0.005 x 10 % = 0.0005 -> 0.001 (tie, up); 0.006.
    ("KWD", "1", "0.005", "0.10", "0.005", "0.001", "0.006"),
    # 1 x 0.0091 = 0.0091 -> 0.009; 0.009 x 5.5 % = 0.000495 -> 0.000; 0.009.
    # Unrounded-net tax would give 0.0091 x 0.055 = 0.0005005 -> 0.001.
    ("KWD", "1", "0.0091", "0.055", "0.009", "0.000", "0.009"),
    # 1 x 0.1104 = 0.1104 -> 0.110; 0.110 x 7.7 % = 0.00847 -> 0.008; 0.118.
    # Unrounded-net tax would give 0.1104 x 0.077 = 0.0085008 -> 0.009.
    ("KWD", "1", "0.1104", "0.077", "0.110", "0.008", "0.118"),
    # 3 x 0.0008 = 0.0024 -> 0.002; 0.002 x 21 % = 0.00042 -> 0.000; 0.002.
    # Unrounded-net tax would give 0.0024 x 0.21 = 0.000504 -> 0.001.
    ("KWD", "3", "0.0008", "0.21", "0.002", "0.000", "0.002"),
    # Large quantity: 123456 x 0.0125 = 1543.2 -> 1543.200; x 21 % = 324.072; 1867.272.
    ("KWD", "123456", "0.0125", "0.21", "1543.200", "324.072", "1867.272"),
]


@pytest.mark.parametrize(
    ("currency", "qty", "price", "rate", "net", "tax", "gross"),
    TABLE,
    ids=[f"{row[0]}-{row[1]}x{row[2]}@{row[3]}" for row in TABLE],
)
def test_line_rounding_table(
    currency: str, qty: str, price: str, rate: str, net: str, tax: str, gross: str
) -> None:
    priced = price_line(line("1", qty, price, rate), currency)
    # Compare the text too: the amounts must sit exactly at the currency's minor unit.
    assert (str(priced.net), str(priced.tax), str(priced.gross)) == (net, tax, gross)


def test_document_total_of_yen_lines_taxed_on_their_rounded_nets() -> None:
    # Two JPY lines 1 x 4.5 at 10 %: each net 5, tax 0.5 -> 1, gross 6; the document is
    # net 10, tax 2, gross 12. Tax on the unrounded nets (0.45 -> 0 each) would give 0.
    lines = price_lines(
        (line("a", "1", "4.5", "0.10"), line("b", "1", "4.5", "0.10")), "JPY", PER_LINE
    )
    sums = totals(lines, "JPY")
    assert (sums.net.amount, sums.tax.amount, sums.gross.amount) == (
        Decimal("10"),
        Decimal("2"),
        Decimal("12"),
    )
