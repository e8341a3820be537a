"""The learner's display preferences, kept in the data folder between runs."""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

from po_exam.paths import user_data_dir

SETTINGS_FILE = "settings.json"
PASSPORT_SETTING = "passport_date"
"""When the learner received a PSPO class passport (YYYY-MM-DD), for the free-retry rule."""


def settings_path() -> Path:
    """Where the preferences live."""
    return user_data_dir() / SETTINGS_FILE


def load_settings() -> dict[str, Any]:
    """The saved preferences; empty when there are none or the file is unreadable."""
    try:
        found = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def save_setting(name: str, value: Any) -> None:
    """Remember one preference (written atomically; a failure only loses the preference)."""
    settings = {**load_settings(), name: value}
    path = settings_path()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)


EXAM_DAY = "exam_day"


def load_exam_day() -> date | None:
    """The day of the learner's real exam, if they set one (a damaged entry counts as none)."""
    found = load_settings().get(EXAM_DAY)
    try:
        return date.fromisoformat(found) if isinstance(found, str) else None
    except ValueError:
        return None


def save_exam_day(day: date | None) -> None:
    """Remember the exam day in the data folder (None forgets it)."""
    save_setting(EXAM_DAY, day.isoformat() if day else None)
