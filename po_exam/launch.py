"""`po-exam`: a plain launch opens the app at once; everything else goes to Click.

A learner starts the app with no command, perhaps with `--db`, `--bank` or `--learner`,
every day. Those few options are read here, so that the way to Home's first paint does
not import Click (about 7 ms of the 2-core benchmark's ~200). Anything else on the
command line (a command, `--help`, `--version`, an option Click would refuse, a missing
value) is left to Click in `po_exam.cli`, which parses and reports all of it.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple


class Launch(NamedTuple):
    """The options of a plain launch, as `po_exam.cli.main` receives them."""

    db: str | None = None
    banks: tuple[Path, ...] = ()
    learner: str | None = None


def main() -> None:
    """The `po-exam` command."""
    options = launch_options(sys.argv[1:])
    if options is None or sys.stdout is None:
        from po_exam.cli import main as cli

        cli()
        return
    try:
        launch(options)
    except KeyboardInterrupt:  # before the app took the terminal: as Click would say it
        print("\nAborted!", file=sys.stderr)
        sys.exit(1)
    except OSError as error:
        if error.errno != errno.EPIPE:
            from po_exam.cli import os_error_message

            print(f"Error: {os_error_message(error)}", file=sys.stderr)
        sys.exit(1)


def launch_options(args: Sequence[str]) -> Launch | None:
    """The launch options when `args` holds nothing else, each with a value (the last
    `--db` or `--learner` wins, every `--bank` counts, as in Click); None otherwise."""
    db: str | None = None
    banks: list[Path] = []
    learner: str | None = None
    rest = list(args)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        if not equals:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None  # empty, or maybe an option: Click decides
        if name == "--db":
            db = value
        elif name == "--bank":
            banks.append(Path(value))
        elif name == "--learner":
            learner = value
        else:
            return None
    return Launch(db, tuple(banks), learner)


def launch(options: Launch) -> None:
    """Open the app: Home's first view is read in a process of its own from here on,
    while Textual is imported (po_exam/early.py)."""
    from po_exam.early import read_home_early
    from po_exam.paths import learner_name

    name = learner_name(options.learner)
    early = read_home_early(options.db, options.banks, learner=name)
    from po_exam.ui.app import run_app

    run_app(options.db, options.banks, learner=name, early=early)
