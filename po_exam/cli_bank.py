"""`po-exam bank ...`: the authors' tools. Nothing here imports Textual or the database."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from po_exam.text import printable

EXIT_CLEAN = 0
EXIT_ERRORS = 1

existing_path = click.Path(exists=True, path_type=Path)


@click.group()
def bank() -> None:
    """Write and check question banks."""


@bank.command()
@click.argument("paths", nargs=-1, required=True, type=existing_path)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one object with every problem, for editors and CI.",
)
def validate(paths: Sequence[Path], strict: bool, output: str) -> None:
    """Check bank files (or folders of them): errors, then warnings, then a summary.

    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage.
    """
    from po_exam.banks.discovery import load_all

    files = [f for p in paths for f in _bank_files(p)]
    results = load_all((f, "explicit") for f in files)
    problems = sorted(
        (p for r in results for p in r.problems),
        key=lambda p: (p.severity != "error", p.path, p.line, p.column),
    )
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    failed = errors > 0 or (strict and warnings > 0)
    if output == "json":
        report = {
            "files": len(results),
            "errors": errors,
            "warnings": warnings,
            "ok": not failed,
            "problems": [p.as_dict() for p in problems],
        }
        click.echo(json.dumps(report, indent=2))  # ASCII: control characters come out escaped
    else:
        for problem in problems:
            echo(str(problem), err=problem.severity == "error")
        questions = sum(len(r.bank.questions) for r in results if r.bank is not None)
        verdict = "FAILED" if failed else "OK"
        echo(
            f"{verdict}: {_plural(len(results), 'file')}, {_plural(questions, 'question')}, "
            f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
            + (
                " (--strict: warnings count as errors)"
                if strict and warnings and not errors
                else ""
            )
        )
    sys.exit(EXIT_ERRORS if failed else EXIT_CLEAN)


@bank.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def new(file: Path, force: bool) -> None:
    """Write a commented starter bank to FILE."""
    from importlib import resources

    if file.exists() and not force:
        raise click.UsageError(f"{file} exists; use --force to overwrite it")
    starter = (resources.files("po_exam.banks") / "starter.yaml").read_text(encoding="utf-8")
    try:
        file.write_text(starter, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {file}: {exc.strerror or exc}") from None
    echo(f"Wrote {file}. Edit it, then run: po-exam bank validate {file}")


@bank.command()
@click.argument("path", type=existing_path)
@click.option(
    "--draw",
    type=click.IntRange(1, 1000),
    help="Draw size to judge topics by (default: bank default or 80).",
)
def stats(path: Path, draw: int | None) -> None:
    """Questions per topic, type and difficulty; flags topics too thin for their weight."""
    from po_exam.banks.discovery import load_all
    from po_exam.banks.stats import bank_stats

    files = _bank_files(path)
    failed = False
    for result in load_all((f, "explicit") for f in files):
        if result.bank is None:
            failed = True
            echo(f"{result.path}: not loaded: {result.first_error}", err=True)
            continue
        summary = bank_stats(result.bank, draw)
        echo(f"{result.bank.id} — {result.bank.title} ({result.path})")
        echo(f"  {summary.total} questions; a draw of {summary.draw} takes per topic:")
        width = max((len(t.topic) for t in summary.topics), default=5)
        for t in summary.topics:
            flag = "  THIN: fewer than twice its share of a draw" if t.thin else ""
            echo(
                f"  {t.topic:<{width}}  {t.questions:>4} questions  weight {t.weight:g}  ~{t.per_draw} per draw{flag}"
            )
        echo("  types:        " + ", ".join(f"{k} {v}" for k, v in sorted(summary.types.items())))
        echo(
            "  difficulties: "
            + ", ".join(f"{k} {v}" for k, v in sorted(summary.difficulties.items()))
        )
    sys.exit(EXIT_ERRORS if failed else EXIT_CLEAN)


@bank.command()
def schema() -> None:
    """Print the JSON Schema of the bank format (for yaml-language-server)."""
    from po_exam.banks.schema import bank_schema_json

    click.echo(bank_schema_json(), nl=False)


@bank.command(name="list")
@click.option(
    "--bank",
    "bank_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Also load this bank file or folder.",
)
def list_banks(bank_paths: Sequence[Path]) -> None:
    """Every bank po-exam finds: id, title, question count and status."""
    from po_exam.banks.discovery import discover_banks

    results = discover_banks(bank_paths)
    for result in results:
        if result.bank is not None:
            warned = f", {_plural(len(result.warnings), 'warning')}" if result.warnings else ""
            echo(
                f"{result.bank.id:<28} {len(result.bank.questions):>5}  ok{warned:<14} "
                f"{result.origin:<8} {result.bank.title}  ({result.path})"
            )
        else:
            echo(f"{'-':<28} {'-':>5}  BROKEN   {result.origin:<8} {result.first_error}")
    if not results:
        echo("No banks found.")


def _bank_files(path: Path) -> list[Path]:
    """The bank files a PATH argument names; a folder without any is a mistake worth stopping on."""
    from po_exam.banks.discovery import BANK_SUFFIXES, bank_files

    if not path.is_dir():
        return [path]
    found = bank_files(path)
    if not found:
        echo(
            f"{path}: no bank files ({', '.join('*' + s for s in BANK_SUFFIXES)}) in this folder",
            err=True,
        )
        sys.exit(EXIT_ERRORS)
    return found


def echo(message: object = "", *, err: bool = False) -> None:
    """Echo text that may hold bank text or a path, with control characters made visible."""
    click.echo(printable(message), err=err)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
