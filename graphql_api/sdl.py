"""Write the committed SDL (`graphql_api/schema.graphql`): `python -m graphql_api.sdl`."""

from pathlib import Path

from graphql_api.schema import schema

if __name__ == "__main__":
    Path(__file__).with_name("schema.graphql").write_text(schema.as_str() + "\n", encoding="utf-8")
