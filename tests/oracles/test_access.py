"""MATRIX against the reviewed table in `tests/oracles/access.py`, both ways."""

from __future__ import annotations

from graphql_api.permissions import MATRIX, ROLES
from tests.oracles.access import ACCESS, COLUMNS


def pairs(table: dict[str, dict[str, frozenset[str]]]) -> set[str]:
    return {f"{t}.{f}" for t, fields in table.items() for f in fields}


def test_the_table_names_every_role() -> None:
    assert set(COLUMNS) == set(ROLES)


def test_matrix_and_the_table_list_the_same_fields() -> None:
    assert sorted(pairs(MATRIX) - pairs(ACCESS)) == [], "in MATRIX, not in the table"
    assert sorted(pairs(ACCESS) - pairs(MATRIX)) == [], "in the table, not in MATRIX"


def test_matrix_gives_each_field_exactly_the_roles_the_table_allows() -> None:
    wrong = {
        f"{t}.{f}": {
            "MATRIX allows, the table does not": sorted(MATRIX[t][f] - ACCESS[t][f]),
            "the table allows, MATRIX does not": sorted(ACCESS[t][f] - MATRIX[t][f]),
        }
        for t, fields in ACCESS.items()
        for f in fields
        if t in MATRIX and f in MATRIX[t] and MATRIX[t][f] != ACCESS[t][f]
    }
    assert wrong == {}
