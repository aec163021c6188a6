"""The flag store: where a model result that contradicts the business is written down, with its
evidence, for the role that owns the fix.

The domain expert files a flag when a prediction, a feature's effect, a segment or a batch does
not match what the business knows; the data scientist, the data engineer and the other roles
read the flags addressed to them and answer by changing the status. Monitoring (the product
engineer's alerts) files into the same store with ``raised_by="product_engineer"``.

    from dsroles.churn.flags import FlagStore

    store = FlagStore("flags.sqlite")            # or FlagStore() for $DSROLES_HOME/flags.sqlite
    flag_id = store.file(
        subject="feature:tickets_3m",            # what it is about: <kind>:<what>
        seen="Predicted risk falls as support tickets rise.",
        evidence={"pd_at_0": 0.041, "pd_at_3": 0.012},
        suspected_cause="data_defect",           # one of CAUSES
        owner_role="data_scientist",             # one of dsroles.ROLES
    )
    store.flags(owner_role="data_scientist", status="open")    # a DataFrame, newest last
    store.update(flag_id, "acknowledged", note="Retraining on the re-exported batch.",
                 by="data_scientist")

Every flag is checked before it is stored (``validate_flag``: a ``FlagError`` lists every
problem at once), and the SQLite table repeats the rules as CHECK constraints, so a row
written around this module is refused too. One SQLite file is safe to share between the
processes of a team on one machine.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from dsroles import ROLES

SUBJECT_KINDS = ("prediction", "feature", "segment", "batch", "source", "model", "label")
SUBJECT = re.compile(rf"^({'|'.join(SUBJECT_KINDS)}):\S.*$")
CAUSES = {
    "pipeline_bug": "a transformation step is wrong (a unit not converted, a category not mapped)",
    "data_defect": "a source delivered wrong or missing rows",
    "covariate_drift": "the inputs moved; their relation to churn did not",
    "concept_drift": "the relation between the inputs and churn changed",
    "label_definition": "the label does not say what the business means by churn",
    "leakage": "a feature holds information from after the prediction date",
    "model_defect": "the model learnt the data wrongly (its technique or its settings)",
    "unknown": "not known yet: the owner is asked to find out",
}
STATUSES = ("open", "acknowledged", "resolved", "rejected")
NEXT_STATUS = {"open": ("acknowledged", "resolved", "rejected"),
               "acknowledged": ("resolved", "rejected"),
               "resolved": ("open",), "rejected": ("open",)}
FIELDS = ("subject", "seen", "evidence", "suspected_cause", "owner_role", "raised_by", "status")


class FlagError(ValueError):
    """A flag breaks the schema; the message lists every problem and what to write instead."""


def _in(values) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


SCHEMA = f"""
CREATE TABLE IF NOT EXISTS flags (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    raised_by       TEXT NOT NULL CHECK (raised_by IN {_in(ROLES)}),
    subject         TEXT NOT NULL CHECK (instr(subject, ':') > 1),
    seen            TEXT NOT NULL CHECK (length(trim(seen)) > 0),
    evidence        TEXT NOT NULL CHECK (json_valid(evidence) AND json_type(evidence) = 'object'
                                         AND evidence <> '{{}}'),
    suspected_cause TEXT NOT NULL CHECK (suspected_cause IN {_in(CAUSES)}),
    owner_role      TEXT NOT NULL CHECK (owner_role IN {_in(ROLES)}),
    status          TEXT NOT NULL CHECK (status IN {_in(STATUSES)}),
    note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS flags_by_owner ON flags (owner_role, status);
"""


@dataclass(frozen=True)
class Flag:
    """One flag, as filed (``id`` and the times are set by the store)."""

    subject: str
    seen: str
    evidence: dict
    suspected_cause: str
    owner_role: str
    raised_by: str = "domain_expert"
    status: str = "open"
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    note: str = ""


def _evidence_value(value):
    """A JSON-safe copy of one evidence value, or ValueError saying why it cannot be one."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(float(value)):
            raise ValueError("is not a finite number")
        return float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, np.ndarray)) or type(value).__name__ in ("Series", "Index"):
        return [_evidence_value(v) for v in list(value)]
    raise ValueError(f"is a {type(value).__name__}; use numbers, text or lists of them")


def _clean_evidence(evidence, problems: list[str]) -> dict:
    if not isinstance(evidence, dict) or not evidence:
        problems.append("evidence: give a dict of named facts, e.g. {'auc_south_monthly': 0.61}")
        return {}
    out = {}
    for name, value in evidence.items():
        if not isinstance(name, str) or not name.strip():
            problems.append(f"evidence: the name {name!r} should be non-empty text")
            continue
        try:
            out[name] = _evidence_value(value)
        except ValueError as exc:
            problems.append(f"evidence[{name!r}] {exc}")
    return out


def _one_of(field: str, value, allowed, problems: list[str]) -> None:
    if value not in allowed:
        problems.append(f"{field}: {value!r} is not one of {', '.join(allowed)}")


def validate_flag(flag: Flag | dict | None = None, **fields) -> Flag:
    """A valid ``Flag`` from a Flag, a dict or keywords; ``FlagError`` lists every problem."""
    if isinstance(flag, Flag):
        fields = {**{k: getattr(flag, k) for k in FIELDS}, **fields}
    elif isinstance(flag, dict):
        fields = {**flag, **fields}
    elif flag is not None:
        raise FlagError(f"a flag is a Flag or a dict, not a {type(flag).__name__}")
    unknown = sorted(set(fields) - set(FIELDS))
    problems = [f"unknown field {k!r} (the fields are {', '.join(FIELDS)})" for k in unknown]
    for name in ("subject", "seen", "evidence", "suspected_cause", "owner_role"):
        if name not in fields:
            problems.append(f"{name}: missing")
    subject = fields.get("subject", "")
    if "subject" in fields and not (isinstance(subject, str) and SUBJECT.match(subject.strip())):
        problems.append(f"subject: {subject!r} should read '<kind>:<what>' with a kind among "
                        f"{', '.join(SUBJECT_KINDS)} (e.g. 'prediction:K1a2b3c4d5e6f7a8b@2025-11')")
    seen = fields.get("seen", "")
    if "seen" in fields and not (isinstance(seen, str) and seen.strip()):
        problems.append("seen: say in words what you saw")
    evidence = _clean_evidence(fields.get("evidence"), problems) if "evidence" in fields else {}
    if "suspected_cause" in fields:
        _one_of("suspected_cause", fields["suspected_cause"], tuple(CAUSES), problems)
    if "owner_role" in fields:
        _one_of("owner_role", fields["owner_role"], ROLES, problems)
    _one_of("raised_by", fields.get("raised_by", "domain_expert"), ROLES, problems)
    _one_of("status", fields.get("status", "open"), STATUSES, problems)
    if problems:
        raise FlagError("the flag was not filed: " + "; ".join(problems) + ".")
    return Flag(subject=subject.strip(), seen=seen.strip(), evidence=evidence,
                suspected_cause=fields["suspected_cause"], owner_role=fields["owner_role"],
                raised_by=fields.get("raised_by", "domain_expert"),
                status=fields.get("status", "open"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_path() -> Path:
    """``$DSROLES_HOME/flags.sqlite``: the store every role of one learner's team shares."""
    from dsroles.paths import home

    return home() / "flags.sqlite"


class FlagStore:
    """A SQLite file of flags (``path``; ``":memory:"`` for a throwaway store)."""

    def __init__(self, path: str | Path | None = None):
        self.path = str(path) if path is not None else str(default_path())
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(self.path, timeout=10)
        self._con.row_factory = sqlite3.Row
        with self._con:
            self._con.executescript(SCHEMA)

    def __repr__(self) -> str:
        return f"<FlagStore {self.path}: {len(self)} flags>"

    def __len__(self) -> int:
        return int(self._con.execute("SELECT COUNT(*) FROM flags").fetchone()[0])

    def __enter__(self) -> "FlagStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def file(self, flag: Flag | dict | None = None, **fields) -> int:
        """Validate and store a flag (status 'open' unless given); return its id."""
        ok = validate_flag(flag, **fields)
        now = _now()
        with self._con:
            cur = self._con.execute(
                "INSERT INTO flags (created_at, updated_at, raised_by, subject, seen, evidence, "
                "suspected_cause, owner_role, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (now, now, ok.raised_by, ok.subject, ok.seen,
                 json.dumps(ok.evidence, sort_keys=True), ok.suspected_cause, ok.owner_role,
                 ok.status))
        return int(cur.lastrowid)

    @staticmethod
    def _flag(row) -> Flag:
        data = dict(row)
        data["evidence"] = json.loads(data["evidence"])
        return Flag(**data)

    def get(self, flag_id: int) -> Flag:
        """The flag with this id; KeyError if there is none."""
        row = self._con.execute("SELECT * FROM flags WHERE id = ?", (int(flag_id),)).fetchone()
        if row is None:
            raise KeyError(f"no flag {flag_id} in {self.path}")
        return self._flag(row)

    def all(self, **where) -> list[Flag]:
        """Every flag matching ``where`` (owner_role, status, subject, raised_by), oldest first."""
        bad = sorted(set(where) - {"owner_role", "status", "subject", "raised_by"})
        if bad:
            raise TypeError(f"cannot select flags by {', '.join(bad)}")
        given = {k: v for k, v in where.items() if v is not None}
        sql = "SELECT * FROM flags" + (" WHERE " + " AND ".join(f"{k} = ?" for k in given)
                                       if given else "") + " ORDER BY id"
        return [self._flag(r) for r in self._con.execute(sql, tuple(given.values()))]

    def flags(self, **where):
        """The flags matching ``where`` as a DataFrame, one row per flag, oldest first."""
        import pandas as pd

        rows = [asdict(f) for f in self.all(**where)]
        columns = ["id", "created_at", "raised_by", "subject", "seen", "evidence",
                   "suspected_cause", "owner_role", "status", "note", "updated_at"]
        return pd.DataFrame(rows, columns=columns)

    def update(self, flag_id: int, status: str, *, note: str = "", by: str) -> Flag:
        """Move a flag to ``status`` (see NEXT_STATUS), with the answer of the role ``by``."""
        flag = self.get(flag_id)
        if by not in ROLES:
            raise FlagError(f"by: {by!r} is not one of {', '.join(ROLES)}")
        if status not in NEXT_STATUS[flag.status]:
            raise FlagError(f"flag {flag_id} is {flag.status!r}; it can move to "
                            f"{', '.join(NEXT_STATUS[flag.status])}, not {status!r}")
        if status in ("resolved", "rejected") and not note.strip():
            raise FlagError(f"say why the flag is {status} (note=...), so whoever filed it learns")
        text = f"{by}: {note.strip()}" if note.strip() else ""
        with self._con:
            self._con.execute(
                "UPDATE flags SET status = ?, updated_at = ?, "
                "note = CASE WHEN ? = '' THEN note WHEN note = '' THEN ? "
                "ELSE note || char(10) || ? END WHERE id = ?",
                (status, _now(), text, text, text, int(flag_id)))
        return self.get(flag_id)
