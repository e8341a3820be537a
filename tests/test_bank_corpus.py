"""Each broken bank in tests/banks/broken gives one clear, located error; warnings stay warnings."""

from pathlib import Path

import pytest

from po_exam.banks.loader import load_bank

CORPUS = Path(__file__).parent / "banks"

# file -> (line, column, words the first error must contain)
BROKEN = {
    "alias_bomb.yaml": (1, 4, "aliases"),
    "answer_on_single.yaml": (15, 13, "'answer' is only for true_false"),
    "bad_bank_id.yaml": (3, 7, "bank.id"),
    "bad_difficulty.yaml": (15, 17, "difficulty"),
    "comments_only.yaml": (1, 1, "empty"),
    "duplicate_key.yaml": (15, 5, "duplicate key 'text' (first given at line 11)"),
    "duplicate_question_id.yaml": (17, 9, "duplicate question id (first used at line 8)"),
    "empty.yaml": (1, 1, "empty"),
    "missing_text.yaml": (8, 5, "missing required field 'text'"),
    "multiple_all_correct.yaml": (13, 7, "at least one wrong option"),
    "multiple_one_correct.yaml": (13, 7, "at least two correct options, found 1"),
    "not_utf8.yaml": (14, 27, "not UTF-8: byte 0xe4"),
    "number_as_text.yaml": (5, 12, "'1.0' is read as a number; quote it"),
    "python_tag.yaml": (11, 11, "tag !!python/object/apply:os.system is not allowed"),
    "single_two_correct.yaml": (13, 7, "exactly one correct option, found 2"),
    "stem_count_mismatch.yaml": (11, 11, "the stem asks for 3 but 2 options are marked correct"),
    "tab_indent.yaml": (15, 1, "tab used for indentation"),
    "too_many_options.yaml": (13, 7, "9 options; a question has 2 to 8"),
    "top_level_list.yaml": (1, 1, "must be a mapping"),
    "true_false_no_answer.yaml": (8, 5, "needs 'answer: true' or 'answer: false'"),
    "true_false_with_options.yaml": (13, 7, "a true_false question has no options"),
    "two_documents.yaml": (18, 1, "only one YAML document"),
    "undeclared_topic.yaml": (9, 12, "topic 'artifacts' is not declared"),
    "unknown_field.yaml": (14, 34, "unknown field 'corect' (did you mean 'correct'?)"),
    "wrong_format.yaml": (1, 9, "format"),
    "yaml11_boolean.yaml": (14, 16, "'no' is read as a boolean by YAML 1.1"),
    "yaml_syntax.yaml": (21, 1, "YAML syntax error"),
}

WARNINGS = {
    "duplicate_options.yaml": (15, 16, "option 3 repeats option 2"),
    "duplicate_text.yaml": (20, 11, "same text as question q1"),
    "no_explanation.yaml": (8, 5, "no explanation"),
}


def test_every_corpus_file_has_an_expectation() -> None:
    assert {p.name for p in (CORPUS / "broken").iterdir()} == set(BROKEN)
    assert {p.name for p in (CORPUS / "warnings").iterdir()} == set(WARNINGS)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_bank_reports_its_error_at_the_line(name: str) -> None:
    line, column, words = BROKEN[name]
    path = CORPUS / "broken" / name
    result = load_bank(path)
    assert result.bank is None and not result.ok
    first = result.first_error
    assert first is not None
    assert (first.line, first.column) == (line, column), str(first)
    assert words in first.message
    assert str(first).startswith(f"{path}:{line}:{column}: error: ")
    assert "\n" not in str(first)


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_warning_leaves_the_bank_usable(name: str) -> None:
    line, column, words = WARNINGS[name]
    result = load_bank(CORPUS / "warnings" / name)
    assert result.ok and result.bank is not None
    assert [(w.line, w.column) for w in result.warnings] == [(line, column)]
    assert words in result.warnings[0].message


def test_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    levels = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    for depth in range(1, 12):  # 9**12 items if anything expanded it
        prev, name = chr(ord("a") + depth - 1), chr(ord("a") + depth)
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(levels) + "\n")
    result = load_bank(bomb)
    assert result.first_error is not None
    assert "aliases" in result.first_error.message


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    bank = tmp_path / "evil.yaml"
    bank.write_text(f'format: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = load_bank(bank)
    assert not result.ok
    assert not marker.exists()


def test_unreadable_path_is_an_error_not_an_exception(tmp_path: Path) -> None:
    result = load_bank(tmp_path)  # a folder cannot be read as a file
    assert result.first_error is not None
    assert result.first_error.message == "a folder, not a bank file"
