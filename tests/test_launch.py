"""`po-exam` with only the launch options opens the app without Click (po_exam/launch.py),
reading them exactly as Click does; everything else is Click's."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from po_exam import launch as launch_module
from po_exam.cli import main as cli
from po_exam.launch import Launch, launch_options

PLAIN = [
    [],
    ["--db", "a.sqlite3"],
    ["--db=a.sqlite3"],
    ["--db", "a.sqlite3", "--db", "b.sqlite3"],  # the last one wins
    ["--bank", "one.yaml", "--bank=two", "--bank", "x=y.yaml"],
    ["--learner", "ann", "--db", "postgresql://h/db?x=1"],
    ["--learner=Zoë", "--bank", "history"],  # a value, not a command
]
NOT_PLAIN = [
    ["history"],
    ["history", "--db", "a"],
    ["--help"],
    ["--version"],
    ["--db"],  # a value is missing
    ["--db="],
    ["--db", "--bank"],
    ["--learner", "-x"],
    ["--verbose"],
    ["--db", "a", "export"],
    ["-h"],
]


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_plain_launch_is_read_as_click_reads_it(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Launch] = []
    monkeypatch.setattr(launch_module, "launch", seen.append)
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0 and len(seen) == 1
    assert launch_options(args) == seen[0]
    assert all(isinstance(bank, Path) for bank in seen[0].banks)


@pytest.mark.parametrize("args", NOT_PLAIN, ids=" ".join)
def test_anything_else_is_left_to_click(args: list[str]) -> None:
    assert launch_options(args) is None


def test_the_command_sends_the_rest_to_click(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "argv", ["po-exam", "--version"])
    with pytest.raises(SystemExit) as ended:
        launch_module.main()
    assert ended.value.code == 0 and "po-exam, version" in capsys.readouterr().out


def test_a_plain_launch_imports_no_click(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import po_exam.ui.app as app\n"
        "app.run_app = lambda db, banks, **options: print(db, banks, 'click' in sys.modules)\n"
        "sys.argv = ['po-exam', '--db', sys.argv[1]]\n"
        "from po_exam.launch import main\n"
        "main()\n"
    )
    database = str(tmp_path / "a.sqlite3")
    out = subprocess.run(
        [sys.executable, "-c", code, database], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [database, "()", "False"]


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (
            OSError(errno.EIO, "Input/output error", "/dev/tty"),
            "Error: cannot use /dev/tty: Input/output error\n",
        ),
        (OSError(errno.EPIPE, "Broken pipe"), ""),
        (KeyboardInterrupt(), "\nAborted!\n"),
    ],
    ids=["os error", "closed pipe", "interrupted"],
)
def test_a_failed_launch_says_why_as_click_would(
    error: BaseException, shown: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    def fail(options: Launch) -> None:
        raise error

    monkeypatch.setattr(launch_module, "launch", fail)
    monkeypatch.setattr(sys, "argv", ["po-exam"])
    with pytest.raises(SystemExit) as ended:
        launch_module.main()
    assert ended.value.code == 1 and capsys.readouterr().err == shown
