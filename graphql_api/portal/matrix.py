"""The permission matrix as JSON, for the web app (`web/src/matrix.json`).

The app shows a section only to roles that may read its fields, so it never asks
for a field the viewer may not read. It reads the API's own matrix, exported by
`python -m graphql_api.portal.matrix` (`.ci/web` runs it; a test checks the
committed copy is current), instead of a second list that could drift.
"""

from __future__ import annotations

import json

from graphql_api.permissions import MATRIX, MUTATIONS


def export() -> str:
    fields = {
        f"{type_name}.{name}": sorted(roles)
        for type_name, names in MATRIX.items()
        for name, roles in names.items()
    }
    mutations = {name: sorted(roles) for name, roles in MUTATIONS.items()}
    return json.dumps({"fields": fields, "mutations": mutations}, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(export(), end="")
