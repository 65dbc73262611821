"""Peppol's rule unit tests (`unit-UBL-PEPPOL/`, `unit-CII-PEPPOL/`), read as Peppol's
validator (vefa-validator) reads them.

A file is a `testSet` whose `assert/scope` names the rules it is about; each `test`
holds a document and what those rules must do with it: `success` (the rule does not
fire), `error`/`fatal` (fires as fatal that many times, `number`, default once),
`warning` (fires as a warning that many times). Only rules in scope count: a fragment
that breaks twenty other rules is still a fine test of one. A rule in scope that fires
more often than expected fails the case, as vefa reports the extra firing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from tests.oracles.schematron import Findings

VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"


@dataclass(frozen=True)
class Case:
    file: str
    number: int  # 1-based, in file order
    scope: frozenset[str]
    must_not_fire: frozenset[str]
    must_fire: dict[tuple[str, str], int] = field(hash=False)  # (rule, fatal|warning): times
    document: bytes = b""

    @property
    def name(self) -> str:
        return f"{self.file}#{self.number}"

    def mismatches(self, findings: Findings) -> list[str]:
        """What differs from the expectation; empty when the case is reproduced."""
        fired = Counter(
            (f.id, "warning" if f.flag == "warning" else "fatal")
            for f in findings.found
            if f.id in self.scope
        )
        wrong = [f"{rule} fired {fired[(rule, flag)]} time(s) as {flag}, expected none"
                 for rule in sorted(self.must_not_fire) for flag in ("fatal", "warning")
                 if fired[(rule, flag)]]  # fmt: skip
        for (rule, flag), times in sorted(fired.items()):
            if rule not in self.must_not_fire and self.must_fire.get((rule, flag), 0) != times:
                wrong.append(f"{rule} fired {times} time(s) as {flag}, "
                             f"expected {self.must_fire.get((rule, flag), 0)}")  # fmt: skip
        for (rule, flag), times in sorted(self.must_fire.items()):
            if not fired[(rule, flag)]:
                wrong.append(f"{rule} did not fire as {flag}, expected {times} time(s)")
        return wrong


def cases(folder: Path) -> list[Case]:
    """Every test case of every file in `folder` (`*.xml`, and Peppol's one `.xm`)."""
    found: list[Case] = []
    for path in sorted(folder.glob("*.xm*")):
        found.extend(read(path))
    return found


def read(path: Path) -> list[Case]:
    root = etree.parse(str(path)).getroot()
    outer = {s.text.strip() for s in root.iterfind(f"{VEFA}assert/{VEFA}scope") if s.text}
    found = []
    for n, test in enumerate(root.iterfind(f"{VEFA}test"), start=1):
        expect = test.find(f"{VEFA}assert")
        scope = outer | {s.text.strip() for s in expect.iterfind(f"{VEFA}scope") if s.text}
        must_fire: dict[tuple[str, str], int] = {}
        for tag, flag in (("error", "fatal"), ("fatal", "fatal"), ("warning", "warning")):
            for item in expect.iterfind(VEFA + tag):
                key = (item.text.strip(), flag)
                must_fire[key] = must_fire.get(key, 0) + int(item.get("number", "1"))
        success = {s.text.strip() for s in expect.iterfind(f"{VEFA}success")}
        document = next(c for c in test if isinstance(c.tag, str) and not c.tag.startswith(VEFA))
        found.append(Case(
            file=path.name, number=n, scope=frozenset(scope or success | {r for r, _ in must_fire}),
            must_not_fire=frozenset(success), must_fire=must_fire,
            document=etree.tostring(document, encoding="UTF-8", xml_declaration=True),
        ))  # fmt: skip
    return found
