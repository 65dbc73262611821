"""ISO Schematron (queryBinding xslt2) run with Saxon: the rules the receiver runs.

Peppol BIS Billing 3.0 publishes its rules, and CEN's as Peppol ships them, as `.sch`
files (`../shared/einvoice-rules/sch/`), not as XSLT. Peppol's own validators compile
them with the Schematron skeleton; no XSLT-2 Schematron compiler is packaged on PyPI
for Saxon/C, so this module is that compile step, small because these files use a
small part of Schematron: `ns`, `let` (schema, pattern and rule level), `pattern`,
`rule`, `assert`/`report` with `id` and `flag`, `value-of`/`name` in messages,
`phase` (ignored: every pattern runs, as with no `defaultPhase`) and XSLT functions
and keys at the top level (copied as they are).

What makes it Schematron rather than "every assert everywhere": within one pattern a
node is checked by the *first* rule whose context matches it, never by a later one.
Each pattern becomes an XSLT mode; its rules become templates with falling priorities,
and unmatched nodes pass their attributes and children on (`on-no-match=shallow-skip`).

We trust it because it reproduces Peppol's own rule unit tests and passes Peppol's
examples (tests/oracles/test_schematron.py). The XSLT is generated at test time into a
temp folder (keyed by the rule file's hash and this module's), never committed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"
RULES = Path(
    os.environ.get("ARLEDGER_EINVOICE_RULES")
    or Path(__file__).resolve().parents[2].parent / "shared" / "einvoice-rules"
)


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def compile_schematron(sch: bytes) -> bytes:
    """The XSLT 3.0 stylesheet that reports every failed assert and successful report
    of `sch` as SVRL (`failed-assert`/`successful-report` with `id`, `flag`,
    `location`, and the message in `text`)."""
    schema = etree.fromstring(sch)
    nsmap: dict[str | None, str] = {"xsl": XSL, "svrl": SVRL}
    for declared in schema.iter(_q(SCH, "ns")):
        nsmap[declared.get("prefix")] = declared.get("uri", "")
    for prefix, uri in schema.nsmap.items():
        if prefix is not None and prefix not in nsmap:
            nsmap[prefix] = uri
    out = etree.Element(_q(XSL, "stylesheet"), nsmap=nsmap, version="3.0")
    out.set("exclude-result-prefixes", " ".join(p for p in nsmap if p and p != "svrl"))
    for child in schema:
        if not isinstance(child.tag, str):
            continue
        if child.tag.startswith(f"{{{XSL}}}"):
            out.append(_copy(child))
        elif child.tag == _q(SCH, "let"):
            _let(out, child)
    patterns = [p for p in schema.iter(_q(SCH, "pattern")) if p.get("abstract") != "true"]
    for pattern in patterns:  # pattern-level lets are evaluated once, on the document
        for let in pattern.iterchildren(_q(SCH, "let")):
            _let(out, let)
    root = etree.SubElement(out, _q(XSL, "template"), match="/")
    report = etree.SubElement(root, _q(SVRL, "schematron-output"))
    for n, pattern in enumerate(patterns):
        etree.SubElement(report, _q(SVRL, "active-pattern"), id=pattern.get("id", f"p{n}"))
        etree.SubElement(report, _q(XSL, "apply-templates"), select="/", mode=f"p{n}")
        _pattern(out, pattern, f"p{n}")
    return bytes(etree.tostring(out, xml_declaration=True, encoding="UTF-8"))


def _copy(element: Any) -> Any:
    """An XSLT element (a function, a key) as the schema holds it, comments dropped."""
    copied = etree.fromstring(etree.tostring(element))
    for comment in copied.xpath("//comment()"):
        comment.getparent().remove(comment)
    return copied


def _let(parent: Any, let: Any) -> None:
    etree.SubElement(parent, _q(XSL, "variable"), name=let.get("name"), select=let.get("value"))


def _pattern(out: Any, pattern: Any, mode: str) -> None:
    etree.SubElement(out, _q(XSL, "mode"), name=mode, **{"on-no-match": "shallow-skip"})
    rules = list(pattern.iterchildren(_q(SCH, "rule")))
    for n, rule in enumerate(rules):
        if rule.get("abstract") == "true":
            raise ValueError("abstract rules are not supported (none in the Peppol files)")
        template = etree.SubElement(
            out, _q(XSL, "template"), match=rule.get("context"), mode=mode,
            priority=str(len(rules) - n),
        )  # fmt: skip
        for check in rule:
            if check.tag == _q(SCH, "let"):
                _let(template, check)
            elif check.tag in (_q(SCH, "assert"), _q(SCH, "report")):
                _check(template, check)
        etree.SubElement(template, _q(XSL, "apply-templates"), select="@*|node()", mode=mode)


def _check(template: Any, check: Any) -> None:
    failed = check.tag == _q(SCH, "assert")
    test = check.get("test")
    when = etree.SubElement(template, _q(XSL, "if"), test=f"not({test})" if failed else test)
    result = etree.SubElement(
        when, _q(SVRL, "failed-assert" if failed else "successful-report"),
        id=check.get("id", ""), flag=check.get("flag", "error"), test=test,
    )  # fmt: skip
    etree.SubElement(result, _q(XSL, "attribute"), name="location", select="path()")
    text = etree.SubElement(result, _q(SVRL, "text"))
    _message(text, check)


def _message(text: Any, check: Any) -> None:
    """The assert's words, with `value-of` and `name` filled in when it fires."""
    if check.text:
        _text(text, check.text)
    for part in check:
        if part.tag == _q(SCH, "value-of"):
            etree.SubElement(text, _q(XSL, "value-of"), select=part.get("select"))
        elif part.tag == _q(SCH, "name"):
            etree.SubElement(text, _q(XSL, "value-of"), select=f"name({part.get('path', '.')})")
        if part.tail:
            _text(text, part.tail)


def _text(parent: Any, words: str) -> None:
    etree.SubElement(parent, _q(XSL, "text")).text = words


# -- running --------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    id: str
    flag: str  # fatal, warning, error (no flag)
    location: str
    text: str

    def __str__(self) -> str:
        return f"[{self.id}] {self.text} (at {self.location})"


@dataclass(frozen=True)
class Findings:
    rules: str
    found: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.found if f.flag != "warning"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.found if f.flag == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def ids(self, flag: str | None = None) -> list[str]:
        return [f.id for f in self.found if flag is None or f.flag == flag]


def compiled_path(sch: Path) -> Path:
    """The compiled XSLT of one rule file, generated once per change of the file or of
    this compiler (a few hundred ms for CEN's thousand asserts)."""
    source = sch.read_bytes()
    key = hashlib.sha256(source + Path(__file__).read_bytes()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "arledger-schematron"
    folder.mkdir(exist_ok=True)
    target = folder / f"{sch.stem}-{key}.xslt"
    if not target.exists():
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(compile_schematron(source))
        partial.replace(target)  # atomic: parallel test processes never read half a file
    return target


@functools.cache
def _processor() -> Any:
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@functools.cache
def _executable(sch: Path) -> Any:
    """Saxon's compiled stylesheet, once per process and rule file."""
    xslt = _processor().new_xslt30_processor()
    return xslt.compile_stylesheet(stylesheet_file=str(compiled_path(sch)))


def run(sch: Path, xml: bytes) -> Findings:
    """Every rule of `sch` that `xml` breaks (asserts) or triggers (reports)."""
    executable = _executable(sch)
    node = _processor().parse_xml(xml_text=xml.decode("utf-8"))
    executable.set_global_context_item(xdm_item=node)
    svrl = etree.fromstring(executable.apply_templates_returning_string(xdm_value=node).encode())
    found = tuple(
        Finding(
            id=item.get("id", ""),
            flag=item.get("flag", "error"),
            location=item.get("location", ""),
            text=" ".join("".join(item.itertext()).split()),
        )
        for item in svrl.iterchildren(_q(SVRL, "failed-assert"), _q(SVRL, "successful-report"))
    )
    return Findings(sch.stem, found)


# -- the receiver's rule sets ---------------------------------------------------------

RULE_SETS = {  # what a Peppol access point runs on each syntax: CEN's rules, then Peppol's
    "ubl": ("CEN-EN16931-UBL", "PEPPOL-EN16931-UBL"),
    "cii": ("CEN-EN16931-CII", "PEPPOL-EN16931-CII"),
}


def rules_folder() -> Path:
    """The Peppol rule files; skipped locally when absent, a failure under CI=true."""
    import pytest

    if (RULES / "sch").is_dir():
        return RULES
    if os.environ.get("CI"):
        pytest.fail(f"the Peppol rules are required under CI but missing at {RULES}")
    pytest.skip(f"no Peppol rules at {RULES} (set ARLEDGER_EINVOICE_RULES)")


def receiver_findings(xml: bytes, syntax: str) -> list[Finding]:
    """Every error CEN's EN16931 rules and Peppol's BIS 3 rules find in `xml`."""
    sch = rules_folder() / "sch"
    return [e for name in RULE_SETS[syntax] for e in run(sch / f"{name}.sch", xml).errors]
