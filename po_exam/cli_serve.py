"""`po-exam serve`: the app in a web browser, through textual-serve."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--db", "db", metavar="PATH|URL", help="Database file or SQLAlchemy URL.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, db: str | None) -> None:
    """Serve po-exam to web browsers (loopback only unless --host is given)."""
    from po_exam.serve import serve_app

    parent = ctx.find_root().obj or {}
    try:
        serve_app(
            host, port, db or parent.get("db"), parent.get("banks") or (), parent.get("learner")
        )
    except OSError as error:  # the port is taken, or the address is not this machine's
        raise click.ClickException(
            f"cannot serve on {host}:{port}: {error.strerror or error}"
        ) from error
