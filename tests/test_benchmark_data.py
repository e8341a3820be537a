"""The benchmarks' data generators still write databases the store reads (they insert rows
straight through sqlite3, so a schema step can leave them behind: the essay columns did)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from po_exam.store.db import open_store

pytestmark = pytest.mark.sqlite_only
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(autouse=True)
def _importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))


def _fresh(tmp_path: Path) -> Path:
    path = tmp_path / "bench.sqlite3"
    open_store(str(path)).close()
    return path


def test_history_and_topic_generators(tmp_path: Path) -> None:
    from bench_history import fill
    from bench_topics import fill_answers

    path = _fresh(tmp_path)
    fill(path, 30)
    fill_answers(path, 30, 4)
    with open_store(str(path)) as store:
        assert len(store.list_attempts(limit=100)) == 30
        assert store.topic_accuracy() is not None


def test_item_statistics_generator(tmp_path: Path) -> None:
    from bench_items import fill

    path = _fresh(tmp_path)
    fill(path, 25, 5)
    with open_store(str(path)) as store:
        assert len(store.list_attempts(limit=100)) == 25


def test_class_report_generator(tmp_path: Path) -> None:
    from bench_class_report import fill

    path = tmp_path / "class.sqlite3"
    answers = fill(path, 3, 4)
    assert answers > 0
    with open_store(str(path), all_learners=True) as store:
        report = store.class_report(datetime.now(UTC))
        assert len(report.learners) >= 3
