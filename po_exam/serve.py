"""Serving the app to web browsers with textual-serve (`po-exam serve`).

Each browser tab gets its own po-exam process on the same database: on a shared (server)
database each learner picks who they are when the app starts.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

WEB = Path(__file__).parent / "web"


def app_command(db: str | None, banks: Sequence[Path] = (), learner: str | None = None) -> str:
    """The shell command that starts one po-exam for one browser tab."""
    words = [sys.executable, "-m", "po_exam"]
    if db:
        words += ["--db", db]
    for bank in banks:
        words += ["--bank", str(bank)]
    if learner:
        words += ["--learner", learner]
    return shlex.join(words)


class PoExamServer(Server):
    """textual-serve's server with po-exam's page: offline fonts, focus, a favicon."""

    def __init__(self, command: str, host: str, port: int) -> None:
        super().__init__(command, host=host, port=port, title="po-exam")
        self.templates_path = WEB / "templates"

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/favicon.svg", _favicon)
        app.router.add_get("/favicon.ico", _favicon)
        return app


async def _favicon(_request: web.Request) -> web.Response:
    return web.Response(body=(WEB / "favicon.svg").read_bytes(), content_type="image/svg+xml")


def make_server(
    host: str, port: int, db: str | None, banks: Sequence[Path] = (), learner: str | None = None
) -> PoExamServer:
    """The server for `po-exam serve`; the database URL (or file) is passed to each app."""
    if db and "://" not in db:
        db = str(Path(db).expanduser().resolve())
    return PoExamServer(app_command(db, banks, learner), host, port)


def serve_app(
    host: str, port: int, db: str | None, banks: Sequence[Path] = (), learner: str | None = None
) -> None:
    """Serve until interrupted."""
    server = make_server(host, port, db, banks, learner)
    print(f"po-exam is served at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve()
