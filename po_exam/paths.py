"""Where po-exam keeps its data: the platform's user data folder unless told otherwise."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "po-exam"
DB_ENV = "PO_EXAM_DB"
DATA_ENV = "PO_EXAM_DATA_DIR"
LEARNER_ENV = "PO_EXAM_LEARNER"


def user_data_dir() -> Path:
    """The folder for the database and user banks (`PO_EXAM_DATA_DIR` overrides it)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_bank_dir() -> Path:
    """The folder whose `*.yaml` files are loaded as the user's own banks."""
    return user_data_dir() / "banks"


def database_url(explicit: str | None = None) -> str:
    """The SQLAlchemy URL to open: `--db`, then `PO_EXAM_DB`, then the user data folder."""
    target = explicit or os.environ.get(DB_ENV) or str(user_data_dir() / "po-exam.sqlite3")
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def user_cache_dir() -> Path:
    """The folder for caches that can be rebuilt at any time (parsed banks)."""
    override = os.environ.get(DATA_ENV)
    if override:
        return Path(override).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def learner_name(explicit: str | None = None) -> str | None:
    """Who is practising: `--learner`, then `PO_EXAM_LEARNER`; None when neither is given."""
    return explicit or os.environ.get(LEARNER_ENV) or None
