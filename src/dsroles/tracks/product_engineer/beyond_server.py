"""Product engineer, lesson 4 (``04_beyond_a_server``): the served model exported to ONNX,
scored with onnxruntime as the retention team's tablet app would, and compared with the server.

    from dsroles.tracks.product_engineer import beyond_server as lesson
    q = lesson.bind(seed=SEED)
    q.device_scores.check(score_on_device)
"""

from __future__ import annotations

from dsroles.checks import declare
from dsroles.checks.registry import binder
from dsroles.tracks.product_engineer import data, devices, references


def lesson_table(seed: int):
    """The customers the lesson scores on both sides (not the checks' own)."""
    return data.customers(seed, 300, part=8)


def largest_gap(seed: int) -> float:
    import numpy as np

    table = lesson_table(seed)
    session = devices.session_of(references.reference_export(seed))
    onnx_scores = devices.reference_scores(session, table)
    return float(np.abs(onnx_scores - data.expected_scores(seed, table)).max())


onnx_gap = declare.number(
    "pe.onnx_gap",
    competency="PE-6",
    expected=largest_gap,
    abs_tol=1e-12,
    rel_tol=1e-3,
    context=("seed",),
    hints=["Score `table` with the server's model (`model.predict_proba(table[MODEL_FEATURES])[:, 1]`) "
           "and with the ONNX session; the gap is the largest absolute difference.",
           "Subtract the two score arrays, take absolute values, and keep the largest: float32 "
           "arithmetic makes it tiny but not zero."],
    solution="```python\nmy_gap = float(np.abs(onnx_scores - server_scores).max())\n```",
)

device_scores = devices.scoring_exercise(
    "pe.device_scores",
    competency="PE-6",
    hints=["The ONNX session can list the model's inputs: each has a `name` (a column) and a "
           "`type` ('tensor(float)' or 'tensor(string)').",
           "Feed each input its column as a NumPy array of the right type (float32 or object), "
           "shaped as one column; run the 'probabilities' output and take column 1. An empty "
           "table has no scores."],
    solution="```python\ndef score_on_device(session, table):\n"
             "    types = {'tensor(float)': np.float32, 'tensor(string)': object}\n"
             "    if len(table) == 0:\n        return np.zeros(0)\n"
             "    feeds = {i.name: table[i.name].to_numpy().astype(types[i.type]).reshape(-1, 1)\n"
             "             for i in session.get_inputs()}\n"
             "    return session.run(['probabilities'], feeds)[0][:, 1]\n```",
)


bind = binder(__name__)
