"""The parsed-bank cache: an unchanged file comes from the cache, a changed one never does."""

import os
from pathlib import Path

from po_exam.banks import cache as bank_cache
from po_exam.banks.loader import load_bank


def test_unchanged_bank_is_served_from_the_cache_equal_to_a_fresh_load(
    tmp_path: Path, starter_text: str
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(
        starter_text.replace(
            "    explanation: Only the Product Owner", "    explanation: Only the PO"
        )
    )
    fresh = load_bank(path)
    key = bank_cache.cache_key(path, path.read_bytes())
    cached = bank_cache.read_cached(path, key, "explicit")
    assert cached is not None, "the first load should have written an entry"
    assert cached.bank == fresh.bank
    assert cached.problems == fresh.problems
    assert cached.bank.questions[2].correct_indices == frozenset({1})


def test_same_size_and_mtime_but_new_content_is_not_served_stale(
    tmp_path: Path, starter_text: str
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(starter_text)
    before = load_bank(path)
    stat = path.stat()
    edited = starter_text.replace("answer: false", "answer: true ")  # same length
    assert len(edited) == len(starter_text)
    path.write_text(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after = load_bank(path)
    assert before.bank.questions[2].answer is False
    assert after.bank.questions[2].answer is True


def test_a_bank_broken_after_caching_reports_its_error(tmp_path: Path, starter_text: str) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(starter_text)
    assert load_bank(path).ok
    path.write_text(starter_text.replace("correct: true}", "corect: true}", 1))
    broken = load_bank(path)
    assert not broken.ok
    assert any("unknown field 'corect'" in p.message for p in broken.errors)


def test_corrupt_cache_entry_is_ignored(tmp_path: Path, starter_text: str) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(starter_text)
    load_bank(path)
    entries = list(Path(os.environ["PO_EXAM_DATA_DIR"], "cache", "banks").iterdir())
    assert len(entries) == 1
    entries[0].write_bytes(b"\x00garbage")
    assert load_bank(path).ok


def test_a_bank_served_from_the_cache_loads_no_yaml_parser(
    tmp_path: Path, starter_text: str
) -> None:
    """The cache's warm path (every launch after the first) needs neither PyYAML nor the
    located-node parser: only a changed file is parsed."""
    import subprocess
    import sys

    path = tmp_path / "bank.yaml"
    path.write_text(starter_text)
    code = (
        "import sys; from pathlib import Path; from po_exam.banks.loader import load_bank\n"
        "result = load_bank(Path(sys.argv[1]))\n"
        "print(result.ok, len(result.bank.questions), 'yaml' in sys.modules,"
        " 'po_exam.banks.yamlnodes' in sys.modules)\n"
    )
    env = {**os.environ, "PO_EXAM_DATA_DIR": str(tmp_path / "data")}

    def load() -> list[str]:
        run = [sys.executable, "-c", code, str(path)]
        return subprocess.run(
            run, capture_output=True, text=True, check=True, env=env
        ).stdout.split()

    first = load()  # a cache miss: parsed
    assert first[0] == "True" and first[2:] == ["True", "True"]
    again = load()  # served from the cache
    assert again == [first[0], first[1], "False", "False"]
