"""A unit of work over the view tables, for one batch of events in one transaction.

The projector reads and changes plain dict rows; `Rows` loads each row once,
remembers what changed, and writes everything in a few `executemany` calls at
`flush`. That is what lets catch-up run thousands of events per transaction
instead of one round trip per column change. History versions are handled
here too: `version()` closes the row's open version and opens a new one.

SQL is written once with `%(name)s` placeholders and translated to `:name`
for SQLite; everything else (ON CONFLICT ... DO UPDATE, `||`, `substr`) is
common to both databases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from projections.schema import TABLES

Row = dict[str, Any]
Key = tuple[Any, ...]

_PARAM = re.compile(r"%\((\w+)\)s")
COPY_FROM = 20  # rows: below this, plain statements cost less than setting up a COPY
PG_ARRAY = {"text": "text[]", "int": "bigint[]", "units": "bigint[]", "flag": "smallint[]"}


class Rows:
    def __init__(self, cursor: Any, dialect: str) -> None:
        self.cursor = cursor
        self.dialect = dialect
        self._rows: dict[tuple[str, Key], Row | None] = {}
        self._dirty: dict[tuple[str, Key], None] = {}  # ordered set
        self._appends: dict[str, list[Row]] = {}
        self._closes: dict[str, list[Row]] = {}
        self._open_versions: dict[tuple[str, Key], Row] = {}
        self._loaded: dict[str, set[Any]] = {}  # table -> first-key values fully loaded

    # -- SQL -----------------------------------------------------------------

    def sql(self, statement: str) -> str:
        return _PARAM.sub(r":\1", statement) if self.dialect == "sqlite" else statement

    def select(self, statement: str, params: dict[str, Any] | None = None) -> list[Row]:
        """Run a query against what is in the database now (pending writes flushed)."""
        self.flush()
        self.cursor.execute(self.sql(statement), params or {})
        return [dict(row) for row in self.cursor.fetchall()]

    def execute(self, statement: str, params: dict[str, Any] | None = None) -> None:
        """Run a bulk statement; cached rows are dropped as they may be stale."""
        self.flush()
        self.cursor.execute(self.sql(statement), params or {})
        self._rows.clear()
        self._loaded.clear()

    # -- rows ----------------------------------------------------------------

    @staticmethod
    def key_of(table: str, row: Row) -> Key:
        return tuple(row[name] for name in TABLES[table].key)

    def prefetch(self, ids: dict[str, set[str]]) -> None:
        """Load, in one query per table, every row whose first key column is in its ids.

        A batch of events touches a few thousand rows; fetching them up front saves a
        round trip per row. Keys absent after a prefetch are known not to exist.
        """
        with self._key_lookups():
            for table, wanted in ids.items():
                if not wanted:
                    continue
                values = sorted(wanted)
                column = TABLES[table].key[0]
                if self.dialect == "postgres":
                    self.cursor.execute(
                        f"SELECT * FROM {table} WHERE {column} = ANY(%(ids)s)", {"ids": values}
                    )
                else:
                    marks = ", ".join("?" * len(values))
                    self.cursor.execute(
                        f"SELECT * FROM {table} WHERE {column} IN ({marks})", values
                    )
                for found in self.cursor.fetchall():
                    row = dict(found)
                    self._rows.setdefault((table, self.key_of(table, row)), row)
                self._loaded.setdefault(table, set()).update(values)

    @contextmanager
    def _key_lookups(self) -> Iterator[None]:
        """On PostgreSQL, key lookups, always, for the statements inside. While the tables
        grow during a catch-up their statistics lag (or are missing: autovacuum may be
        off), and the planner answered a batch's key list with a sequential scan:
        quadratic. Only where used (prefetch, history closes): the same setting made the
        upserts of `flush` ten times slower. Not reset on an error: the transaction is
        lost then, and SET LOCAL ends with it."""
        if self.dialect != "postgres":
            yield
            return
        self.cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        self.cursor.execute("SET LOCAL enable_seqscan = on")

    def get(self, table: str, *key: Any) -> Row | None:
        """The row (a live dict: change it, then `put` it), or None."""
        slot = (table, key)
        if slot not in self._rows and key[0] in self._loaded.get(table, ()):
            return None
        if slot not in self._rows:
            names = TABLES[table].key
            where = " AND ".join(f"{n} = %({n})s" for n in names)
            self.cursor.execute(
                self.sql(f"SELECT * FROM {table} WHERE {where}"), dict(zip(names, key, strict=True))
            )
            found = self.cursor.fetchone()
            self._rows[slot] = dict(found) if found is not None else None
        return self._rows[slot]

    def put(self, table: str, row: Row) -> Row:
        """Insert or replace a row, by its table's key."""
        slot = (table, self.key_of(table, row))
        self._rows[slot] = row
        self._dirty[slot] = None
        return row

    def append(self, table: str, row: Row) -> None:
        """Insert a row that is never changed afterwards (messages, statement lines)."""
        self._appends.setdefault(table, []).append(row)

    def version(
        self, table: str, entity: Key, values: Row, position: int, at: str, *, new: bool = False
    ) -> None:
        """Start a new history version of `entity` at `position`, ending the previous one.

        `new`: the entity is being created, so there is no previous version to end
        (saves a pointless UPDATE per created invoice or company).
        """
        slot = (table, entity)
        previous = self._open_versions.get(slot)
        if previous is not None:
            previous["valid_to"], previous["valid_to_at"] = position, at
        elif not new:
            names = TABLES[table].key[:-1]
            self._closes.setdefault(table, []).append(
                {**dict(zip(names, entity, strict=True)), "valid_to": position, "valid_to_at": at}
            )
        row = {
            **values,
            "valid_from": position,
            "valid_from_at": at,
            "valid_to": None,
            "valid_to_at": None,
        }
        self._open_versions[slot] = row
        self.append(table, row)

    # -- writing -------------------------------------------------------------

    def flush(self) -> None:
        for table, rows in self._closes.items():
            names = TABLES[table].key[:-1]
            where = " AND ".join(f"{n} = %({n})s" for n in names)
            self._many(
                table,
                f"UPDATE {table} SET valid_to = %(valid_to)s, valid_to_at = %(valid_to_at)s "
                f"WHERE {where} AND valid_to IS NULL",
                rows,
            )
        by_table: dict[str, list[Row]] = {}
        for table, key in self._dirty:
            row = self._rows[(table, key)]
            if row is not None:
                by_table.setdefault(table, []).append(row)
        for table, rows in by_table.items():
            self._many(table, self._upsert(table), [self._complete(table, r) for r in rows])
        for table, rows in self._appends.items():
            self._many(table, self._insert(table), [self._complete(table, r) for r in rows])
        self._closes.clear()
        self._dirty.clear()
        self._appends.clear()
        self._open_versions.clear()

    def _many(self, table: str, statement: str, rows: Sequence[Row]) -> None:
        """Run `statement` for every row: on PostgreSQL, inserts of many rows go by COPY.

        COPY sends rows as one stream instead of a statement each: about four times
        faster for appends, and about half again for upserts (copied into a temporary
        table, then one INSERT ... SELECT ... ON CONFLICT). History closes become one
        UPDATE over arrays of keys (`_close_all`).
        """
        if not rows:
            return
        if self.dialect != "postgres" or len(rows) < COPY_FROM:
            self.cursor.executemany(self.sql(statement), rows)
            return
        if statement.startswith("UPDATE"):
            self._close_all(table, rows)
            return
        names = [name for name, _ in TABLES[table].columns]
        if " ON CONFLICT " not in statement:
            self._copy(table, names, rows)
            return
        staged = f"_in_{table}"
        self.cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {staged} (LIKE {table}) ON COMMIT DELETE ROWS"
        )
        self._copy(staged, names, rows)
        columns = ", ".join(names)
        conflict = statement[statement.index(" ON CONFLICT ") :]
        self.cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staged}{conflict}"
        )
        self.cursor.execute(f"TRUNCATE {staged}")

    def _close_all(self, table: str, rows: Sequence[Row]) -> None:
        """End many open history versions in one statement, joined to arrays of their
        keys: a statement per version cost about a twentieth of a 1M rebuild. Key
        lookups forced: the planner cannot see the arrays' sizes either."""
        names = [*TABLES[table].key[:-1], "valid_to", "valid_to_at"]
        kinds = dict(TABLES[table].columns)
        arrays = ", ".join(f"%({n})s::{PG_ARRAY[kinds[n]]}" for n in names)
        match = " AND ".join(f"t.{n} = v.{n}" for n in names[:-2])
        with self._key_lookups():
            self.cursor.execute(
                f"UPDATE {table} AS t SET valid_to = v.valid_to, valid_to_at = v.valid_to_at "
                f"FROM unnest({arrays}) AS v({', '.join(names)}) "
                f"WHERE {match} AND t.valid_to IS NULL",
                {n: [row[n] for row in rows] for n in names},
            )

    def _copy(self, table: str, names: list[str], rows: Sequence[Row]) -> None:
        with self.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] for name in names])

    @staticmethod
    def _complete(table: str, row: Row) -> Row:
        return {name: row.get(name) for name, _ in TABLES[table].columns}

    @staticmethod
    def _insert(table: str) -> str:
        names = [name for name, _ in TABLES[table].columns]
        values = ", ".join(f"%({n})s" for n in names)
        return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({values})"

    @classmethod
    def _upsert(cls, table: str) -> str:
        key = TABLES[table].key
        updates = ", ".join(
            f"{name} = excluded.{name}" for name, _ in TABLES[table].columns if name not in key
        )
        return f"{cls._insert(table)} ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
