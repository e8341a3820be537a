"""Key disputes: a learner's case that a key is wrong, kept for the bank's author."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from po_exam.store.convert import from_db, to_db
from po_exam.store.tables import Dispute
from po_exam.text import printable


@dataclass(frozen=True, slots=True)
class DisputeRecord:
    """One dispute as authors read it."""

    id: int
    bank_id: str
    question_id: str
    content_hash: str
    attempt_id: int | None
    question: str
    choice: tuple[str, ...]
    key: tuple[str, ...]
    argument: str
    created_at: datetime
    status: str

    def as_dict(self) -> dict[str, Any]:
        """The dispute as plain data, for YAML and JSON."""
        return {
            "id": self.id,
            "bank": self.bank_id,
            "question": self.question_id,
            "content_hash": self.content_hash,
            "attempt": self.attempt_id,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
            "question_text": self.question,
            "choice": list(self.choice),
            "key": list(self.key),
            "argument": self.argument,
        }


def add(
    session: Session,
    *,
    bank_id: str,
    question_id: str,
    content_hash: str,
    attempt_id: int | None,
    question: str,
    choice: list[str],
    key: list[str],
    argument: str,
    when: datetime,
) -> int:
    """Store a new open dispute; its id."""
    row = Dispute(
        bank_id=bank_id,
        question_id=question_id,
        content_hash=content_hash,
        attempt_id=attempt_id,
        question_text=question,
        choice=json.dumps(choice),
        key=json.dumps(key),
        argument=argument,
        created_at=to_db(when),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def listed(
    session: Session, bank: str | None = None, status: str | None = "open"
) -> list[DisputeRecord]:
    """Disputes oldest first, of one bank and one status (None: every one)."""
    query = select(Dispute).order_by(col(Dispute.id))
    if bank is not None:
        query = query.where(Dispute.bank_id == bank)
    if status is not None:
        query = query.where(Dispute.status == status)
    return [
        DisputeRecord(
            id=row.id or 0,
            bank_id=printable(row.bank_id),
            question_id=printable(row.question_id),
            content_hash=printable(row.content_hash),
            attempt_id=row.attempt_id,
            question=printable(row.question_text),
            choice=tuple(printable(t) for t in json.loads(row.choice)),
            key=tuple(printable(t) for t in json.loads(row.key)),
            argument=printable(row.argument),  # newlines and tabs stay
            created_at=from_db(row.created_at),
            status=printable(row.status),
        )
        for row in session.exec(query).all()
    ]


def open_counts(session: Session) -> dict[tuple[str, str], int]:
    """How many open disputes each (bank id, question id) has."""
    rows = session.exec(
        select(Dispute.bank_id, Dispute.question_id, func.count())
        .where(Dispute.status == "open")
        .group_by(col(Dispute.bank_id), col(Dispute.question_id))
    ).all()
    return {(bank, question): count for bank, question, count in rows}
