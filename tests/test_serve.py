"""`po-exam serve` without a browser: the command each tab runs, loopback, a taken port."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from po_exam.cli import main
from po_exam.serve import app_command, make_server


def test_each_tab_runs_po_exam_on_the_same_database_and_learner(tmp_path: Path) -> None:
    bank = tmp_path / "my bank.yaml"
    words = shlex.split(app_command("postgresql+psycopg://u@h/db?x=1&y=2", [bank], "Ann Lee"))
    assert words == [
        sys.executable, "-m", "po_exam", "--db", "postgresql+psycopg://u@h/db?x=1&y=2",
        "--bank", str(bank), "--learner", "Ann Lee",
    ]  # fmt: skip


def test_a_database_file_is_passed_as_an_absolute_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    server = make_server("127.0.0.1", 8123, "class.sqlite3")
    assert shlex.split(server.command)[-2:] == ["--db", str(tmp_path / "class.sqlite3")]
    assert (server.host, server.port) == ("127.0.0.1", 8123)


def test_serve_listens_on_loopback_unless_told(monkeypatch) -> None:
    seen: dict[str, object] = {}

    def fake(host: str, port: int, db: object, banks: object, learner: object) -> None:
        seen.update(host=host, port=port, db=db, learner=learner)

    monkeypatch.setattr("po_exam.serve.serve_app", fake)
    result = CliRunner().invoke(main, ["--learner", "ann", "serve"])
    assert result.exit_code == 0, result.output
    assert seen == {"host": "127.0.0.1", "port": 8000, "db": None, "learner": "ann"}


def test_serve_says_so_when_the_port_is_taken() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        taken = subprocess.run(
            [sys.executable, "-m", "po_exam", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert taken.returncode == 1 and "Traceback" not in taken.stderr
    assert f"cannot serve on 127.0.0.1:{port}" in taken.stderr
