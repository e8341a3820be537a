"""`po-exam class report`: the trainer's view of a class sharing one database.

Nothing here imports Textual; the database layer is imported inside the command.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from po_exam.cli_history import _destination, db_option, spreadsheet_cell, store_for_cli
from po_exam.text import printable

if TYPE_CHECKING:
    from po_exam.store.classroom import ClassReport, FocusArea, LearnerReport

CSV_FIELDS = (
    "kind",
    "name",
    "attempts",
    "simulations",
    "best_percent",
    "latest_percent",
    "ready_passed",
    "ready_of",
    "ready_mean_percent",
    "weakest_areas",
    "free_retry",
    "right",
    "answered",
    "accuracy_percent",
)
"""One row per learner (kind "learner"), then one per focus area (kind "focus_area")."""


@click.group(name="class")
def classroom() -> None:
    """A trainer's view of every learner on a shared database."""


@classroom.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="text to read, csv for spreadsheets, json for scripts.",
)
@db_option
@click.pass_context
def report(ctx: click.Context, output_format: str, db: str | None) -> None:
    """Per learner: attempts, best and latest simulation, readiness, weakest focus areas,
    free retry; per focus area: the class's accuracy."""
    from po_exam.exam.clock import SYSTEM_CLOCK
    from po_exam.store.db import open_store

    parent = ctx.find_root().obj or {}
    opening = lambda: open_store(db or parent.get("db"), read_only=True, all_learners=True)  # noqa: E731
    with store_for_cli(opening) as store:
        found = store.class_report(SYSTEM_CLOCK.now())
    with _destination(None) as stream:
        if output_format == "json":
            json.dump(report_json(found), stream, indent=2)
            stream.write("\n")
        elif output_format == "csv":
            import csv

            writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS, lineterminator="\n")
            writer.writeheader()
            for row in csv_rows(found):
                writer.writerow({k: spreadsheet_cell(v) for k, v in row.items()})
        else:
            stream.write(render_report(found) + "\n")


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _area(area: FocusArea) -> dict[str, Any]:
    return {
        "topic": area.topic,
        "title": area.title,
        "right": area.right,
        "answered": area.total,
        "accuracy_percent": _pct(area.percent),
    }


def _learner(row: LearnerReport) -> dict[str, Any]:
    return {
        "name": row.name,
        "attempts": row.attempts,
        "simulations": row.simulations,
        "best_percent": _pct(row.best_percent),
        "latest_percent": _pct(row.latest_percent),
        "readiness": {
            "passed": row.readiness.passed,
            "of": row.readiness.simulations,
            "mean_percent": _pct(row.readiness.mean_percent),
        },
        "weakest_areas": [_area(area) for area in row.weakest],
        "free_retry": row.retry or None,
    }


def report_json(found: ClassReport) -> dict[str, Any]:
    """The report as one JSON object: learners, then focus areas weakest first."""
    return {
        "learners": [_learner(row) for row in found.learners],
        "focus_areas": [_area(area) for area in found.focus_areas],
    }


def csv_rows(found: ClassReport) -> list[dict[str, Any]]:
    """The report as flat rows (see CSV_FIELDS)."""
    rows: list[dict[str, Any]] = []
    for row in found.learners:
        rows.append(
            {
                "kind": "learner",
                "name": row.name,
                "attempts": row.attempts,
                "simulations": row.simulations,
                "best_percent": _pct(row.best_percent),
                "latest_percent": _pct(row.latest_percent),
                "ready_passed": row.readiness.passed,
                "ready_of": row.readiness.simulations,
                "ready_mean_percent": _pct(row.readiness.mean_percent),
                "weakest_areas": "; ".join(a.title for a in row.weakest),
                "free_retry": row.retry,
            }
        )
    for area in found.focus_areas:
        rows.append(
            {
                "kind": "focus_area",
                "name": area.title,
                "right": area.right,
                "answered": area.total,
                "accuracy_percent": _pct(area.percent),
            }
        )
    return rows


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}%"


def render_report(found: ClassReport) -> str:
    """The report as two aligned plain-text tables."""
    if not found.learners:
        return "No learners yet."
    header = ("Learner", "Attempts", "Best", "Latest", "Ready", "Free retry", "Weakest areas")
    rows = [header]
    for row in found.learners:
        ready = row.readiness
        rows.append(
            (
                printable(row.name),
                str(row.attempts),
                _cell(row.best_percent),
                _cell(row.latest_percent),
                f"{ready.passed}/{ready.simulations}" if ready.simulations else "-",
                row.retry or "-",
                ", ".join(f"{a.title} {a.percent:.0f}%" for a in row.weakest) or "-",
            )
        )
    lines = _table(rows)
    lines += [
        "",
        *_table(
            [("Focus area", "Accuracy", "Answered")]
            + [(a.title, f"{a.percent:.0f}%", str(a.total)) for a in found.focus_areas]
        ),
    ]
    return "\n".join(lines)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return [line.rstrip() for line in lines]
