"""The prediction service, over real HTTP: uvicorn on a loopback port, called with httpx."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import numpy as np
import pytest

from dsroles.churn import service
from dsroles.churn.features import MODEL_FEATURES


@pytest.fixture(scope="module")
def server(trained):
    """The service on 127.0.0.1, on a port the OS picked; yields its base URL; stops it after."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = service.create_app(trained.artefact)
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            srv.should_exit = True
            pytest.fail("the service did not answer /health within 20 s")
        time.sleep(0.05)
    yield url
    srv.should_exit = True
    thread.join(timeout=10)
    sock.close()
    assert not thread.is_alive(), "uvicorn did not shut down"


@pytest.fixture(scope="module")
def customers(history_tables):
    """A few real snapshot rows as the JSON a client would send."""
    rows = history_tables.snapshots[MODEL_FEATURES].sample(25, random_state=0)
    return rows, rows.to_dict(orient="records")


def test_health_names_the_model(server, trained):
    """Does /health say the service is up and which model version it serves?"""
    body = httpx.get(f"{server}/health").json()
    metadata = trained.artefact.joinpath("metadata.json").read_text()
    assert body["status"] == "ok"
    assert body["model_version"] in metadata
    assert body["threshold"] == trained.metrics["best_threshold"]


def test_predictions_match_the_model(server, trained, customers):
    """Are the served probabilities the model's own, with the offer decided at the threshold?"""
    rows, records = customers
    response = httpx.post(f"{server}/predict", json={"customers": records})
    assert response.status_code == 200, response.text
    body = response.json()
    served = np.array([p["churn_probability"] for p in body["predictions"]])
    np.testing.assert_allclose(served, trained.model.predict_proba(rows)[:, 1], rtol=1e-12)
    assert [p["offer"] for p in body["predictions"]] == list(served >= body["threshold"])
    assert body["model_version"] == httpx.get(f"{server}/health").json()["model_version"]


MISSING = object()


def _changed(record: dict, **changes) -> dict:
    """A copy of ``record`` with ``changes`` applied; a field set to MISSING is left out."""
    return {k: v for k, v in {**record, **changes}.items() if v is not MISSING}


BAD_CUSTOMERS = {
    "unknown category": ({"contract": "biennial"}, "contract"),
    "negative sessions": ({"sessions": -1}, "sessions"),
    "missing field": ({"plan": MISSING}, "plan"),
    "wrong type": ({"tickets_month": "two"}, "tickets_month"),
    "extra field": ({"email": "a@b.example"}, "email"),
    "charges in pence": ({"monthly_charges": 1599.0}, "monthly_charges"),
}


@pytest.mark.parametrize("name", BAD_CUSTOMERS)
def test_bad_customer_is_rejected_with_422(server, customers, name):
    """Is a bad field answered with 422 and a detail that names the field?"""
    changes, field = BAD_CUSTOMERS[name]
    record = _changed(customers[1][0], **changes)
    response = httpx.post(f"{server}/predict", json={"customers": [customers[1][1], record]})
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert any(err["loc"][-1] == field and err["loc"][:3] == ["body", "customers", 1]
               for err in detail), detail


@pytest.mark.parametrize("body, expected", [
    ({"customers": []}, "at least 1"),
    ({"customers": "everyone"}, "valid list"),
    ({}, "Field required"),
    ([], "valid dictionary"),
])
def test_bad_request_shape_is_rejected_with_422(server, body, expected):
    """Are an empty list, a non-list and a missing body answered with 422 and a reason?"""
    response = httpx.post(f"{server}/predict", json=body)
    assert response.status_code == 422
    assert expected in response.text


def test_too_many_customers_is_rejected(server, customers):
    """Is a batch above the size limit refused rather than scored?"""
    records = customers[1] * (service.MAX_CUSTOMERS // len(customers[1]) + 1)
    response = httpx.post(f"{server}/predict", json={"customers": records})
    assert response.status_code == 422
    assert str(service.MAX_CUSTOMERS) in response.text


def test_unknown_region_is_accepted(server, customers):
    """Is 'unknown' accepted where the clean data has it (region), as the pipeline produces it?"""
    record = _changed(customers[1][0], region="unknown", payment_method="unknown")
    assert httpx.post(f"{server}/predict", json={"customers": [record]}).status_code == 200


def test_entry_point_reports_a_missing_artefact(tmp_path, capsys):
    """Does `python -m dsroles.churn.service` with no artefact say so, without a traceback?"""
    assert service.main(["--artefact", str(tmp_path / "none")]) == 2
    assert "does not exist" in capsys.readouterr().err
