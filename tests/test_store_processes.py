"""Real processes: two writing at once both succeed; a SIGKILL loses no committed answer;
ten learners answering at once lose nothing. On SQLite and on the server database."""

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import store_helpers
from exam_helpers import T0
from store_helpers import begin

from po_exam.exam.clock import FakeClock
from po_exam.store.db import open_store

WORKER = Path(__file__).with_name("store_worker.py")
pytestmark = pytest.mark.usefixtures("backend")


def _database(tmp_path: Path, name: str) -> str:
    """A SQLite file under `tmp_path`, or the test's (emptied) server database."""
    return store_helpers.SERVER["url"] or str(tmp_path / name)


def _learner(database: str, name: str = "default") -> str | None:
    return name if "://" in database or name != "default" else None


def _worker(database: str, seed: int, learner: str | None = None) -> subprocess.Popen[str]:
    learner = learner or _learner(database)
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(database), str(seed), *([learner] if learner else [])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _ready(process: subprocess.Popen[str]) -> int:
    assert process.stdout is not None
    word, attempt_id = process.stdout.readline().split()
    assert word == "ready", process.stderr.read() if process.stderr else ""
    return int(attempt_id)


def _answer(process: subprocess.Popen[str], count: int) -> None:
    assert process.stdin is not None
    process.stdin.write(f"{count}\n")
    process.stdin.flush()


def _saved(process: subprocess.Popen[str]) -> int:
    assert process.stdout is not None
    word, position = process.stdout.readline().split()
    assert word == "saved"
    return int(position)


def test_two_processes_and_a_thread_writing_at_the_same_time_all_succeed(tmp_path) -> None:
    database = _database(tmp_path, "shared.sqlite3")
    open_store(database, learner=_learner(database)).close()
    workers = [_worker(database, seed) for seed in (1, 2)]
    attempt_ids = [_ready(worker) for worker in workers]

    clock = FakeClock(T0)
    store = open_store(database, clock=clock, learner=_learner(database))
    own_id, session = begin(store, clock)

    def answer_all() -> None:
        for i, question in enumerate(session.questions):
            store.save_answer(own_id, i, question.correct)

    thread = threading.Thread(target=answer_all)
    for worker in workers:
        _answer(worker, 80)
    thread.start()
    outputs = [worker.communicate(timeout=60) for worker in workers]
    thread.join(timeout=60)
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        assert out.count("saved") == 80
    for attempt_id in attempt_ids:
        assert all(item.selection == {0} for item in store.attempt_detail(attempt_id).items)
    assert all(item.correct for item in store.attempt_detail(own_id).items)
    store.close()


def test_every_answer_printed_before_a_sigkill_is_in_the_database(tmp_path) -> None:
    database = _database(tmp_path, "killed.sqlite3")
    worker = _worker(database, seed=3)
    attempt_id = _ready(worker)
    _answer(worker, 25)
    printed = [_saved(worker) for _ in range(25)]
    _answer(worker, 80)  # the rest, as fast as it can: the kill lands among these writes
    printed += [_saved(worker) for _ in range(5)]
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert worker.returncode == -signal.SIGKILL

    with open_store(database, learner=_learner(database)) as store:
        unfinished = store.unfinished_attempt()
        items = store.attempt_detail(attempt_id).items
    assert unfinished is not None and unfinished.id == attempt_id
    assert printed == list(range(30))
    assert all(items[position].selection == {0} for position in printed)


def test_ten_learners_answering_at_once_lose_no_answer(tmp_path) -> None:
    database = _database(tmp_path, "class.sqlite3")
    open_store(database, learner="trainer").close()  # the schema, made once
    names = [f"learner-{n}" for n in range(10)]
    workers = [_worker(database, seed, name) for seed, name in enumerate(names, start=10)]
    attempt_ids = [_ready(worker) for worker in workers]
    for worker in workers:  # all at once: every learner answers the whole exam
        _answer(worker, 80)
    outputs = [worker.communicate(timeout=120) for worker in workers]
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err  # no deadlock, no error
        assert out.count("saved") == 80
    for name, attempt_id in zip(names, attempt_ids, strict=True):
        with open_store(database, learner=name) as store:
            assert [a.id for a in store.list_attempts()] == [attempt_id]  # only their own
            items = store.attempt_detail(attempt_id).items
            assert len(items) == 80 and all(item.selection == {0} for item in items)
    with open_store(database, all_learners=True) as everyone:
        assert everyone.count_attempts() == 10
