"""Control characters in banks, paths and errors never reach a terminal raw (issue 15)."""

import subprocess
import sys
from pathlib import Path

import pytest

from po_exam.banks.loader import load_bank_bytes
from po_exam.text import find_control, printable

OSC_BANK = """\
format: 1
bank:
  id: osc
  title: "T\\e]0;PWNED\\a\\e[2J"
topics:
  t1: {title: Topic}
questions:
  - id: q1
    topic: t1
    type: true_false
    text: "Q\\e]52;c;SU5KRUNURUQ=\\a"
    answer: true
    explanation: x
    reference: y
"""

CLEAN_BANK = OSC_BANK.replace('"T\\e]0;PWNED\\a\\e[2J"', "Title").replace(
    '"Q\\e]52;c;SU5KRUNURUQ=\\a"', "Is this a question?"
)


def po_exam(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "po_exam", *args], capture_output=True, timeout=60, env=env
    )


def _errors(text: str) -> list[str]:
    _bank, problems, _doc = load_bank_bytes(text.encode(), "b.yaml")
    return [str(p) for p in problems if p.severity == "error"]


def test_the_clean_variant_of_the_repro_bank_loads() -> None:
    assert _errors(CLEAN_BANK) == []


def test_an_osc_sequence_in_the_title_is_refused_where_it_is_written() -> None:
    errors = _errors(OSC_BANK)
    assert len(errors) == 1
    assert errors[0].startswith("b.yaml:4:10: error: control character U+001B (ESC) in text")
    assert "\x1b" not in errors[0]


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ('"a\\0b"', "U+0000 (NUL)"),  # an escaped NUL: PostgreSQL cannot store it
        ('"a\\x07"', "U+0007 (BEL)"),
        ('"a\\rb"', "U+000D (CR)"),
        ('"a\\x7f"', "U+007F (DEL)"),
        ('"a\\x9b2J"', "U+009B (CSI)"),
        ('"a\\N"', "U+0085 (NEL)"),
        ("a\u202eb", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),  # raw: YAML allows it
        ('"a\\u2066b"', "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ],
)
def test_every_kind_of_control_character_is_refused(value: str, name: str) -> None:
    errors = _errors(CLEAN_BANK.replace("Title", value))
    assert errors == [
        f"b.yaml:4:10: error: control character {name} in text is not allowed "
        "(it could take over the terminal); remove it"
    ]


def test_tabs_and_newlines_in_text_are_fine() -> None:
    assert _errors(CLEAN_BANK.replace("Title", '"a\\tb\\nc"')) == []


def test_a_control_character_in_a_key_or_an_id_is_refused() -> None:
    key = CLEAN_BANK.replace("    answer: true", '    "answ\\e[2Jer": true')
    assert _errors(key)[0].startswith("b.yaml:12:5: error: control character U+001B (ESC) in a key")
    qid = CLEAN_BANK.replace("id: q1", 'id: "q\\e]0;x\\a"')
    assert _errors(qid)[0].startswith("b.yaml:8:9: error: control character U+001B (ESC) in text")


def test_printable_shows_control_characters_as_escapes() -> None:
    assert printable("T\x1b]0;PWNED\x07\x1b[2J") == "T\\x1b]0;PWNED\\x07\\x1b[2J"
    assert printable("a\u202eb\x85\x00") == "a\\u202eb\\x85\\x00"
    assert printable("tab\tand\nnewline stay, é too") == "tab\tand\nnewline stay, é too"
    assert find_control(printable("\x1b\x9d\u2069\r")) == -1


@pytest.fixture
def osc_bank(tmp_path: Path) -> Path:
    path = tmp_path / "osc.yaml"
    path.write_text(OSC_BANK)
    return path


def test_validate_fails_on_the_repro_bank_and_never_echoes_esc(osc_bank: Path) -> None:
    run = po_exam("bank", "validate", str(osc_bank))
    assert run.returncode == 1
    assert b"\x1b" not in run.stdout + run.stderr
    assert f"{osc_bank}:4:10: error: control character U+001B (ESC)".encode() in run.stderr


@pytest.mark.parametrize("command", [("bank", "list", "--bank"), ("bank", "stats")])
def test_list_and_stats_never_echo_esc(osc_bank: Path, command: tuple[str, ...]) -> None:
    run = po_exam(*command, str(osc_bank))
    assert b"\x1b" not in run.stdout + run.stderr
    assert b"\x07" not in run.stdout + run.stderr
    assert b"osc.yaml:4:10" in run.stdout + run.stderr


def test_a_path_with_escapes_is_echoed_printable(tmp_path: Path) -> None:
    folder = tmp_path / "evil\x1b]0;PWNED\x07"
    folder.mkdir()
    (folder / "bank.yaml").write_text(CLEAN_BANK)
    listed = po_exam("bank", "list", "--bank", str(folder))
    assert listed.returncode == 0
    assert b"\x1b" not in listed.stdout + listed.stderr
    assert b"evil\\x1b]0;PWNED\\x07" in listed.stdout
    missing = po_exam("bank", "validate", str(folder / "gone\x1b[2J.yaml"))
    assert missing.returncode == 2
    assert b"\x1b" not in missing.stdout + missing.stderr
    assert b"gone\\x1b[2J.yaml" in missing.stderr
