"""Banks are found in the package, the user's folder and given paths; a broken one hides no other."""

from pathlib import Path

from po_exam.banks.discovery import builtin_bank_dir, discover_banks


def test_broken_bank_is_reported_and_good_ones_stay(tmp_path: Path, starter_text: str) -> None:
    (tmp_path / "good.yaml").write_text(starter_text)
    (tmp_path / "broken.yaml").write_text("format: 1\nformat: 1\n")
    results = {r.path.name: r for r in discover_banks([tmp_path], builtin=False, user=False)}
    assert results["good.yaml"].ok
    assert not results["broken.yaml"].ok
    assert results["broken.yaml"].first_error.line == 2


def test_user_folder_banks_are_found(isolated_data_dir: Path, starter_text: str) -> None:
    user_banks = isolated_data_dir / "banks"
    user_banks.mkdir()
    (user_banks / "mine.yml").write_text(starter_text)
    results = discover_banks(builtin=False)
    assert [(r.origin, r.bank.id) for r in results] == [("user", "my-bank")]


def test_second_bank_with_the_same_id_is_rejected_at_its_id_line(
    tmp_path: Path, starter_text: str
) -> None:
    (tmp_path / "a.yaml").write_text(starter_text)
    (tmp_path / "b.yaml").write_text(starter_text)
    first, second = discover_banks([tmp_path], builtin=False, user=False)
    assert first.ok
    assert not second.ok
    error = second.first_error
    assert (error.line, error.column) == (6, 7)
    assert "bank id 'my-bank' is already used by" in error.message


def test_missing_explicit_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (result,) = discover_banks([tmp_path / "nope.yaml"], builtin=False, user=False)
    assert "no such file or folder" in result.first_error.message


def test_builtin_banks_ship_inside_the_package() -> None:
    folder = builtin_bank_dir()
    assert folder.is_dir()
    assert folder.parent.name == "po_exam"
