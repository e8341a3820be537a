"""The `po-exam` command: the TUI with no arguments, author and history tools as subcommands."""

from __future__ import annotations

from pathlib import Path

import click

from po_exam import __version__


@click.group(invoke_without_command=True)
@click.version_option(__version__, prog_name="po-exam")
@click.option("--db", "db", metavar="PATH|URL", help="Database file or SQLAlchemy URL to use.")
@click.option(
    "--bank",
    "banks",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra bank file or folder (repeatable).",
)
@click.pass_context
def main(ctx: click.Context, db: str | None, banks: tuple[Path, ...]) -> None:
    """Practise for Product Owner certification (PSPO I style) in the terminal."""
    ctx.ensure_object(dict)
    ctx.obj.update(db=db, banks=banks)
    if ctx.invoked_subcommand is None:
        # Textual is imported only here, so the author and history commands start fast.
        from po_exam.ui.app import run_app

        run_app(db, banks)


def _register_subcommands() -> None:
    from po_exam.cli_bank import bank
    from po_exam.cli_history import export, history
    from po_exam.cli_import import import_bank

    bank.add_command(import_bank)
    main.add_command(bank)
    main.add_command(history)
    main.add_command(export)


_register_subcommands()
