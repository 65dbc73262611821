"""A query's cost, estimated from its text, and a budget: over it, the query never runs.

Why: depth is limited (MAX_DEPTH) but width is not. 1000 aliases of
`invoices(first: 100) { ... lines }` fit in 109 KB, and answering them took 16.5 s
and 28 MB while other requests waited. The estimate is what the answer could hold:

* every field counts 1 (`__typename` counts 0; `__schema`/`__type` count 1 in all:
  introspection is bounded by the schema);
* a list multiplies what is below it by its size: its `first` argument (a variable
  counts as the largest page, `max_page`, which no resolver exceeds), or `months` for
  `arMetrics.trend` (at most MAX_MONTHS), else the argument's default, else LIST_SIZE
  for lists without paging (an invoice's lines);
* a connection (a field with `first` that is an object, e.g. `invoices`) hands its
  size to the lists right below it (`edges`);
* aliases each count in full, and at most MAX_ALIASES are allowed per operation.

It is a validation rule, run once per request on the parsed document, walking each
operation's selections once (fragments are costed once per use and memoised).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql.language import SKIP
from graphql.utilities import type_from_ast

CODE = "QUERY_TOO_COSTLY"
MAX_MONTHS = 36  # `arMetrics.trend(months:)`: its resolver refuses more (credit/metrics.py)
LIST_SIZE = 10
MAX_ALIASES = 50


class Cost:
    """The cost of one operation, and how many aliases it uses."""

    def __init__(self, context: Any, max_page: int) -> None:
        self.context = context
        self.max_page = max_page
        self.aliases = 0
        self.fragments: dict[tuple[str, int | None], tuple[int, int]] = {}
        self.spreading: set[str] = set()

    def selection(self, node: SelectionSetNode, parent: Any, size: int | None) -> int:
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                self.aliases += selection.alias is not None
                total += self.field(selection, parent, size)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = type_from_ast(self.context.schema, condition) if condition else None
                total += self.selection(selection.selection_set, inner or parent, size)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.spread(selection.name.value, size)
        return total

    def spread(self, name: str, size: int | None) -> int:
        if (name, size) in self.fragments:
            cost, aliases = self.fragments[name, size]
            self.aliases += aliases
            return cost
        fragment = self.context.get_fragment(name)
        if fragment is None or name in self.spreading:
            return 0  # unknown or cyclic: other rules report it
        self.spreading.add(name)
        before = self.aliases
        parent = type_from_ast(self.context.schema, fragment.type_condition)
        cost = self.selection(fragment.selection_set, parent, size) if parent else 0
        self.spreading.discard(name)
        self.fragments[name, size] = (cost, self.aliases - before)
        return cost

    def field(self, node: FieldNode, parent: Any, size: int | None) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0 if name == "__typename" else 1
        definition = getattr(parent, "fields", {}).get(name)
        if definition is None:
            return 1  # unknown: FieldsOnCorrectTypeRule reports it
        sized = next((a for a in ("first", "months") if a in definition.args), None)
        page = self.page(node, definition, sized) if sized else None
        listed = is_list_type(get_nullable_type(definition.type))
        below = 0
        if node.selection_set is not None:
            inner = get_named_type(definition.type)
            below = self.selection(node.selection_set, inner, None if listed else page)
        if listed:
            return (page or size or LIST_SIZE) * (1 + below)
        return 1 + below

    def page(self, node: FieldNode, definition: Any, sized: str) -> int:
        largest = self.max_page if sized == "first" else MAX_MONTHS
        for argument in node.arguments or ():
            if argument.name.value == sized:
                if isinstance(argument.value, IntValueNode):
                    return max(1, min(int(argument.value.value), largest))
                return largest  # a variable: as large as may be asked
        default = definition.args[sized].default_value
        return default if isinstance(default, int) else largest


def cost_rule(budget: int, max_page: int) -> type[ValidationRule]:
    """The rule class for a budget (built once: it is the same rule for every request)."""

    class CostRule(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> Any:
            root = self.context.schema.get_root_type(node.operation)
            if root is None:
                return SKIP
            counted = Cost(self.context, max_page)
            cost = counted.selection(node.selection_set, root, None)
            if cost > budget:
                self.report_error(
                    GraphQLError(
                        f"query too costly: it could return {cost} values, the budget is "
                        f"{budget}; ask for fewer fields, smaller pages or fewer aliases",
                        node,
                        extensions={"code": CODE, "cost": cost, "budget": budget},
                    )
                )
            elif counted.aliases > MAX_ALIASES:
                self.report_error(
                    GraphQLError(
                        f"query uses {counted.aliases} aliases, at most {MAX_ALIASES} are allowed",
                        node,
                        extensions={"code": CODE, "aliases": counted.aliases, "limit": MAX_ALIASES},
                    )
                )
            return SKIP

    return CostRule
