"""Print how competent and weak churn models fare against the data scientist's model bars,
seed by seed: the assessment's 3b (January and February 2026) and lesson 3's model check
(December 2025). Each cell is the model's AUC minus the numeric-only logistic baseline's on
those rows, and the points (of 3) or the verdict it gets.

    python benchmarks/bench_model_bar.py [--seeds 20] [--first 1]

Competent: the package's logistic and boosting models, lesson 3's solution, and
HistGradientBoosting pipelines with native categorical columns (three random states, early
stopping on, as a learner would leave it). Weak: the baseline itself, a decision tree grown
to full depth, a model on two columns. Every competent model should get 3 of 3 on every
seed, every weak one less. A figure, not a timed test: about 15 s a seed on one core.
"""

from __future__ import annotations

import argparse
import statistics


def competent() -> dict:
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

    from dsroles.churn import train
    from dsroles.churn.features import CATEGORICAL, NUMERIC

    def lesson3(snaps):
        prepare = ColumnTransformer([
            ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), NUMERIC),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL)])
        return make_pipeline(prepare, LogisticRegression(max_iter=1000)).fit(snaps, snaps["churned"])

    def native(random_state):
        def fit(snaps):
            codes = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan)
            prepare = ColumnTransformer([("categorical", codes, CATEGORICAL),
                                         ("numeric", "passthrough", NUMERIC)],
                                        verbose_feature_names_out=False).set_output(transform="pandas")
            model = HistGradientBoostingClassifier(categorical_features=CATEGORICAL,
                                                   random_state=random_state)
            return make_pipeline(prepare, model).fit(snaps, snaps["churned"])
        return fit

    return {"logistic": train.train, "boosting": lambda s: train.train(s, "boosting"),
            "lesson 3": lesson3, **{f"native hgb {r}": native(r) for r in (0, 1, 2)}}


def weak() -> dict:
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    from dsroles.churn.features import CATEGORICAL, NUMERIC

    def scaled(columns):
        return ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), columns)

    def fitted(steps, model):
        return lambda s: make_pipeline(ColumnTransformer(steps), model).fit(s, s["churned"])

    every = [scaled(NUMERIC), ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL)]
    return {"baseline copy": fitted([scaled(NUMERIC)], LogisticRegression(max_iter=1000)),
            "full tree": fitted(every, DecisionTreeClassifier(random_state=0)),
            "two columns": fitted([scaled(["tenure_months", "monthly_charges"])],
                                  LogisticRegression(max_iter=1000))}


def judge(seed: int, fitted) -> tuple[float, float, float, bool]:
    """(gain over the baseline, 3b points; the same in December, lesson check passed)."""
    from sklearn.metrics import roc_auc_score

    from dsroles.tracks.data_scientist import data, exam, exam_data, model_evaluation, references

    X, y = exam_data.heldout(seed)
    gain = roc_auc_score(y, fitted.predict_proba(X)[:, 1]) - references.baseline_auc(seed)
    points = 3 * exam.model.evaluate(fitted, seed=seed).fraction
    Xd, yd = data.heldout(seed)
    gain_d = roc_auc_score(yd, fitted.predict_proba(Xd)[:, 1]) - model_evaluation.baseline_auc(seed)
    return gain, points, gain_d, model_evaluation.model.evaluate(fitted, seed=seed).correct


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first", type=int, default=1)
    args = parser.parse_args()

    from threadpoolctl import threadpool_limits

    from dsroles.tracks.data_scientist import data, models

    kinds = {**{n: ("competent", f) for n, f in competent().items()},
             **{n: ("weak", f) for n, f in weak().items()}}
    print(f"3b: 1 point for an AUC of {models.AUC_FLOOR} or more, 2 more above the baseline's; "
          "cells: 3b gain points | lesson gain pass")
    print("seed " + " ".join(f"{n:>24}" for n in kinds))
    table = {n: [] for n in kinds}
    for seed in range(args.first, args.first + args.seeds):
        snaps = data.snapshots(seed)
        row = []
        with threadpool_limits(limits=1):
            for name, (_, fit) in kinds.items():
                result = judge(seed, fit(snaps))
                table[name].append(result)
                g, pts, gd, ok = result
                row.append(f"{g:+.3f} {pts:g} | {gd:+.3f} {'ok' if ok else '--'}")
        print(f"{seed:4d} " + " ".join(f"{c:>24}" for c in row), flush=True)
    print("\nmodel                  kind       3b gain min/median  3b points min/max  lesson passes")
    for name, (kind, _) in kinds.items():
        rows = table[name]
        gains, points = [r[0] for r in rows], [r[1] for r in rows]
        print(f"{name:22} {kind:9}  {min(gains):+.3f} / {statistics.median(gains):+.3f}"
              f"   {min(points):g} / {max(points):g}{'':13}{sum(r[3] for r in rows)}/{len(rows)}")


if __name__ == "__main__":
    main()
