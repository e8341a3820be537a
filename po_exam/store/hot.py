"""The reads behind every screen open, straight through the database driver.

History's first page and the home screen's recent results run each time a learner
opens those screens, and return many rows. Through the ORM they cost 10 to 25
times the bare query (benchmarks/bench_history.py): sessions, identity maps and
per-value type processing. Here the statements are still built with SQLAlchemy, so
any backend works, but each shape is compiled once, run on one held connection,
and rows become summaries with the few conversions they need.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Select, String, select, type_coerce

from po_exam.store.convert import SUMMARY_FIELDS, summary_of
from po_exam.store.models import AttemptSummary
from po_exam.store.tables import Attempt
from po_exam.text import printable

_TABLE = Attempt.__table__  # type: ignore[attr-defined]
_DATETIMES = ("started_at", "finished_at", "deadline", "abandoned_at")
SUMMARY_COLUMNS = [
    type_coerce(_TABLE.c[name], String) if name in _DATETIMES else _TABLE.c[name]
    for name in SUMMARY_FIELDS
]


def summary_select() -> Select[Any]:
    """SELECT of the summary columns; datetimes come back as the driver stores them."""
    return select(*SUMMARY_COLUMNS)


class HotReads:
    """Runs summary queries on one connection held for the store's life (guarded by a lock)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._connection: Any = None
        self._compiled: dict[Hashable, tuple[str, Callable[[Mapping[str, Any]], Any]]] = {}
        self._bank_ids: dict[str, tuple[str, ...]] = {}
        self._needs_rollback = engine.dialect.name != "sqlite"  # other drivers open a snapshot

    def close(self) -> None:
        """Give the held connection back."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def summaries(
        self, shape: Hashable, build: Callable[[], Select[Any]], params: Mapping[str, Any]
    ) -> list[AttemptSummary]:
        """Run the statement `build` makes (compiled once per `shape`) and convert its rows."""
        return [self._summary(row) for row in self.rows(shape, build, params)]

    def rows(
        self, shape: Hashable, build: Callable[[], Select[Any]], params: Mapping[str, Any]
    ) -> list[Sequence[Any]]:
        """The driver's rows of the statement `build` makes (compiled once per `shape`).

        Values go to the driver as given: a moment must be passed as `stored_moment` makes it.
        """
        sql, arguments = self._compile(shape, build)
        with self._lock:
            if self._connection is None:
                self._connection = self._engine.raw_connection()
            cursor = self._connection.cursor()
            try:
                cursor.execute(sql, arguments(params))
                rows = cursor.fetchall()
            finally:
                cursor.close()
                if self._needs_rollback:
                    self._connection.rollback()
        return rows

    def _compile(
        self, shape: Hashable, build: Callable[[], Select[Any]]
    ) -> tuple[str, Callable[[Mapping[str, Any]], Any]]:
        found = self._compiled.get(shape)
        if found is None:
            compiled = build().compile(dialect=self._engine.dialect)
            defaults = dict(compiled.params)
            if self._engine.dialect.positional:
                order = tuple(compiled.positiontup or ())

                def arguments(params: Mapping[str, Any]) -> Any:
                    return tuple(params.get(name, defaults.get(name)) for name in order)
            else:

                def arguments(params: Mapping[str, Any]) -> Any:
                    return {**defaults, **params}

            found = self._compiled[shape] = (compiled.string, arguments)
        return found

    def _summary(self, row: Sequence[Any]) -> AttemptSummary:
        return summary_of(row, _moment, self._banks)

    def _banks(self, raw: str) -> tuple[str, ...]:
        banks = self._bank_ids.get(raw)
        if banks is None:
            # Text from the database is shown on a terminal: control characters escaped.
            banks = self._bank_ids[raw] = tuple(printable(b) for b in json.loads(raw))
        return banks


def stored_moment(engine: Engine, moment: datetime) -> Any:
    """`moment` as the driver is handed it for a DateTime column (naive UTC text in SQLite)."""
    column = Attempt.__table__.c.finished_at  # type: ignore[attr-defined]
    process = column.type.bind_processor(engine.dialect)
    value = moment.astimezone(UTC)
    return process(value) if process is not None else value


def moment_of(value: str | datetime | None) -> datetime | None:
    """A moment the driver returned, as aware UTC."""
    return _moment(value)


def _moment(value: str | datetime | None) -> datetime | None:
    """A stored moment (naive UTC text in SQLite, a datetime elsewhere) as aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value + "+00:00")  # the fast path for naive UTC text
        except ValueError:
            value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
