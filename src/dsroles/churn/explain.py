"""Read what a fitted churn model learnt, in the business's terms.

- ``model_steps``: the technique, step by step (imputation, scaling, encoding, estimator);
- ``coefficients``: a logistic model's weights, per column it sees after preparation;
- ``contributions``: for one or more rows, each raw feature's share of the log-odds
  (a linear model's score is a sum, so the shares add up to it, with the intercept);
- ``partial_dependence``: the average predicted risk when one feature is set to each of
  some values for every row (scikit-learn's brute-force method, written out);
- ``segment_ranking``: predicted against observed churn per segment, each ranked.

The model is a ``Pipeline(prepare, classify)`` as ``train.build_model`` makes it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dsroles.churn.features import CATEGORICAL, MODEL_FEATURES


def model_steps(model) -> pd.DataFrame:
    """One row per step of the pipeline: its name, estimator and settings that matter."""
    rows = []
    prepare = model.named_steps["prepare"]
    for name, transformer, columns in prepare.transformers_:
        if name == "remainder" and transformer == "drop":
            continue
        inner = getattr(transformer, "steps", [(name, transformer)])
        rows.append({"step": f"prepare/{name}",
                     "estimator": " -> ".join(type(t).__name__ for _, t in inner),
                     "settings": f"columns: {', '.join(columns)}"})
    clf = model.named_steps["classify"]
    keep = ("C", "penalty", "max_iter", "learning_rate", "max_leaf_nodes", "random_state")
    settings = ", ".join(f"{k}={v}" for k, v in clf.get_params().items() if k in keep)
    rows.append({"step": "classify", "estimator": type(clf).__name__, "settings": settings})
    return pd.DataFrame(rows)


def _feature_of(column: str) -> str:
    """'categorical__contract_monthly' -> 'contract'; 'logged__missingindicator_x' -> 'x'."""
    name = column.split("__", 1)[-1].removeprefix("missingindicator_")
    for cat in CATEGORICAL:
        if name.startswith(cat + "_"):
            return cat
    return name


def coefficients(model) -> pd.Series:
    """The logistic regression's weights, indexed by the prepared column's name."""
    clf = model.named_steps["classify"]
    if not hasattr(clf, "coef_"):
        raise TypeError(f"{type(clf).__name__} has no coefficients: use partial_dependence or "
                        "sklearn.inspection.permutation_importance instead")
    names = model.named_steps["prepare"].get_feature_names_out()
    return pd.Series(clf.coef_[0], index=names, name="coefficient")


def contributions(model, X: pd.DataFrame) -> pd.DataFrame:
    """Each raw feature's share of the log-odds for each row of ``X`` (linear models only).

    The shares of a row and ``intercept`` add up to the row's log-odds.
    """
    coef = coefficients(model)
    prepared = model.named_steps["prepare"].transform(X[MODEL_FEATURES])
    prepared = prepared.toarray() if hasattr(prepared, "toarray") else np.asarray(prepared)
    parts = pd.DataFrame(prepared * coef.to_numpy(), columns=coef.index, index=X.index)
    out = parts.T.groupby(coef.index.map(_feature_of), sort=False).sum().T
    out["intercept"] = float(model.named_steps["classify"].intercept_[0])
    return out


def partial_dependence(model, X: pd.DataFrame, feature: str, values) -> pd.Series:
    """The mean predicted churn probability over ``X`` with ``feature`` set to each value."""
    values = list(values)
    means = [float(model.predict_proba(X.assign(**{feature: v})[MODEL_FEATURES])[:, 1].mean())
             for v in values]
    return pd.Series(means, index=pd.Index(values, name=feature), name="mean_risk")


def segment_ranking(table: pd.DataFrame, scores, by: str) -> pd.DataFrame:
    """Per value of ``by``: rows, mean predicted risk, observed churn (if labelled), and ranks
    (1 = riskiest) by each, sorted by the predicted rank."""
    df = table[[by]].assign(predicted=np.asarray(scores, float))
    if "churned" in table:
        df["observed"] = table["churned"].to_numpy()
    out = df.groupby(by, observed=True).agg(rows=("predicted", "size"),
                                            predicted=("predicted", "mean"),
                                            **({"observed": ("observed", "mean")}
                                               if "observed" in df else {}))
    out["predicted_rank"] = out["predicted"].rank(ascending=False, method="min").astype(int)
    if "observed" in out:
        out["observed_rank"] = out["observed"].rank(ascending=False, method="min").astype(int)
    return out.sort_values("predicted_rank")
