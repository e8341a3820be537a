"""Whatever text an author (or an attacker) feeds the loader, it answers with a bank or a located error."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from po_exam.banks.loader import load_bank_bytes

STARTER = (Path(__file__).parents[1] / "po_exam" / "banks" / "starter.yaml").read_text()
YAML_ALPHABET = st.sampled_from(
    [*"abc:-[]{}&*!|>'\"#%@`, \t\n?\\0123456789yesno", "\u00e9", "\ufeff"]
)


def _answers_cleanly(raw: bytes) -> None:
    bank, problems, _ = load_bank_bytes(raw, "fuzz.yaml")
    if bank is None:
        errors = [p for p in problems if p.severity == "error"]
        assert errors, "a refused bank must say why"
        for problem in errors:
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message and "\n" not in problem.message
            assert str(problem).startswith("fuzz.yaml:")
    else:
        assert not [p for p in problems if p.severity == "error"]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    _answers_cleanly(raw)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(YAML_ALPHABET, max_size=300))
def test_yamlish_text_never_raises(text: str) -> None:
    _answers_cleanly(text.encode("utf-8"))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_starter_bank_never_raises(data: st.DataObject) -> None:
    lines = STARTER.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "duplicate", "mangle"]))
        if action == "drop":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            cut = data.draw(st.integers(0, len(lines[index])))
            junk = data.draw(st.text(YAML_ALPHABET, max_size=5))
            lines[index] = lines[index][:cut] + junk + lines[index][cut:]
    _answers_cleanly("".join(lines).encode("utf-8"))


def test_starter_bank_is_clean() -> None:
    bank, problems, _ = load_bank_bytes(STARTER.encode(), "starter.yaml")
    assert bank is not None and problems == []
    assert [q.type for q in bank.questions] == ["single", "multiple", "true_false"]


def _fully_located(raw: bytes) -> tuple[object, list[object]]:
    """The check with every position recorded, the way a bank with problems is checked."""
    from po_exam.banks.loader import check_document
    from po_exam.banks.yamlnodes import YamlError, parse_document

    try:
        document = parse_document(raw.decode("utf-8"))
    except YamlError as exc:
        return None, [(exc.line + 1, exc.column + 1, exc.message)]
    bank, problems = check_document(document, "fuzz.yaml")
    return bank, [(p.line, p.column, p.message) for p in problems]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_quick_check_never_passes_what_the_located_check_refuses(data: st.DataObject) -> None:
    lines = STARTER.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(0, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        cut = data.draw(st.integers(0, len(lines[index])))
        junk = data.draw(st.sampled_from(["yes", "no", " ", "x", ":", "1.0", "true", "- ", "  "]))
        lines[index] = lines[index][:cut] + junk + lines[index][cut:]
    raw = "".join(lines).encode("utf-8")
    if b"\t" in raw:
        return
    bank, problems, _ = load_bank_bytes(raw, "fuzz.yaml")
    located_bank, located_problems = _fully_located(raw)
    assert (bank is None) == (located_bank is None)
    assert [(p.line, p.column, p.message) for p in problems] == located_problems
