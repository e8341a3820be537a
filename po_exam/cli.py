"""The `po-exam` command: the TUI with no arguments, author and history tools as subcommands."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from po_exam import __version__
from po_exam.text import printable


@contextmanager
def _printable_errors() -> Iterator[None]:
    """Show every Click error with its control characters escaped (paths and values from
    the command line or a file are echoed in them), and turn an OS error into one."""
    try:
        yield
    except click.ClickException as error:
        shown = error.format_message
        error.format_message = lambda: printable(shown())  # type: ignore[method-assign]
        raise
    except OSError as error:
        if error.errno == errno.EPIPE:  # Click already ends quietly when the reader goes away
            raise
        raise click.ClickException(os_error_message(error)) from error


def os_error_message(error: OSError) -> str:
    """What an OS error met while running a command says, printable."""
    where = f" {error.filename}" if error.filename else " standard input or output"
    return printable(f"cannot use{where}: {error.strerror or error}")


class SafeGroup(click.Group):
    """A group whose error messages can never drive the terminal, and whose subcommands
    are loaded when used (`SUBCOMMANDS`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *SUBCOMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in SUBCOMMANDS:
            self.add_command(SUBCOMMANDS[cmd_name](), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands from `SHORT_HELP`, loading none of them (`--help` stays fast)."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is None and name in SHORT_HELP:
                listed = click.Command(name, help=SHORT_HELP[name])  # Click's own shortening
                rows.append((name, listed.get_short_help_str(limit)))
            elif (command := self.get_command(ctx, name)) is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _printable_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _printable_errors():
            return super().invoke(ctx)


@click.group(cls=SafeGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="po-exam")
@click.option("--db", "db", metavar="PATH|URL", help="Database file or SQLAlchemy URL to use.")
@click.option(
    "--bank",
    "banks",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra bank file or folder (repeatable).",
)
@click.option(
    "--learner",
    "learner",
    metavar="NAME",
    help="Who is practising (default: PO_EXAM_LEARNER; on a shared database the app asks).",
)
@click.pass_context
def main(ctx: click.Context, db: str | None, banks: tuple[Path, ...], learner: str | None) -> None:
    """Practise for Product Owner certification (PSPO I style) in the terminal."""
    ctx.ensure_object(dict)
    ctx.obj.update(db=db, banks=banks, learner=learner)
    if sys.stdout is None and ctx.invoked_subcommand not in (None, "export"):
        # Started with standard output closed (`>&-`): nothing could be shown.
        raise click.ClickException("standard output is closed: nothing can be shown")
    if ctx.invoked_subcommand is None:  # usually opened by po_exam.launch without Click
        from po_exam.launch import Launch, launch

        launch(Launch(db, banks, learner))


def _bank() -> click.Command:
    from po_exam.cli_authors import items
    from po_exam.cli_bank import bank
    from po_exam.cli_import import import_bank

    bank.add_command(import_bank)
    bank.add_command(items)
    return bank


def _history() -> click.Command:
    from po_exam.cli_authors import rescore
    from po_exam.cli_history import history

    history.add_command(rescore)
    return history


def _export() -> click.Command:
    from po_exam.cli_history import export

    return export


def _disputes() -> click.Command:
    from po_exam.cli_authors import disputes

    return disputes


def _classroom() -> click.Command:
    from po_exam.cli_class import classroom

    return classroom


def _serve() -> click.Command:
    from po_exam.cli_serve import serve

    return serve


SUBCOMMANDS: dict[str, Callable[[], click.Command]] = {
    "bank": _bank,
    "class": _classroom,
    "disputes": _disputes,
    "export": _export,
    "history": _history,
    "serve": _serve,
}
"""Each subcommand and how to load it: its module is imported only when it is named, so
opening the app (or `--help`) loads none of them."""
SHORT_HELP = {
    "bank": "Write and check question banks.",
    "class": "A trainer's view of every learner on a shared database.",
    "disputes": "Key disputes learners raised in the debrief, for authors to act on.",
    "export": "Write every attempt (or with --answers every answer) as CSV or JSON, newest first.",
    "history": "List past attempts, newest first, in a table as wide as the terminal\n"
    "    (`history rescore` re-grades changed questions).",
    "serve": "Serve po-exam to web browsers (loopback only unless --host is given).",
}
"""The first paragraph of each subcommand's help, for `--help` to list without loading
them (a test holds each equal to the command's own)."""
