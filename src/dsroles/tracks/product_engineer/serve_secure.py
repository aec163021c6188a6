"""Product engineer, lesson 1 (``01_serve_and_secure``): the churn model behind FastAPI, run
for real under uvicorn, and locked with an API key read from the environment.

    from dsroles.tracks.product_engineer import serve_secure as lesson
    q = lesson.bind(seed=SEED)
    q.first_service.check(create_app)
"""

from __future__ import annotations

from dsroles.checks.registry import binder
from dsroles.tracks.product_engineer import service_checks as S
from dsroles.tracks.product_engineer import service_judges as J

first_service = S.service_exercise(
    "pe.first_service", S.observe_scoring_briefly,
    [("health", J.health, 1), ("one customer", J.single, 1), ("a batch", J.batch, 1)],
    competency="PE-1",
    hints=[
        "Load the artefact once, inside `create_app`, with `artefact.load_model(artefact_dir)`; "
        "the metadata holds `model_version` and `threshold`.",
        "Build a DataFrame with `columns=MODEL_FEATURES` from the validated customers "
        "(`c.model_dump(exclude={'customer_key'})`), score it with `predict_proba(rows)[:, 1]`, "
        "and answer one dict per customer, in order.",
    ],
    solution="The lesson's cell *A first service* with the three routes filled in: see "
             "`solutions/product_engineer/` for a complete service.",
)

secure_service = S.service_exercise(
    "pe.secure_service", S.observe_auth,
    [("refused without the key", J.refuses_without_key, 1),
     ("the key from the environment", J.accepts_the_key, 1)],
    competency="PE-2",
    hints=[
        "Read `os.environ['CHURN_API_KEY']` inside `create_app`, when the service starts: the "
        "check sets it in the service's environment.",
        "Write a dependency function that takes the `x-api-key` header (`Header(default='')`)"
        " and raises `HTTPException(401, ...)` unless `secrets.compare_digest` finds it equal"
        " to the key. Add it to both prediction routes with the route's `dependencies` "
        "option, not to /health.",
    ],
    solution="```python\napi_key = os.environ.get('CHURN_API_KEY', '')\n\n"
             "def require_key(x_api_key: str = Header(default='')):\n"
             "    if not api_key or not secrets.compare_digest(x_api_key, api_key):\n"
             "        raise HTTPException(401, 'missing or wrong API key')\n\n"
             "@app.post('/predict', dependencies=[Depends(require_key)])\n...\n```",
)


bind = binder(__name__)
