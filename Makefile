# dsroles: `make lab` to learn, `make test` to check everything.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to start as root unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test venv data validate bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# uv installs the versions pip would pick, several times faster; pip alone is the fallback
	@# (uv reads no pip.conf: behind a private index it may fail, and pip then does the work)
	($(BIN)/python -m pip install --quiet uv && $(BIN)/uv pip install --python $(BIN)/python --quiet -e '.[dev]') \
		|| $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

lab: $(STAMP)
	DSROLES_HOME=$(CURDIR)/.dsroles $(BIN)/jupyter lab --notebook-dir=. --ServerApp.default_url=/lab/tree/course $(ROOT_FLAG)

# Three stages, each timed: the test suite, the assessments' validation, every notebook.
# pytest-xdist runs a file's tests (and a notebook's cells) on one worker, one worker per core.
TIMED = @start=$$(date +%s); trap 'echo "[make test] $(1): $$(( $$(date +%s) - start )) s"' EXIT; \
	DSROLES_HOME=$(CURDIR)/.dsroles

test: $(STAMP)
	$(call TIMED,pytest) $(BIN)/python -m pytest -n auto --dist loadfile tests
	$(call TIMED,validate) $(BIN)/dsroles validate
	$(call TIMED,notebooks) $(BIN)/python -m pytest -n auto --dist loadfile --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider course

data: $(STAMP)
	$(BIN)/dsroles data --out data

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_churn.py
	$(BIN)/python benchmarks/bench_lessons.py

clean:
	rm -rf $(VENV) data .pytest_cache
