"""Does the harness run an app for real, capture its logs, and always stop it?"""

import os

import pytest

from dsroles.checks.outcomes import Incorrect, NotAttempted
from dsroles.tracks.product_engineer import service_checks
from dsroles.tracks.product_engineer.harness import ServiceFailed, serving


def tiny_app(greeting):
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/health")
    def health():
        print("health asked by", os.environ.get("WHO"))
        return {"status": greeting}

    return app


def test_the_app_answers_over_http_and_its_output_is_captured():
    with serving(tiny_app, "ok", env={"WHO": "the check"}) as service:
        assert service.url.startswith("http://127.0.0.1:")
        assert service.client.get("/health").json() == {"status": "ok"}
        pid = service.pid
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_the_log_holds_what_the_app_printed():
    with serving(tiny_app, "ok", env={"WHO": "the check"}) as service:
        service.client.get("/health")
        import time

        time.sleep(0.1)
        assert "health asked by the check" in service.log_text()


def test_an_app_that_fails_to_build_is_reported_with_its_log():
    def broken(_):
        raise RuntimeError("no model here")

    with pytest.raises(ServiceFailed, match="no model here"):
        with serving(broken, "x"):
            pass


def test_a_stub_is_not_attempted_and_a_crash_is_incorrect():
    def stub(_):
        raise NotImplementedError()

    with pytest.raises(NotAttempted):
        service_checks.run(stub, "x", lambda *a: None)
    with pytest.raises(Incorrect, match="did not give a working service"):
        service_checks.run(lambda _: 1 / 0, "x", lambda *a: None)
