"""Drift statistics between a reference table (what the model learnt on) and a new batch.

- ``psi_numeric`` / ``psi_categorical``: the Population Stability Index. Numeric values
  are cut into bins at the reference's quantiles; categories are compared share by
  share (a category the reference never had counts as a new bin). Empty bins get a small
  ``EPSILON`` share so the logarithm stays finite.
- ``ks``: the two-sample Kolmogorov-Smirnov statistic and p-value (``scipy.stats.ks_2samp``).
  With thousands of rows the p-value flags even harmless shifts; read it with the PSI.
- ``drift_report``: one row per feature with both, a level and a plain-words note;
  ``has_drifted`` says whether any feature shows major drift.
- ``performance_by_segment``: once labels arrive, observed against predicted churn and
  AUC per segment, which is where a *concept* drift shows (no feature moves, the model
  is wrong for one group).

The usual reading of PSI: below 0.1 no real change, 0.1 to 0.25 a moderate change worth a
look, above 0.25 a major change.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dsroles.churn.clean import UNKNOWN

EPSILON = 1e-4
MODERATE, MAJOR = 0.1, 0.25
MISSING = "(missing)"


def _psi(ref_share: np.ndarray, cur_share: np.ndarray) -> float:
    r = np.clip(np.asarray(ref_share, float), EPSILON, None)
    c = np.clip(np.asarray(cur_share, float), EPSILON, None)
    return float(np.sum((c - r) * np.log(c / r)))


def quantile_edges(reference, bins: int = 10) -> np.ndarray:
    """The inner bin edges: the reference's quantiles, repeated values merged."""
    values = np.asarray(reference, float)
    values = values[~np.isnan(values)]
    if values.size == 0:
        return np.array([])
    # inverted_cdf: every edge is a value the reference holds, so counts get whole-number edges
    quantiles = np.quantile(values, np.linspace(0, 1, bins + 1)[1:-1], method="inverted_cdf")
    return np.unique(quantiles)


def numeric_shares(values, edges: np.ndarray) -> np.ndarray:
    """Share of values per bin (-inf, e1], (e1, e2], ..., (ek, inf), then missing."""
    values = np.asarray(values, float)
    missing = np.isnan(values)
    counts = np.bincount(np.searchsorted(edges, values[~missing], side="left"),
                         minlength=len(edges) + 1)
    counts = np.append(counts, missing.sum())
    return counts / max(len(values), 1)


def psi_numeric(reference, current, bins: int = 10) -> float:
    """PSI of a numeric feature, over bins at the reference's quantiles (and a missing bin)."""
    edges = quantile_edges(reference, bins)
    return _psi(numeric_shares(reference, edges), numeric_shares(current, edges))


def category_shares(reference, current) -> pd.DataFrame:
    """Share of each category in both tables (missing values as their own category)."""
    ref = pd.Series(reference, dtype=object).fillna(MISSING).astype(str)
    cur = pd.Series(current, dtype=object).fillna(MISSING).astype(str)
    shares = pd.DataFrame({"reference": ref.value_counts(normalize=True),
                           "current": cur.value_counts(normalize=True)})
    return shares.fillna(0.0)


def psi_categorical(reference, current) -> float:
    """PSI over the category shares; a category new in ``current`` is a bin of its own."""
    shares = category_shares(reference, current)
    return _psi(shares["reference"].to_numpy(), shares["current"].to_numpy())


def ks(reference, current) -> tuple[float, float]:
    """The two-sample KS statistic and p-value, missing values left out."""
    from scipy.stats import ks_2samp

    r = np.asarray(reference, float)
    c = np.asarray(current, float)
    r, c = r[~np.isnan(r)], c[~np.isnan(c)]
    if r.size == 0 or c.size == 0:
        return float("nan"), float("nan")
    result = ks_2samp(r, c)
    return float(result.statistic), float(result.pvalue)


def level(psi: float) -> str:
    """'none' below 0.1, 'moderate' from 0.1 to 0.25, 'major' above 0.25."""
    if psi > MAJOR:
        return "major"
    return "moderate" if psi >= MODERATE else "none"


def _numeric_note(ref: pd.Series, cur: pd.Series) -> str:
    a, b = ref.median(), cur.median()
    note = f"median {a:.4g} -> {b:.4g}"
    if a and b and np.isfinite(b / a):
        ratio = b / a
        if ratio >= 20 or ratio <= 1 / 20:
            note += f" (x{ratio:.3g}: a unit change, e.g. pence for pounds?)"
    if cur.isna().mean() > ref.isna().mean() + 0.01:
        note += f"; missing {ref.isna().mean():.1%} -> {cur.isna().mean():.1%}"
    return note


def _categorical_note(ref: pd.Series, cur: pd.Series) -> str:
    shares = category_shares(ref, cur)
    new = shares[(shares["reference"] == 0) & (shares["current"] > 0)]
    gone = shares[(shares["reference"] > 0) & (shares["current"] == 0)]
    parts = []
    if len(new):
        parts.append("new " + ", ".join(f"{k!r} ({v:.0%})" for k, v in new["current"].items()))
    if len(gone):
        parts.append("gone " + ", ".join(repr(k) for k in gone.index))
    if not parts:
        moved = (shares["current"] - shares["reference"]).abs().idxmax()
        parts.append(f"largest change {moved!r} {shares.loc[moved, 'reference']:.0%} -> "
                     f"{shares.loc[moved, 'current']:.0%}")
    if list(gone.index) in ([UNKNOWN], [MISSING]) and not len(new):
        parts.append("no blanks in this batch: a more complete export, not other customers?")
    return "; ".join(parts) + (" (a renamed category?)" if len(new) and len(gone) else "")


def drift_report(reference: pd.DataFrame, current: pd.DataFrame, features=None) -> pd.DataFrame:
    """One row per feature: kind, PSI, KS statistic and p-value (numeric only), level, note.

    ``features`` defaults to the model's features (``features.MODEL_FEATURES``). A column
    is numeric when the reference holds numbers, categorical otherwise.
    """
    from dsroles.churn.features import MODEL_FEATURES

    features = list(MODEL_FEATURES if features is None else features)
    absent = [f for f in features if f not in reference or f not in current]
    if absent:
        raise KeyError(f"features missing from the reference or current table: {absent}; "
                       f"compare tables built the same way (e.g. pipeline.feature_table).")
    rows = []
    for name in features:
        ref, cur = reference[name], current[name]
        if pd.api.types.is_numeric_dtype(ref) and not pd.api.types.is_bool_dtype(ref):
            cur = pd.to_numeric(cur, errors="coerce")
            psi = psi_numeric(ref, cur)
            stat, pvalue = ks(ref, cur)
            kind, note = "numeric", _numeric_note(ref, cur)
        else:
            psi = psi_categorical(ref, cur)
            stat = pvalue = float("nan")
            kind, note = "categorical", _categorical_note(ref, cur)
        rows.append({"feature": name, "kind": kind, "psi": psi, "ks_statistic": stat,
                     "ks_pvalue": pvalue, "level": level(psi), "note": note})
    return pd.DataFrame(rows)


def has_drifted(report: pd.DataFrame) -> bool:
    """True when any feature of a ``drift_report`` shows major drift (PSI above 0.25)."""
    return bool((report["level"] == "major").any())


def next_quarter_snapshots(data_dir) -> pd.DataFrame:
    """The snapshot rows of the next-quarter months, built even from a suspect batch.

    Validation is off and unknown spellings are kept, so a drift report can show what is
    wrong with the batch instead of the pipeline stopping at the first bad value.
    """
    from dsroles.churn import params as P
    from dsroles.churn.pipeline import feature_table

    table = feature_table(data_dir, ("history", "next_quarter"), check=False,
                          unknown="keep").snapshots
    return table[table["snapshot_month"] >= P.NEXT_QUARTER_MONTHS[0]].reset_index(drop=True)


def _auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")


def performance_by_segment(table: pd.DataFrame, scores, by=("region", "contract"), *,
                           label: str | None = None, min_rows: int = 30) -> pd.DataFrame:
    """Observed against predicted churn, and AUC, for every segment of ``table``.

    ``scores`` are the model's churn probabilities for the rows of ``table`` (e.g.
    ``model.predict_proba(table[MODEL_FEATURES])[:, 1]``). ``ratio`` is observed over
    predicted churn: near 1 the model is calibrated there, well above 1 it under-predicts
    (the mark of a concept drift such as a competitor in one region). ``excess`` is the
    number of churners beyond the ``expected`` (the sum of the scores); the table is sorted
    by it, largest first, because a high ratio on a handful of churners is mostly noise.
    Segments with fewer than ``min_rows`` rows are left out.
    """
    from dsroles.churn.features import LABEL

    label = label or LABEL
    by = [by] if isinstance(by, str) else list(by)
    scores = np.asarray(scores, float)
    if len(scores) != len(table):
        raise ValueError(f"got {len(scores)} scores for {len(table)} rows; score every row")
    df = table[by + [label]].assign(_p=scores)
    rows = []
    for key, group in df.groupby(by, sort=True, observed=True):
        if len(group) < min_rows:
            continue
        y, p = group[label].to_numpy(), group["_p"].to_numpy()
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key)), "rows": len(group), "churners": int(y.sum()),
                     "expected": float(p.sum()), "excess": float(y.sum() - p.sum()),
                     "observed": float(y.mean()), "predicted": float(p.mean()),
                     "ratio": float(y.mean() / p.mean()) if p.mean() > 0 else float("nan"),
                     "auc": _auc(y, p)})
    columns = by + ["rows", "churners", "expected", "excess", "observed", "predicted", "ratio", "auc"]
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values("excess", ascending=False, ignore_index=True)


def psi_table(seeds, customers: int | None = None) -> pd.DataFrame:
    """PSI per model feature, history against next quarter, drifted and clean, per seed.

    The figures behind the thresholds in ``tests/churn/test_monitor.py``; uses (and fills)
    the data cache of ``data.project_data``.
    """
    from dsroles.churn import params as P
    from dsroles.churn.data import project_data
    from dsroles.churn.pipeline import feature_table

    columns = {}
    for seed in seeds:
        for drift in (True, False):
            folder = project_data(seed, customers or P.DEFAULT_CUSTOMERS, drift=drift)
            report = drift_report(feature_table(folder).snapshots, next_quarter_snapshots(folder))
            columns[(seed, "drifted" if drift else "clean")] = report.set_index("feature")["psi"]
    return pd.DataFrame(columns)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m dsroles.churn.monitor",
                                     description="Print PSI per feature for the next-quarter "
                                                 "batch, with and without drift.")
    parser.add_argument("--seeds", type=int, nargs="+", default=[42])
    args = parser.parse_args(argv)
    print(psi_table(args.seeds).round(3).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
