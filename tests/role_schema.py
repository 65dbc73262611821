"""The schema as one set of roles sees it, for generating queries they may run.

hypothesis-graphql draws queries from any schema it is given: from this one, every
field it selects is one `graphql_api.permissions.MATRIX` lets these roles read, and the
only mutations are those `permissions.MUTATIONS` lets them call. Arguments that name
things (`first`, ids, `asOf`, cursors) can be given strategies of sensible values, so
that queries get past argument checks and actually run.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import (
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    build_schema,
    get_named_type,
    is_object_type,
)

from graphql_api.permissions import MATRIX, MUTATIONS
from graphql_api.schema import schema

SDL = schema.as_str()


def readable_schema(
    roles: frozenset[str], arguments: Mapping[str, str] = {}, drop: frozenset[str] = frozenset()
) -> GraphQLSchema:
    """The schema pruned to what `roles` may read and call.

    `arguments` maps an argument name (`first`), or a field's (`company.id`), to the name
    of a custom scalar that replaces its type, to be given a strategy in `custom_scalars`;
    arguments in `drop` (optional ones only) are removed, so never sent. Fields of input
    objects (`invoiceId`, `AllocationInput.amount`) are treated the same way.
    """
    pruned = build_schema(SDL)  # a fresh copy each time: it is edited in place
    for type_name, fields in MATRIX.items():
        kind = pruned.type_map.get(type_name)
        if isinstance(kind, GraphQLObjectType):
            for name in list(kind.fields):
                if not roles & fields.get(name, frozenset()):
                    del kind.fields[name]
    mutation = pruned.mutation_type
    if mutation is not None:
        for name in list(mutation.fields):
            if not roles & MUTATIONS.get(name, frozenset()):
                del mutation.fields[name]
    # A field whose object type lost all its fields cannot be selected: drop it too.
    changed = True
    while changed:
        changed = False
        for kind in pruned.type_map.values():
            if is_object_type(kind) and not kind.name.startswith("__"):
                for name, field in list(kind.fields.items()):
                    target = get_named_type(field.type)
                    if is_object_type(target) and not target.fields:
                        del kind.fields[name]
                        changed = True
    scalars: dict[str, GraphQLScalarType] = {}
    for kind in pruned.type_map.values():
        if is_object_type(kind) and not kind.name.startswith("__"):
            for field_name, field in kind.fields.items():
                for name in list(field.args):
                    scalar_name = arguments.get(f"{field_name}.{name}", arguments.get(name))
                    if name in drop and not isinstance(field.args[name].type, GraphQLNonNull):
                        del field.args[name]
                    elif scalar_name is not None:
                        scalar = scalars.setdefault(scalar_name, GraphQLScalarType(scalar_name))
                        arg = field.args[name]
                        arg.type = (
                            GraphQLNonNull(scalar)
                            if isinstance(arg.type, GraphQLNonNull)
                            else scalar
                        )
    for kind in pruned.type_map.values():
        if isinstance(kind, GraphQLInputObjectType) and not kind.name.startswith("__"):
            for name in list(kind.fields):
                field = kind.fields[name]
                scalar_name = arguments.get(f"{kind.name}.{name}", arguments.get(name))
                # build_schema keeps an input field's default on its AST node only
                optional = not isinstance(field.type, GraphQLNonNull) or (
                    field.ast_node is not None and field.ast_node.default_value is not None
                )
                if name in drop and optional:
                    del kind.fields[name]
                elif scalar_name is not None:
                    scalar = scalars.setdefault(scalar_name, GraphQLScalarType(scalar_name))
                    field.type = (
                        GraphQLNonNull(scalar) if isinstance(field.type, GraphQLNonNull) else scalar
                    )
    return pruned
