"""The command line as a new learner meets it (issue 19): names as the app shows them, clear
refusals, tables that fit the terminal, and `uv tool install .` (slow: builds and installs)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from exam_helpers import T0, make_bank
from store_helpers import begin, sit, tmp_store

from po_exam.cli import main
from po_exam.cli_history import render_table
from po_exam.exam.clock import FakeClock

OTHER = make_bank("other", {"vision": 30})
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """Two PSPO II attempts on `demo`, a custom one on `demo` and `other`, one unfinished."""
    folder = tmp_path_factory.mktemp("cli19")
    clock = FakeClock(T0)
    with tmp_store(folder, clock) as store:
        sit(store, clock, right=34)  # 1: passed
        sit(store, clock, right=25)  # 2: failed, 62.5 %
        sit(store, clock, right=7, mode="custom", bank=OTHER, questions=10, pass_mark=70)  # 3
        begin(store, clock, "practice", questions=5)  # 4: unfinished
    return folder / "attempts.sqlite3"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)


def ids(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines()[2:] if line[:1].isdigit()]


def test_modes_are_accepted_as_the_app_names_them(database) -> None:
    by_key = run("history", "--db", str(database), "--mode", "pspo2")
    assert ids(by_key.output) == ["2", "1"]
    for name in ("PSPO II", "pspo ii", "PSPO II style", "  PSPO   II "):
        done = run("history", "--db", str(database), "--mode", name)
        assert done.exit_code == 0 and ids(done.output) == ["2", "1"], name
    exported = run("export", "--db", str(database), "--mode", "Custom")
    assert exported.exit_code == 0 and len(exported.output.splitlines()) == 2


def test_an_unknown_mode_names_every_choice_both_ways(database) -> None:
    done = run("history", "--db", str(database), "--mode", "pspo9")
    assert done.exit_code == 2
    for choice in (
        "pspo1 (PSPO I simulation)",
        "pst (PST readiness)",
        "custom (Custom)",
        "cspo (CSPO self-check)",
    ):
        assert choice in " ".join(done.output.split())


def test_banks_by_title_and_unknown_banks_named(database, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PO_EXAM_DATA_DIR", str(tmp_path))
    assert ids(run("history", "--db", str(database), "--bank", "other").output) == ["3"]
    # A built-in bank by its title: valid, just not in this history.
    titled = run("history", "--db", str(database), "--bank", "Scrum Guide 2020")
    assert titled.exit_code == 0 and titled.output.strip() == "No attempts match these filters."
    unknown = run("history", "--db", str(database), "--bank", "Scrum Guide 2021")
    assert unknown.exit_code == 2
    said = " ".join(unknown.output.split())
    assert "no bank 'Scrum Guide 2021'" in said
    assert "demo" in said and "other" in said and "scrum-guide-2020 (Scrum Guide 2020)" in said
    exported = run("export", "--db", str(database), "--bank", "nope")
    assert exported.exit_code == 2 and "no bank 'nope'" in exported.output


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")
def test_a_database_that_could_never_exist_is_refused_like_the_app_does(tmp_path) -> None:
    done = run("history", "--db", "/proc/x.sqlite3")
    assert done.exit_code == 1
    assert "Cannot open the database /proc/x.sqlite3" in done.output
    assert "No attempts" not in done.output
    # A database not made yet in a folder po-exam could create is still an empty history.
    fresh = run("history", "--db", str(tmp_path / "later" / "x.sqlite3"))
    assert fresh.exit_code == 0 and fresh.output.strip() == "No attempts yet."
    assert not (tmp_path / "later").exists()


def test_export_to_a_missing_folder_is_a_message_not_a_traceback(database) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "po_exam", "export", "--db", str(database), "-o", "/missing/x.csv"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: cannot write /missing/x.csv: No such file or directory"


@pytest.mark.parametrize("width", [100, 80, 60])
def test_the_history_table_fits_the_terminal(database, width: int) -> None:
    done = run("history", "--db", str(database), env={"COLUMNS": str(width)})
    assert done.exit_code == 0
    lines = done.output.splitlines()
    assert max(len(line) for line in lines) <= width
    rule = next(i for i, line in enumerate(lines) if set(line) == {"─"})
    assert lines[rule - 1].split()[0] == "ID"  # narrow terminals wrap the header, not drop it
    for column in ("Mode", "Banks", "Score", "Result", "Time"):
        assert any(column in line for line in lines[:rule])
    if width >= 80:  # one line per attempt
        assert rule == 1 and "25/40 62.5 %" in lines[4] and len(lines) == 2 + 4 + 2


def test_bank_lists_are_space_separated_in_the_table_and_the_csv() -> None:
    from po_exam.cli_history import export_row
    from po_exam.store.models import AttemptSummary

    attempt = AttemptSummary(
        id=9, mode="custom", bank_ids=("demo", "other"), started_at=T0, finished_at=T0,
        deadline=None, correct=5, total=8, pass_mark=70, passed=False, retry_of=None,
        seconds_used=61, seed=1,
    )  # fmt: skip
    assert export_row(attempt)["banks"] == "demo other"
    row = render_table([attempt], width=120).splitlines()[2].split()
    assert row == ["9", "2026-03-02", "09:00", "custom", "demo", "other", "5/8", "62.5", "%",
                   "failed", "1:01"]  # fmt: skip


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("uv") is None, reason="needs uv")
def test_uv_tool_install_gives_a_working_po_exam(tmp_path) -> None:
    """The README's `uv tool install .`: build, install into a scratch tool folder, run."""
    env = {
        **os.environ,
        "UV_TOOL_DIR": str(tmp_path / "tools"),
        "UV_TOOL_BIN_DIR": str(tmp_path / "bin"),
    }
    installed = subprocess.run(
        ["uv", "tool", "install", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    said = installed.stderr.lower()
    if installed.returncode != 0 and any(w in said for w in ("network", "offline", "dns")):
        pytest.skip(f"no registry to install from: {installed.stderr.strip()[-300:]}")
    assert installed.returncode == 0, installed.stderr
    helped = subprocess.run(
        [str(tmp_path / "bin" / "po-exam"), "--help"], capture_output=True, text=True, timeout=60
    )
    assert helped.returncode == 0 and "Usage: po-exam" in helped.stdout
    assert "history" in helped.stdout and "bank" in helped.stdout
    listed = subprocess.run(
        [str(tmp_path / "bin" / "po-exam"), "history", "--db", str(tmp_path / "none.db")],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "PO_EXAM_DATA_DIR": str(tmp_path / "data")},
    )
    assert listed.returncode == 0 and listed.stdout.strip() == "No attempts yet."


def test_slow_tests_are_marked_and_quick_ones_are_not(request) -> None:
    marked = {
        item.name: item.get_closest_marker("slow") is not None for item in request.session.items
    }
    expected = {
        "test_uv_tool_install_gives_a_working_po_exam": True,  # explicit
        "test_export_to_a_missing_folder_is_a_message_not_a_traceback": True,  # subprocess
        "test_modes_are_accepted_as_the_app_names_them": False,  # in process
    }
    for name, slow in expected.items():
        if name in marked:  # when this module is collected with them
            assert marked[name] is slow, name
