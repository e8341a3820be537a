"""The `po-exam` command: the TUI with no arguments, author and history tools as subcommands."""

from __future__ import annotations

import click

from po_exam import __version__


@click.group(invoke_without_command=True)
@click.version_option(__version__, prog_name="po-exam")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Practise for Product Owner certification (PSPO I style) in the terminal."""
    if ctx.invoked_subcommand is None:
        click.echo("The app is not built yet.")


def _register_subcommands() -> None:
    from po_exam.cli_bank import bank

    main.add_command(bank)


_register_subcommands()
