"""A compiled executor for read queries: graphql-core's answers without its per-field cost.

Why: a buyer's page of 50 invoices with lines is about 1,400 fields, and graphql-core's
general executor spends 5-10 microseconds on each (resolve info, path, awaitable checks,
completion dispatch by type), several times the SQL. Portals send the same few query
texts over and over, so each operation is compiled once into a tree of plain closures:
a basic field (a strawberry attribute with no resolver) becomes a `getattr`, a leaf its
type's `coerce_output_value`, and only fields with resolvers get a resolve info.

It runs the *successful* path only. Whatever it does not handle, it refuses up front
(mutations, directives, abstract types, introspection) and graphql-core runs the
operation. Whatever goes wrong at run time (a resolver raises, a non-null field is
null, a value is not what the type says) is thrown away and graphql-core runs the
operation again from the start, producing its exact errors, null propagation and
paths. That is safe because queries only read, and cheap because errors are rare.
`tests/api/test_fastpath.py` checks both executors give identical answers.

While a plan runs, `execution.EXECUTOR` names it, so the `invoices` resolver may have
PostgreSQL serialise a page's invoices; those arrive as `orjson.Fragment`s, which pass
through. A rerun on graphql-core never sees them.

Async resolvers are awaited level by level with `asyncio.gather`, so DataLoaders
batch exactly as they do under graphql-core: every `load` of one level is made in
the same turn of the event loop.

Some 400 lines in one module on purpose: the plans, the compiler that builds them and
the executor that runs them are one mechanism, read together against graphql-core's.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from inspect import isawaitable
from typing import Any

from graphql import (
    DirectiveNode,
    ExecutionResult,
    GraphQLBoolean,
    GraphQLField,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    OperationType,
    Visitor,
    is_leaf_type,
    is_object_type,
    visit,
)
from graphql.execution.collect_fields import (
    FieldDetailsList,
    collect_fields,
    collect_subfields,
)
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined
from orjson import Fragment
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graphql_api.caches import ByIdentity
from graphql_api.execution import EXECUTOR, STATS

log = logging.getLogger("arledger.fastpath")
DEFINITION = "strawberry-definition"
# ARLEDGER_FASTPATH=0 sends every operation through graphql-core, e.g. to rule us out.
ENABLED = os.environ.get("ARLEDGER_FASTPATH", "1") != "0"
PLANS_MAX = 256


class Fallback(Exception):
    """The fast path cannot answer this; graphql-core's executor will."""


# A pending async field: (awaitable, completion, target dict, response key, path).
Pending = list[tuple[Any, "Complete", dict[str, Any], str, Path]]
Complete = Callable[[Any, Path, "Run"], Any]


class Run:
    """One execution: the executor (for resolve infos and variables) and async work."""

    __slots__ = ("executor", "pending")

    def __init__(self, executor: FastExecutionContext) -> None:
        self.executor = executor
        self.pending: Pending = []


class ObjectPlan:
    """The fields selected on one object type, in response order."""

    __slots__ = ("fields", "type")

    def __init__(self, type_: GraphQLObjectType) -> None:
        self.type = type_
        self.fields: list[FieldPlan] = []

    def run(self, source: Any, path: Path | None, run: Run) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in self.fields:
            key = field.key
            if field.typename:
                data[key] = self.type.name
                continue
            if field.attr is not None:
                value = getattr(source, field.attr)
                if field.leaf is not None:
                    if value is None:
                        if field.non_null:
                            raise Fallback
                        data[key] = None
                    else:
                        data[key] = field.leaf(value)
                    continue
                data[key] = field.complete(value, Path(path, key, self.type.name), run)
                continue
            field_path = Path(path, key, self.type.name)
            value = field.resolve(source, field_path, run)
            if isawaitable(value):
                data[key] = None
                run.pending.append((value, field.complete, data, key, field_path))
            else:
                data[key] = field.complete(value, field_path, run)
        return data


class FieldPlan:
    """One selected field: how to get its value (`attr` for a plain attribute, else the
    field's resolver) and how to complete it (`leaf` for a plain attribute's scalar)."""

    __slots__ = (
        "attr",
        "complete",
        "definition",
        "details",
        "key",
        "leaf",
        "non_null",
        "parent",
        "resolver",
        "typename",
    )

    def __init__(
        self,
        key: str,
        parent: GraphQLObjectType,
        definition: GraphQLField | None,
        details: FieldDetailsList,
    ) -> None:
        self.key = key
        self.parent = parent
        self.definition = definition
        self.details = details
        self.typename = definition is None
        self.attr: str | None = None
        self.leaf: Callable[[Any], Any] | None = None
        self.non_null = False
        self.resolver: Callable[..., Any] | None = None
        self.complete: Complete = _identity

    def resolve(self, source: Any, path: Path, run: Run) -> Any:
        definition = self.definition
        assert definition is not None and self.resolver is not None
        executor = run.executor
        first = self.details[0]
        args = (
            get_argument_values(
                definition,
                first.node,
                executor.variable_values,
                first.fragment_variable_values,
                executor.hide_suggestions,
            )
            if definition.args or first.node.arguments
            else {}
        )
        info = executor.build_resolve_info(
            definition, [d.node for d in self.details], self.parent, path
        )
        return self.resolver(source, info, **args)


def _identity(value: Any, path: Path, run: Run) -> Any:
    return value


# Built-in scalars whose values pass through unchanged when already of the plain type
# (graphql-core's own coercion returns them as they are); anything else is coerced.
_BUILT_IN = {"String": GraphQLString, "ID": GraphQLID, "Boolean": GraphQLBoolean}
_PLAIN = {"String": str, "ID": str, "Boolean": bool}


def _leaf_coercer(type_: Any) -> Callable[[Any], Any]:
    coerce = type_.coerce_output_value
    plain = _PLAIN.get(type_.name) if type_ is _BUILT_IN.get(type_.name) else None
    if plain is not None:

        def plain_leaf(value: Any) -> Any:
            if value.__class__ is plain:
                return value
            coerced = coerce(value)
            if coerced is None or coerced is Undefined:
                raise Fallback
            return coerced

        return plain_leaf

    def leaf(value: Any) -> Any:
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise Fallback
        return coerced

    return leaf


class Compiler:
    def __init__(self, executor: FastExecutionContext) -> None:
        self.executor = executor

    def object_plan(
        self, type_: GraphQLObjectType, grouped: dict[str, FieldDetailsList]
    ) -> ObjectPlan:
        plan = ObjectPlan(type_)
        for key, details in grouped.items():
            if any(d.defer_usage or d.fragment_variable_values for d in details):
                raise Fallback
            name = details[0].node.name.value
            if name == "__typename":
                plan.fields.append(FieldPlan(key, type_, None, details))
                continue
            if name.startswith("__"):
                raise Fallback
            definition = type_.fields.get(name)
            if definition is None:
                raise Fallback
            field = FieldPlan(key, type_, definition, details)
            resolver = definition.resolve
            if resolver is None:
                raise Fallback
            strawberry_field = (definition.extensions or {}).get(DEFINITION)
            basic = getattr(resolver, "_is_default", False) and strawberry_field is not None
            middleware = self.executor.middleware_manager
            if middleware is not None and middleware.get_field_resolver(resolver) is not resolver:
                raise Fallback
            if basic:
                field.attr = strawberry_field.python_name
            else:
                field.resolver = resolver
            field.complete = self.completion(definition.type, details)
            return_type = definition.type
            field.non_null = isinstance(return_type, GraphQLNonNull)
            named = return_type.of_type if field.non_null else return_type
            if basic and is_leaf_type(named):
                field.leaf = _leaf_coercer(named)
            plan.fields.append(field)
        return plan

    def completion(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Complete:
        if isinstance(type_, GraphQLNonNull):
            inner = self.completion(type_.of_type, details)

            def non_null(value: Any, path: Path, run: Run) -> Any:
                if value is None:
                    raise Fallback
                completed = inner(value, path, run)
                if completed is None:
                    raise Fallback
                return completed

            return non_null
        if isinstance(type_, GraphQLList):
            item = self.completion(type_.of_type, details)

            def list_(value: Any, path: Path, run: Run) -> Any:
                if value is None:
                    return None
                if not isinstance(value, list | tuple):
                    raise Fallback
                return [item(v, Path(path, n, None), run) for n, v in enumerate(value)]

            return list_
        if is_leaf_type(type_):
            leaf = _leaf_coercer(type_)

            def leaf_value(value: Any, path: Path, run: Run) -> Any:
                return None if value is None else leaf(value)

            return leaf_value
        if is_object_type(type_):
            assert isinstance(type_, GraphQLObjectType)
            plan = self.object_plan(type_, self.executor.subfields(type_, details))
            is_type_of = type_.is_type_of

            def object_value(value: Any, path: Path, run: Run) -> Any:
                if value is None:
                    return None
                if value.__class__ is Fragment:  # serialised already (`prebuilt.py`)
                    return value
                if is_type_of is not None and is_type_of(value, None) is not True:
                    raise Fallback
                return plan.run(value, path, run)

            return object_value
        raise Fallback  # interfaces and unions: graphql-core resolves the runtime type


def compilable(executor: StrawberryGraphQLCoreExecutionContext) -> bool:
    """Only plain queries: no directives anywhere (skip/include depend on variables,
    defer/stream change the response), no introspection."""
    if executor.operation.operation is not OperationType.QUERY:
        return False
    found: list[bool] = []

    class Scan(Visitor):
        def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
            found.append(True)
            return self.BREAK

    visit(executor.operation, Scan())
    for details in executor.fragments.values():
        visit(details.definition, Scan())
    return not found


_PLANS: ByIdentity[ObjectPlan | None] = ByIdentity(PLANS_MAX)


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with queries tried first on their compiled plan."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        plan = self.plan() if ENABLED else None
        if plan is None:
            STATS["general" if ENABLED else "off"] += 1
            return super().execute_operation(serially)
        return self.run_plan(plan, serially)

    def subfields(
        self, type_: GraphQLObjectType, details: FieldDetailsList
    ) -> dict[str, FieldDetailsList]:
        """The fields selected on `type_` below `details`, by response key (fragments
        expanded, aliases and repeats merged), as graphql-core collects them."""
        return dict(
            collect_subfields(
                self.schema,
                self.fragments,
                self.variable_values,
                self.operation,
                type_,
                details,
                self.hide_suggestions,
            ).grouped_field_set
        )

    def plan(self) -> ObjectPlan | None:
        """This operation's plan, compiled once per parsed operation (None: not compilable)."""
        return _PLANS.get(self.operation, self.compile)

    def compile(self) -> ObjectPlan | None:
        if not compilable(self):
            return None
        root = self.schema.get_root_type(OperationType.QUERY)
        try:
            assert root is not None
            grouped = collect_fields(
                self.schema,
                self.fragments,
                self.variable_values,
                root,
                self.operation,
                self.hide_suggestions,
            ).grouped_field_set
            return Compiler(self).object_plan(root, grouped)
        except (Fallback, RecursionError):
            return None

    async def run_plan(self, plan: ObjectPlan, serially: bool | None) -> Any:
        run = Run(self)
        running = EXECUTOR.set(self)
        try:
            data = plan.run(self.root_value, None, run)
            while run.pending:
                batch, run.pending = run.pending, []
                values = await asyncio.gather(*(p[0] for p in batch), return_exceptions=True)
                for (_, complete, target, key, path), value in zip(batch, values, strict=True):
                    if isinstance(value, BaseException):
                        raise value
                    target[key] = complete(value, path, run)
        except Exception:
            for waiting in run.pending:
                close = getattr(waiting[0], "close", None)
                if close is not None:
                    close()  # never started: no "never awaited" warning
        else:
            STATS["fast"] += 1
            return ExecutionResult(data, None)
        finally:
            EXECUTOR.reset(running)  # a graphql-core rerun gets Python objects only
        STATS["fallback"] += 1
        result = super().execute_operation(serially)
        return await result if isawaitable(result) else result
