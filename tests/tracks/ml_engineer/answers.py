"""Right and wrong answers for every ML engineer exercise (``tests/test_track_contract.py``).

The assessment's answers come from its solution notebook: the right ones are the solution's
own objects, the wrong ones the bank's mistakes (``wrong_answers/*.toml``), each run on top of
the solution's cells, as ``dsroles validate`` replays them. The lessons' are written here.
"""

from __future__ import annotations

import copy
import functools
import tempfile
from pathlib import Path

import numpy as np

from dsroles.tracks.ml_engineer import references as R
from tracks.contract import Answers

ROOT = Path(__file__).resolve().parents[3]
SOLUTION = ROOT / "solutions" / "ml_engineer" / "ml_engineer.ipynb"


@functools.lru_cache(maxsize=2)
def notebook(seed: int) -> dict:
    """The namespace of the solution notebook's set-up and answer cells, run at ``seed``."""
    from dsroles.grading import notebook as nbk
    from dsroles.grading.replay import run_source

    source = nbk.read_notebook(SOLUTION)
    namespace = {"__name__": "__main__"}
    for cell in source.cells:
        if cell.cell_type == "code" and not nbk.is_test(cell):
            run_source(cell.source.replace("seed = 42", f"seed = {int(seed)}"), namespace)
    return namespace


def solution(name: str):
    return lambda seed: notebook(seed)[name]


def banked(entry: str, name: str):
    """What the bank's mistake ``entry`` defines as ``name``, run on the solution's cells."""
    def make(seed):
        import tomllib

        from dsroles.tracks.ml_engineer import __file__ as package

        path = Path(package).parent / "wrong_answers" / f"{entry}.toml"
        namespace = dict(notebook(seed))
        namespace["workdir"] = Path(tempfile.mkdtemp(prefix="mle-answers-"))
        exec(tomllib.loads(path.read_text())["code"], namespace)  # noqa: S102 - the kit's bank
        return namespace[name]
    return make


def behaviour_checks(**replaced):
    def make(seed):
        checks = {"minimum": R.check_minimum, "invariance": R.check_invariance,
                  "direction": R.check_direction}
        return {**checks, **replaced}
    return make


# -- lesson answers --------------------------------------------------------------------------


def _saved(threshold=None, model=None):
    def make(seed):
        from dsroles.churn import artefact, evaluate
        from dsroles.tracks.ml_engineer import role

        folder = Path(tempfile.mkdtemp(prefix="mle-artefact-")) / "model"
        return artefact.save_model(model(seed) if model else role.handed_over(seed), folder,
                                   metrics={}, threshold=evaluate.break_even_probability()
                                   if threshold is None else threshold)
    return make


def _refit(seed):
    from dsroles.churn import train
    from dsroles.churn.features import LABEL, MODEL_FEATURES
    from dsroles.tracks.ml_engineer import data

    train_set, _ = train.time_split(data.snapshots(seed))
    return train.build_model().set_params(classify__C=0.05).fit(train_set[MODEL_FEATURES],
                                                                 train_set[LABEL])


def _schema(bounded: bool = True, closed: bool = True):
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field

    from dsroles.churn import params as P

    low, high = (P.MIN_CHARGE, P.MAX_CHARGE) if bounded else (0, 10_000)

    class CustomerIn(BaseModel):
        model_config = ConfigDict(extra="forbid" if closed else "ignore", strict=True)
        tenure_months: float = Field(ge=0)
        monthly_charges: float = Field(ge=low, le=high)
        addons: int = Field(ge=0, le=3)
        sessions: int = Field(ge=0)
        minutes: float = Field(ge=0)
        usage_trend: float = Field(gt=0)
        days_since_last_session: float = Field(ge=0)
        tickets_month: int = Field(ge=0)
        tickets_3m: int = Field(ge=0)
        failed_payments_month: int = Field(ge=0)
        failed_payments_3m: int = Field(ge=0)
        contract: Literal[P.CONTRACTS]
        plan: Literal[P.PLANS]
        payment_method: Literal[P.PAYMENT_METHODS + ("unknown",)]
        region: Literal[P.REGIONS + ("unknown",)]

    return CustomerIn


class KitPredictorUnpickling:
    """A predictor that opens the model file itself: a changed file gets unpickled."""

    def __init__(self, model, metadata):
        from dsroles.churn.predictor import Predictor

        self.inner = Predictor(model, metadata)

    @classmethod
    def from_artefact(cls, folder):
        import json

        import joblib

        meta = json.loads((Path(folder) / "metadata.json").read_text())
        return cls(joblib.load(Path(folder) / "model.joblib"), meta)

    def predict_batch(self, rows):
        return self.inner.predict_batch(rows)

    def predict_one(self, customer):
        return self.inner.predict_one(customer)


class PredictorWithoutEmptyGuard(KitPredictorUnpickling):
    """Checks the hash, but hands an empty batch to scikit-learn."""

    @classmethod
    def from_artefact(cls, folder):
        from dsroles.churn import artefact

        return cls(*artefact.load_model(folder))

    def predict_batch(self, rows):
        p = self.inner.model.predict_proba(rows[self.inner.features])[:, 1]
        import pandas as pd

        return pd.DataFrame({"churn_probability": p, "offer": p >= self.inner.threshold}, index=rows.index)


def _train_model_ds_style(table, config):
    """The lesson's refactor written in the notebook's own shape, every setting from config."""
    alike = copy.deepcopy(config)
    alike["data"] = {"train_until": "9999-12"}
    return R.train_model(table, alike)


def _train_model_constant_c(table, config):
    from dsroles.churn import retrain

    fixed = copy.deepcopy(config)
    fixed["model"]["C"] = 0.5
    return retrain.fit(table, fixed)


def _train_model_no_log(table, config):
    from dsroles.churn import retrain

    fixed = copy.deepcopy(config)
    fixed["features"]["log_scaled"] = []
    return retrain.fit(table, fixed)


def _skew_majority(training, serving):
    report = R.skew_report(training, serving)
    shared = len(training.merge(serving, on=["customer_key", "snapshot_month"]))
    return [f for f, rows in report.items() if rows > shared / 2]


def _invariance_email_only(model, rows):
    before = model.predict_proba(rows)[:, 1]
    assert np.allclose(before, model.predict_proba(rows.assign(email="x@example.com"))[:, 1])


def _invariance_positional(model, rows):
    before = model.predict_proba(rows)[:, 1]
    assert np.allclose(before, model.predict_proba(rows.sample(frac=1, random_state=0))[:, 1])


def _direction_doubles(model, rows):
    """A made-up effect size: each failed payment must at least double the risk. A sound model
    raises it less for some customers (a behavioural test asserts the direction, not a size)."""
    steps = [model.predict_proba(rows.assign(failed_payments_month=k, failed_payments_3m=k))[:, 1]
             for k in range(4)]
    for lower, higher in zip(steps, steps[1:]):
        assert (higher >= 2 * lower).all()


def _direction_mean_of_nothing(model, rows):
    assert model.predict_proba(rows)[:, 1].mean() >= 0


def _lesson_gate(regions=()):
    return lambda seed: (lambda c, cur, h: R.release_gate(c, cur, h, regions=regions))


LESSON_FEATURE_TESTS = '''
from dsroles.churn import online


def test_minutes_are_minutes(records):
    rec = records(sessions=[("2025-11-03 20:00", 5400)])
    assert online.online_features(*rec, "2025-11")["minutes"] == 90.0


def test_failed_payments_cover_three_months(records):
    rec = records(bills=[("2025-09", 13.99, 1), ("2025-08", 13.99, 1)])
    assert online.online_features(*rec, "2025-11")["failed_payments_3m"] == 1
'''

LESSON_PREDICTOR_TESTS = '''
import numpy as np

from dsroles.churn.predictor import Predictor


class Always:
    def __init__(self, p):
        self.p = p

    def predict_proba(self, X):
        return np.tile([1 - self.p, self.p], (len(X), 1))


def test_offer_at_the_threshold(customer):
    meta = {"model_version": "t", "features": list(customer), "threshold": 0.2}
    assert Predictor(Always(0.2), meta).predict_one(customer)["offer"]


def test_risk_is_the_churn_probability(artefact_dir, customer):
    p = Predictor.from_artefact(artefact_dir)
    risky = dict(customer, contract="monthly", failed_payments_month=2, failed_payments_3m=3,
                 tickets_month=3, tickets_3m=4, usage_trend=0.2)
    safe = dict(customer, contract="two_year", failed_payments_month=0, failed_payments_3m=0,
                tickets_month=0, tickets_3m=0, usage_trend=1.5)
    assert p.predict_one(risky)["churn_probability"] > p.predict_one(safe)["churn_probability"]
'''

FAILS_ON_CORRECT_CODE = '''
from dsroles.churn import online


def test_minutes(records):
    rec = records(sessions=[("2025-11-03 20:00", 5400)])
    assert online.online_features(*rec, "2025-11")["minutes"] == 5400
'''

CATCHES_NOTHING = '''
from dsroles.churn.predictor import Predictor


def test_scores_are_probabilities(artefact_dir, snapshots):
    out = Predictor.from_artefact(artefact_dir).predict_batch(snapshots)
    assert out["churn_probability"].between(0, 1).all()
'''

SETTINGS = ('[model]\nC = 0.2\n\n[features]\nlog_scaled = ["tenure_months", "minutes", "sessions", '
            '"days_since_last_session"]\n')


def _kit_predictor(seed):
    from dsroles.churn.predictor import Predictor

    return Predictor


def _customer_schema(seed):
    from dsroles.churn.service import Customer

    return Customer


ANSWERS = {
    # -- lessons --
    "mle.artefact": Answers(
        right=(_saved(), _saved(threshold=10 / (0.35 * 240))),
        wrong={"accuracy threshold": _saved(threshold=0.5),
               "another model": _saved(model=_refit),
               "not an artefact": lambda seed: str(tempfile.mkdtemp())}),
    "mle.schema": Answers(
        right=(_customer_schema, lambda seed: _schema()),
        wrong={"charges unbounded": lambda seed: _schema(bounded=False),
               "extra fields ignored": lambda seed: _schema(closed=False)}),
    "mle.predictor": Answers(
        right=(_kit_predictor,),
        wrong={"unpickles first": lambda seed: KitPredictorUnpickling,
               "empty batch": lambda seed: PredictorWithoutEmptyGuard}),
    "mle.settings": Answers(
        right=(lambda: SETTINGS,
               lambda: '[features]\nlog_scaled = ["days_since_last_session", "sessions", "minutes", '
                       '"tenure_months"]\n[model]\nC = 0.2\n'),
        wrong={"only C": lambda: "[model]\nC = 0.2\n",
               "C as text": lambda: SETTINGS.replace("C = 0.2", 'C = "0.2"'),
               "a typo": lambda: SETTINGS.replace("[model]", "[modle]")}),
    "mle.train_model": Answers(
        right=(lambda seed: __import__("dsroles.churn.retrain", fromlist=["fit"]).fit,
               lambda seed: _train_model_ds_style),
        wrong={"C a constant": lambda seed: _train_model_constant_c,
               "no log": lambda seed: _train_model_no_log}),
    "mle.feature_tests": Answers(
        right=(lambda seed: LESSON_FEATURE_TESTS,),
        wrong={"fails on correct code": lambda seed: FAILS_ON_CORRECT_CODE,
               "catches nothing": lambda seed: CATCHES_NOTHING}),
    "mle.predictor_tests": Answers(
        right=(lambda seed: LESSON_PREDICTOR_TESTS,),
        wrong={"fails on correct code": lambda seed: FAILS_ON_CORRECT_CODE,
               "catches nothing": lambda seed: CATCHES_NOTHING}),
    "mle.invariance": Answers(
        right=(lambda seed: R.check_invariance,),
        wrong={"e-mail only": lambda seed: _invariance_email_only,
               "rows shuffled": lambda seed: _invariance_positional}),
    "mle.direction": Answers(
        right=(lambda seed: R.check_direction,),
        wrong={"risk must double": lambda seed: _direction_doubles,
               "never fails": lambda seed: _direction_mean_of_nothing}),
    "mle.release_gate": Answers(
        right=(_lesson_gate(), _lesson_gate(regions=R.REGIONS)),
        wrong={"fails open": banked("gate_fails_open", "release_gate"),
               "ranking only": banked("gate_ranking_only", "release_gate")}),
    "mle.skewed_feature": Answers(
        right=(lambda: "tenure_months", lambda: " tenure_months "),
        wrong={"another feature": lambda: "usage_trend", "not a feature": lambda: "tenure"}),
    "mle.skew_check": Answers(
        right=(lambda seed: lambda t, s: sorted(R.skew_report(t, s)),),
        wrong={"by position": lambda seed: lambda t, s: sorted(
                   banked("skew_report_by_position", "skew_report")(seed)(t, s)),
               "majority of rows": lambda seed: _skew_majority}),
    # -- the assessment --
    "mle_exam.artefact": Answers(
        right=(solution("saved"),),
        wrong={"lesson threshold": banked("artefact_lesson_threshold", "saved"),
               "derived version": banked("artefact_derived_version", "saved")}),
    "mle_exam.predictor_scores": Answers(
        right=(solution("CampaignPredictor"), lambda seed: R.CampaignPredictor),
        wrong={"personal data": banked("predictor_keeps_personal_data", "CampaignPredictor"),
               "empty batch": banked("predictor_forgets_empty_batch", "CampaignPredictor")}),
    "mle_exam.predictor_safe": Answers(
        right=(solution("CampaignPredictor"),),
        wrong={"unpickles": banked("predictor_unpickles_first", "CampaignPredictor"),
               "trusts input": banked("predictor_trusts_input", "CampaignPredictor")}),
    "mle_exam.feature_tests": Answers(
        right=(solution("feature_tests"),),
        wrong={"happy path": banked("feature_tests_happy_path", "feature_tests"),
               "wrong expectation": banked("feature_tests_wrong_expectation", "feature_tests")}),
    "mle_exam.predictor_tests": Answers(
        right=(solution("predictor_tests"),),
        wrong={"ranges only": banked("predictor_tests_only_ranges", "predictor_tests"),
               "empty must raise": banked("predictor_tests_empty_must_raise", "predictor_tests")}),
    "mle_exam.behaviour_tests": Answers(
        right=(behaviour_checks(),),
        wrong={"e-mail only": behaviour_checks(invariance=_invariance_email_only),
               "rows shuffled": behaviour_checks(invariance=_invariance_positional)}),
    "mle_exam.release_gate": Answers(
        right=(solution("release_gate"), lambda seed: R.release_gate),
        wrong={"no region": banked("gate_overall_only", "release_gate"),
               "fails open": banked("gate_fails_open", "release_gate")}),
    "mle_exam.refactor_equal": Answers(
        right=(solution("train_model"), lambda seed: R.train_model),
        wrong={"no log": banked("refactor_drops_the_log", "train_model"),
               "every month": banked("refactor_every_month", "train_model")}),
    "mle_exam.config_effect": Answers(
        right=(solution("train_model"),),
        wrong={"constants": banked("config_constants_kept", "train_model"),
               "columns": banked("config_columns_kept", "train_model")}),
    "mle_exam.retrain_reproducible": Answers(
        right=(solution("retrain"),),
        wrong={"time version": banked("retrain_versions_by_time", "retrain"),
               "ignores the file": banked("retrain_ignores_the_file", "retrain"),
               "default threshold": banked("retrain_default_threshold", "retrain")}),
    "mle_exam.skew_report": Answers(
        right=(solution("skew_report"),),
        wrong={"exact floats": banked("skew_report_exact_floats", "skew_report"),
               "by position": banked("skew_report_by_position", "skew_report")}),
    "mle_exam.skewed_features": Answers(
        right=(solution("skewed"), lambda seed: R.product_skewed(seed)),
        wrong={"by position": banked("skewed_by_position", "skewed"),
               "the wrong table": banked("skewed_wrong_table", "skewed")}),
}
