"""The session: answering, flagging, navigating, the monotonic countdown and the submit."""

from datetime import UTC, datetime, timedelta

import pytest
from exam_helpers import T0, make_bank

from po_exam.exam.clock import FakeClock
from po_exam.exam.draw import draw_questions
from po_exam.exam.modes import plan_exam
from po_exam.exam.session import Session, SessionClosed


def _session(mode: str = "pspo2", clock: FakeClock | None = None, **kwargs) -> Session:
    clock = clock or FakeClock(T0)
    bank = make_bank()
    plan = plan_exam(mode, [bank], seed=11, **kwargs)
    deadline = T0 + timedelta(minutes=plan.minutes) if plan.minutes else None
    return Session(
        draw_questions([bank], plan), plan, started_at=T0, deadline=deadline, clock=clock
    )


def test_answer_change_and_clear() -> None:
    session = _session()
    i = session.goto(next(i for i, q in enumerate(session.questions) if q.type == "single"))
    session.answer(frozenset({1}))
    assert session.selection(i) == {1} and session.is_answered(i)
    session.answer(frozenset({2}))
    assert session.selection(i) == {2} and len(session.answers) == 1
    session.answer(frozenset())
    assert not session.is_answered(i) and session.answers == {}


def test_single_choice_replaces_and_multiple_answer_toggles() -> None:
    session = _session()
    single = next(i for i, q in enumerate(session.questions) if q.type == "single")
    multiple = next(i for i, q in enumerate(session.questions) if q.type == "multiple")

    def pick(option: int, i: int) -> frozenset[int]:
        session.answer(session.choice(option, i), i)
        return session.selection(i)

    pick(0, single)
    assert session.choice(3, single) == {3} and session.selection(single) == {0}  # no change
    assert pick(3, single) == {3}
    assert session.questions[multiple].choose == 2
    pick(0, multiple)
    assert session.missing(multiple) == 1 and not session.too_many(multiple)
    assert pick(2, multiple) == {0, 2} and session.missing(multiple) == 0
    assert pick(0, multiple) == {2}
    pick(0, multiple)
    pick(1, multiple)
    assert session.too_many(multiple) == 1
    assert session.choice(1, multiple, base=frozenset()) == {1}  # from what is shown


def test_an_option_that_does_not_exist_is_refused() -> None:
    session = _session()
    with pytest.raises(ValueError, match="options"):
        session.answer(frozenset({7}))
    tf = next(i for i, q in enumerate(session.questions) if q.type == "true_false")
    with pytest.raises(ValueError, match=r"options 0\.\.1"):
        session.answer(frozenset({2}), tf)


def test_flag_unflag_jump_and_the_unanswered_and_flagged_lists() -> None:
    session = _session()
    session.set_flag(True, 3)
    session.set_flag(True, 5)
    session.set_flag(False, 3)
    assert session.flagged() == [5] and session.is_flagged(5)
    assert session.goto(39) == 39 and session.current is session.questions[39]
    session.answer(session.current.correct)
    assert session.goto(0) == 0
    assert [i for i in range(40) if not session.is_answered(i)] == list(range(39))
    with pytest.raises(IndexError):
        session.goto(40)


def test_submit_grades_what_was_answered_and_is_idempotent() -> None:
    session = _session()
    for i in range(34):
        session.answer(session.questions[i].correct, i)
    result = session.submit()
    assert (result.correct, result.total, result.passed) == (34, 40, True)
    assert session.submit() is result and session.submitted
    with pytest.raises(SessionClosed):
        session.answer(frozenset({0}), 35)
    with pytest.raises(SessionClosed):
        session.set_flag(True)


def test_remaining_counts_down_on_the_monotonic_clock() -> None:
    clock = FakeClock(T0)
    session = _session(clock=clock)
    assert session.deadline == T0 + timedelta(minutes=60)
    assert session.remaining() == timedelta(minutes=60)
    clock.advance(50 * 60)
    assert session.remaining() == timedelta(minutes=10)
    assert not session.expired


def test_changing_the_wall_clock_does_not_move_the_deadline() -> None:
    clock = FakeClock(T0)
    session = _session(clock=clock)
    clock.set_wall(datetime(2030, 1, 1, tzinfo=UTC))
    assert session.remaining() == timedelta(minutes=60)
    clock.set_wall(datetime(2020, 1, 1, tzinfo=UTC))
    assert session.remaining() == timedelta(minutes=60)


def test_at_zero_the_attempt_submits_itself_with_what_was_answered() -> None:
    clock = FakeClock(T0)
    session = _session(clock=clock)
    session.answer(session.questions[0].correct)
    clock.advance(59 * 60 + 59)
    assert not session.expired
    clock.advance(5)
    assert session.expired and session.closed
    with pytest.raises(SessionClosed):
        session.answer(frozenset({0}), 1)
    result = session.submit()
    assert result.correct == 1 and not result.passed
    assert session.finished_at == T0 + timedelta(minutes=60)


def test_practice_is_untimed() -> None:
    session = _session("practice", questions=5)
    assert session.remaining() is None and not session.expired


def test_a_resumed_session_keeps_its_answers_flags_and_deadline() -> None:
    clock = FakeClock(T0 + timedelta(minutes=45))
    first = _session()
    resumed = Session(
        first.questions,
        first.settings,
        started_at=T0,
        deadline=first.deadline,
        answers={2: frozenset({1})},
        flags=[4],
        position=2,
        clock=clock,
    )
    assert resumed.remaining() == timedelta(minutes=15)
    assert resumed.selection(2) == {1} and resumed.flagged() == [4] and resumed.position == 2


def test_a_checked_practice_answer_is_locked_and_counted() -> None:
    from po_exam.exam.session import AnswerLocked

    session = _session("practice", questions=5)
    question = session.questions[0]
    session.answer(question.correct, 0)
    assert session.wants_check(0) and not session.is_checked(0)
    session.check(0)
    assert not session.wants_check(0) and session.checked_right() == (1, 1)
    with pytest.raises(AnswerLocked):
        session.choice(0, 0)


def test_grading_changes_nothing_until_the_attempt_is_closed() -> None:
    session = _session()
    result, finished_at = session.grade()
    assert not session.submitted and finished_at == T0
    session.close(result, finished_at)
    assert session.submitted and session.result is result
