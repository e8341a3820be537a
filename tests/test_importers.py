"""Importers: GIFT, Aiken and CSV come in as banks that validate; nothing is dropped silently."""

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from po_exam.banks.discovery import load_all
from po_exam.banks.importers import (
    ImportFormatError,
    import_aiken,
    import_csv,
    import_gift,
    to_yaml,
)
from po_exam.cli import main

GIFT = """\
// comments are ignored
$CATEGORY: $course$/PSPO/Backlog ordering

::order-1:: Who orders the Product Backlog? {
=The Product Owner#Accountable for it.
~The Scrum Master#Serves the team.
~The Developers
####The Product Owner is accountable for ordering.
}

::tf-1:: The Daily Scrum is optional. {F#It is an event of Scrum.}

$CATEGORY: Events
Which are Scrum artifacts? {
~%50%Product Backlog
~%50%Increment
~%-100%Burn-down chart
}

What is 2+2? {#4}

Match these. {
=a -> b
=c -> d
}

Write an essay. {}

Type the name. {=Scrum}

A description with no answers.

Escaped \\{ braces \\} and a colon\\: here? {=yes ~no \\~ maybe}
"""


def _bank_from(tmp_path: Path, imported, name: str = "imported.gift"):
    out = tmp_path / "out.yaml"
    out.write_text(to_yaml(imported, tmp_path / name), encoding="utf-8")
    result = load_all([(out, "explicit")])[0]
    assert result.errors == [], result.errors
    assert result.bank is not None
    return result.bank


def test_gift_carries_single_multiple_and_true_false_with_feedback_and_categories(
    tmp_path: Path,
) -> None:
    imported = import_gift(GIFT)
    bank = _bank_from(tmp_path, imported)
    by_text = {q.text: q for q in bank.questions}
    order = by_text["Who orders the Product Backlog?"]
    assert order.id == "order-1"
    assert order.type == "single"
    assert order.choices == ("The Product Owner", "The Scrum Master", "The Developers")
    assert order.correct_indices == {0}
    assert order.explanation == "The Product Owner is accountable for ordering."
    assert order.topic == "backlog-ordering"
    assert bank.topics["backlog-ordering"].title == "Backlog ordering"
    tf = by_text["The Daily Scrum is optional."]
    assert (tf.type, tf.answer, tf.explanation) == ("true_false", False, "It is an event of Scrum.")
    multi = by_text["Which are Scrum artifacts?"]
    assert multi.type == "multiple"
    assert multi.correct_indices == {0, 1}
    assert multi.topic == "events"
    escaped = by_text["Escaped { braces } and a colon: here?"]
    assert escaped.choices == ("yes", "no ~ maybe")
    assert len(bank.questions) == 4


def test_gift_lists_what_it_cannot_carry_with_the_source_line() -> None:
    imported = import_gift(GIFT)
    skipped = {(s.line, s.reason.split(":")[0]) for s in imported.skipped}
    assert skipped == {
        (20, "GIFT numeric question"),
        (22, "GIFT matching question"),
        (27, "GIFT essay (no model answer) question"),
        (29, "GIFT short-answer question (no wrong options)"),
        (31, "a description with no answers (not a question)"),
    }
    assert [(n.line, n.reason.split(":")[0]) for n in imported.notes] == [
        (14, "partial-credit weights became all-or-nothing")
    ]


def test_gift_weights_decide_the_keys_not_the_marker() -> None:
    imported = import_gift("Pick {~%100%right ~%0%zero ~%-50%wrong}")
    assert imported.questions[0].options == (("right", True), ("zero", False), ("wrong", False))
    assert imported.questions[0].type == "single"
    assert imported.notes == []


def test_gift_unclosed_block_and_no_key_are_reported() -> None:
    imported = import_gift("Q1 {=a ~b\n\nQ2 {~a ~b}")
    assert [(s.line, s.reason) for s in imported.skipped] == [
        (1, "an answer block '{' that is never closed"),
        (3, "a choice question with no right answer"),
    ]


AIKEN = """\
Who is accountable for the Product Backlog's order?
A. The Scrum Master
B) The Product Owner
C. The stakeholders
ANSWER: B

Which event is a container for the others?
A. The Sprint
B. Sprint Review
ANSWER: C

A question left open
A. one
B. two
"""


def test_aiken_round_trip_and_unusable_blocks(tmp_path: Path) -> None:
    imported = import_aiken(AIKEN)
    bank = _bank_from(tmp_path, imported, "aiken.txt")
    assert len(bank.questions) == 1
    q = bank.questions[0]
    assert q.text == "Who is accountable for the Product Backlog's order?"
    assert q.choices == ("The Scrum Master", "The Product Owner", "The stakeholders")
    assert q.correct_indices == {1}
    assert [(s.line, s.reason) for s in imported.skipped] == [
        (10, "ANSWER: C names no option"),
        (12, "question not closed by 'ANSWER: X' at end of file"),
    ]


CSV = """\
id,topic,type,question,A,B,C,D,answer,explanation,reference,difficulty
c1,Events,,Who attends the Daily Scrum?,Developers,Stakeholders,,,A,The Developers' event.,Scrum Guide 2020,1
c2,Events,multiple,"Which two, with a comma?",One,Two,Three,,"A;C",,,2
c3,Artifacts,,The Increment must be usable.,,,,,true,,,
c4,Artifacts,,Bad answer,x,y,,,Z,,,
c5,Artifacts,,Bad difficulty,x,y,,,A,,,7
"""


def test_csv_round_trip_and_rejected_rows(tmp_path: Path) -> None:
    imported = import_csv(CSV)
    bank = _bank_from(tmp_path, imported, "class.csv")
    by_id = {q.id: q for q in bank.questions}
    assert set(by_id) == {"c1", "c2", "c3"}
    assert by_id["c1"].correct_indices == {0}
    assert by_id["c1"].choices == ("Developers", "Stakeholders")
    assert (by_id["c1"].difficulty, by_id["c1"].reference) == (1, "Scrum Guide 2020")
    assert by_id["c2"].type == "multiple" and by_id["c2"].correct_indices == {0, 2}
    assert by_id["c2"].text == "Which two, with a comma?"
    assert (by_id["c3"].type, by_id["c3"].answer) == ("true_false", True)
    assert {t: bank.topics[t].title for t in bank.topics} == {
        "events": "Events",
        "artifacts": "Artifacts",
    }
    assert [(s.line, s.reason) for s in imported.skipped] == [
        (5, "answer 'Z' names no option of this row"),
        (6, "difficulty '7' is not 1, 2 or 3"),
    ]


def test_csv_header_must_name_question_and_answer_and_known_columns() -> None:
    with pytest.raises(ImportFormatError, match="lacks answer"):
        import_csv("question,A,B\nq,a,b\n")
    with pytest.raises(ImportFormatError, match="unknown column 'colour'"):
        import_csv("question,answer,colour\nq,true,red\n")


def test_cli_import_writes_a_valid_bank_and_exits_1_when_something_was_left(
    tmp_path: Path,
) -> None:
    source = tmp_path / "class.gift"
    source.write_text(GIFT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["bank", "import", str(source), "--from", "gift"])
    assert result.exit_code == 1, result.output
    assert f"{source}:20: not imported: GIFT numeric question" in result.output
    assert "4 questions imported, 5 not imported" in result.output
    written = tmp_path / "class.yaml"
    check = runner.invoke(main, ["bank", "validate", str(written)])
    assert check.exit_code == 0, check.output
    again = runner.invoke(main, ["bank", "import", str(source), "--from", "gift"])
    assert again.exit_code == 2 and "exists; use --force" in again.output


def test_cli_import_clean_source_exits_0_and_bad_csv_exits_2(tmp_path: Path) -> None:
    runner = CliRunner()
    clean = tmp_path / "ok.txt"
    clean.write_text(AIKEN.split("\n\n")[0] + "\n", encoding="utf-8")
    out = tmp_path / "bank.yaml"
    result = runner.invoke(
        main, ["bank", "import", str(clean), "--from", "aiken", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 question imported, 0 not imported" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("question,A\nq,a\n", encoding="utf-8")
    result = runner.invoke(main, ["bank", "import", str(bad), "--from", "csv"])
    assert result.exit_code == 2
    assert f"{bad}:1: error: the header row lacks answer" in result.output


def test_import_imports_neither_textual_nor_the_database(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = tmp_path / "a.txt"
    source.write_text(AIKEN.split("\n\n")[0] + "\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from po_exam.cli import main\n"
        "try:\n"
        f"    main(['bank', 'import', {str(source)!r}, '--from', 'aiken'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "assert 'sqlalchemy' not in sys.modules, 'sqlalchemy imported'\n"
        "print('clean')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("clean")


def test_import_runs_as_a_real_command_and_its_output_validates(tmp_path: Path) -> None:
    import subprocess

    def po_exam(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "po_exam", *args], capture_output=True, text=True, timeout=60
        )

    source = tmp_path / "class.csv"
    source.write_text(
        "topic,question,A,B,C,answer,explanation\n"
        'Events,"Who can cancel a Sprint?",The Product Owner,The Scrum Master,'
        "The Developers,A,Only the Product Owner has the authority.\n"
        "Events,Refinement is a Scrum event.,,,,false,It is an ongoing activity.\n"
        "Events,No answer here,x,y,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "class.yaml"
    done = po_exam("bank", "import", str(source), "--from", "csv", "--out", str(out))
    assert done.returncode == 1, done.stderr
    assert f"{source}:4: not imported:" in done.stdout + done.stderr
    assert "2 questions imported, 1 not imported" in done.stdout + done.stderr
    check = po_exam("bank", "validate", str(out))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "OK: 1 file, 2 questions, 0 errors" in check.stdout
