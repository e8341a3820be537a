"""The author commands, run as a real subprocess: output, exit codes, and no Textual import."""

import json
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "banks"


def po_exam(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "po_exam", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )


def test_validate_clean_bank_exits_zero(tmp_path: Path, starter_text: str) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(starter_text)
    run = po_exam("bank", "validate", str(bank))
    assert run.returncode == 0
    assert "OK: 1 file, 3 questions, 0 errors, 0 warnings" in run.stdout


def test_validate_reports_errors_then_warnings_and_exits_one() -> None:
    run = po_exam(
        "bank", "validate", str(CORPUS / "broken" / "unknown_field.yaml"), str(CORPUS / "warnings")
    )
    assert run.returncode == 1
    assert (
        "unknown_field.yaml:14:34: error: question q1: options[1].corect: unknown field"
        in run.stderr
    )
    assert "no_explanation.yaml:8:5: warning: question q1: no explanation" in run.stdout
    assert "FAILED: 4 files" in run.stdout


def test_strict_turns_warnings_into_failure() -> None:
    path = str(CORPUS / "warnings" / "no_explanation.yaml")
    assert po_exam("bank", "validate", path).returncode == 0
    strict = po_exam("bank", "validate", "--strict", path)
    assert strict.returncode == 1
    assert "--strict" in strict.stdout


def test_validate_json_lists_every_problem() -> None:
    run = po_exam(
        "bank", "validate", "--format", "json", str(CORPUS / "broken" / "duplicate_key.yaml")
    )
    report = json.loads(run.stdout)
    assert run.returncode == 1
    assert report["errors"] == 1 and report["ok"] is False
    assert report["problems"][0]["line"] == 15
    assert report["problems"][0]["message"].startswith("duplicate key 'text'")


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert po_exam("bank", "validate", str(tmp_path / "missing.yaml")).returncode == 2
    assert po_exam("bank", "validate").returncode == 2


def test_new_writes_a_starter_that_validates_strictly(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    assert po_exam("bank", "new", str(target)).returncode == 0
    assert "# yaml-language-server: $schema=" in target.read_text()
    assert po_exam("bank", "validate", "--strict", str(target)).returncode == 0
    refused = po_exam("bank", "new", str(target))
    assert refused.returncode == 2 and "--force" in refused.stderr


def test_stats_counts_topics_and_flags_thin_ones(tmp_path: Path, starter_text: str) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(starter_text)
    run = po_exam("bank", "stats", str(bank), "--draw", "3")
    assert run.returncode == 0
    assert run.stdout.splitlines()[1:] == [
        "  3 questions; a draw of 3 takes per topic:",
        "  accountabilities   1 question  weight 2  ~2 per draw"
        "  THIN: fewer than twice its share of a draw",
        "  events            2 questions  weight 1  ~1 per draw",
        "  types:      multiple: 1, single: 1, true_false: 1",
        "  difficulty 1: 2, 2: 1",
    ]


def test_schema_is_json_schema_of_the_models() -> None:
    run = po_exam("bank", "schema")
    schema = json.loads(run.stdout)
    assert run.returncode == 0
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) == {"format", "bank", "topics", "questions"}
    assert schema["$defs"]["Option"]["additionalProperties"] is False


def test_list_shows_good_and_broken_banks(tmp_path: Path, starter_text: str) -> None:
    (tmp_path / "good.yaml").write_text(starter_text)
    (tmp_path / "bad.yaml").write_text("- a list\n")
    run = po_exam("bank", "list", "--bank", str(tmp_path))
    assert run.returncode == 0
    assert any(line.startswith("my-bank") and " 3  ok" in line for line in run.stdout.splitlines())
    assert "BROKEN" in run.stdout and "bad.yaml:1:1" in run.stdout


def test_author_commands_do_not_import_textual(tmp_path: Path, starter_text: str) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(starter_text)
    code = (
        "import sys\n"
        "from po_exam.cli import main\n"
        f"for args in (['bank', 'validate', {str(bank)!r}], ['bank', 'stats', {str(bank)!r}],"
        f" ['bank', 'lint', {str(bank)!r}], ['--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy imported'\n"
        "print('clean')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("clean")


def test_a_folder_without_banks_is_not_a_silent_success(tmp_path: Path) -> None:
    for command in (["bank", "validate"], ["bank", "stats"]):
        run = po_exam(*command, str(tmp_path))
        assert run.returncode == 1
        assert "no bank files (*.yaml, *.yml)" in run.stderr
