"""`po-exam history` and `po-exam export`: past attempts for the terminal and spreadsheets.

Nothing here imports Textual; the database layer is imported inside the commands so that
`po-exam --help` stays fast.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from po_exam.text import printable
from po_exam.ui.formatting import percent_text

if TYPE_CHECKING:
    from po_exam.store.db import Store
    from po_exam.store.models import AnswerExport, AttemptSummary

EXPORT_FIELDS = (
    "id",
    "mode",
    "banks",
    "started_at",
    "finished_at",
    "deadline",
    "correct",
    "total",
    "percent",
    "pass_mark",
    "passed",
    "retry_of",
    "seconds_used",
    "seed",
    "abandoned_at",
    "rescored_correct",
    "ungraded",
)

ANSWER_FIELDS = (
    "attempt",
    "position",
    "bank",
    "question_id",
    "topic",
    "selection",
    "key",
    "correct",
    "seconds",
    "certainty",
    "answered_at",
)
"""`export --answers`: one row per answer. Positions count from 1, options are letters."""

db_option = click.option("--db", "db", metavar="PATH|URL", help="Database file or SQLAlchemy URL.")
bank_option = click.option(
    "--bank", "bank", metavar="BANK", help="Only attempts on this bank (its id or its title)."
)
mode_option = click.option(
    "--mode",
    "mode",
    metavar="MODE",
    help="Only this mode, by key or as the app names it (pspo1 or 'PSPO I', practice, ...).",
)
verdict_option = click.option(
    "--passed/--failed", "passed", default=None, help="Only passed, or only failed, attempts."
)
learner_option = click.option(
    "--learner", "learner", metavar="NAME", help="Whose attempts (default: PO_EXAM_LEARNER)."
)
all_learners_option = click.option(
    "--all-learners", "all_learners", is_flag=True, help="Every learner's attempts (trainers)."
)


@click.group(invoke_without_command=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1), help="Rows.")
@click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many newest.")
@bank_option
@mode_option
@verdict_option
@db_option
@learner_option
@all_learners_option
@click.pass_context
def history(
    ctx: click.Context,
    limit: int,
    offset: int,
    bank: str | None,
    mode: str | None,
    passed: bool | None,
    db: str | None,
    learner: str | None,
    all_learners: bool,
) -> None:
    """List past attempts, newest first, in a table as wide as the terminal
    (`history rescore` re-grades changed questions)."""
    if ctx.invoked_subcommand is not None:
        return
    mode = resolve_mode(mode)
    with _store(ctx, db, learner, all_learners) as store:
        bank = resolve_bank(store, bank, ctx)
        filters: dict[str, Any] = {"bank": bank, "mode": mode, "passed": passed}
        attempts = store.list_attempts(offset=offset, limit=limit, **filters)
        total = store.count_attempts(**filters)
    if not attempts:
        filtered = any(value is not None for value in filters.values())
        if total:
            click.echo("No attempts on this page.")
        else:
            click.echo("No attempts match these filters." if filtered else "No attempts yet.")
        return
    click.echo(render_table(attempts))
    shown = f"{offset + 1}-{offset + len(attempts)}"
    click.echo(f"\nShowing {shown} of {total} attempt{'s' if total != 1 else ''}.")


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="csv for spreadsheets, json for scripts.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output).",
)
@click.option(
    "--answers",
    is_flag=True,
    help="One row per answer (selection, key, seconds, certainty) instead of per attempt.",
)
@bank_option
@mode_option
@verdict_option
@db_option
@learner_option
@all_learners_option
@click.pass_context
def export(
    ctx: click.Context,
    output_format: str,
    output: Path | None,
    answers: bool,
    bank: str | None,
    mode: str | None,
    passed: bool | None,
    db: str | None,
    learner: str | None,
    all_learners: bool,
) -> None:
    """Write every attempt (or with --answers every answer) as CSV or JSON, newest first."""
    mode = resolve_mode(mode)
    with _store(ctx, db, learner, all_learners) as store:
        bank = resolve_bank(store, bank, ctx)
        filters: dict[str, Any] = {"bank": bank, "mode": mode, "passed": passed}
        if answers:
            rows = (answer_row(a) for a in store.iter_answers(**filters))
            fields = ANSWER_FIELDS
        else:
            rows = (export_row(a) for a in store.iter_attempts(**filters))
            fields = EXPORT_FIELDS
        with _destination(output) as stream:
            write = write_csv if output_format == "csv" else write_json
            count = write(rows, stream, fields)
    if output is not None:
        what = "answer" if answers else "attempt"
        click.echo(
            printable(f"Wrote {count} {what}{'s' if count != 1 else ''} to {output}."), err=True
        )


def render_table(attempts: Iterable[AttemptSummary], width: int | None = None) -> str:
    """Attempts as a table that fits `width` columns (default: the terminal's), via rich."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    # Narrow terminals wrap the banks and mode (then the rest), never drop a column.
    for header in ("ID", "Started (UTC)", "Mode", "Banks", "Score", "Result", "Time", "Retry of"):
        table.add_column(header, overflow="fold")
    for attempt in attempts:
        table.add_row(*(Text(cell) for cell in _table_row(attempt)))  # Text: never markup
    if width is None:
        width = shutil.get_terminal_size((100, 24)).columns
    console = Console(
        file=io.StringIO(), width=width, color_system=None, highlight=False, emoji=False
    )
    console.print(table)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in output.splitlines())


def export_row(attempt: AttemptSummary) -> dict[str, Any]:
    """One attempt as a flat record with ISO dates."""
    return {
        "id": attempt.id,
        "mode": attempt.mode,
        "banks": " ".join(attempt.bank_ids),
        "started_at": _iso(attempt.started_at),
        "finished_at": _iso(attempt.finished_at),
        "deadline": _iso(attempt.deadline),
        "correct": attempt.correct,
        "total": attempt.total,
        "percent": None if attempt.percent is None else round(attempt.percent, 2),
        "pass_mark": attempt.pass_mark,
        "passed": attempt.passed,
        "retry_of": attempt.retry_of,
        "seconds_used": attempt.seconds_used,
        "seed": attempt.seed,
        "abandoned_at": _iso(attempt.abandoned_at),
        "rescored_correct": attempt.rescored_correct,
        "ungraded": attempt.ungraded,
    }


def answer_row(answer: AnswerExport) -> dict[str, Any]:
    """One answer as a flat record: options as letters in the order shown, ISO dates."""
    from po_exam.exam.insight import certainty_name

    return {
        "attempt": answer.attempt_id,
        "position": answer.position + 1,
        "bank": answer.bank_id,
        "question_id": answer.question_id,
        "topic": answer.topic,
        "selection": _letters(answer.selection),
        "key": _letters(answer.key),
        "correct": answer.correct,
        "seconds": None if answer.seconds is None else round(answer.seconds, 1),
        "certainty": None if answer.certainty is None else certainty_name(answer.certainty),
        "answered_at": _iso(answer.answered_at),
    }


def _letters(options: frozenset[int]) -> str:
    return "".join(chr(ord("A") + option) for option in sorted(options))


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list)."""


def spreadsheet_cell(value: Any) -> Any:
    """A value for a CSV cell: text a spreadsheet would run as a formula gets a leading `'`.

    Only text: numbers (negative ones too) stay numbers, and None is an empty cell.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(
    rows: Iterable[dict[str, Any]], stream: TextIO, fields: tuple[str, ...] = EXPORT_FIELDS
) -> int:
    """Write rows as CSV with a header line, formula-like text neutralised; how many rows."""
    writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: spreadsheet_cell(v) for k, v in row.items()})
        count += 1
    return count


def write_json(
    rows: Iterable[dict[str, Any]], stream: TextIO, _fields: tuple[str, ...] = ()
) -> int:
    """Write rows as one JSON array; how many rows."""
    items = list(rows)
    json.dump(items, stream, indent=2)
    stream.write("\n")
    return len(items)


def _table_row(attempt: AttemptSummary) -> tuple[str, ...]:
    if attempt.correct is None or attempt.percent is None:
        score, verdict = "-", "abandoned" if attempt.abandoned else "unfinished"
    else:
        score = f"{attempt.correct}/{attempt.total} {percent_text(attempt.percent)}"
        verdict = "passed" if attempt.passed else "failed"
        if attempt.rescored_correct is not None:  # re-graded: the original first, then now
            score += f" → {attempt.rescored_correct}/{attempt.total} re-graded"
            if attempt.rescored_passed != attempt.passed:
                verdict += f" → {'passed' if attempt.rescored_passed else 'failed'}"
        elif attempt.ungraded:
            verdict = f"{attempt.ungraded} essays to grade"
        elif attempt.mode == "cspo":
            verdict = "self-check"
    used = attempt.seconds_used
    return (
        str(attempt.id),
        attempt.started_at.strftime("%Y-%m-%d %H:%M"),
        printable(attempt.mode),  # text from the database: never raw to the terminal
        printable(" ".join(attempt.bank_ids)),  # as in the CSV
        score,
        verdict,
        "-" if used is None else f"{used // 60}:{used % 60:02d}",
        "" if attempt.retry_of is None else str(attempt.retry_of),
    )


def _iso(moment: Any) -> str | None:
    return None if moment is None else moment.isoformat()


def resolve_mode(given: str | None) -> str | None:
    """The mode key for `given`: a key (`pspo1`) or a title as the app shows it (`PSPO I`,
    `PSPO I simulation`), in any case; anything else is refused with the choices."""
    from po_exam.exam.modes import MODES

    if given is None:
        return None
    wanted = " ".join(given.split()).casefold()
    for key, mode in MODES.items():
        if wanted in (key.casefold(), mode.title.casefold(), mode.short.casefold()):
            return key
    choices = ", ".join(f"{key} ({mode.title})" for key, mode in MODES.items())
    raise click.BadParameter(printable(f"choose one of {choices}"), param_hint="'--mode'")


def resolve_bank(store: Store, given: str | None, ctx: click.Context) -> str | None:
    """The bank id for `given`: an id in the history, or the id or title of a bank po-exam
    can load (case-insensitive); anything else is refused, naming the banks there are."""
    if given is None:
        return None
    in_history = sorted({bank for attempt in store.iter_attempts() for bank in attempt.bank_ids})
    if given in in_history:
        return given
    from po_exam.banks.discovery import discover_banks

    parent = ctx.find_root().obj or {}
    known = {
        result.bank.id: result.bank.title
        for result in discover_banks(parent.get("banks") or ())
        if result.bank is not None
    }
    wanted = " ".join(given.split()).casefold()
    for bank_id, title in known.items():
        if wanted in (bank_id.casefold(), " ".join(title.split()).casefold()):
            return bank_id
    names = dict.fromkeys([*in_history, *known])
    choices = ", ".join(f"{b} ({known[b]})" if b in known else b for b in names) or "none yet"
    raise click.BadParameter(
        printable(f"no bank {given!r}: choose a bank id or title: {choices}"),
        param_hint="'--bank'",
    )


@contextmanager
def _store(
    ctx: click.Context,
    db: str | None,
    learner: str | None = None,
    all_learners: bool = False,
) -> Iterator[Store]:
    """The store named by --db here, else by the main command's --db, else the default,
    opened read-only: reading history never creates, upgrades or changes a database.

    It reads one learner's attempts (--learner, the main command's, PO_EXAM_LEARNER, else
    a local database's default learner), or everyone's with `all_learners`.
    """
    from po_exam.paths import learner_name
    from po_exam.store.db import open_store

    parent = ctx.find_root().obj or {}
    name = None if all_learners else learner_name(learner or parent.get("learner"))
    opening = lambda: open_store(  # noqa: E731
        db or parent.get("db"), read_only=True, learner=name, all_learners=all_learners
    )
    with store_for_cli(opening) as store:
        if store.learner is None and not store.all_learners:
            known = ", ".join(learner.name for learner in store.learners()) or "none yet"
            raise click.ClickException(
                f"{store.location} is shared by several learners: choose one with --learner"
                f" NAME (or PO_EXAM_LEARNER), or read everyone's with --all-learners"
                f" (learners: {known})."
            )
        yield store


@contextmanager
def store_for_cli(opening: Callable[[], Store]) -> Iterator[Store]:
    """The store `opening` opens, closed afterwards; a store error while opening or using
    it is a message and exit 1, not a traceback."""
    from po_exam.store.db import StoreError

    try:
        store = opening()
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    try:
        yield store
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()


@contextmanager
def _destination(output: Path | None) -> Iterator[TextIO]:
    """The file to write, or standard output; a failure to write is a message, not a traceback."""
    if output is None:
        if sys.stdout is None:
            raise click.ClickException("standard output is closed: give a file with -o FILE")
        try:
            yield sys.stdout
            sys.stdout.flush()
        except OSError as error:
            if error.errno == errno.EPIPE:  # the reader went away: Click ends quietly
                raise
            raise click.ClickException(
                f"cannot write to standard output: {error.strerror or error}"
            ) from error
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as stream:
            yield stream
    except OSError as error:
        raise click.ClickException(
            printable(f"cannot write {output}: {error.strerror or error}")
        ) from error
