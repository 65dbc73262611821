"""The query cost rule: what it counts, and that real queries stay well inside the budget."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from graphql import FieldNode, Visitor, parse, validate, visit

from bench.api import QUERY as BENCH_QUERY
from graphql_api.cost import LIST_SIZE, MAX_ALIASES, Cost
from graphql_api.schema import COST_BUDGET, COST_RULE, MAX_PAGE
from graphql_api.schema import schema as strawberry_schema
from tests.e2e.test_api import INVOICE_FIELDS

SCHEMA = strawberry_schema._schema
PAGE = Path(__file__).parents[2] / "graphql_api" / "portal" / "index.html"


def refusal(query: str) -> dict[str, object] | None:
    """The cost rule's error extensions for the query, or None if it passes."""
    errors = validate(SCHEMA, parse(query), [COST_RULE])
    assert len(errors) <= 1, errors
    return dict(errors[0].extensions or {}) if errors else None


def cost(query: str) -> int:
    """The query's cost, read from the refusal of a rule with a budget of 0."""
    from graphql_api.cost import cost_rule

    errors = validate(SCHEMA, parse(query), [cost_rule(0, MAX_PAGE)])
    return int(errors[0].extensions["cost"]) if errors else 0  # type: ignore[index]


def portal_queries() -> dict[str, str]:
    html = PAGE.read_text(encoding="utf-8")
    found = dict(re.findall(r"const (LIST|DETAIL) = `(.*?)`", html, re.S))
    assert set(found) == {"LIST", "DETAIL"}, "the portal's queries moved: update this test"
    return found


def test_what_the_estimate_counts() -> None:
    assert cost("{ viewer { email name } }") == 3
    # a connection hands its page to edges: 1 + 7 * (edges 1 + node 1 + id 1)
    assert cost("{ invoices(first: 7) { edges { node { id } } } }") == 1 + 7 * 3
    # a list without paging counts LIST_SIZE; totalCount and __typename are cheap
    lines = "{ invoice(id: 1) { __typename lines { id } } }"
    assert cost(lines) == 1 + LIST_SIZE * 2
    # a variable page counts as the largest page; the default page is the argument's
    assert cost("query($n: Int!) { invoices(first: $n) { edges { node { id } } } }") == (
        1 + MAX_PAGE * 3
    )
    assert cost("{ invoices { edges { node { id } } } }") == 1 + 50 * 3
    # fragments count where they are used, aliases each count in full
    fragment = "fragment F on Invoice { id number } "
    assert cost(fragment + "{ a: invoice(id: 1) { ...F } b: invoice(id: 2) { ...F } }") == 6


@pytest.mark.parametrize("name", ["LIST", "DETAIL"])
def test_the_portal_page_is_well_inside_the_budget(name: str) -> None:
    assert cost(portal_queries()[name]) * 10 <= COST_BUDGET


def test_the_bench_page_and_the_e2e_invoice_page_are_well_inside_the_budget() -> None:
    assert cost(BENCH_QUERY) * 4 <= COST_BUDGET
    every_field = f"{{ invoices(first: 10) {{ edges {{ node {{ {INVOICE_FIELDS} }} }} }} }}"
    assert cost(every_field) * 1.5 <= COST_BUDGET


def test_a_thousand_aliased_pages_are_refused_with_the_figures() -> None:
    page = "invoices(first: 100) { edges { node { id number lines { id sku quantity } } } }"
    found = refusal("{ " + " ".join(f"a{n}: {page}" for n in range(1000)) + " }")
    assert found is not None and found["code"] == "QUERY_TOO_COSTLY"
    assert found["budget"] == COST_BUDGET and int(found["cost"]) > 1000 * 4000  # type: ignore[call-overload]


def test_many_cheap_aliases_are_refused_too() -> None:
    query = "{ " + " ".join(f"a{n}: viewer {{ email }}" for n in range(MAX_ALIASES + 1)) + " }"
    found = refusal(query)
    assert found == {"code": "QUERY_TOO_COSTLY", "aliases": MAX_ALIASES + 1, "limit": MAX_ALIASES}
    assert refusal(query.replace(f" a{MAX_ALIASES}: viewer {{ email }}", "")) is None


def test_fragments_that_double_at_each_level_are_costed_quickly() -> None:
    """Each fragment is costed once (memoised), not once per path through the others."""
    levels = 40
    fragments = "fragment F0 on Invoice { id } " + " ".join(
        f"fragment F{n} on Invoice {{ ...F{n - 1} ...F{n - 1} }}" for n in range(1, levels)
    )
    started = time.perf_counter()
    found = refusal(fragments + f" {{ invoice(id: 1) {{ ...F{levels - 1} }} }}")
    assert time.perf_counter() - started < 0.5
    assert found is not None and found["code"] == "QUERY_TOO_COSTLY"


def test_a_fragment_cycle_is_left_to_its_own_rule() -> None:
    query = (
        "fragment A on Invoice { ...B } fragment B on Invoice { ...A } { invoice(id: 1) { ...A } }"
    )
    errors = validate(SCHEMA, parse(query))
    assert errors and all("QUERY_TOO_COSTLY" not in str(e.extensions) for e in errors)
    assert refusal(query) is None


def test_validating_the_portal_page_visits_each_field_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rule walks the document once (its time is measured in bench/, not here): the
    invoice list's every field is costed exactly once."""
    document = parse(portal_queries()["LIST"])
    fields: list[str] = []

    class Fields(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            fields.append(node.name.value)

    visit(document, Fields())
    costed: list[str] = []
    field = Cost.field

    def counted(self: Cost, node: FieldNode, parent: object, size: int | None) -> int:
        costed.append(node.name.value)
        return field(self, node, parent, size)

    monkeypatch.setattr(Cost, "field", counted)
    validate(SCHEMA, document, [COST_RULE])
    assert sorted(costed) == sorted(fields) and len(fields) > 10


def test_a_trend_counts_its_months_as_a_page_counts_its_size() -> None:
    """`trend(months:)` returns that many months: 36 of them cost 36 times one."""
    trend = "{ arMetrics { trend(months: %s) { month } } }"
    assert cost(trend % 1) == 1 + 1 * 2
    assert cost(trend % 36) == 1 + 36 * 2
    assert cost("{ arMetrics { trend { month } } }") == 1 + 12 * 2  # the default
    variable = "query($n: Int!) { arMetrics { trend(months: $n) { month } } }"
    assert cost(variable) == 1 + 36 * 2  # a variable: as many as may be asked
