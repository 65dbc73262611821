"""The Schematron runner reproduces Peppol's own rule unit tests and passes its examples.

Only then do its verdicts on our documents mean anything: each of Peppol's test cases
says which rule must fire (and how often) or stay silent on a fragment, so a runner
that got rule order, `let` scoping or flags wrong fails here, case by case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tests.oracles import schematron
from tests.oracles.peppol_unit import Case, cases

RULES = schematron.RULES
UNIT = [(syntax, case) for syntax in ("UBL", "CII")
        for case in cases(RULES / f"unit-{syntax}-PEPPOL")]  # fmt: skip
EXAMPLES = sorted((RULES / "examples").glob("*.xml"))
UBL_RULES = ("CEN-EN16931-UBL", "PEPPOL-EN16931-UBL")


def sch(name: str) -> Path:
    return schematron.rules_folder() / "sch" / f"{name}.sch"


@pytest.mark.parametrize(("syntax", "case"), UNIT, ids=[f"{s}:{c.name}" for s, c in UNIT])
def test_peppol_unit_case_is_reproduced(syntax: str, case: Case) -> None:
    findings = schematron.run(sch(f"PEPPOL-EN16931-{syntax}"), case.document)
    assert case.mismatches(findings) == []


def test_the_unit_tests_are_all_there_and_test_both_ways() -> None:
    """Guards the parametrisation: an empty folder or a misread file would pass vacuously."""
    schematron.rules_folder()
    assert len(UNIT) >= 340
    assert sum(bool(case.must_fire) for _, case in UNIT) >= 150
    assert sum(bool(case.must_not_fire) for _, case in UNIT) >= 150


@pytest.mark.parametrize("rules", UBL_RULES)
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_peppol_examples_pass_every_rule_set(example: Path, rules: str) -> None:
    assert [str(f) for f in schematron.run(sch(rules), example.read_bytes()).errors] == []


UBL_NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


def edited(example: str, path: str, value: str, attribute: str | None = None) -> bytes:
    tree = etree.parse(str(RULES / "examples" / example))
    node = tree.find(path, UBL_NS)
    assert node is not None, path
    if attribute:
        node.set(attribute, value)
    else:
        node.text = value
    return etree.tostring(tree)


def test_a_buyer_addressed_by_e_mail_breaks_peppol_cl008() -> None:
    xml = edited("base-example.xml", "cac:AccountingCustomerParty/cac:Party/cbc:EndpointID",
                 "EM", attribute="schemeID")  # fmt: skip
    assert schematron.run(sch("PEPPOL-EN16931-UBL"), xml).ids() == ["PEPPOL-EN16931-CL008"]


def test_a_payable_amount_that_is_not_the_total_breaks_cen_br_co_16() -> None:
    xml = edited("base-example.xml", "cac:LegalMonetaryTotal/cbc:PayableAmount", "1.00")
    assert "BR-CO-16" in schematron.run(sch("CEN-EN16931-UBL"), xml).ids("fatal")


def test_within_a_pattern_only_the_first_matching_rule_checks_a_node(tmp_path: Path) -> None:
    """Schematron's rule order, which a naive 'every assert everywhere' runner ignores."""
    rules = b"""<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
      <pattern>
        <rule context="b[@special]">
          <assert id="SPECIAL" test="false()" flag="fatal">s</assert></rule>
        <rule context="b"><assert id="PLAIN" test="false()" flag="fatal">p</assert></rule>
      </pattern>
      <pattern>
        <rule context="b"><report id="SEEN" test="true()" flag="warning">seen</report></rule>
      </pattern>
    </schema>"""
    (tmp_path / "order.sch").write_bytes(rules)
    found = schematron.run(tmp_path / "order.sch", b"<a><b special='1'/><b/></a>")
    assert found.ids() == ["SPECIAL", "PLAIN", "SEEN", "SEEN"]
