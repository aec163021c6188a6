"""The flag store: a validated schema, checked in Python and again by SQLite, shared by roles."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from dsroles.churn.flags import CAUSES, Flag, FlagError, FlagStore, validate_flag

GOOD = dict(subject="feature:tickets_3m", seen="Predicted risk falls as support tickets rise.",
            evidence={"pd_at_0": np.float64(0.041), "pd_at_3": 0.012, "months": ["2025-10"],
                      "rows": np.int64(1200)},
            suspected_cause="data_defect", owner_role="data_scientist")


@pytest.fixture
def store(tmp_path):
    with FlagStore(tmp_path / "team" / "flags.sqlite") as s:
        yield s


def test_a_filed_flag_reads_back_open_with_plain_evidence(store):
    """Does a flag come back as filed, open, with numpy values turned into plain JSON ones?"""
    flag_id = store.file(GOOD)
    flag = store.get(flag_id)
    assert (flag.subject, flag.status, flag.raised_by) == ("feature:tickets_3m", "open", "domain_expert")
    assert flag.evidence == {"pd_at_0": 0.041, "pd_at_3": 0.012, "months": ["2025-10"], "rows": 1200}
    assert type(flag.evidence["rows"]) is int and flag.created_at.endswith("+00:00")


def test_another_role_reads_its_open_flags_from_the_same_file(store):
    """Does a second connection (another role's notebook) see the flags addressed to it?"""
    store.file(GOOD)
    store.file({**GOOD, "owner_role": "data_engineer", "subject": "batch:next_quarter"})
    with FlagStore(store.path) as theirs:
        mine = theirs.flags(owner_role="data_engineer", status="open")
    assert list(mine["subject"]) == ["batch:next_quarter"]
    assert len(store.flags()) == 2 and len(store) == 2


@pytest.mark.parametrize("change, problem", [
    ({"subject": "tickets"}, "subject:"),
    ({"subject": "rumour:tickets"}, "subject:"),
    ({"seen": "   "}, "seen:"),
    ({"evidence": {}}, "evidence:"),
    ({"evidence": {"auc": float("nan")}}, "not a finite number"),
    ({"evidence": {"model": object()}}, "use numbers, text"),
    ({"suspected_cause": "bad luck"}, "suspected_cause:"),
    ({"owner_role": "data science team"}, "owner_role:"),
    ({"status": "done"}, "status:"),
    ({"colour": "red"}, "unknown field 'colour'"),
])
def test_a_flag_that_breaks_the_schema_is_refused_with_the_reason(store, change, problem):
    with pytest.raises(FlagError, match=problem.replace("(", r"\(")):
        store.file({**GOOD, **change})
    assert len(store) == 0


def test_every_problem_is_listed_at_once():
    with pytest.raises(FlagError) as info:
        validate_flag(subject="x", seen="")
    message = str(info.value)
    for name in ("subject:", "seen:", "evidence: missing", "suspected_cause: missing",
                 "owner_role: missing"):
        assert name in message


def test_sqlite_refuses_a_row_written_around_the_module(store):
    """Do the table's CHECK constraints repeat the rules for SQL written by hand?"""
    sql = ("INSERT INTO flags (created_at, updated_at, raised_by, subject, seen, evidence, "
           "suspected_cause, owner_role, status) VALUES ('t', 't', ?, 'feature:x', 'seen', ?, ?, ?, 'open')")
    for values in [("domain_expert", "{}", "unknown", "data_scientist"),
                   ("domain_expert", '{"a": 1}', "bad luck", "data_scientist"),
                   ("domain_expert", '{"a": 1}', "unknown", "nobody"),
                   ("someone", '{"a": 1}', "unknown", "data_scientist")]:
        with pytest.raises(sqlite3.IntegrityError):
            store._con.execute(sql, values)


def test_the_owner_answers_by_moving_the_status_with_a_note(store):
    flag_id = store.file(Flag(**GOOD))
    store.update(flag_id, "acknowledged", note="Looking at the ticket export.", by="data_scientist")
    with pytest.raises(FlagError, match="say why"):
        store.update(flag_id, "resolved", by="data_scientist")
    done = store.update(flag_id, "resolved", note="Retrained on the re-export.", by="data_scientist")
    assert done.status == "resolved"
    assert done.note == ("data_scientist: Looking at the ticket export.\n"
                         "data_scientist: Retrained on the re-export.")
    with pytest.raises(FlagError, match="can move to open"):
        store.update(flag_id, "acknowledged", by="data_scientist")


def test_monitoring_files_as_the_product_engineer_with_an_unknown_cause(store):
    """Is the documented alert route (raised_by the product engineer, cause unknown) accepted?"""
    flag_id = store.file(subject="feature:monthly_charges", seen="PSI 3.1 on the new batch.",
                         evidence={"psi": 3.1}, suspected_cause="unknown",
                         owner_role="domain_expert", raised_by="product_engineer")
    assert store.all(raised_by="product_engineer")[0].id == flag_id
    assert "unknown" in CAUSES


def test_the_default_store_lives_in_the_learners_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DSROLES_HOME", str(tmp_path / "home"))
    with FlagStore() as store:
        assert store.path == str(tmp_path / "home" / "flags.sqlite")
    with pytest.raises(KeyError):
        FlagStore(":memory:").get(1)
