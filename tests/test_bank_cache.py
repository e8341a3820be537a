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
