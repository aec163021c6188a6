# dsroles: `make lab` to learn, `make test` to check everything.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to start as root unless told it may.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab instructor-lab lab-command browser-test test test-pytest test-validate test-notebooks validate-seeds venv data validate bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# uv installs the versions pip would pick, several times faster; pip alone is the fallback
	@# (uv reads no pip.conf: behind a private index it may fail, and pip then does the work).
	@# --compile-bytecode, as pip does: without .pyc files (uv writes none, and a sandboxed kernel or
	@# PYTHONDONTWRITEBYTECODE writes none later) every kernel compiles pandas, scikit-learn and
	@# IPython again, about a CPU-second each.
	($(BIN)/python -m pip install --quiet uv && $(BIN)/uv pip install --python $(BIN)/python --quiet --compile-bytecode -e '.[dev]') \
		|| $(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

# The learner's lab: opens on the welcome lesson, hides solutions/ and the wrong-answer banks,
# nbgrader's authoring UI off (jupyter/learner/, see jupyter/README.md). The lessons and
# `dsroles grade` run inside the kit share its .dsroles/ folder (src/dsroles/paths.py).
# tests/browser starts the same command (make -s lab-command) on a port of its own.
LAB_ENV  := JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter/learner
LAB_ARGS := --notebook-dir=$(CURDIR) $(ROOT_FLAG)

lab: $(STAMP)
	$(LAB_ENV) $(BIN)/jupyter lab $(LAB_ARGS)

lab-command:
	@echo $(LAB_ENV) $(CURDIR)/$(BIN)/jupyter lab $(LAB_ARGS)

# The instructor's lab: every folder visible, nbgrader's Formgrader and Create Assignment on.
instructor-lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=$(CURDIR) $(ROOT_FLAG)

# A real browser (Playwright driving Debian's chromium: apt-get install chromium); not in `make test`.
browser-test: $(STAMP)
	$(BIN)/uv pip install --python $(BIN)/python --quiet --compile-bytecode -e '.[dev,browser]' 2>/dev/null \
		|| $(BIN)/python -m pip install --quiet -e '.[dev,browser]'
	$(BIN)/python -m pytest -p no:cacheprovider -m browser tests/browser

# Three stages, each timed, one after another: the test suite, the assessments' validation,
# every notebook. (Run side by side they oversubscribe two cores: the ML engineer's mutation
# runs then hit their time limits.) pytest-xdist runs a file's tests (and a notebook's cells)
# on one worker, one worker per core.
TIMED = @start=$$(date +%s); trap 'echo "[make test] $(1): $$(( $$(date +%s) - start )) s"' EXIT; \
	DSROLES_HOME=$(CURDIR)/.dsroles

# Many tests wait on kernels, servers and subprocesses: one more worker than cores keeps both busy.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

test: $(STAMP)
	@$(MAKE) --no-print-directory test-pytest test-validate test-notebooks

test-pytest: $(STAMP)
	$(call TIMED,pytest) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder tests

# `make test` replays the solutions and every banked mistake at seed 1 (and nbgrader grades each
# solution at a random seed). The sweep over more seeds, where every banked mistake must lose
# marks on each, is `make validate-seeds`: about 40 s a seed, so CI runs it (.ci/run) beside
# `make test` rather than inside its 8 minutes.
test-validate: $(STAMP)
	$(call TIMED,validate) $(BIN)/dsroles validate --seeds 1

SWEEP_SEEDS ?= 2,3,4,5
validate-seeds: $(STAMP)
	$(call TIMED,validate-seeds) $(BIN)/dsroles validate --seeds $(SWEEP_SEEDS)

# course/7_capstone's stages read the earlier stages' files: tests/capstone runs them in a chain.
test-notebooks: $(STAMP)
	$(call TIMED,notebooks) DSROLES_VOLUME_EVENTS=300000 $(BIN)/python -m pytest -n auto --dist loadfile --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg -p tests.nbval_kernels -p no:cacheprovider course --ignore=course/7_capstone

data: $(STAMP)
	$(BIN)/dsroles data --out data

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_churn.py
	$(BIN)/python benchmarks/bench_lessons.py
	$(BIN)/python benchmarks/bench_volume.py
	$(BIN)/python benchmarks/bench_capstone.py

clean:
	rm -rf $(VENV) data .pytest_cache
