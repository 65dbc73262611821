"""The code keeps its shape: `ruff` and `mypy --strict` on ledger/, the layers of
`docs/architecture.md` (`tests/layers.py`), and a runtime dependency for every import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests import layers

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_ruff_is_clean_on_ledger() -> None:
    result = _run("ruff", "check", "ledger", "storage")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_on_ledger() -> None:
    result = _run("mypy", "--strict", "ledger", "storage")  # storage: the recorder left ledger
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_import_keeps_to_the_layers() -> None:
    """docs/architecture.md: ledger <- projections <- graphql_api, ledger <- adapters, the
    composition roots wire adapters in; the domain does no I/O; imports at the top."""
    assert layers.problems(ROOT) == []


def plant(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for package in layers.PACKAGES:
        (root / package).mkdir(exist_ok=True)
    return root


def test_the_layer_check_finds_each_kind_of_bad_import(tmp_path: Path) -> None:
    """A test that cannot fail is a bug: plant one bad import of each kind and see each
    one named (the string match this replaces saw none but the first)."""
    root = plant(
        tmp_path,
        {
            "ledger/__init__.py": "",
            "ledger/money.py": "from psycopg import sql\nimport urllib.request\n",
            # the recorder that once lived here, and the domain reaching for it where it went
            "ledger/postgres_log.py": "from psycopg.sql import SQL\n",
            "ledger/store.py": "from storage import postgres_log\n",
            "storage/__init__.py": "",
            "storage/postgres_log.py": "from psycopg.sql import SQL\nfrom ledger import money\n",
            "ledger/invoices.py": "from projections.schema import from_units\n",
            "projections/__init__.py": "",
            "projections/schema.py": "from ledger import money\n",
            "adapters/__init__.py": "",
            "adapters/bank.py": "def match():\n    from projections import schema\n",
            "adapters/cards.py": "import tests.builders\n",
            "graphql_api/__init__.py": "",
            "graphql_api/app.py": "from adapters import cards\n",
            "graphql_api/invoices/__init__.py": "",
            "graphql_api/invoices/queries.py": (
                "from ..app import create_app\ndef resolve():\n    from ledger.money import Money\n"
            ),
            "cli/__init__.py": "",
            "cli/main.py": "def serve():\n    from graphql_api import app\n",
        },
    )
    found = sorted(p.split(": ", 1)[1] for p in layers.problems(root))
    assert found == [
        "adapters.bank -> projections.schema: adapters may not import projections "
        "(docs/architecture.md)",
        "adapters.cards -> tests.builders: shipped code never imports tests or bench",
        "graphql_api.invoices.queries -> graphql_api.app: graphql_api may not import "
        "composition root (docs/architecture.md)",
        "graphql_api.invoices.queries -> ledger.money: imports of our modules go at the top, "
        "not inside a function",
        "ledger.invoices -> projections.schema: ledger may not import projections "
        "(docs/architecture.md)",
        "ledger.money -> psycopg: the domain does no I/O: no database, web or network library",
        "ledger.money -> urllib.request: the domain does no I/O: no database, web or network "
        "library",
        "ledger.postgres_log -> psycopg.sql: the domain does no I/O: no database, web or "
        "network library",
        "ledger.store -> storage.postgres_log: ledger may not import storage "
        "(docs/architecture.md)",
        "storage.postgres_log -> ledger.money: storage may not import ledger "
        "(docs/architecture.md)",
    ]


RUNTIME_PACKAGES = ("ledger", "storage", "projections", "graphql_api", "adapters", "cli")


def _runtime_requirements() -> set[str]:
    """Distribution names in pyproject's runtime `dependencies` (no extras)."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert match, requirement
        names.add(re.sub(r"[-_.]+", "-", match.group(0)).lower())
    return names


def _top_level_imports(path: Path) -> set[str]:
    """Absolute imports of a module, by top-level name, wherever in the file they are."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_every_runtime_import_is_a_runtime_dependency() -> None:
    """`pip install .` (no extras) gives every third-party module the runtime packages
    import: each top-level module must come from a distribution in `dependencies`
    (an import only in the `test` extra, like httpx once was, breaks a fresh install)."""
    import importlib.metadata
    import re

    provided_by = importlib.metadata.packages_distributions()
    required = _runtime_requirements()
    ours = set(RUNTIME_PACKAGES)
    missing: dict[str, set[str]] = {}
    for package in RUNTIME_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            for name in _top_level_imports(path):
                if name in ours or name in sys.stdlib_module_names or name == "__future__":
                    continue
                distributions = {
                    re.sub(r"[-_.]+", "-", d).lower() for d in provided_by.get(name, [])
                }
                if not distributions & required:
                    where = str(path.relative_to(ROOT))
                    missing.setdefault(
                        f"{name} ({', '.join(sorted(distributions)) or '?'})", set()
                    ).add(where)
    assert not missing, "imported at run time but not in pyproject's dependencies: " + "; ".join(
        f"{name} in {', '.join(sorted(files))}" for name, files in sorted(missing.items())
    )


def test_our_modules_import_each_other_without_cycles() -> None:
    """A cycle (fastpath <-> prebuilt was one) means neither module can be read, tested
    or moved alone; what both need goes in a module both import."""
    assert layers.cycles(ROOT) == []


def test_the_cycle_check_finds_a_loop_through_a_type_only_import(tmp_path: Path) -> None:
    root = plant(
        tmp_path,
        {
            "graphql_api/__init__.py": "",
            "graphql_api/fastpath.py": "from graphql_api import prebuilt\n",
            "graphql_api/prebuilt.py": (
                "from typing import TYPE_CHECKING\n"
                "from .caches import ByIdentity\n"
                "if TYPE_CHECKING:\n    from graphql_api.fastpath import Executor\n"
            ),
            "graphql_api/caches.py": "",
            "ledger/__init__.py": "",
            "ledger/a.py": "from . import b\n",
            "ledger/b.py": "from .c import x\n",
            "ledger/c.py": "def f():\n    from ledger.a import y\n",
        },
    )
    assert layers.cycles(root) == [
        ["graphql_api.fastpath", "graphql_api.prebuilt"],
        ["ledger.a", "ledger.b", "ledger.c"],
    ]


def test_a_module_over_400_lines_says_why_it_is_one_module() -> None:
    """STYLE §8: small modules. One that has grown past ~400 lines either splits or says in
    its docstring why it stays whole ("... lines in one module on purpose: ...")."""
    import ast

    unexplained = []
    for package in layers.PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if len(text.splitlines()) > 400:
                doc = ast.get_docstring(ast.parse(text)) or ""
                if "in one module on purpose" not in " ".join(doc.split()):
                    unexplained.append(f"{path.relative_to(ROOT)} ({len(text.splitlines())})")
    assert unexplained == []
