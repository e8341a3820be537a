"""What Home shows first, read without SQLAlchemy's ORM or pydantic.

Home is usable once it lists the banks and the last results. Both are read here
straight from the bank cache (its `marshal` entries) and the SQLite file (the
`sqlite3` driver, read-only), in a few milliseconds; importing SQLAlchemy, SQLModel
and pydantic costs far more (benchmarks/bench_usable.py) and comes after, in
workers, whose full results then replace this first view.

Anything out of the ordinary makes a read here give up (None) and Home waits for
the full load as before: a bank file not in the cache or changed since, a bank id
used twice, a database that is not a SQLite file, not at this schema version,
damaged or locked, a timed attempt out of time (it is graded first), a learner other
than the default chosen or a database with several learners (whose choice is the
store's): the rows read here are the default learner's. With an exam day set, the
app skips the history read: the plan and due dates are the store's.

The reads never write. One write is made here: an exam started before the store has
opened (`StoreOnTheWay`, `start_attempt`), under the same conditions, with the store's
own column mappings; everything after its start goes through the store.
"""

from __future__ import annotations

import json
import marshal
import sqlite3
import stat
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from po_exam import paths
from po_exam.banks import cache
from po_exam.banks.discovery import bank_files, builtin_bank_dir
from po_exam.banks.problems import Problem
from po_exam.early import BankHead, HomeView
from po_exam.exam.modes import MODES
from po_exam.exam.retry import RETRY_VALID, retry_offer
from po_exam.store.layout import TABLES_AT
from po_exam.store.summaries import SUMMARY_FIELDS, AttemptSummary, HomeSummary, summary_of

if TYPE_CHECKING:
    from po_exam.exam.asked import AskedQuestion
    from po_exam.exam.modes import ExamSettings
    from po_exam.store.store import Store

MAX_QUICK_BANK_BYTES = 64 * 1024 * 1024
"""A bank file larger than this is left to the full loader (which applies the real cap)."""
LONGEST_REVIEW_STEP = timedelta(minutes=10)
"""The longest FSRS (re)learning step of the store's scheduler (a test holds them equal)."""
SCHEMA_VERSION = 7
"""The schema version this code writes (a test holds it equal to the store's)."""
DEFAULT_LEARNER_ID = 1
DEFAULT_LEARNER = "default"
"""The learner a personal database's history belongs to (a test holds them equal to the
store's `tables.DEFAULT_LEARNER_ID` and `DEFAULT_LEARNER`)."""
SIMULATIONS = tuple(key for key, mode in MODES.items() if mode.simulation)
_SUMMARY = ", ".join(SUMMARY_FIELDS)


def home_view(
    url: str | None,
    extra: Sequence[Path] = (),
    *,
    now: datetime,
    recent: int,
    mistakes_limit: int,
    learner: str | None = None,
    builtin: bool = True,
    user: bool = True,
) -> HomeView:
    """What Home shows first, read from the bank cache and the SQLite file. With an exam
    day set the history is left to the store (its plan and due dates are the store's)."""
    from po_exam.ui.settings import load_exam_day

    found = bank_heads(extra, builtin=builtin, user=user)
    preview = None
    if load_exam_day() is None:
        preview = home_summary(
            url, now, recent=recent, mistakes_limit=mistakes_limit, learner=learner
        )
    return HomeView(tuple(found) if found is not None else None, preview)


def check_integrity(url: str | None) -> None:
    """Run SQLite's integrity check of the database file now (read-only), so that opening
    the store finds its verdict ready (po_exam/store/integrity.py); quietly does nothing
    for a server, a missing file or one that cannot be read (opening the store says why)."""
    from po_exam.store import integrity

    path = sqlite_file(paths.database_url(url))
    try:
        if path is not None and path.stat().st_size > 0:
            integrity.quick_check(path)
    except (OSError, sqlite3.Error):
        pass


def bank_heads(
    extra: Sequence[Path] = (), *, builtin: bool = True, user: bool = True
) -> list[BankHead] | None:
    """The banks `discover_banks` would load, from the cache alone; None on any cache miss."""
    sources: list[Path] = []
    try:
        if builtin:
            sources += bank_files(builtin_bank_dir())
        if user and paths.user_bank_dir().is_dir():
            sources += bank_files(paths.user_bank_dir())
        for path in extra:
            if not path.is_file():
                return None  # a folder, a missing file: the full discovery tells
            sources.append(path)
        heads: list[BankHead] = []
        seen: set[Path] = set()
        owners: set[str] = set()
        for path in sources:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            head = _cached_head(path)
            if head is None or (head.bank_id is not None and head.bank_id in owners):
                return None
            if head.bank_id is not None:
                owners.add(head.bank_id)
            heads.append(head)
    except (OSError, RuntimeError, ValueError, TypeError, KeyError, EOFError):
        return None
    return heads


def _cached_head(path: Path) -> BankHead | None:
    status = path.stat()
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_QUICK_BANK_BYTES:
        return None
    key = cache.cache_key(path, path.read_bytes())
    payload = marshal.loads(cache.cache_entry(path).read_bytes())
    if not isinstance(payload, dict) or payload.get("key") != key:
        return None
    problems = [Problem(*fields) for fields in payload["problems"]]
    errors = [p for p in problems if p.severity == "error"]
    first = min(errors, key=lambda p: (p.line, p.column)) if errors else None
    bank = payload["bank"]
    if bank is None:
        return BankHead(path, None, "", 0, first)
    return BankHead(path, bank["bank"]["id"], bank["bank"]["title"], len(bank["questions"]), first)


def home_summary(
    url: str | None,
    now: datetime,
    *,
    recent: int,
    mistakes_limit: int,
    learner: str | None = None,
    schema_version: int = SCHEMA_VERSION,
) -> HomeSummary | None:
    """Home's pending items and last results read through `sqlite3`; None unless the
    database is an existing SQLite file at `schema_version` whose reads all succeed and
    whose one learner is the default one (`learner`, if given, must name it)."""
    if learner is not None and learner != DEFAULT_LEARNER:
        return None  # the store finds or makes that learner
    path = sqlite_file(paths.database_url(url))
    if path is None:
        return None
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return None
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=0.2)
        try:
            return _read_home(connection, now, recent, mistakes_limit, schema_version)
        finally:
            connection.close()
    except (OSError, sqlite3.Error, ValueError, TypeError, KeyError):
        return None


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///path` URL (no query); None for anything else."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    database = url[len(prefix) :]
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _read_home(
    connection: sqlite3.Connection,
    now: datetime,
    recent: int,
    mistakes_limit: int,
    schema_version: int,
) -> HomeSummary | None:
    if not _personal_file_at(connection, schema_version):
        return None  # an upgrade due, another app's file, several learners: the store decides
    now = now.astimezone(UTC)
    unfinished = connection.execute(
        f"SELECT {_SUMMARY} FROM attempt WHERE learner_id = ?"
        " AND finished_at IS NULL AND abandoned_at IS NULL"
        " ORDER BY started_at DESC, id DESC LIMIT 1",
        (DEFAULT_LEARNER_ID,),
    ).fetchone()
    if unfinished is not None and unfinished[5] is not None and _moment(unfinished[5]) <= now:
        return None  # its time ran out while away: the full path grades it first
    last = connection.execute(
        f"SELECT {_SUMMARY} FROM attempt WHERE learner_id = ? AND finished_at IS NOT NULL"
        " ORDER BY finished_at DESC, id DESC LIMIT ?",
        (DEFAULT_LEARNER_ID, recent),
    ).fetchall()
    retry, retry_from = _retry(connection, now)
    return HomeSummary(
        unfinished=_summary(unfinished) if unfinished is not None else None,
        retry=retry,
        recent=[_summary(row) for row in last],
        mistakes_due=_mistakes_due(connection, now, mistakes_limit),
        retry_from=retry_from,
    )


def _personal_file_at(connection: sqlite3.Connection, schema_version: int) -> bool:
    """Whether the file is at `schema_version` and its one learner is the default one (the
    rows here are that learner's; anything else is the store's to decide)."""
    if connection.execute("PRAGMA user_version").fetchone()[0] != schema_version:
        return False
    learners = connection.execute("SELECT id, name FROM learner LIMIT 2").fetchall()
    return learners == [(DEFAULT_LEARNER_ID, DEFAULT_LEARNER)]


def _retry(connection: sqlite3.Connection, now: datetime):  # type: ignore[no-untyped-def]
    """The store's `pending_retry`, in plain SQL, and the attempt it retries."""
    marks = ", ".join("?" for _ in SIMULATIONS)
    row = connection.execute(
        f"SELECT {_SUMMARY} FROM attempt WHERE learner_id = ? AND finished_at IS NOT NULL"
        f" AND mode IN ({marks}) AND passed = 0 AND retry_of IS NULL AND finished_at > ?"
        " AND NOT EXISTS (SELECT 1 FROM attempt AS retry WHERE retry.retry_of = attempt.id)"
        " ORDER BY finished_at DESC, id DESC LIMIT 1",
        (DEFAULT_LEARNER_ID, *SIMULATIONS, _stored(now - RETRY_VALID)),
    ).fetchone()
    if row is None:
        return None, None
    found = _summary(row)
    assert found.finished_at is not None
    offer = retry_offer(found.id, row[1], False, False, found.finished_at, found.bank_ids)
    return (offer, found) if offer and offer.valid(now) else (None, None)


def _mistakes_due(connection: sqlite3.Connection, now: datetime, limit: int) -> int:
    """How many of the store's `mistakes_due` there are (capped at `limit`)."""
    count = 0
    for due, card in connection.execute(
        "SELECT due, card FROM review_card WHERE learner_id = ? AND wrong > 0 AND due <= ?",
        (DEFAULT_LEARNER_ID, _stored(now + LONGEST_REVIEW_STEP)),
    ):
        state = json.loads(card)
        just_missed = state.get("state") in (1, 3) and state.get("step") == 0
        if _moment(due) <= now or just_missed:
            count += 1
    return min(count, limit)


def _summary(row: Sequence[object]) -> AttemptSummary:
    return summary_of(row, _moment_or_none)


def _stored(moment: datetime) -> str:
    """A moment as SQLAlchemy stores a DateTime in SQLite: naive UTC text with microseconds."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _moment_or_none(value: object) -> datetime | None:
    return None if value is None else _moment(str(value))


def start_attempt(
    url: str | None,
    settings: ExamSettings,
    questions: Sequence[AskedQuestion],
    *,
    started_at: datetime,
    deadline: datetime | None,
) -> int | None:
    """The store's `start_attempt` through `sqlite3`, for an exam started before the store
    has opened (its import alone takes longer than the rest of the start); the new
    attempt's id, or None when this cannot be done here and the store must do it.

    Written only to a SQLite file at this schema version, with every table and column of
    that version (the store's own check), whose one learner is the default one and that
    SQLite's integrity check has found whole in its present state (the check
    started as Home showed; it is waited for); the rows are the store's own, from the same
    column mappings (`attempt_values`, `asked_values`), in one transaction taken with the
    write lock up front, as the store does."""
    from po_exam.store import integrity

    path = sqlite_file(paths.database_url(url))
    if path is None or not path.is_file():
        return None
    try:
        if integrity.quick_check(path) != "ok":
            return None
        connection = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    except (OSError, sqlite3.Error):
        return None
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN IMMEDIATE")
        try:
            attempt_id = _write_start(connection, settings, questions, started_at, deadline)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        if attempt_id is None:
            connection.execute("ROLLBACK")
        else:
            connection.execute("COMMIT")
        return attempt_id
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _write_start(
    connection: sqlite3.Connection,
    settings: ExamSettings,
    questions: Sequence[AskedQuestion],
    started_at: datetime,
    deadline: datetime | None,
) -> int | None:
    from po_exam.store.convert import asked_values, attempt_values

    if not _personal_file_at(connection, SCHEMA_VERSION):
        return None
    for table, columns in TABLES_AT[SCHEMA_VERSION].items():  # the store's own check
        have = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if not columns <= have:
            return None  # not po-exam's, whatever its version says: the store refuses it
    values = attempt_values(settings, len(questions), started_at, deadline, None)
    values.update(position=0, learner_id=DEFAULT_LEARNER_ID)
    for name in ("started_at", "deadline"):
        values[name] = _stored(values[name]) if values[name] is not None else None
    attempt_id = _insert(connection, "attempt", [values])
    _insert(
        connection,
        "attempt_bank",
        [{"attempt_id": attempt_id, "bank_id": bank} for bank in dict.fromkeys(settings.bank_ids)],
    )
    _insert(
        connection,
        "asked_question",
        [asked_values(attempt_id, i, question) for i, question in enumerate(questions)],
    )
    return attempt_id


def _insert(connection: sqlite3.Connection, table: str, rows: list[dict[str, object]]) -> int:
    """Insert `rows` (all with the same columns) into `table`; the last row's id."""
    if not rows:
        return 0
    columns = list(rows[0])
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    )
    if len(rows) == 1:
        return int(connection.execute(statement, [rows[0][c] for c in columns]).lastrowid or 0)
    connection.executemany(statement, [[row[c] for c in columns] for row in rows])
    return 0


class StoreOnTheWay:
    """Stands for the store while it opens, so that an exam can start at once.

    `start_attempt` writes through `sqlite3` (`start_attempt` above) while the store is not
    open yet; if that cannot be done, and for everything else, the caller waits until the
    store is open (always in a worker thread: the screens never touch a store) and the call
    goes to it. Once the store failed to open, every call raises `StoreError` with why.
    The passport date is the one given here, as the app's attempt service has it.
    """

    def __init__(self, url: str | None, *, passport: date | None = None) -> None:
        self.url = url
        self.passport = passport
        self._settled = threading.Event()
        self._store: Store | None = None
        self._error = ""

    def opened(self, store: Store) -> None:
        """The store is open: calls go to it from now on."""
        self._store = store
        self._settled.set()

    def failed(self, why: str) -> None:
        """The store could not be opened: calls raise `StoreError(why)`."""
        self._error = why
        self._settled.set()

    def start_attempt(
        self,
        settings: ExamSettings,
        questions: Sequence[AskedQuestion],
        *,
        started_at: datetime,
        deadline: datetime | None,
        retry_of: int | None = None,
    ) -> int:
        if not self._settled.is_set() and retry_of is None:
            found = start_attempt(
                self.url, settings, questions, started_at=started_at, deadline=deadline
            )
            if found is not None:
                return found
        return self._open().start_attempt(
            settings, questions, started_at=started_at, deadline=deadline, retry_of=retry_of
        )

    def _open(self) -> Store:
        self._settled.wait()
        if self._store is None:
            from po_exam.store.errors import StoreError

            raise StoreError(self._error or "The database could not be opened.")
        return self._store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._open(), name)
