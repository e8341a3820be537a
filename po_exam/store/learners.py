"""Learners: who is practising. Each attempt and review card belongs to one learner."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from po_exam.store.convert import to_db
from po_exam.store.errors import StoreError
from po_exam.store.models import LearnerInfo
from po_exam.store.tables import Learner
from po_exam.text import printable

MAX_NAME = 64


def clean_name(name: str) -> str:
    """A learner's name as stored: trimmed; refused when empty, too long or unprintable."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise StoreError("A learner needs a name.")
    if len(cleaned) > MAX_NAME:
        raise StoreError(f"A learner's name has at most {MAX_NAME} characters.")
    if printable(cleaned) != cleaned:
        raise StoreError(f"A learner's name cannot hold control characters: {printable(cleaned)}")
    return cleaned


def all_learners(session: Session) -> list[LearnerInfo]:
    """Every learner, by name."""
    rows = session.exec(select(Learner).order_by(col(Learner.name))).all()
    return [LearnerInfo(row.id or 0, printable(row.name)) for row in rows]


def find_or_create(engine: Engine, name: str, now: datetime, *, create: bool) -> LearnerInfo:
    """The learner called `name`; made when missing and `create` (two at once: one wins)."""
    name = clean_name(name)
    for _attempt in range(2):
        with Session(engine) as session:
            row = session.exec(select(Learner).where(Learner.name == name)).first()
            if row is not None and row.id is not None:
                return LearnerInfo(row.id, printable(row.name))
            if not create:
                known = ", ".join(learner.name for learner in all_learners(session)) or "none yet"
                raise StoreError(f"There is no learner {printable(name)!r} (learners: {known}).")
            row = Learner(name=name, created_at=to_db(now), settings="{}")
            session.add(row)
            try:
                session.commit()
            except IntegrityError:  # another process made the same learner meanwhile
                session.rollback()
                continue
            assert row.id is not None
            return LearnerInfo(row.id, name)
    raise StoreError(f"Could not make the learner {printable(name)!r}.")


def settings_of(session: Session, learner_id: int) -> dict[str, Any]:
    """A learner's settings (an empty dict when none or unreadable)."""
    row = session.get(Learner, learner_id)
    try:
        found = json.loads(row.settings) if row else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def save_setting(session: Session, learner_id: int, name: str, value: Any) -> None:
    """Set one of a learner's settings."""
    row = session.get(Learner, learner_id)
    if row is None:
        raise StoreError("The learner is no longer in the database.")
    row.settings = json.dumps({**settings_of(session, learner_id), name: value})
    session.add(row)
