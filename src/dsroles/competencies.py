"""The competency framework: roles, their competencies, and the assessment items behind each.

    fw = load_framework()               # the packaged competencies.toml
    fw.role("data_engineer").competencies[1].id   # 'DE-2'
    fw.competency_for_item("de_clean_dates")      # Competency or None

The file is validated on load; every problem found is listed in one FrameworkError.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dsroles import ROLES
from dsroles.errors import FrameworkError  # noqa: F401  (re-exported)

FRAMEWORK_FILE = Path(__file__).with_name("competencies.toml")
MIN_PER_ROLE, MAX_PER_ROLE = 4, 7


@dataclass(frozen=True)
class Competency:
    id: str
    title: str
    can_do: str
    role_id: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    id: str
    code: str
    title: str
    summary: str
    competencies: tuple[Competency, ...] = ()


@dataclass(frozen=True)
class Framework:
    roles: tuple[Role, ...]
    path: Path | None = None
    _by_comp: dict = field(default_factory=dict, repr=False, compare=False)
    _by_item: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        for role in self.roles:
            for comp in role.competencies:
                self._by_comp[comp.id] = comp
                for item in comp.items:
                    self._by_item[item] = comp

    def role(self, role_id: str) -> Role:
        for role in self.roles:
            if role.id == role_id:
                return role
        raise KeyError(f"no role {role_id!r}; roles are {[r.id for r in self.roles]}")

    def competency(self, comp_id: str) -> Competency:
        try:
            return self._by_comp[comp_id]
        except KeyError:
            raise KeyError(f"no competency {comp_id!r} in the framework") from None

    @property
    def competencies(self) -> list[Competency]:
        return [c for r in self.roles for c in r.competencies]

    @property
    def items(self) -> dict[str, str]:
        """grade_id -> competency id, for every mapped item."""
        return {item: comp.id for item, comp in self._by_item.items()}

    def competency_for_item(self, grade_id: str) -> Competency | None:
        return self._by_item.get(grade_id)

    def role_for_item(self, grade_id: str) -> Role | None:
        comp = self._by_item.get(grade_id)
        return self.role(comp.role_id) if comp else None


def _text(entry: dict, key: str, where: str, problems: list[str]) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: '{key}' must be non-empty text")
        return ""
    return value.strip()


def _parse_role(raw, index: int, problems: list[str]) -> Role:
    where = f"role #{index + 1}"
    if not isinstance(raw, dict):
        problems.append(f"{where}: not a table")
        return Role("", "", "", "")
    role_id = _text(raw, "id", where, problems)
    where = f"role {role_id or '#' + str(index + 1)}"
    if role_id and role_id not in ROLES:
        problems.append(f"{where}: unknown role id; use one of {', '.join(ROLES)}")
    code = _text(raw, "code", where, problems)
    comps = []
    raw_comps = raw.get("competencies", [])
    if not isinstance(raw_comps, list):
        problems.append(f"{where}: 'competencies' must be a list of tables")
        raw_comps = []
    if not MIN_PER_ROLE <= len(raw_comps) <= MAX_PER_ROLE:
        problems.append(f"{where}: has {len(raw_comps)} competencies; "
                        f"{MIN_PER_ROLE} to {MAX_PER_ROLE} are required")
    for j, rc in enumerate(raw_comps):
        cwhere = f"{where}, competency #{j + 1}"
        if not isinstance(rc, dict):
            problems.append(f"{cwhere}: not a table")
            continue
        cid = _text(rc, "id", cwhere, problems)
        cwhere = f"{where}, competency {cid or '#' + str(j + 1)}"
        if cid and code and not re.fullmatch(rf"{re.escape(code)}-\d+", cid):
            problems.append(f"{cwhere}: id must look like {code}-<number> (the role's code)")
        items = rc.get("items", [])
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            problems.append(f"{cwhere}: 'items' must be a list of grade_id strings")
            items = []
        comps.append(Competency(cid, _text(rc, "title", cwhere, problems),
                                _text(rc, "can_do", cwhere, problems), role_id, tuple(items)))
    return Role(role_id, code, _text(raw, "title", where, problems),
                _text(raw, "summary", where, problems), tuple(comps))


def _check_unique(roles: list[Role], problems: list[str]) -> None:
    def dupes(values):
        seen, twice = set(), []
        for v in values:
            if v in seen and v not in twice:
                twice.append(v)
            seen.add(v)
        return twice

    for what, values in (
        ("role id", [r.id for r in roles]),
        ("role code", [r.code for r in roles]),
        ("competency id", [c.id for r in roles for c in r.competencies]),
        ("item (grade_id)", [i for r in roles for c in r.competencies for i in c.items]),
    ):
        for v in dupes(v for v in values if v):
            problems.append(f"{what} {v!r} appears more than once")


def parse_framework(data: dict, path: Path | None = None) -> Framework:
    """Build and validate a Framework from parsed TOML; FrameworkError lists every problem."""
    problems: list[str] = []
    raw_roles = data.get("roles")
    if not isinstance(raw_roles, list) or not raw_roles:
        raise FrameworkError(f"{path or 'framework'}: no [[roles]] tables")
    roles = [_parse_role(r, i, problems) for i, r in enumerate(raw_roles)]
    _check_unique(roles, problems)
    if problems:
        raise FrameworkError(f"{path or 'framework'} has {len(problems)} problem(s):\n  - "
                             + "\n  - ".join(problems))
    return Framework(tuple(roles), path)


def load_framework(path=None) -> Framework:
    """Read and validate the framework (the packaged one unless ``path`` names another)."""
    path = Path(path) if path is not None else FRAMEWORK_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FrameworkError(f"framework file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(f"{path} is not valid TOML: {exc}") from None
    return parse_framework(data, path)


def graded_items(notebook_path) -> list[str]:
    """The grade_ids of an nbgrader source notebook's graded cells (tests, manual answers, tasks)."""
    import json

    nb = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    ids = []
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") or meta.get("task"):
            ids.append(str(meta.get("grade_id")))
    return ids


def coverage_problems(framework: Framework, solutions_dir) -> list[str]:
    """What breaks issue 3's rules for the tracks under ``solutions_dir``.

    Every graded item of ``solutions/<role>/<role>.ipynb`` maps to a competency of that role,
    and every competency of a role with a track has at least 2 graded items.
    """
    problems = []
    for role in framework.roles:
        notebook = Path(solutions_dir) / role.id / f"{role.id}.ipynb"
        if not notebook.is_file():
            continue
        items = graded_items(notebook)
        for item in items:
            comp = framework.competency_for_item(item)
            if comp is None:
                problems.append(f"{notebook.name}: item {item!r} maps to no competency")
            elif comp.role_id != role.id:
                problems.append(f"{notebook.name}: item {item!r} maps to {comp.id}, "
                                f"a competency of another role")
        for comp in role.competencies:
            n = sum(1 for item in items if item in comp.items)
            if n < 2:
                problems.append(f"{role.id}: competency {comp.id} has {n} graded item(s); "
                                "at least 2 are required")
    return problems
