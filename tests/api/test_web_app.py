"""The built web app ships in the package and is served at `/`, client routes included."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from starlette.applications import Starlette

from graphql_api.portal import matrix, webapp
from tests.servers import serving

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_is_served_at_the_root_and_for_every_client_route() -> None:
    with serving(Starlette(routes=webapp.routes())) as base, httpx.Client(base_url=base) as client:
        home = client.get("/")
        deep = client.get("/invoices/some-id")
        assert home.status_code == deep.status_code == 200
        assert home.text == deep.text and '<div id="root">' in home.text
        script = next(
            p for p in home.text.split('"') if p.startswith("/assets/") and p.endswith("js")
        )
        asset = client.get(script)
        assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]


def test_the_committed_build_is_inside_the_python_package() -> None:
    assert (webapp.DIST / "index.html").is_file()
    assert webapp.DIST.is_relative_to(ROOT / "graphql_api")


def test_the_apps_copy_of_the_permission_matrix_is_current() -> None:
    committed = (ROOT / "web" / "src" / "matrix.json").read_text(encoding="utf-8")
    assert json.loads(committed) == json.loads(matrix.export()), (
        "run: python -m graphql_api.portal.matrix > web/src/matrix.json"
    )
