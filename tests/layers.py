"""The import rules of `docs/architecture.md`, read from the code with `ast`.

Every `import x`, `from x import y` and relative import, at the top of a module, under
`if TYPE_CHECKING:` or inside a function, is resolved to the module it names and
checked: the layer it comes from may import the layer it goes to; the domain imports no
database, web or network library; our library layers import our modules at the top;
and our modules import each other without cycles. Matching text (`"import psycopg"`)
missed `from psycopg import sql` and every import of our own packages.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("ledger", "storage", "projections", "adapters", "graphql_api", "cli")
# The processes' wiring: they may import every layer (and cli.main imports graphql_api.app).
COMPOSITION_ROOTS = ("cli", "graphql_api.app", "graphql_api.portal")
ROOT = "composition root"
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "ledger": (),
    # Recorders eventsourcing loads by topic from the ledger's settings (`ledger/store.py`):
    # database code that knows nothing of the books.
    "storage": (),
    "projections": ("ledger",),
    "adapters": ("ledger",),
    "graphql_api": ("ledger", "projections"),
    ROOT: (*PACKAGES, ROOT),
}
NEVER_IMPORTED = ("tests", "bench")  # by the code that ships
# The domain decides; it does not talk to databases, the web or the network itself
# (its event store is eventsourcing's, chosen by URL in `ledger/store.py`; our own
# recorder lives in `storage/`).
DOMAIN_MUST_NOT_IMPORT = (
    "psycopg", "psycopg_pool", "asyncpg", "sqlite3", "sqlalchemy", "alembic",
    "strawberry", "graphql", "starlette", "uvicorn", "cross_web",
    "aiosmtplib", "smtplib", "socket", "ssl", "http", "urllib.request",
    "requests", "httpx", "lxml", "reportlab", "subprocess",
)  # fmt: skip
# Where an import of ours inside a function is fine: a command loads what it runs, so
# `arledger verify` does not load strawberry, reportlab and Saxon first.
LAZY_OK = ("cli",)


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    target: str  # the module imported, absolute
    where: str  # path:line
    in_function: bool


def module_names(root: Path) -> dict[str, Path]:
    """Our modules by dotted name (`pkg/__init__.py` is `pkg`)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports_of(root: Path, name: str, path: Path, known: set[str]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    where = path.relative_to(root).as_posix()
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(name, alias.name, f"{where}:{node.lineno}", in_function))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*up, *([node.module] if node.module else [])])
            for alias in node.names:
                # `from graphql_api import prebuilt` imports the module graphql_api.prebuilt
                child = f"{base}.{alias.name}"
                target = child if child in known else base
                found.append(Import(name, target, f"{where}:{node.lineno}", in_function))
        inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for child_node in ast.iter_child_nodes(node):
            visit(child_node, inside)

    visit(tree, False)
    return [i for i in found if i.target != "__future__"]


def all_imports(root: Path) -> list[Import]:
    modules = module_names(root)
    known = set(modules)
    return [i for name, path in modules.items() for i in imports_of(root, name, path, known)]


def layer_of(module: str) -> str:
    if any(module == r or module.startswith(r + ".") for r in COMPOSITION_ROOTS):
        return ROOT
    return module.split(".")[0]


def named(module: str, names: tuple[str, ...]) -> bool:
    return any(module == n or module.startswith(n + ".") for n in names)


def problems(root: Path) -> list[str]:
    """Every import that breaks a rule, as `path:line: importer -> target: why`."""
    found = []
    for i in all_imports(root):
        top = i.target.split(".")[0]
        source, target = layer_of(i.importer), layer_of(i.target)
        why = None
        if top in NEVER_IMPORTED:
            why = "shipped code never imports tests or bench"
        elif top in PACKAGES:
            if target != source and target not in MAY_IMPORT[source]:
                why = f"{source} may not import {target} (docs/architecture.md)"
            elif i.in_function and not named(i.importer, LAZY_OK):
                why = "imports of our modules go at the top, not inside a function"
        elif source == "ledger" and named(i.target, DOMAIN_MUST_NOT_IMPORT):
            why = "the domain does no I/O: no database, web or network library"
        elif top not in sys.stdlib_module_names and source == "ledger" and i.in_function:
            why = "the domain imports at the top"
        if why:
            found.append(f"{i.where}: {i.importer} -> {i.target}: {why}")
    return found


def cycles(root: Path) -> list[list[str]]:
    """Groups of our modules that import each other, directly or round a loop (any import
    counts, under TYPE_CHECKING too: the modules know each other either way)."""
    graph: dict[str, set[str]] = {name: set() for name in module_names(root)}
    for i in all_imports(root):
        if i.target in graph and i.target != i.importer:
            graph[i.importer].add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def connect(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for after in sorted(graph[node]):
            if after not in index:
                connect(after)
                low[node] = min(low[node], low[after])
            elif after in stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups
