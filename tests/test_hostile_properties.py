"""Property tests: control characters and markup fed through bank text, keys, ids and paths
never reach a terminal raw, and markup is never interpreted (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.text import Text
from test_hostile_text import CLEAN_BANK
from textual.content import Content

from po_exam.banks.loader import load_bank, load_bank_bytes
from po_exam.text import CONTROL, find_control, printable
from po_exam.ui.screens.setup import bank_label

PIECES = [
    *"\x00\x07\x08\x0b\x0c\r\x1b\x7f\x85\x9b\x9d\u202a\u202e\u2066\u2069\t\n",
    *"[]/@=:;\\\"'",
    *("[b]", "[/]", "[@click=app.quit]", "\x1b]52;c;", "\x1b[2J"),
]
HOSTILE = st.lists(
    st.one_of(st.sampled_from(PIECES), st.characters(codec="utf-8", exclude_categories=("Cs",))),
    min_size=1,
    max_size=30,
).map("".join)


def _no_control_in(problems: list) -> None:
    for problem in problems:
        assert find_control(str(problem)) == -1, str(problem)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_printable_leaves_nothing_a_terminal_would_act_on(text: str) -> None:
    shown = printable(text)
    assert find_control(shown) == -1
    if not CONTROL.search(text):
        assert shown == text  # ordinary text, markup included, is left exactly as it is


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE, st.sampled_from(["title", "text", "id", "key"]))
def test_bank_fields_with_control_characters_are_refused_and_markup_is_kept(
    value: str, where: str
) -> None:
    # A YAML double-quoted scalar: C0 characters become escapes (\u001b), which YAML turns
    # back into the characters; DEL, C1 and bidi controls stay raw in the file.
    quoted = json.dumps(value, ensure_ascii=False)
    if where == "title":
        text = CLEAN_BANK.replace("title: Title", f"title: {quoted}")
    elif where == "text":
        text = CLEAN_BANK.replace("text: Is this a question?", f"text: {quoted}")
    elif where == "id":
        text = CLEAN_BANK.replace("- id: q1", f"- id: {quoted}")
    else:
        text = CLEAN_BANK.replace("    answer: true", f"    {quoted}: true")
    bank, problems, _ = load_bank_bytes(text.encode(), "f.yaml")
    _no_control_in(problems)
    if bank is not None:  # whatever YAML made of the value, no control character got in
        question = bank.questions[0]
        for loaded in (bank.title, question.id, question.text, *question.model_fields_set):
            assert not CONTROL.search(loaded)
    if "\x1b" in value or "\x00" in value:  # escaped in the file: always refused, said where
        assert bank is None
        assert any(p.severity == "error" and p.line >= 1 for p in problems)
    if not CONTROL.search(value) and bank is not None and where == "title":
        assert bank.title in (value, value.strip())  # markup and all, as written
        label = bank_label(bank)
        assert str(Content.from_rich_text(Text(label))) == label  # shown as written


@settings(
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(HOSTILE.filter(lambda s: "/" not in s and "\x00" not in s and s not in (".", "..")))
def test_paths_with_control_characters_or_markup_are_reported_printable(
    tmp_path: Path, name: str
) -> None:
    try:
        path = tmp_path / f"{name}.yaml"
        path.write_text("format: 1\n")
    except OSError:  # a name the file system will not take (too long)
        return
    result = load_bank(path, cache=False)
    assert result.bank is None
    _no_control_in(result.problems)
    missing = load_bank(tmp_path / f"gone{name}.yaml", cache=False)
    _no_control_in(missing.problems)
    path.unlink()
