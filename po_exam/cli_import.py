"""`po-exam bank import`: bring a GIFT, Aiken or CSV file in as a bank. No Textual, no database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from po_exam.banks.importers import FORMATS
from po_exam.cli_bank import echo


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--from", "source_format", type=click.Choice(FORMATS), required=True, help="The FILE's format."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Bank file to write (default: FILE with a .yaml suffix).",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
def import_bank(file: Path, source_format: str, out: Path | None, force: bool) -> None:
    """Convert FILE to a bank and check it with the validator.

    Everything that cannot be carried over is listed as FILE:LINE with the reason.
    Exit status: 0 when every question came over, 1 when some were left behind or the
    written bank has errors, 2 when FILE cannot be read as that format.
    """
    from po_exam.banks.discovery import load_all
    from po_exam.banks.importers import ImportFormatError, import_text, to_yaml

    out = out or file.with_suffix(".yaml")
    if out.resolve() == file.resolve():
        raise click.UsageError(f"--out {out} would overwrite the file being imported")
    if out.exists() and not force:
        raise click.UsageError(f"{out} exists; use --force to overwrite it")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot read {file}: {exc}") from None
    try:
        imported = import_text(text, source_format)
    except ImportFormatError as exc:
        echo(f"{file}:{exc.line}: error: {exc}".replace(f"line {exc.line}: ", ""), err=True)
        sys.exit(2)
    try:
        out.write_text(to_yaml(imported, file), encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None
    for note in imported.notes:
        echo(f"{file}:{note.line}: note: {note.reason}")
    for skipped in imported.skipped:
        echo(f"{file}:{skipped.line}: not imported: {skipped.reason}")
    result = load_all([(out, "explicit")])[0]
    for problem in result.errors:
        echo(str(problem))
    count = len(imported.questions)
    echo(
        f"Wrote {out}: {count} question{'s' if count != 1 else ''} imported, "
        f"{len(imported.skipped)} not imported."
    )
    if result.errors or imported.skipped:
        sys.exit(1)
