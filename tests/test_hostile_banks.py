"""Hostile bank files: bounded reading, no crash, no hang, and never hiding other banks (issue 15)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_hostile_text import CLEAN_BANK

from po_exam.banks import loader
from po_exam.banks.discovery import discover_banks, load_all
from po_exam.banks.loader import MAX_BANK_MB_ENV, load_bank, load_bank_bytes
from po_exam.banks.yamlnodes import MAX_DEPTH


def po_exam(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "po_exam", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def _first_error(text: str) -> str:
    _bank, problems, _doc = load_bank_bytes(text.encode(), "b.yaml")
    errors = [str(p) for p in problems if p.severity == "error"]
    assert errors, "expected an error"
    return errors[0]


def test_fifty_thousand_open_brackets_are_refused_in_a_subprocess(tmp_path: Path) -> None:
    # This segfaulted inside libyaml's recursive composer: run it where a crash can't take pytest.
    bank = tmp_path / "deep.yaml"
    bank.write_text("format: 1\nbank: " + "[" * 50_000 + "\n")
    for command in (("bank", "validate", str(bank)), ("bank", "list", "--bank", str(bank))):
        run = po_exam(*command)
        assert run.returncode in (0, 1), run.stderr  # 0 for list, 1 for validate: never a signal
        assert f"deep.yaml:2:{MAX_DEPTH + 6}: error: nested more than {MAX_DEPTH} levels" in (
            run.stdout + run.stderr
        )
        assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "body",
    [
        "bank: " + "[" * 500 + "]" * 500,
        "bank: " + "{a: " * 500 + "}" * 500,
        "bank:\n" + "".join("  " * i + "- \n" for i in range(1, 200)),
        "bank:\n  " + "- " * 200 + "x",
    ],
    ids=["flow-seq", "flow-map", "block-indented", "block-dashes"],
)
def test_deep_nesting_of_any_kind_is_a_located_error(body: str) -> None:
    assert f"nested more than {MAX_DEPTH} levels deep" in _first_error("format: 1\n" + body)


def test_a_five_thousand_digit_integer_is_a_located_error() -> None:
    text = CLEAN_BANK.replace("format: 1", "format: " + "9" * 5000)
    assert _first_error(text) == (
        "b.yaml:1:9: error: a number 5000 characters long is not allowed; quote it if it is text"
    )


def test_a_fifo_is_refused_at_once_and_never_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    run = po_exam("bank", "validate", str(fifo))  # would block forever on open() or read()
    assert run.returncode == 1
    assert f"{fifo}:1:1: error: a named pipe (FIFO), not a bank file" in run.stderr


def test_a_device_is_refused_at_once() -> None:
    run = po_exam("bank", "validate", "/dev/zero")  # grew to 2.6 GB in 5 s
    assert run.returncode == 1
    assert "/dev/zero:1:1: error: a device, not a bank file" in run.stderr


def test_a_bank_over_the_size_cap_is_refused_and_the_cap_is_configurable(tmp_path: Path) -> None:
    bank = tmp_path / "big.yaml"
    bank.write_text(CLEAN_BANK + "# padding\n" * 200)  # about 2.3 KB
    small = {MAX_BANK_MB_ENV: "0.001"}  # about 1 KB
    refused = po_exam("bank", "validate", str(bank), env=small)
    assert refused.returncode == 1
    assert f"{bank}:1:1: error: larger than 1,048 bytes, the most" in refused.stderr
    assert MAX_BANK_MB_ENV in refused.stderr
    assert po_exam("bank", "validate", str(bank), env={MAX_BANK_MB_ENV: "1"}).returncode == 0


def test_the_default_cap_lets_a_fifty_megabyte_bank_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MAX_BANK_MB_ENV, raising=False)
    assert loader.max_bank_bytes() >= 50 * 1024 * 1024
    monkeypatch.setenv(MAX_BANK_MB_ENV, "nonsense")
    assert loader.max_bank_bytes() == loader.DEFAULT_MAX_BANK_MB * 1024 * 1024


def test_a_folder_named_like_a_bank_and_a_symlink_loop_are_reported(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").mkdir()
    (tmp_path / "x.yaml" / "inner.yaml").write_text(CLEAN_BANK)
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    results = {r.path.name: r for r in discover_banks([tmp_path], builtin=False, user=False)}
    assert results["inner.yaml"].ok
    assert str(results["x.yaml"].first_error).endswith(
        "x.yaml:1:1: error: a folder, not a bank file"
    )
    assert str(results["loop.yaml"].first_error).endswith(
        "loop.yaml:1:1: error: a symbolic link loop: it never reaches a file"
    )
    run = po_exam("bank", "validate", str(tmp_path))
    assert run.returncode == 1
    assert "x.yaml:1:1: error: a folder" in run.stderr and "symbolic link loop" in run.stderr


def test_a_symlink_loop_given_by_hand_is_reported(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    [result] = discover_banks([loop], builtin=False, user=False)
    assert "symbolic link loop" in str(result.first_error)


def test_a_loader_crash_on_one_file_is_reported_and_hides_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(CLEAN_BANK)
    bad = tmp_path / "bad.yaml"
    bad.write_text(CLEAN_BANK.replace("id: osc", "id: other"))
    real = loader.load_bank_bytes

    def crashing(raw: bytes, shown: str):  # type: ignore[no-untyped-def]
        if shown.endswith("bad.yaml"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw, shown)

    monkeypatch.setattr(loader, "load_bank_bytes", crashing)
    results = load_all([(bad, "user"), (good, "user")])
    assert [r.ok for r in results] == [False, True]
    assert str(results[0].first_error) == (
        f"{bad}:1:1: error: the loader failed on this file "
        "(RecursionError: maximum recursion depth exceeded)"
    )


def test_a_top_level_list_is_located_where_the_list_starts() -> None:
    text = "# a comment first\n\n- format: 1\n- bank: {id: x}\n"
    assert _first_error(text).startswith("b.yaml:3:1: error: a bank must be a mapping")


def test_unchanged_cached_results_still_load(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(CLEAN_BANK)
    assert load_bank(bank).ok and load_bank(bank).ok
