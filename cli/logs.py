"""Structured logs: one JSON object per line on stderr, with the request id if any.

A mutation's request id (`X-Request-Id`, or one made up) is set for the request by
`cli.operations`; every line logged while it runs carries it, including the
line that names the events the mutation stored, so a request can be followed to its
events (`grep` the id). The id is not put into the events: their stored fields are
hashed into the chain, and existing events must keep hashing the same.

    ARLEDGER_LOG_LEVEL   INFO (default), DEBUG, WARNING ...
    ARLEDGER_LOG_FORMAT  json (default) or text
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import sys
from datetime import UTC, datetime

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "msg": record.getMessage(),
        }
        rid = request_id.get()
        if rid is not None:
            line["request_id"] = rid
        for name in ("events", "operation", "status", "code", "duration_ms", "job"):
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def configure() -> None:
    """Our loggers (`arledger.*`) to stderr, once per process."""
    root = logging.getLogger("arledger")
    if getattr(root, "_configured", False):
        return
    handler = logging.StreamHandler(sys.stderr)
    if os.environ.get("ARLEDGER_LOG_FORMAT", "json") == "json":
        handler.setFormatter(JsonLines())
    root.addHandler(handler)
    root.setLevel(os.environ.get("ARLEDGER_LOG_LEVEL", "INFO").upper())
    root.propagate = False
    root._configured = True  # type: ignore[attr-defined]
