# Assay: `make run` to try it, `make test` to test it (what CI runs, through .ci/run), `make test-fast` for the
# day-to-day loop (unit + service tests: no Docker, no browser, under a minute).
# Host preparation (Docker engine, gVisor, debootstrap) needs root: see scripts/setup-host.sh.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Steps depend on each other (the venv, the engine, the images): never run them side by side.
.NOTPARALLEL:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
# test-fast runs its tests on this many workers (pytest-xdist). Measured on the 2-core box, idle, SQLite
# only: 2 workers 97 core-s and 68 s, 3 workers 115 core-s and 68 s, 4 workers 121 core-s and 64 s (each
# worker imports and collects everything; fewer overlap less of the tests' waits).
FAST_WORKERS ?= 4
# test-fast runs on SQLite, the app's default engine; the tests' PostgreSQL variants (about 75, marked
# `postgresql` by tests/conftest.py: a server per worker, ~20 s of the loop) run in `make test`, or here
# with POSTGRES=1.
POSTGRES ?=
FAST_SELECT := $(if $(filter 1 true yes,$(POSTGRES)),,-m "not postgresql")
# test runs the whole suite on this many workers: one takes the docker tests in their order, one the browser
# and e2e tests in theirs (two lanes, tests/support/scheduling.py), the others the unit and service tests.
TEST_WORKERS ?= 4
# The candidate web app (web/, CodeMirror 6 + esbuild) bundled into api/take/static/dist/.
NPM_STAMP := web/node_modules/.ci-stamp
ASSETS_STAMP := api/take/static/dist/.built
WEB_SOURCES := web/build.mjs $(wildcard web/src/*.js) $(wildcard web/src/pad/*.js)

.PHONY: help venv host images assets test test-fast typecheck run lint clean

help:
	@echo "make run        prepare the host, build the sandbox images, start Assay on 127.0.0.1:8000"
	@echo "make test       prepare the host, build the sandbox images, run the whole test suite (what CI runs)"
	@echo "make test-fast  the day-to-day loop: tests/unit + tests/service on SQLite (no Docker, no browser, < 1 min;"
	@echo "                POSTGRES=1 adds their PostgreSQL variants)"
	@echo "make lint       ruff check and the type check (mypy; make typecheck alone)"
	@echo "make assets     build the candidate web app (npm ci + esbuild; only when web/ changed)"
	@echo "make venv | host | images | clean"

# The virtual environment is (re)made only when pyproject.toml changes.
venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

host:
	bash scripts/setup-host.sh

images: host venv
	$(BIN)/assay images build

# The candidate app's bundle: `npm ci` when the lock file changes, the build when a source changes.
assets: $(ASSETS_STAMP)

$(NPM_STAMP): web/package-lock.json web/package.json
	@command -v npm >/dev/null || { echo "make assets: npm not found (apt-get install nodejs npm; scripts/setup-host.sh does it)" >&2; exit 1; }
	cd web && npm ci --no-audit --no-fund
	touch $@

$(ASSETS_STAMP): $(NPM_STAMP) $(WEB_SOURCES)
	cd web && node build.mjs
	touch $@

# pytest's exit code 5 (no tests collected) is a failure here, as is any other non-zero code.
# The whole suite (tests/{unit,service,docker,browser,e2e}); the 10 slowest tests are listed at the end.
# The docker tests run one at a time on one worker, the browser and e2e tests one at a time on another, side
# by side; the unit and service tests run beside them on the other workers instead of after them.
test: host venv images assets typecheck
	@status=0; env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -ra --durations=10 -n $(TEST_WORKERS) --dist loadgroup \
		$(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

# The day-to-day loop: pure Python and in-process service tests, in parallel; needs only the venv (no host
# set-up, no Docker engine, no sandbox images, no candidate-app bundle). Bytecode is cached even where
# PYTHONDONTWRITEBYTECODE is set: without it every worker compiles and assert-rewrites every module again
# (~3 s of CPU each, each run). tests/support/speedups.py does once what the tests repeated (argon2id at a
# test cost, one TLS context per CA bundle, package zips, a migrated SQLite database per new app, FastAPI's
# analysis of each route, alembic's reading of the migration scripts), and support/postgres.py copies a
# migrated PostgreSQL database; each with the same result. Figures (user+sys, 4 workers, both runs side by
# side on the same load): 939 tests, 259 -> 186 CPU-s (stop 31); 1,240 tests, 259 -> 187 CPU-s (issue 20:
# the route analysis, the scripts, the TLS context, the PostgreSQL copies). Idle, whole machine busy time
# (stop 33): 1,244 tests with PostgreSQL 164 core-s and 89 s; after test_migrations' state templates, the
# retention reflection once per engine, openpyxl on demand: 149 core-s and 83 s; SQLite only, the cycle
# collector tuned, no schemathesis plugin: 1,193 tests, 106-110 core-s, 56-58 s of pytest, 58-60 s with make.
# Measure with: /usr/bin/time -v make test-fast (core-s / 2 cores is the floor of the idle wall time).
test-fast: venv
	@status=0; env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -q -ra -n $(FAST_WORKERS) tests/unit tests/service \
		-p no:schemathesis $(FAST_SELECT) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test-fast: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

run: host venv images assets
	exec $(BIN)/assay serve

lint: venv typecheck
	$(BIN)/ruff check .

# mypy over api/, graders/, sandbox/ and problemformat/ (config: [tool.mypy] in pyproject.toml); part of `make test`.
typecheck: venv
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache web/node_modules api/take/static/dist
