"""`po-exam bank ...`: the authors' tools. Nothing here imports Textual or the database."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from po_exam.text import printable

EXIT_CLEAN = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2

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
@click.option(
    "--watch",
    is_flag=True,
    help="Keep watching PATHS and validate again on every save (Ctrl+C stops).",
)
def validate(paths: Sequence[Path], strict: bool, output: str, watch: bool) -> None:
    """Check bank files (or folders of them): errors, then warnings, then a summary.

    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage.
    """
    if watch:
        import watchfiles

        events = watchfiles.watch(*paths, raise_interrupt=False)
        watch_loop(lambda: validate_once(paths, strict, output), events)
        return
    failed = validate_once(paths, strict, output)
    sys.exit(EXIT_ERRORS if failed else EXIT_CLEAN)


def watch_loop(run: Callable[[], bool], events: Iterable[set[tuple[Any, str]]]) -> int:
    """Validate now, then again after each batch of changes that touches a bank file; how
    many times it ran. `events` is watchfiles' stream of change sets (fed by tests)."""
    from po_exam.banks.discovery import BANK_SUFFIXES

    run()
    runs = 1
    echo("Watching for changes; Ctrl+C stops.", err=True)
    for changes in events:
        touched = sorted({Path(name) for _kind, name in changes if name.endswith(BANK_SUFFIXES)})
        if not touched:
            continue
        echo(f"\n── {', '.join(p.name for p in touched)} changed; validating again", err=True)
        run()
        runs += 1
    return runs


def validate_once(paths: Sequence[Path], strict: bool, output: str) -> bool:
    """Validate `paths` and print the report; whether it failed."""
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
        for result in results:
            if result.bank is None:
                echo(
                    f"{result.path}: not loaded; {_plural(result.read, 'question')} read"
                    " (fix the errors above to use them)",
                    err=True,
                )
        questions = sum(r.read for r in results)
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
    return failed


def _share_range(ctx: click.Context, param: click.Parameter, value: str) -> tuple[float, float]:
    """LOW:HIGH percentages, 0 <= LOW <= HIGH <= 100."""
    try:
        low, high = (float(part) for part in value.split(":"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not LOW:HIGH, e.g. 40:60") from None
    if not 0 <= low <= high <= 100:
        raise click.BadParameter(f"{value!r}: need 0 <= LOW <= HIGH <= 100")
    return low, high


@bank.command()
@click.argument("paths", nargs=-1, required=True, type=existing_path)
@click.option(
    "--reference",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Reference text (UTF-8) whose words keys should not simply repeat "
    "[default: the shipped Scrum Guide 2020].",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one object with every figure and finding, for CI.",
)
@click.option(
    "--max-over-chance",
    type=click.FloatRange(min=0),
    default=8.0,
    show_default=True,
    metavar="POINTS",
    help="How far a single-choice strategy may score above chance.",
)
@click.option(
    "--max-under-chance",
    type=click.FloatRange(min=0),
    default=8.0,
    show_default=True,
    metavar="POINTS",
    help="How far it may score below chance (the reverse trick then works).",
)
@click.option(
    "--true-share",
    default="40:60",
    show_default=True,
    callback=_share_range,
    metavar="LOW:HIGH",
    help="Allowed percentage of true/false questions keyed true.",
)
@click.option(
    "--absolute-tells",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="N",
    help="Questions allowed where only the key avoids only/must/always/never/...",
)
@click.option("--strict", is_flag=True, help="Every finding fails the lint.")
def lint(
    paths: Sequence[Path],
    reference: Path | None,
    output: str,
    max_over_chance: float,
    max_under_chance: float,
    true_share: tuple[float, float],
    absolute_tells: int,
    strict: bool,
) -> None:
    """Test-wiseness: what naive strategies score on banks, and questions that give their key away.

    Exit status: 0 clean, 1 a threshold crossed, 2 a file or reference that cannot be read.
    """
    from po_exam.banks.lint import Reference, Thresholds, default_reference_path, lint_banks

    reference_path = reference or default_reference_path()
    try:
        text = Reference.read(reference_path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        click.echo(f"{reference_path}: cannot read the reference: {reason or exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    thresholds = Thresholds(
        max_over_chance=max_over_chance,
        max_under_chance=max_under_chance,
        true_share=true_share,
        absolute_tells=absolute_tells,
        strict=strict,
    )
    files = [f for p in paths for f in _bank_files(p)]
    report = lint_banks(files, text, thresholds)
    if output == "json":
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for problem in report.unreadable:
            click.echo(f"{problem} (not linted)", err=True)
        for line in report.text_lines():
            click.echo(line)
    if report.unreadable:
        sys.exit(EXIT_UNREADABLE)
    sys.exit(EXIT_CLEAN if report.ok else EXIT_ERRORS)


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
        echo(f"  {_plural(summary.total, 'question')}; a draw of {summary.draw} takes per topic:")
        width = max((len(t.topic) for t in summary.topics), default=5)
        count_width = max(
            (len(_plural(t.questions, "question")) for t in summary.topics), default=1
        )
        for t in summary.topics:
            flag = "  THIN: fewer than twice its share of a draw" if t.thin else ""
            echo(
                f"  {t.topic:<{width}}  {_plural(t.questions, 'question'):>{count_width}}"
                f"  weight {t.weight:g}  ~{t.per_draw} per draw{flag}"
            )
        echo("  types:      " + ", ".join(f"{k}: {v}" for k, v in sorted(summary.types.items())))
        echo(
            "  difficulty "
            + ", ".join(f"{k}: {v}" for k, v in sorted(summary.difficulties.items()))
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
