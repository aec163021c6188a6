"""The self-check log: one JSON line per check, hint or solution request.

Where it lives: ``$DSROLES_LOG`` if set (``off`` disables it), else
``$DSROLES_HOME/selfcheck-log.jsonl`` (``DSROLES_HOME`` defaults to ``~/.dsroles``).
Writing it never stops a lesson: if the file cannot be written, a warning is shown
once and the check goes on.
"""

from __future__ import annotations

import json
import os
import warnings
from datetime import datetime, timezone
from pathlib import Path

_warned: set[str] = set()


def log_path() -> Path | None:
    """The log file in use, or None when logging is off."""
    named = os.environ.get("DSROLES_LOG", "").strip()
    if named.lower() == "off":
        return None
    if named:
        return Path(named).expanduser()
    from dsroles.paths import selfcheck_log

    return selfcheck_log()


def _plain(value):
    """Keep context values that are small and JSON-able (seed, names); drop the rest."""
    if type(value) in (int, float, str, bool) or value is None:
        return value if type(value) is not str or len(value) <= 200 else value[:200]
    return None


def record(exercise_id: str, event: str, *, outcome: str | None = None, hint: int | None = None,
           fraction: float | None = None, context: dict | None = None,
           source: str = "lesson") -> dict:
    """Append one event to the log (if logging is on); return the event."""
    entry = {
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "exercise": exercise_id,
        "event": event,  # "check" | "hint" | "solution"
        "outcome": outcome,  # "correct" | "incorrect" | "not_attempted" | None
        "hint": hint,
        "fraction": fraction,
        "context": {k: _plain(v) for k, v in (context or {}).items() if _plain(v) is not None},
        "source": source,  # "lesson" | "test_cell"
    }
    path = log_path()
    if path is None:
        return entry
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")
    except OSError as exc:
        if str(path) not in _warned:
            _warned.add(str(path))
            warnings.warn(
                f"dsroles cannot write the self-check log {path} ({exc.strerror or exc}); "
                "checks still work but are not recorded. Set DSROLES_HOME to a folder you "
                "can write to.",
                RuntimeWarning,
                stacklevel=3,
            )
    return entry


def read_log(path=None) -> list[dict]:
    """All events in the log, oldest first; unreadable lines are skipped, a missing file is []."""
    path = Path(path) if path is not None else log_path()
    if path is None or not path.is_file():
        return []
    events = []
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("exercise"), str):
                events.append(entry)
    return events
