"""The web app (`web/`, built into `graphql_api/web/dist/`) at `/`, for buyers and staff.

The build is committed inside the package so `pip install .` serves it with no
Node on the machine. Client routes (`/invoices/…`, `/customers/…`) all answer
with the same `index.html`, which routes in the browser; hashed-free asset
names are cached for an hour only, so a new release is picked up quickly.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

DIST = Path(__file__).resolve().parent.parent / "web" / "dist"


def routes(dist: Path = DIST) -> list[Route | Mount]:
    index = dist / "index.html"

    async def app(request: Request) -> Response:
        if not index.exists():
            return PlainTextResponse("the web app is not built: run .ci/web", status_code=503)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    found: list[Route | Mount] = [Route("/", app)]
    if (dist / "assets").is_dir():
        found.append(Mount("/assets", StaticFiles(directory=dist / "assets"), name="assets"))
    # Last of all the app's routes: a client route, never one of the API's.
    found.append(Route("/{path:path}", app, methods=["GET"]))
    return found
