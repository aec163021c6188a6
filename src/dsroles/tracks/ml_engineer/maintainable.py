"""ML engineer, lesson 2 (``02_maintainable_code``): the data scientist's notebook code as small
functions that training and serving share, its settings in a TOML file, one command that
retrains reproducibly.

    from dsroles.tracks.ml_engineer import maintainable as lesson
    q = lesson.bind(seed=SEED)
    q.train_model.check(train_model)
"""

from __future__ import annotations

import functools

import numpy as np

from dsroles.checks import Part
from dsroles.checks.calling import call_safely, require_function
from dsroles.checks.exercise import Exercise
from dsroles.checks.numbers import a_type
from dsroles.checks.outcomes import Incorrect, is_blank_text
from dsroles.checks.registry import binder
from dsroles.tracks.ml_engineer import data
from dsroles.tracks.ml_engineer.placeholders import is_stub

# The change the lesson asks for, as settings.
WANTED = {"model": {"C": 0.2}, "features": {"log_scaled": ["tenure_months", "minutes", "sessions",
                                                          "days_since_last_session"]}}


def wanted_config() -> dict:
    from dsroles.churn import retrain

    return retrain.merge_config(WANTED)


def parse_settings(text) -> dict:
    """The settings a TOML text gives, merged onto the defaults; Incorrect when unusable."""
    import tomllib

    from dsroles.churn import retrain

    if type(text) is not str:
        raise Incorrect(f"your settings are {a_type(text)}; the text of a TOML file is expected.")
    try:
        return retrain.merge_config(tomllib.loads(text))
    except tomllib.TOMLDecodeError as err:
        raise Incorrect(f"your settings are not valid TOML: {err}.") from None
    except retrain.ConfigError as err:
        raise Incorrect(f"retrain would refuse your settings: {err}") from None


def _check_settings(text, expected, context):
    got = parse_settings(text)
    for section, values in expected.items():
        for key, want in values.items():
            same = (sorted(got[section][key]) == sorted(want) if isinstance(want, list)
                    else got[section][key] == want)
            if not same:
                raise Incorrect(f"[{section}] {key} is not what the task asks for"
                                + (" (a list: the order does not matter, the names do)"
                                   if isinstance(want, list) else "") + ".")


settings = Exercise(
    "mle.settings",
    competency="MLE-4",
    compare=_check_settings,
    expected=wanted_config,
    not_attempted=is_blank_text,
    hints=[
        "A TOML file groups settings under `[section]` headers: `[model]` then `C = 0.2`.",
        "Give only what changes: `[model]` with `C`, and `[features]` with the `log_scaled` list "
        "minus the one column.",
    ],
    solution="```python\nmy_settings = '''\n[model]\nC = 0.2\n\n[features]\nlog_scaled = "
             "[\"tenure_months\", \"minutes\", \"sessions\", \"days_since_last_session\"]\n'''\n```",
)


TRAINING_MONTHS = ("2025-07", "2025-10")  # the lesson's training months (first, last)
TOLERANCE = 1e-5  # the same steps in another order differ in the 7th decimal, no more

TRY_CONFIGS = {
    "the default settings": {},
    "a stronger penalty (C = 0.05)": {"model": {"C": 0.05}},
    "no log-scaled columns": {"features": {"log_scaled": []}},
    "no region": {"features": {"categorical": ["contract", "plan", "payment_method"]}},
}


@functools.lru_cache(maxsize=4)
def lesson_tables(seed: int):
    """(the training months, November): what the refactored function trains and scores on."""
    snaps = data.snapshots(seed)
    months = snaps["snapshot_month"]
    return (snaps[months.between(*TRAINING_MONTHS)].reset_index(drop=True),
            snaps[months == "2025-11"].reset_index(drop=True))


def scores_under(fn, changes: dict, seed: int, what: str = "train_model"):
    """The scores on the last month of ``fn(training, config)``'s model, config = defaults + changes."""
    from dsroles.churn import retrain

    train_part, last = lesson_tables(seed)
    config = retrain.merge_config(changes)
    model = call_safely(fn, train_part, config, what=what)
    if not hasattr(model, "predict_proba"):
        raise Incorrect(f"{what} returned {a_type(model)}; a fitted model (a Pipeline) is expected.")
    return np.asarray(call_safely(model.predict_proba, last, what="its predict_proba"))[:, 1]


@functools.lru_cache(maxsize=16)
def reference_scores(seed: int, label: str):
    from dsroles.churn import retrain

    return scores_under(lambda t, c: retrain.fit(t, c), TRY_CONFIGS[label], seed)


def _under(label: str):
    def part(fn, expected, context):
        got = scores_under(fn, TRY_CONFIGS[label], int(context["seed"]))
        if not np.allclose(got, reference_scores(int(context["seed"]), label), rtol=0, atol=TOLERANCE):
            raise Incorrect(f"with {label}, your model does not score as the notebook's code "
                            "would with those settings: read every setting from config, and keep "
                            "the steps as they were.")
    return part


train_model = Exercise(
    "mle.train_model",
    competency="MLE-4",
    context=("seed",),
    not_attempted=is_stub,
    precheck=lambda fn, expected, context: require_function(fn, "train_model"),
    parts=[Part(label, _under(label)) for label in TRY_CONFIGS],
    hints=[
        "Replace each constant of the notebook's cell by the setting that holds it: "
        "`config['model']['C']`, `config['features']['log_scaled']`, ...",
        "Keep the log step as a named function in a `FunctionTransformer` (not a lambda): the "
        "fitted Pipeline is pickled, and a service must be able to import that function.",
    ],
    solution="```python\ndef train_model(table, config):\n    return retrain.fit(table, config)   "
             "# build_pipeline(config), then fit on the model features\n```\n"
             "`inspect.getsource(retrain.build_pipeline)` shows the steps, each read from config.",
)


bind = binder(__name__)
