"""One rule for text, wherever it comes in (`ledger.lines.check_text`): the ledger's
commands, the API's arguments and the imports refuse the same characters and the same
length, because every view must hold it (PostgreSQL text has no NUL; the e-invoices are
XML 1.0, which has no other C0 control but tab, line feed and carriage return)."""

from __future__ import annotations

import pytest

from adapters.importing import RecordError
from adapters.importing import text as imported_text
from graphql_api.core.inputs import text as api_text
from ledger import commands as c
from ledger.application import Ledger
from ledger.errors import BadInput
from ledger.lines import MAX_TEXT, check_text
from tests.builders import key


@pytest.mark.parametrize("character", ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\ufffe"])
def test_a_control_character_no_document_can_hold_is_refused_by_name(character: str) -> None:
    with pytest.raises(BadInput) as info:
        check_text(f"bolt{character}M8", "description")
    assert info.value.message == (
        f"description contains a control character (U+{ord(character):04X})"
    )


def test_tabs_and_line_breaks_are_text() -> None:
    assert check_text("first line\r\nsecond\tline\n", "message") == "first line\r\nsecond\tline\n"


def test_a_company_name_with_an_escape_character_is_refused(ledger: Ledger) -> None:
    with pytest.raises(BadInput, match="contains a control character"):
        ledger.execute(c.RegisterCompany(key(), "Acme\x1b[31m", "EUR"))


def test_the_api_refuses_what_the_ledger_refuses_and_keeps_what_it_keeps() -> None:
    for refused in ("bolt\x00", "bolt\x07", "x" * (MAX_TEXT + 1), "ab\ud800"):
        with pytest.raises(Exception) as info:
            api_text(refused, "search")
        assert info.value.extensions == {"code": "BAD_INPUT"}  # type: ignore[attr-defined]
        with pytest.raises(BadInput) as domain:
            check_text(refused, "search")
        assert info.value.message == domain.value.message  # type: ignore[attr-defined]
    assert api_text("x" * MAX_TEXT, "search") == "x" * MAX_TEXT  # 200 was the API's own limit
    assert api_text("", "order number") == ""  # optional there: the ledger says if it is not


def test_an_import_refuses_what_the_ledger_refuses_with_the_field_named() -> None:
    with pytest.raises(
        RecordError, match=r"^order 7: city contains a control character \(U\+000B\)"
    ):
        imported_text("Utre\x0bcht", "order 7: city", required=False)
    with pytest.raises(RecordError, match=f"longer than {MAX_TEXT} characters"):
        imported_text("x" * (MAX_TEXT + 1), "order 7: name")
    assert imported_text("  Utrecht ", "order 7: city") == "Utrecht"
