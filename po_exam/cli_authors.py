"""Authors' and trainers' commands on the database: `bank items`, `history rescore`,
`disputes list|export`. Nothing here imports Textual; the database layer is imported
inside the commands so that `po-exam --help` stays fast."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from po_exam.cli_bank import EXIT_ERRORS, _bank_files, _plural, echo, existing_path
from po_exam.cli_history import _destination, db_option, spreadsheet_cell, store_for_cli

if TYPE_CHECKING:
    from po_exam.banks.models import Bank
    from po_exam.store.items import ItemStat
    from po_exam.store.store import Store

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ITEM_FIELDS = (
    "bank",
    "question",
    "asked",
    "blank",
    "right",
    "difficulty",
    "discrimination",
    "key",
    "picks",
    "top_third_picks",
    "open_disputes",
    "flags",
    "text",
)


@contextmanager
def _open(ctx: click.Context, db: str | None, *, read_only: bool) -> Iterator[Store]:
    """The store named by --db here, else by the main command's --db, else the default."""
    from po_exam.store.db import open_store

    parent = ctx.find_root().obj or {}
    # Authors read every learner's answers and disputes.
    opening = lambda: open_store(  # noqa: E731
        db or parent.get("db"), read_only=read_only, all_learners=True
    )
    with store_for_cli(opening) as store:
        yield store


def _load_banks(paths: Sequence[Path]) -> list[Bank]:
    """The banks in `paths`; a broken one stops the command with its first error."""
    from po_exam.banks.discovery import load_all

    files = [f for p in paths for f in _bank_files(p)]
    banks = []
    for result in load_all((f, "explicit") for f in files):
        if result.bank is None:
            echo(f"{result.path}: not loaded: {result.first_error}", err=True)
            sys.exit(EXIT_ERRORS)
        banks.append(result.bank)
    return banks


# bank items


@click.command(name="items")
@click.argument("paths", nargs=-1, required=True, type=existing_path)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
    help="json or csv: every figure of every question, for scripts and spreadsheets.",
)
@click.option("--flagged", is_flag=True, help="Only questions with a flag (text output).")
@db_option
@click.pass_context
def items(
    ctx: click.Context, paths: Sequence[Path], output: str, flagged: bool, db: str | None
) -> None:
    """Item statistics from the attempts in the database, per question of the banks in PATHS:
    share right, discrimination, option picks and flags (too easy, too hard, unused
    distractor, negative discrimination, possible mis-key, open disputes)."""
    from po_exam.store.items import MIN_ANSWERS

    banks = _load_banks(paths)
    with _open(ctx, db, read_only=True) as store:
        stats = store.item_stats(banks)
    if output == "json":
        click.echo(json.dumps([s.as_dict() for s in stats], indent=2))
        return
    if output == "csv":
        with _destination(None) as stream:
            writer = csv.DictWriter(stream, fieldnames=ITEM_FIELDS, lineterminator="\n")
            writer.writeheader()
            for stat in stats:
                writer.writerow({k: spreadsheet_cell(v) for k, v in item_row(stat).items()})
        return
    titles = {bank.id: bank.title for bank in banks}
    current = None
    shown = 0
    for stat in stats:
        if flagged and not [f for f in stat.flags if f != "too-few-answers"]:
            continue
        if stat.bank_id != current:
            current = stat.bank_id
            echo(f"{stat.bank_id} — {titles[stat.bank_id]}")
        shown += 1
        for line in item_lines(stat, MIN_ANSWERS):
            echo(line)
    answered = sum(1 for s in stats if s.enough)
    echo(
        f"{_plural(len(stats), 'question')}, {answered} with at least {MIN_ANSWERS} answers"
        + (f", {shown} flagged" if flagged else "")
        + "."
    )


def item_row(stat: ItemStat) -> dict[str, Any]:
    """One question's figures as a flat CSV record (options by letter, in authored order)."""
    data = stat.as_dict()
    letters = [LETTERS[i] if i < len(LETTERS) else "?" for i in range(len(stat.options))]
    pairs = list(zip(letters, stat.options, strict=True))
    return {
        "bank": stat.bank_id,
        "question": stat.question_id,
        "asked": stat.asked,
        "blank": stat.blank,
        "right": stat.right,
        "difficulty": data["difficulty"],
        "discrimination": data["discrimination"],
        "key": "".join(x for x, o in pairs if o.key),
        "picks": " ".join(f"{x}={o.picks}" for x, o in pairs),
        "top_third_picks": " ".join(f"{x}={o.top_picks}" for x, o in pairs),
        "open_disputes": stat.disputes,
        "flags": " ".join(stat.flags),
        "text": stat.text,
    }


def item_lines(stat: ItemStat, minimum: int) -> list[str]:
    """One question's figures as a few lines of plain text."""
    from po_exam.store.items import FLAG_TEXT

    head = f"  {stat.question_id}  asked {stat.asked}"
    if stat.difficulty is None:
        head += f" · too few answers for figures (needs {minimum})"
    else:
        head += f" · {stat.difficulty * 100:.0f} % right"
        head += (
            " · discrimination n/a"
            if stat.discrimination is None
            else f" · discrimination {stat.discrimination:+.2f}"
        )
        if stat.blank:
            head += f" · {stat.blank} blank"
    if stat.disputes:
        head += f" · ⚑ {_plural(stat.disputes, 'open dispute')}"
    lines = [head, f"      {_short(stat.text, 70)}"]
    if stat.asked:
        for index, option in enumerate(stat.options):
            letter = LETTERS[index] if index < len(LETTERS) else "?"
            if index >= len(LETTERS) or option.text.startswith("(options no longer"):
                letter = " "
            key = "key" if option.key else "   "
            lines.append(
                f"      {letter} {key} {option.picks:>6} picked ({option.top_picks} by the top"
                f" third)  {_short(option.text, 40)}"
            )
    flags = [FLAG_TEXT[f] for f in stat.flags if f not in ("too-few-answers", "disputed")]
    if flags:
        lines.append("      flags: " + "; ".join(flags))
    return lines


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# history rescore


@click.command()
@click.option(
    "--bank",
    "bank_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Also load this bank file or folder (repeatable).",
)
@click.option("--dry-run", is_flag=True, help="Only show what would be re-graded.")
@db_option
@click.pass_context
def rescore(
    ctx: click.Context, bank_paths: tuple[Path, ...], dry_run: bool, db: str | None
) -> None:
    """Re-grade past answers whose question has changed in a loaded bank against its current
    key. The original verdicts are kept beside the new ones; each change is listed."""
    from po_exam.banks.discovery import discover_banks
    from po_exam.exam.versions import CurrentVersions

    parent = ctx.find_root().obj or {}
    results = discover_banks((*parent.get("banks", ()), *bank_paths))
    versions = CurrentVersions(r.bank for r in results if r.bank is not None)
    with _open(ctx, db, read_only=dry_run) as store:
        changes = store.changed_answers(versions)
        if not changes:
            echo("Nothing to re-grade: every answered question is as it was asked.")
            return
        for change in changes:
            where = (
                f"attempt {change.attempt_id}, question {change.position + 1}"
                f" ({change.bank_id}/{change.question_id})"
            )
            if change.reason == "restored":
                echo(f"{where}: back as it was asked; the original verdict stands again")
            elif change.now is None:
                echo(f"{where}: not re-graded: {change.reason}")
            else:
                echo(f"{where}: graded {_verdict(change.graded)}, now {_verdict(change.now)}")
        if dry_run:
            echo(
                f"{_plural(len(changes), 'answer')} would change; nothing was written (--dry-run)."
            )
            return
        scored = store.rescore(changes, store.clock.now())
    for attempt in scored:
        from po_exam.exam.grading import is_pass

        before = is_pass(attempt.correct, attempt.total, attempt.pass_mark)
        after = is_pass(attempt.rescored, attempt.total, attempt.pass_mark)
        echo(
            f"attempt {attempt.attempt_id}: {attempt.correct}/{attempt.total}"
            f" {'passed' if before else 'failed'} as submitted, {attempt.rescored}/{attempt.total}"
            f" {'passed' if after else 'failed'} against the current keys"
        )
    echo(
        f"Re-graded {_plural(len(changes), 'answer')} in {_plural(len(scored), 'attempt')};"
        " the original verdicts are kept beside the new ones."
    )


def _verdict(right: bool) -> str:
    return "right" if right else "wrong"


# disputes


@click.group()
def disputes() -> None:
    """Key disputes learners raised in the debrief, for authors to act on."""


status_option = click.option(
    "--all", "everything", is_flag=True, help="Every dispute, not only the open ones."
)
bank_id_option = click.option("--bank", "bank", metavar="BANK_ID", help="Only this bank.")


@disputes.command(name="list")
@bank_id_option
@status_option
@db_option
@click.pass_context
def list_disputes(ctx: click.Context, bank: str | None, everything: bool, db: str | None) -> None:
    """The open disputes, oldest first: question, the learner's choice, the key, the argument."""
    with _open(ctx, db, read_only=True) as store:
        found = store.disputes(bank=bank, status=None if everything else "open")
    if not found:
        echo("No disputes." if everything else "No open disputes.")
        return
    for d in found:
        echo(
            f"#{d.id} {d.bank_id}/{d.question_id} (version {d.content_hash})"
            f" · {d.status} · {d.created_at:%Y-%m-%d %H:%M} UTC"
            + (f" · attempt {d.attempt_id}" if d.attempt_id is not None else "")
        )
        echo(f"    {_short(d.question, 74)}")
        echo(f"    chose: {'; '.join(d.choice) or '(nothing)'}")
        echo(f"    key:   {'; '.join(d.key)}")
        for line in d.argument.splitlines() or [""]:
            echo(f"    > {line}")
    echo(f"{_plural(len(found), 'dispute')}.")


@disputes.command(name="export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output).",
)
@bank_id_option
@status_option
@db_option
@click.pass_context
def export_disputes(
    ctx: click.Context,
    output_format: str,
    output: Path | None,
    bank: str | None,
    everything: bool,
    db: str | None,
) -> None:
    """Write the disputes as one YAML or JSON document: {disputes: [...]} with each one's
    bank, question, content hash, attempt, status, date, question text, choice, key and
    argument."""
    import yaml

    class _BlockDumper(yaml.SafeDumper):
        """Writes an argument of several lines as a `|` block, as an author would."""

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _BlockDumper.add_representer(str, text)

    with _open(ctx, db, read_only=True) as store:
        found = store.disputes(bank=bank, status=None if everything else "open")
    document = {"disputes": [d.as_dict() for d in found]}
    with _destination(output) as stream:
        if output_format == "json":
            json.dump(document, stream, indent=2)
            stream.write("\n")
        else:
            yaml.dump(
                document, stream, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=88
            )
    if output is not None:
        echo(f"Wrote {_plural(len(found), 'dispute')} to {output}.", err=True)
