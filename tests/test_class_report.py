"""The trainer's class report: per learner and per focus area, on SQLite and the server."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from store_helpers import sit, tmp_store

from po_exam.cli import main
from po_exam.cli_class import CSV_FIELDS
from po_exam.store.db import open_store

pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def classroom(tmp_path, clock):
    """ann: passed then failed PSPO I (a free retry waits); bob: practice only;
    cat: failed, then took and failed the free retry (used); dan: nothing yet."""
    with tmp_store(tmp_path, clock, learner="ann") as ann:
        sit(ann, clock, right=75, mode="pspo1")
        clock.advance(3600)
        sit(ann, clock, right=20, mode="pspo1")
        url = ann.engine.url.render_as_string(hide_password=False)
    with tmp_store(tmp_path, clock, learner="bob") as bob:
        sit(bob, clock, right=8, mode="practice", questions=10)
    with tmp_store(tmp_path, clock, learner="cat") as cat:
        failed = sit(cat, clock, right=30, mode="pspo1")
        sit(cat, clock, right=50, mode="pspo1", retry_of=failed)
    tmp_store(tmp_path, clock, learner="dan").close()
    return url


def test_each_learner_has_their_line(classroom, clock) -> None:
    with open_store(classroom, clock=clock, all_learners=True) as store:
        report = store.class_report(clock.now())
    rows = {row.name: row for row in report.learners}
    assert [row.name for row in report.learners] == sorted(rows, key=str.casefold)
    assert set(rows) >= {"ann", "bob", "cat", "dan"}
    ann, bob, cat, dan = (rows[n] for n in ("ann", "bob", "cat", "dan"))
    assert (ann.attempts, ann.simulations) == (2, 2)
    assert (ann.best_percent, ann.latest_percent) == (75 * 100 / 80, 20 * 100 / 80)
    assert (ann.readiness.passed, ann.readiness.simulations) == (1, 2)
    assert ann.readiness.mean_percent == pytest.approx((75 + 20) * 100 / 160)
    expiry = clock.now() - timedelta(seconds=0)
    assert ann.retry.startswith("until ") and ann.retry >= f"until {expiry:%Y-%m-%d}"
    assert (bob.attempts, bob.simulations, bob.best_percent, bob.latest_percent) == (
        1,
        0,
        None,
        None,
    )
    assert bob.retry == "" and bob.readiness.simulations == 0 and len(bob.weakest) == 3
    assert (cat.attempts, cat.best_percent, cat.latest_percent, cat.retry) == (
        2,
        50 * 100 / 80,
        50 * 100 / 80,
        "used",
    )
    assert (dan.attempts, dan.simulations, dan.weakest, dan.retry) == (0, 0, (), "")
    # Weakest areas: the learner's own accuracy, lowest first, three at most.
    percents = [a.percent for a in ann.weakest]
    assert percents == sorted(percents) and len(ann.weakest) == 3


def test_the_class_accuracy_per_focus_area_adds_up_every_learners(classroom, clock) -> None:
    totals: dict[str, list[int]] = {}
    for name in ("ann", "bob", "cat", "dan"):
        with open_store(classroom, clock=clock, learner=name) as store:
            for topic in store.topic_accuracy():
                found = totals.setdefault(topic.topic, [0, 0])
                found[0] += topic.correct
                found[1] += topic.total
    with open_store(classroom, clock=clock, all_learners=True) as store:
        report = store.class_report(clock.now())
    assert {a.topic: [a.right, a.total] for a in report.focus_areas} == totals
    assert sum(total for _, total in totals.values()) == 80 * 4 + 10
    percents = [a.percent for a in report.focus_areas]
    assert percents == sorted(percents)


def test_an_expired_retry_says_so(tmp_path, clock) -> None:
    with tmp_store(tmp_path, clock, learner="eve") as eve:
        sit(eve, clock, right=10, mode="pspo1")
        clock.advance(15 * 86400)
        report = eve.class_report(clock.now())
    assert [row.retry for row in report.learners if row.name == "eve"] == ["expired"]


def test_the_cli_report_in_every_format(classroom, clock) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["class", "report", "--db", classroom])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[0].split() == [
        "Learner",
        "Attempts",
        "Best",
        "Latest",
        "Ready",
        "Free",
        "retry",
        "Weakest",
        "areas",
    ]
    ann = next(line for line in lines if line.startswith("ann "))
    assert ann.split()[:6] == ["ann", "2", "94%", "25%", "1/2", "expired"]  # T0 is months ago
    assert any(line.startswith("cat ") and " used " in line for line in lines)
    assert "Focus area" in text.output
    as_json = json.loads(
        runner.invoke(main, ["class", "report", "--db", classroom, "--format", "json"]).output
    )
    assert set(as_json) == {"learners", "focus_areas"}
    first = next(row for row in as_json["learners"] if row["name"] == "ann")
    assert set(first) == {
        "name",
        "attempts",
        "simulations",
        "best_percent",
        "latest_percent",
        "readiness",
        "weakest_areas",
        "free_retry",
    }
    assert first["readiness"] == {"passed": 1, "of": 2, "mean_percent": 59.4}
    assert (first["best_percent"], first["latest_percent"]) == (93.8, 25.0)
    assert set(first["weakest_areas"][0]) == {
        "topic",
        "title",
        "right",
        "answered",
        "accuracy_percent",
    }
    as_csv = runner.invoke(main, ["class", "report", "--db", classroom, "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert tuple(rows[0]) == CSV_FIELDS
    kinds = [row["kind"] for row in rows]
    assert kinds == sorted(kinds, key=lambda k: k != "learner")  # learners first
    assert {row["name"] for row in rows if row["kind"] == "learner"} >= {"ann", "bob", "cat", "dan"}
    assert len([k for k in kinds if k == "focus_area"]) == len(as_json["focus_areas"])
    cat = next(row for row in rows if row["name"] == "cat")
    assert (cat["attempts"], cat["best_percent"], cat["free_retry"]) == ("2", "62.5", "used")


def test_the_history_cli_reads_one_learner_or_all(classroom, clock, backend) -> None:
    runner = CliRunner()
    ann = runner.invoke(main, ["history", "--db", classroom, "--learner", "ann"])
    assert ann.exit_code == 0 and "Showing 1-2 of 2 attempts" in ann.output
    everyone = runner.invoke(main, ["history", "--db", classroom, "--all-learners"])
    assert "Showing 1-5 of 5 attempts" in everyone.output
    unknown = runner.invoke(main, ["history", "--db", classroom, "--learner", "zed"])
    assert unknown.exit_code == 1 and "no learner 'zed'" in unknown.output
    nobody = runner.invoke(main, ["export", "--db", classroom])
    if backend == "sqlite":  # a local file: its default learner, who has no attempts here
        assert nobody.exit_code == 0 and nobody.output.strip() == ",".join(
            nobody.output.splitlines()[0].split(",")
        )
    else:  # shared: say who to choose
        assert nobody.exit_code == 1 and "--learner NAME" in nobody.output
        assert "ann, bob, cat, dan" in nobody.output
