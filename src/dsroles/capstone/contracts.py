"""One contract per hand-over: what the stage's folder must hold, and the clauses it must meet.

A clause is a named check over the run folder that returns ``None`` when it holds and a reason
in words when it does not (the reason says what is wrong and what to do, never the expected
value). ``check(stage, run_dir)`` is the one place both ``dsroles capstone run`` (before the next
stage starts) and ``dsroles capstone grade`` (after the run) read the contracts from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from dsroles.capstone import downstream, handovers
from dsroles.capstone.stages import BY_NAME, folder


class Broken(Exception):
    """A hand-over file is missing or unreadable: the message says which and why."""


class Handover:
    """Read access to a run folder's hand-over files, each read once."""

    def __init__(self, run_dir: str | Path):
        self.run_dir = Path(run_dir)
        self._cache: dict = {}

    def path(self, stage: str, name: str) -> Path:
        return folder(self.run_dir, stage) / name

    def _once(self, key, load):
        if key not in self._cache:
            self._cache[key] = load()
        return self._cache[key]

    def json(self, stage: str, name: str, kind: type | None = None):
        """The stage's JSON file; with ``kind`` (dict or list), ValueError when it holds another."""
        value = self._json(stage, name)
        if kind is not None and not isinstance(value, kind):
            raise ValueError(f"{name} should hold {'one JSON object' if kind is dict else 'a JSON list'}")
        return value

    def _json(self, stage: str, name: str):
        path = self.path(stage, name)

        def load():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise Broken(f"{stage}/{name} is missing: the {stage} stage must write it") from None
            except (OSError, UnicodeDecodeError, ValueError) as err:
                raise Broken(f"{stage}/{name} is not readable JSON ({err})") from None
        return self._once(("json", stage, name), load)

    def table(self, stage: str, name: str):
        import pandas as pd

        path = self.path(stage, name)

        def load():
            if not path.is_file():
                raise Broken(f"{stage}/{name} is missing: the {stage} stage must write it")
            try:
                return pd.read_parquet(path)
            except Exception as err:  # noqa: BLE001 - any reader failure means the same
                raise Broken(f"{stage}/{name} is not a readable Parquet file ({err})") from None
        return self._once(("table", stage, name), load)

    def artefact(self, stage: str, name: str):
        """``(model, metadata)`` of the artefact folder ``name``, its hash checked first."""
        from dsroles.churn import artefact

        def load():
            try:
                return artefact.load_model(self.path(stage, name))
            except artefact.ArtefactError as err:
                raise Broken(str(err)) from None
        return self._once(("artefact", stage, name), load)


@dataclass(frozen=True)
class Clause:
    name: str
    check: Callable[[Handover], str | None]


@dataclass(frozen=True)
class Contract:
    stage: str
    clauses: tuple[Clause, ...]
    numbers: Callable[[Handover], dict]


@dataclass
class Verdict:
    """A hand-over checked against its contract: the clauses met, the clauses broken (with why)."""

    stage: str
    met: list[str] = field(default_factory=list)
    broken: list[tuple[str, str]] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.broken

    def first(self) -> tuple[str, str] | None:
        return self.broken[0] if self.broken else None

    def to_dict(self) -> dict:
        return {"stage": self.stage, "ok": self.ok, "met": self.met,
                "broken": [{"clause": c, "reason": r} for c, r in self.broken],
                "unchecked": self.unchecked}


def _files(stage: str, names: tuple[str, ...]) -> Clause:
    """The first clause of every contract: each file (or folder, ``name/``) is there."""
    def check(h: Handover) -> str | None:
        missing = [n for n in names if not (h.path(stage, n.rstrip("/")).is_dir() if n.endswith("/")
                                            else h.path(stage, n).is_file())]
        if missing:
            return f"{stage}/ lacks {', '.join(missing)}: the stage must write every hand-over file"
        return None
    return Clause("hands over its files", check)


def check(stage: str, run_dir: str | Path, handover: Handover | None = None) -> Verdict:
    """Check the hand-over of ``stage`` in ``run_dir`` against its contract, clause by clause.

    When the files are not all there, the other clauses are not checked (listed as unchecked).
    """
    h = handover or Handover(run_dir)
    contract = CONTRACTS[stage]
    verdict = Verdict(stage)
    for i, clause in enumerate(contract.clauses):
        try:
            reason = clause.check(h)
        except Broken as err:
            reason = str(err)
        except Exception as err:  # noqa: BLE001 - a clause that cannot be checked is not met
            reason = f"could not be checked ({type(err).__name__}: {err})"
        if reason is None:
            verdict.met.append(clause.name)
            continue
        verdict.broken.append((clause.name, reason))
        if i == 0:
            verdict.unchecked = [c.name for c in contract.clauses[1:]]
            break
    return verdict


def numbers(stage: str, run_dir: str | Path, handover: Handover | None = None) -> dict:
    """The key numbers of a stage's hand-over for the report (empty when they cannot be read)."""
    try:
        return CONTRACTS[stage].numbers(handover or Handover(run_dir))
    except Exception:  # noqa: BLE001 - a broken hand-over has no numbers to show
        return {}


CONTRACTS: dict[str, Contract] = {
    name: Contract(name, (_files(name, BY_NAME[name].files),
                          *(Clause(text, fn) for text, fn in clauses)), figures)
    for name, (clauses, figures) in {**handovers.CLAUSES, **downstream.CLAUSES}.items()
}
